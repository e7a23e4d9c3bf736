"""Reading live blogs: keyset pages of entries, the key ones, and what came after entry N.

Every read is one query (an index walk on ``(article, -id)`` from the cursor, never
OFFSET or COUNT), so a blog of 5,000 entries costs what one of 5 costs.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from shpalta.news.models import Article
from shpalta.news.selectors import absolute_url, image_url

from .models import Entry

KEY_ENTRIES = 10
#: The most entries one «after entry N» answer carries; the script asks again for the rest.
AFTER_LIMIT = 50
ENTRY_FIELDS = (
    "id",
    "article_id",
    "title",
    "body",
    "quote",
    "quote_source",
    "is_key",
    "created_at",
    "edited_at",
    "author__id",
    "author__display_name",
    "image__id",
    "image__file",
    "image__alt",
    "image__caption",
    "image__credit",
    "image__width",
    "image__height",
    "image__renditions",
)


def _entries(article_id: int) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(article_id=article_id)
        .select_related("author", "image")
        .only(*ENTRY_FIELDS)
        .order_by("-id")
    )


@dataclass
class LivePage:
    """One page of a live blog, newest first, and the cursor of the next (older) one."""

    article: Article
    entries: list[Entry]
    key_entries: list[Entry]
    older_than: int | None
    last_id: int

    @property
    def ended(self) -> bool:
        return self.article.live_ended_at is not None

    @property
    def shown_ids(self) -> set[int]:
        return {entry.pk for entry in self.entries}


def live_page(article: Article, *, before: int | None = None) -> LivePage:
    """The newest page (or the page older than entry ``before``): two queries."""
    per_page = settings.LIVE_PER_PAGE
    entries = _entries(article.pk)
    if before is not None:
        entries = entries.filter(id__lt=before)
    rows = list(entries[: per_page + 1])
    shown = rows[:per_page]
    key = list(_entries(article.pk).filter(is_key=True)[:KEY_ENTRIES])
    last = max([e.pk for e in shown[:1] + key[:1]], default=0)
    older = shown[-1].pk if len(rows) > per_page else None
    return LivePage(article=article, entries=shown, key_entries=key, older_than=older, last_id=last)


def entries_after(article_id: int, *, after: int) -> tuple[list[Entry], bool]:
    """Entries posted after entry ``after``, oldest first, and whether more are waiting."""
    rows = list(_entries(article_id).filter(id__gt=after).order_by("id")[: AFTER_LIMIT + 1])
    return rows[:AFTER_LIMIT], len(rows) > AFTER_LIMIT


def entry_url(request: HttpRequest, article: Article, entry: Entry) -> str:
    """The entry's own address to share (resolves to the page that holds it)."""
    return absolute_url(request, reverse("live:entry", args=[article.pk, entry.pk]))


def live_json_ld(request: HttpRequest, article: Article, page: LivePage, base: dict) -> dict:
    """schema.org LiveBlogPosting: the story's NewsArticle data with its newest entries."""
    data: dict[str, Any] = {**base, "@type": "LiveBlogPosting"}
    assert article.live_since is not None  # only live blogs get here
    data["coverageStartTime"] = timezone.localtime(article.live_since).isoformat()
    if article.live_ended_at:
        data["coverageEndTime"] = timezone.localtime(article.live_ended_at).isoformat()
    if page.entries:
        data["dateModified"] = timezone.localtime(page.entries[0].created_at).isoformat()
    updates = []
    for entry in page.entries:
        update: dict[str, Any] = {
            "@type": "BlogPosting",
            "headline": entry.summary,
            "datePublished": timezone.localtime(entry.created_at).isoformat(),
            "url": entry_url(request, article, entry),
            "articleBody": "\n\n".join(
                part for part in (entry.body, entry.quote and f"«{entry.quote}»") if part
            ),
        }
        if entry.edited_at:
            update["dateModified"] = timezone.localtime(entry.edited_at).isoformat()
        if entry.author:
            update["author"] = {"@type": "Person", "name": entry.author.public_name}
        picture = image_url(request, entry.image)
        if picture:
            update["image"] = picture
        updates.append(update)
    data["liveBlogUpdate"] = updates
    return data


def article_live_parts(request: HttpRequest, article: Article, json_ld: dict) -> dict:
    """What the article page adds for a live blog (two queries), nothing for other stories."""
    if not article.is_live_blog:
        return {}
    page = live_page(article)
    return {
        "live": page,
        "live_poll_seconds": settings.LIVE_POLL_SECONDS,
        "json_ld": live_json_ld(request, article, page, json_ld),
    }


#: Entries a live blog's feed item carries.
FEED_ENTRIES = 10


def latest_entries(article_ids: list[int]) -> dict[int, list[Entry]]:
    """The newest entries of each live blog, newest first: one query for any number of
    blogs (none without blogs)."""
    if not article_ids:
        return {}
    rows = (
        Entry.objects.filter(article_id__in=article_ids)
        .select_related("author")
        .only(
            "id",
            "article_id",
            "title",
            "body",
            "quote",
            "created_at",
            "edited_at",
            "author__display_name",
        )
        .annotate(
            position=Window(RowNumber(), partition_by=[F("article_id")], order_by=F("id").desc())
        )
        .filter(position__lte=FEED_ENTRIES)
        .order_by("article_id", "-id")
    )
    found: dict[int, list[Entry]] = {}
    for entry in rows:
        found.setdefault(entry.article_id, []).append(entry)
    return found
