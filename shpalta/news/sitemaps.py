"""Sitemaps for search engines: an index, stories by month, sections, tags, people and
a Google News sitemap (``django.contrib.sitemaps``).

A sitemap object lives for one request (it knows the request to build absolute
addresses from ``settings.SITE_URL`` or the request's host). An empty sitemap would not
be valid XML for the schema (a urlset holds at least one url), so the index lists only
sitemaps that have something and an empty one answers 404.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from .models import Article, Person, Section, Tag
from .selectors import absolute_url

URLS_PER_SITEMAP = 50_000  # the sitemaps.org limit
NEWS_WINDOW = timedelta(hours=48)  # Google News takes stories of the last two days
NEWS_LIMIT = 1_000  # and at most a thousand of them per sitemap

# When a story last changed for readers: its update time if later than its publication.
MODIFIED = Greatest("published_at", Coalesce("updated_at", "published_at"))


def article_modified(article: Article) -> datetime:
    modified = article.updated_at if article.is_updated else article.published_at
    assert modified is not None  # only published stories are listed
    return modified


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The start of a month and of the next one, in Kyiv time (as the site shows dates)."""
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, following


class PublicSitemap(Sitemap):
    """Absolute addresses from SITE_URL, or from the request when it is not set."""

    limit = URLS_PER_SITEMAP

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def _origin(self) -> tuple[str, str]:
        scheme, _, rest = absolute_url(self.request, "/").rstrip("/").partition("://")
        return scheme, rest

    def get_protocol(self, protocol: str | None = None) -> str:
        return self._origin()[0]

    def get_domain(self, site: object = None) -> str:
        return self._origin()[1]


class ArticleMonthSitemap(PublicSitemap):
    """Every published story of one month, oldest first."""

    def __init__(self, request: HttpRequest, *, year: int, month: int) -> None:
        super().__init__(request)
        self.start, self.end = month_bounds(year, month)

    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.published()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .only("id", "slug", "published_at", "updated_at")
            .order_by("published_at", "id")
        )

    def lastmod(self, article: Article) -> datetime:
        return article_modified(article)


def _latest_story(field: str) -> Subquery:
    """When the newest published story of the outer section/tag/person came out."""
    stories = Article.objects.published().filter(**{field: OuterRef("pk")})
    return Subquery(stories.order_by("-published_at").values("published_at")[:1])


class ListingSitemap(PublicSitemap):
    """Sections, tags or people that have at least one published story."""

    model: type[Model]
    article_field: str

    @classmethod
    def listed(cls) -> QuerySet:
        return cls.model._default_manager.annotate(latest=_latest_story(cls.article_field)).filter(
            latest__isnull=False
        )

    def items(self) -> QuerySet:
        return self.listed().only("id", "slug").order_by("slug")

    def lastmod(self, item: Any) -> datetime:
        return item.latest


class SectionSitemap(ListingSitemap):
    model = Section
    article_field = "section"


class TagSitemap(ListingSitemap):
    model = Tag
    article_field = "tags"


class PersonSitemap(ListingSitemap):
    model = Person
    article_field = "people"


def news_stories() -> QuerySet[Article]:
    since = timezone.now() - NEWS_WINDOW
    return Article.objects.published().filter(published_at__gte=since)


class NewsSitemap(PublicSitemap):
    """Google News: stories of the last 48 hours, newest first, at most a thousand."""

    limit = NEWS_LIMIT

    def items(self) -> QuerySet[Article]:
        stories = news_stories().only("id", "slug", "title", "published_at", "updated_at")
        return stories.order_by("-published_at", "-id")[: self.limit]

    def lastmod(self, article: Article) -> datetime:
        return article_modified(article)


LISTINGS = {"sections": SectionSitemap, "tags": TagSitemap, "people": PersonSitemap}


@dataclass(frozen=True)
class IndexEntry:
    location: str
    lastmod: datetime | None


def _pages(
    request: HttpRequest, path: str, count: int, limit: int, lastmod: datetime | None
) -> list[IndexEntry]:
    """A sitemap's address, plus ?p=2… when it holds more than one file's worth."""
    url = absolute_url(request, path)
    pages = max(1, -(-count // limit))
    return [IndexEntry(url if n == 1 else f"{url}?p={n}", lastmod) for n in range(1, pages + 1)]


def sitemap_index(request: HttpRequest) -> list[IndexEntry]:
    """Every non-empty sitemap, with when it last changed: five queries whatever the size."""
    entries = []
    months = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("id"), lastmod=Max(MODIFIED))
        .order_by("-month")
    )
    for row in months:
        month = timezone.localtime(row["month"])
        path = reverse("news:sitemap-articles", args=[f"{month:%Y}", f"{month:%m}"])
        limit = ArticleMonthSitemap.limit
        entries += _pages(request, path, row["count"], limit, row["lastmod"])
    for name, sitemap in LISTINGS.items():
        summary = sitemap.listed().aggregate(count=Count("pk"), lastmod=Max("latest"))
        if summary["count"]:
            path = reverse("news:sitemap-listing", args=[name])
            entries += _pages(request, path, summary["count"], sitemap.limit, summary["lastmod"])
    news = news_stories().aggregate(count=Count("id"), lastmod=Max(MODIFIED))
    if news["count"]:
        entries.insert(
            0, IndexEntry(absolute_url(request, reverse("news:sitemap-news")), news["lastmod"])
        )
    return entries
