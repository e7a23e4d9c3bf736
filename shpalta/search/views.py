"""The search page: a plain GET form, the same page for every reader, cached by its query."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.models import Section
from shpalta.news.views import MAX_PAGE_PARAM_LENGTH, require_safe

from .forms import SearchForm
from .query import QueryError, parse_query
from .selectors import ORDER_RELEVANCE, search_articles


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_PAGE_PARAM_LENGTH:
        raise Http404("Bad page number")
    if int(raw) < 1:
        raise Http404("No such page")
    return int(raw)


@require_safe
@public_page(params=("q", "section", "since", "until", "order", "page"))
def search(request: HttpRequest) -> HttpResponse:
    sections = list(Section.objects.only("name", "slug"))
    form = SearchForm(request.GET or None, sections=sections)
    context = {"form": form, "nav_sections": sections, "results": None, "errors": []}
    status = 200
    if form.is_bound and not form.is_valid():
        context["errors"] = [error for errors in form.errors.values() for error in errors]
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        data = form.cleaned_data
        try:
            query = parse_query(data["q"])
        except QueryError as error:
            context["errors"] = [str(error)]
            status = 400
        else:
            page = _page_number(request)
            results = search_articles(
                query=query,
                section=data["section"],
                since=data["since"],
                until=data["until"],
                order=data["order"] or ORDER_RELEVANCE,
                page=page,
            )
            if page > results.num_pages:
                raise Http404("No such page")
            context.update(results=results, query=data["q"], order=data["order"] or "relevance")
    response = render(request, "search/search.html", context, status=status)
    return set_public_headers(response, surrogate_keys=["search"])
