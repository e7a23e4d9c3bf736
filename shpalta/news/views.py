"""Reader pages: thin views over news.selectors, cached whole by caching.public_page."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from shpalta.frontpage.selectors import front_page
from shpalta.lib.paging import page_number, paginate
from shpalta.live.selectors import article_live_parts

from . import feeds, selectors, sitemaps
from .caching import public_page, set_public_headers
from .models import Article, ArticleQuerySet, Person, Section, Source, Tag

LIST_PER_PAGE = 10
MENTIONED_SHOWN = 10  # «Можливо, про цю людину» on a person's page


def require_safe(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Reader pages are read-only: other methods get 405 with a sentence, not a blank page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            message = _("This page can only be read; it does not accept submitted data.")
            response = HttpResponseNotAllowed(["GET", "HEAD"], message)
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The front page as the editors placed it (shpalta.frontpage); older news is at /news/."""
    front = front_page()
    response = render(request, "news/home.html", {"front": front})
    return set_public_headers(response, surrogate_keys=["home", *_article_keys(front.shown())])


@require_safe
@public_page
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = selectors.article_for_page().filter(pk=pk).first()
    if article is None:
        return _gone_or_404(request, pk)
    if slug != article.slug:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    json_ld = selectors.article_json_ld(request, article)
    context = {
        "article": article,
        "json_ld": json_ld,
        "canonical_url": selectors.absolute_url(request, article.get_absolute_url()),
        # A live blog: its newest entries, and JSON-LD as a LiveBlogPosting.
        **article_live_parts(request, article, json_ld),
    }
    response = render(request, "news/article_detail.html", context)
    response["Last-Modified"] = http_date(article.changed_at.timestamp())
    keys = [f"article-{article.pk}", f"section-{article.section_id}"]
    return set_public_headers(response, surrogate_keys=keys)


def _gone_or_404(request: HttpRequest, pk: int) -> HttpResponse:
    """An unpublished story: 301 to its named replacement, otherwise 410 Gone."""
    gone = (
        Article.objects.filter(pk=pk, status=Article.Status.UNPUBLISHED)
        .select_related("replaced_by")
        .only("id", "title", "replaced_by__id", "replaced_by__slug", "replaced_by__status")
        .first()
    )
    if gone is None:
        raise Http404("No such article")
    replacement = gone.replaced_by
    response: HttpResponse
    if replacement and Article.objects.published().filter(pk=replacement.pk).exists():
        response = HttpResponsePermanentRedirect(replacement.get_absolute_url())
    else:
        response = render(request, "news/article_gone.html", status=410)
    return set_public_headers(response, surrogate_keys=[f"article-{pk}"])


