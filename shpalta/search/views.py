"""The search page: a plain GET form, the same page for every reader, cached by its query."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shpalta.lib.paging import pager_params, paginate
from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.models import Section
from shpalta.news.views import require_safe

from .forms import SearchForm
from .query import QueryError, parse_query
from .selectors import ORDER_RELEVANCE, PER_PAGE, search_forgiving


@require_safe
@public_page(params=("q", "section", "since", "until", "order", "page", "exact"))
def search(request: HttpRequest) -> HttpResponse:
    sections = list(Section.objects.only("name", "slug"))
    form = SearchForm(request.GET or None, sections=sections)
    context: dict[str, Any] = {
        "form": form,
        "nav_sections": sections,
        "results": None,
        "errors": [],
    }
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
            found = search_forgiving(
                query=query,
                exact=request.GET.get("exact") == "1",
                section=data["section"],
                since=data["since"],
                until=data["until"],
                order=data["order"] or ORDER_RELEVANCE,
            )
            context.update(
                found=found,
                results=paginate(request, found.matches, PER_PAGE),
                params=pager_params(request),
                query=data["q"],
                order=data["order"] or "relevance",
            )
    response = render(request, "search/search.html", context, status=status)
    return set_public_headers(response, surrogate_keys=["search"])
