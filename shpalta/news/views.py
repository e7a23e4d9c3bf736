"""Reader pages: thin views over news.selectors, cached whole by caching.public_page."""

from functools import wraps

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date
from django.utils.translation import gettext as _

from . import selectors
from .caching import public_page, set_public_headers
from .models import Article, Person, Section, Source, Tag

HOME_PER_PAGE = 20
LIST_PER_PAGE = 10
MAX_PAGE_PARAM_LENGTH = 6


def require_safe(view):
    """Reader pages are read-only: other methods get 405 with a sentence, not a blank page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            message = _("This page can only be read; it does not accept submitted data.")
            response = HttpResponseNotAllowed(["GET", "HEAD"], message)
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _page_or_404(request: HttpRequest, queryset, per_page: int) -> Page:
    """The requested page of a list; anything but a page that exists is a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_PAGE_PARAM_LENGTH:
        raise Http404("Bad page number")
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    number = int(raw)
    if number < 1 or number > paginator.num_pages:
        raise Http404("No such page")
    return paginator.page(number)


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    page = _page_or_404(request, Article.objects.published().for_listing(), HOME_PER_PAGE)
    articles = list(page.object_list)
    top = articles[0] if page.number == 1 and articles else None
    context = {"page": page, "top": top, "articles": articles[1:] if top else articles}
    response = render(request, "news/home.html", context)
    return set_public_headers(response, surrogate_keys=["home"])


@require_safe
@public_page
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(selectors.article_for_page(), pk=pk)
    if slug != article.slug:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    context = {
        "article": article,
        "json_ld": selectors.article_json_ld(request, article),
        "canonical_url": selectors.absolute_url(request, article.get_absolute_url()),
    }
    response = render(request, "news/article_detail.html", context)
    response["Last-Modified"] = http_date(article.changed_at.timestamp())
    keys = [f"article-{article.pk}", f"section-{article.section_id}"]
    return set_public_headers(response, surrogate_keys=keys)


@require_safe
def article_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Short address /news/42/: redirect to the canonical one."""
    article = get_object_or_404(Article.objects.published().only("id", "slug"), pk=pk)
    return HttpResponsePermanentRedirect(article.get_absolute_url())


def _listing(request: HttpRequest, *, heading_object, kind: str, articles) -> HttpResponse:
    page = _page_or_404(request, articles.for_listing(), LIST_PER_PAGE)
    context = {"page": page, "articles": page.object_list, "object": heading_object, "kind": kind}
    response = render(request, "news/article_list.html", context)
    return set_public_headers(response, surrogate_keys=[f"{kind}-{heading_object.pk}"])


@require_safe
@public_page
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section)
    return _listing(request, heading_object=section, kind="section", articles=articles)


@require_safe
@public_page
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag)
    return _listing(request, heading_object=tag, kind="tag", articles=articles)


@require_safe
@public_page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    articles = Article.objects.published().filter(people=person)
    return _listing(request, heading_object=person, kind="person", articles=articles)


@require_safe
@public_page
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = Article.objects.published().filter(source_links__source=source)
    return _listing(request, heading_object=source, kind="source", articles=articles)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    if settings.SITE_URL:
        lines.append(f"Host: {settings.SITE_URL}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