@require_safe
def article_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Short address /news/42/: redirect to the canonical one."""
    article = Article.objects.published().only("id", "slug").filter(pk=pk).first()
    if article is None:
        return _gone_or_404(request, pk)
    return HttpResponsePermanentRedirect(article.get_absolute_url())


def _article_keys(articles: Iterable[Article]) -> list[str]:
    """A list names every story it shows, so retitling or moving one purges the list too."""
    return [f"article-{article.pk}" for article in articles]


def _listing(
    request: HttpRequest,
    *,
    heading_object: Model,
    kind: str,
    articles: ArticleQuerySet,
    mentioned: list[Article] | None = None,
) -> HttpResponse:
    page = paginate(request, articles.for_listing(), LIST_PER_PAGE)
    shown = list(page.object_list)
    context = {
        "page": page,
        "articles": shown,
        "object": heading_object,
        "kind": kind,
        "mentioned": mentioned or [],
    }
    response = render(request, "news/article_list.html", context)
    keys = [f"{kind}-{heading_object.pk}", *_article_keys(shown), *_article_keys(mentioned or [])]
    return set_public_headers(response, surrogate_keys=keys)


@require_safe
@public_page(params=("page",))
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section)
    return _listing(request, heading_object=section, kind="section", articles=articles)


@require_safe
@public_page(params=("page",))
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag)
    return _listing(request, heading_object=tag, kind="tag", articles=articles)


@require_safe
@public_page(params=("page",))
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    articles = Article.objects.published().filter(people=person)
    # Stories that name the person without linking them. The people app keeps these rows
    # (``mentions``, reached by name: news does not import it) and purges person-N.
    mentioned = (
        Article.objects.published()
        .filter(mentions__person=person)
        .exclude(people=person)
        .for_listing()[:MENTIONED_SHOWN]
    )
    return _listing(
        request,
        heading_object=person,
        kind="person",
        articles=articles,
        mentioned=list(mentioned),
    )


@require_safe
@public_page(params=("page",))
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = Article.objects.published().filter(source_links__source=source)
    return _listing(request, heading_object=source, kind="source", articles=articles)


def _feed_view(feed: feeds.SiteFeed) -> Callable[..., HttpResponse]:
    """A feed as a public page: the site's, or a section's, tag's or person's (404 if unknown)."""

    @require_safe
    @public_page
    def view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
        subject = get_object_or_404(feed.model, slug=slug) if feed.model else None
        response = feed(request, subject=subject)
        # The same keys as the page it follows, so purging the page purges its feeds.
        key = f"{feed.kind}-{subject.pk}" if subject else feed.kind
        return set_public_headers(response, surrogate_keys=[key, "feeds"])

    return view


site_rss = _feed_view(feeds.SiteFeed())
site_atom = _feed_view(feeds.SiteAtomFeed())
section_rss = _feed_view(feeds.SectionFeed())
section_atom = _feed_view(feeds.SectionAtomFeed())
tag_rss = _feed_view(feeds.TagFeed())
tag_atom = _feed_view(feeds.TagAtomFeed())
person_rss = _feed_view(feeds.PersonFeed())
person_atom = _feed_view(feeds.PersonAtomFeed())

SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"


def _sitemap_response(
    request: HttpRequest, sitemap: sitemaps.PublicSitemap, template: str = "news/sitemap.xml"
) -> HttpResponse:
    """One page (?p=) of a sitemap; an empty or missing page is a 404."""
    try:
        urls = sitemap.get_urls(page=page_number(request, param="p"))
    except EmptyPage as error:
        raise Http404("No such page") from error
    if not urls:
        raise Http404("Nothing to list")
    response = render(request, template, {"urlset": urls}, content_type=SITEMAP_CONTENT_TYPE)
    lastmod = getattr(sitemap, "latest_lastmod", None)
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return set_public_headers(response, surrogate_keys=["sitemaps"])


@require_safe
@public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = sitemaps.sitemap_index(request)
    if not entries:
        raise Http404("Nothing published yet")  # an index must name at least one sitemap
    context = {"sitemaps": entries}
    response = render(request, "news/sitemap_index.xml", context, content_type=SITEMAP_CONTENT_TYPE)
    return set_public_headers(response, surrogate_keys=["sitemaps"])


@require_safe
@public_page(params=("p",))
def sitemap_articles(request: HttpRequest, year: str, month: str) -> HttpResponse:
    if not (1 <= int(month) <= 12 and 1 <= int(year) < 9999):
        raise Http404("No such month")
    sitemap = sitemaps.ArticleMonthSitemap(request, year=int(year), month=int(month))
    return _sitemap_response(request, sitemap)


@require_safe
@public_page(params=("p",))
def sitemap_listing(request: HttpRequest, name: str) -> HttpResponse:
    return _sitemap_response(request, sitemaps.LISTINGS[name](request))


@require_safe
@public_page(params=("p",))
def sitemap_news(request: HttpRequest) -> HttpResponse:
    sitemap = sitemaps.NewsSitemap(request)
    return _sitemap_response(request, sitemap, template="news/sitemap_news.xml")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /"]
    if settings.SITE_URL:
        lines.append(f"Host: {settings.SITE_URL}")
    # The index names every other sitemap; Google News is told about its own directly.
    lines.append("")
    for name in ("news:sitemap", "news:sitemap-news"):
        lines.append(f"Sitemap: {selectors.absolute_url(request, reverse(name))}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
