"""«Найпопулярніше» and «Обговорюване»: the site's or a section's, for 24 hours and 7 days.

The block is computed in four queries and kept in the page cache for ``POPULAR_SECONDS``;
a kept block is dropped as soon as a story it lists is purged (retitled, unpublished…),
so the pages that include it never bring a withdrawn story back.
"""

import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import caches
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shpalta.comments.models import Comment
from shpalta.news.caching import ALL, PAGES, purge_times
from shpalta.news.models import Article

from .counting import hour_of

POPULAR_SECONDS = 60
POPULAR_SIZE = 5
WINDOWS = (("day", 24), ("week", 24 * 7))


@dataclass(frozen=True)
class Entry:
    pk: int
    title: str
    url: str
    count: int


@dataclass(frozen=True)
class Popular:
    read: dict[str, list[Entry]]  # "day", "week"
    commented: dict[str, list[Entry]]

    @property
    def keys(self) -> list[str]:
        entries = [*self.read.values(), *self.commented.values()]
        return sorted({f"article-{entry.pk}" for listed in entries for entry in listed})

    def __bool__(self) -> bool:
        return any(self.read.values()) or any(self.commented.values())


def _entries(articles: QuerySet[Article], counted: str) -> list[Entry]:
    return [
        Entry(pk=a.pk, title=a.title, url=a.get_absolute_url(), count=getattr(a, counted))
        for a in articles.only("id", "title", "slug")[:POPULAR_SIZE]
    ]


def most_read(*, hours: int, section_id: int | None = None) -> list[Entry]:
    """The most viewed published stories of the last ``hours`` (this hour included)."""
    since = hour_of() - timedelta(hours=hours - 1)
    stories = Article.objects.published().filter(view_counts__hour__gte=since)
    if section_id:
        stories = stories.filter(section_id=section_id)
    ranked = stories.annotate(read=Sum("view_counts__views")).order_by(
        "-read", "-published_at", "-id"
    )
    return _entries(ranked, "read")


def most_commented(*, hours: int, section_id: int | None = None) -> list[Entry]:
    """The published stories with the most visible comments posted in the last ``hours``."""
    since = timezone.now() - timedelta(hours=hours)
    recent = Q(comments__status=Comment.Status.PUBLISHED, comments__created_at__gte=since)
    stories = Article.objects.published().filter(recent)
    if section_id:
        stories = stories.filter(section_id=section_id)
    ranked = stories.annotate(discussed=Count("comments", filter=recent)).order_by(
        "-discussed", "-published_at", "-id"
    )
    return _entries(ranked, "discussed")


def popular(*, section_id: int | None = None) -> Popular:
    """The block, from the page cache when a fresh one is kept (0 queries), else 4 queries."""
    key = f"popular:{section_id or 'site'}"
    kept = _kept(key)
    if kept is not None:
        return kept
    started = time.time_ns()
    block = Popular(
        read={name: most_read(hours=h, section_id=section_id) for name, h in WINDOWS},
        commented={name: most_commented(hours=h, section_id=section_id) for name, h in WINDOWS},
    )
    # A block not kept is only computed again (the page cache logs its own outages).
    with contextlib.suppress(Exception):
        caches[PAGES].set(key, {"block": block, "at": started}, POPULAR_SECONDS)
    return block


def _kept(key: str) -> Popular | None:
    try:
        kept = caches[PAGES].get(key)
        if kept is None:
            return None
        times = purge_times([*kept["block"].keys, ALL])
    except Exception:  # a page cache or purge store that does not answer: compute it
        return None
    if any(t >= kept["at"] for t in times.values()):
        return None
    return kept["block"]
