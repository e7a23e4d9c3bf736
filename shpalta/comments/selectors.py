"""Reading threads: keyset pages of top-level comments with a few replies each.

A page is one query for the top level (an index walk from the cursor, never OFFSET) and
one for the first replies of those comments (a window function), whatever the size of
the thread.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from .models import Comment

ORDERS = ("new", "old", "popular")
MAX_CURSOR_LENGTH = 24
LIST_FIELDS = (
    "id",
    "article_id",
    "author_id",
    "author__display_name",
    "author__deleted_at",
    "parent_id",
    "root_id",
    "reply_to_id",
    "depth",
    "body",
    "status",
    "created_at",
    "edited_at",
    "like_count",
    "reply_count",
)


class BadCursor(ValueError):
    pass


@dataclass
class Page:
    comments: list[Comment]
    next_cursor: str | None
    order: str
    replies: dict[int, list[Comment]] = field(default_factory=dict)


def _digits(raw: str) -> int:
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise BadCursor(raw)
    return int(raw)


def _with_authors(queryset):
    return queryset.select_related("author").only(*LIST_FIELDS)


def _ordered(qs, order: str, after: str):
    """The queryset in the order asked, from the keyset cursor ``after``."""
    if order == "popular":
        qs = qs.order_by("-like_count", "-id")
        if after:
            likes, _dot, last = after.partition(".")
            likes_n, last_n = _digits(likes), _digits(last)
            # The redundant ``<=`` lets the planner bound an index range scan.
            qs = qs.filter(like_count__lte=likes_n).filter(
                Q(like_count__lt=likes_n) | Q(like_count=likes_n, id__lt=last_n)
            )
        return qs
    if order == "old":
        return qs.order_by("id").filter(id__gt=_digits(after)) if after else qs.order_by("id")
    return qs.order_by("-id").filter(id__lt=_digits(after)) if after else qs.order_by("-id")


def thread_page(*, article_id: int, order: str = "new", after: str = "") -> Page:
    """One page of an article's top-level comments, from the cursor ``after``."""
    if order not in ORDERS:
        order = "new"
    if len(after) > MAX_CURSOR_LENGTH:
        raise BadCursor(after)
    per_page = settings.COMMENTS_PER_PAGE
    qs = _ordered(
        _with_authors(Comment.objects.filter(article_id=article_id, parent__isnull=True).listed()),
        order,
        after,
    )
    rows = list(qs[: per_page + 1])
    comments = rows[:per_page]
    next_cursor = None
    if len(rows) > per_page:
        last = comments[-1]
        next_cursor = f"{last.like_count}.{last.pk}" if order == "popular" else str(last.pk)
    page = Page(comments=comments, next_cursor=next_cursor, order=order)
    with_replies = [c.pk for c in comments if c.reply_count]
    if with_replies:
        first = (
            _with_authors(Comment.objects.filter(root_id__in=with_replies).published())
            .select_related("reply_to__author")
            .only(*LIST_FIELDS, "reply_to__author__display_name", "reply_to__author__deleted_at")
            .annotate(
                position=Window(RowNumber(), partition_by=[F("root_id")], order_by=F("id").asc())
            )
            .filter(position__lte=settings.COMMENTS_REPLIES_SHOWN)
            .order_by("root_id", "id")
        )
        for reply in first:
            page.replies.setdefault(reply.root_id, []).append(reply)
    for comment in comments:
        shown = page.replies.get(comment.pk, [])
        comment.shown_replies = shown
        comment.more_replies = max(comment.reply_count - len(shown), 0)
        comment.last_reply_id = shown[-1].pk if shown else 0
    return page


def replies_page(*, root_id: int, after: str = "", limit: int = 50) -> tuple[list[Comment], str]:
    """Further replies under one top-level comment, oldest first, after reply id ``after``."""
    qs = (
        _with_authors(Comment.objects.filter(root_id=root_id).published())
        .select_related("reply_to__author")
        .only(*LIST_FIELDS, "reply_to__author__display_name", "reply_to__author__deleted_at")
        .order_by("id")
    )
    if after:
        qs = qs.filter(id__gt=_digits(after))
    rows = list(qs[: limit + 1])
    return rows[:limit], (str(rows[limit - 1].pk) if len(rows) > limit else "")
