"""Reading threads: keyset pages of top-level comments with a few replies each.

A page is one query for the top level (an index walk from the cursor, never OFFSET) and
one for the first replies of those comments (a window function), whatever the size of
the thread.

The moderators' desk reads its queue, a reader's history, the log and the held-comment
counters here too.
"""

from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from shpalta.lib.paging import bounded_int

from .models import Comment, ModerationAction, Report

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
    number = bounded_int(raw, max_digits=12)
    if number is None:
        raise BadCursor(raw)
    return number


def _with_authors(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    return queryset.select_related("author").only(*LIST_FIELDS)


def _ordered(qs: QuerySet[Comment], order: str, after: str) -> QuerySet[Comment]:
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
            page.replies.setdefault(cast(int, reply.root_id), []).append(reply)
    for comment in comments:
        shown = page.replies.get(comment.pk, [])
        comment.shown_replies = shown
        comment.more_replies = max(comment.reply_count - len(shown), 0)
        comment.last_reply_id = shown[-1].pk if shown else 0
    return page


#: The most new comments one «after comment N» answer carries.
NEW_LIMIT = 50


def comments_after(*, article_id: int, after: int) -> list[Comment]:
    """Published comments and replies posted after comment ``after``, oldest first (one
    query): what an open thread offers as «N нових коментарів»."""
    return list(
        _with_authors(Comment.objects.filter(article_id=article_id, id__gt=after).published())
        .select_related("reply_to__author")
        .only(*LIST_FIELDS, "reply_to__author__display_name", "reply_to__author__deleted_at")
        .order_by("id")[:NEW_LIMIT]
    )


def last_comment_id(*, article_id: int) -> int:
    """The newest comment's id on an article (any state): where «new» starts counting."""
    newest = (
        Comment.objects.filter(article_id=article_id).order_by("-id").values_list("id", flat=True)
    )
    return newest.first() or 0


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


#: At most this many of a reader's held comments are shown back to them on one article.
MAX_HELD_SHOWN = 50


def held_for_author(*, article_id: int, author_id: int) -> list[Comment]:
    """A reader's own comments on an article that wait for a moderator, oldest first.

    Shown to that reader only, from the private endpoints (never the cached pages), each
    marked ``own_held`` so the template shows the text with «Очікує на перевірку».
    """
    rows = list(
        _with_authors(
            Comment.objects.filter(
                article_id=article_id, author_id=author_id, status=Comment.Status.PENDING
            )
        )
        .select_related("reply_to__author")
        .only(*LIST_FIELDS, "reply_to__author__display_name", "reply_to__author__deleted_at")
        .order_by("-id")[:MAX_HELD_SHOWN]
    )
    rows.reverse()
    for comment in rows:
        comment.own_held = True
    return rows


def page_with_held(page: Page, held: list[Comment], *, first: bool) -> None:
    """Put a reader's held comments into a page: top-level ones at the head of the first
    page, replies at the end of their thread when it is on this page."""
    threads = {comment.pk: comment for comment in page.comments}
    top = [comment for comment in held if comment.root_id is None]
    if first:
        page.comments[:0] = reversed(top)  # newest on top, as a new comment appears
    for reply in held:
        if reply.root_id in threads:
            threads[reply.root_id].shown_replies.append(reply)


# The moderators' desk ------------------------------------------------------------------

#: Queue filters: what each status choice shows.
QUEUE_FILTERS = ("attention", "pending", "reported", "published", "hidden", "removed", "all")
QUEUE_ARTICLE_FIELDS = ("article__id", "article__slug", "article__title")
QUEUE_AUTHOR_FIELDS = (
    "author__id",
    "author__email",
    "author__display_name",
    "author__deleted_at",
)
HOLD_ACTIONS = (ModerationAction.Action.AUTO_HOLD, ModerationAction.Action.AUTO_HIDE)


def moderation_queue(
    *, status: str = "attention", article_id: int | None = None, reader_id: int | None = None
) -> QuerySet[Comment]:
    """Comments for the moderators' queue: held and reported ones first (oldest first),
    then the rest newest first."""
    open_reports = Exists(Report.objects.filter(comment=OuterRef("pk"), resolved=False))
    attention = Q(status=Comment.Status.PENDING) | Q(reported=True)
    qs = Comment.objects.annotate(
        reported=open_reports,
        attention=Case(When(attention, then=Value(0)), default=Value(1)),
    )
    if status == "attention":
        qs = qs.filter(attention)
    elif status == "reported":
        qs = qs.filter(reported=True)
    elif status in Comment.Status.values:
        qs = qs.filter(status=status)
    if article_id:
        qs = qs.filter(article_id=article_id)
    if reader_id:
        qs = qs.filter(author_id=reader_id)
    return (
        qs.select_related("article", "author")
        .only(
            "id",
            "article_id",
            "author_id",
            "body",
            "status",
            "created_at",
            "edited_at",
            "depth",
            *QUEUE_ARTICLE_FIELDS,
            *QUEUE_AUTHOR_FIELDS,
        )
        .order_by("attention", Case(When(attention, then=F("id")), default=-F("id")))
    )


def queue_details(comments: list[Comment]) -> None:
    """Attach to each comment why it was held, its open reports, the last moderator's
    decision and its author's totals: three queries, whatever the number of comments."""
    ids = [c.pk for c in comments]
    authors = {c.author_id for c in comments}
    actions: dict[int | None, list[ModerationAction]] = {}
    for action in (
        ModerationAction.objects.filter(comment_id__in=ids)
        .select_related("moderator")
        .only("id", "comment_id", "action", "reason", "created_at", "moderator__display_name",
              "moderator__email", "moderator__deleted_at")
        .order_by("id")
    ):  # fmt: skip
        actions.setdefault(action.comment_id, []).append(action)
    reports: dict[int, list[Report]] = {}
    for report in Report.objects.filter(comment_id__in=ids, resolved=False).order_by("id"):
        reports.setdefault(report.comment_id, []).append(report)
    stats: dict[int, dict[str, int]] = {
        row["author_id"]: {"total": row["total"], "hidden": row["hidden"]}
        for row in Comment.objects.filter(author_id__in=authors)
        .values("author_id")
        .annotate(
            total=Count("id"),
            hidden=Count("id", filter=Q(status=Comment.Status.HIDDEN)),
        )
        .order_by()
    }
    for comment in comments:
        history = actions.get(comment.pk, [])
        comment.hold_reasons = [a for a in history if a.action in HOLD_ACTIONS]
        decisions = [a for a in history if a.action not in HOLD_ACTIONS]
        comment.last_decision = decisions[-1] if decisions else None
        comment.open_reports = reports.get(comment.pk, [])
        comment.author_stats = stats.get(comment.author_id, {"total": 0, "hidden": 0})


@dataclass
class HeldCounts:
    """Comments waiting for a moderator: in all and per article id."""

    total: int
    by_article: dict[int, int]


def comments_held_counts() -> HeldCounts:
    """Held comments, in all and per article (one query), for the desk's counters."""
    rows = (
        Comment.objects.filter(status=Comment.Status.PENDING)
        .values("article_id")
        .annotate(held=Count("id"))
        .order_by()
    )
    by_article = {row["article_id"]: row["held"] for row in rows}
    return HeldCounts(total=sum(by_article.values()), by_article=by_article)


def reader_comments(*, reader_id: int) -> QuerySet[Comment]:
    """Every comment of one reader, newest first, with its article."""
    return (
        Comment.objects.filter(author_id=reader_id)
        .select_related("article")
        .only("id", "article_id", "body", "status", "created_at", "edited_at",
              *QUEUE_ARTICLE_FIELDS)
        .order_by("-id")
    )  # fmt: skip


def moderation_log(
    *, moderator_id: int | None = None, action: str = "", reader_id: int | None = None
) -> QuerySet[ModerationAction]:
    """The moderation log, newest first, with who did it, to whom and to which comment."""
    qs = ModerationAction.objects.all()
    if moderator_id:
        qs = qs.filter(moderator_id=moderator_id)
    if action:
        qs = qs.filter(action=action)
    if reader_id:
        qs = qs.filter(reader_id=reader_id)
    person = ("id", "email", "display_name", "deleted_at")
    return (
        qs.select_related("moderator", "reader", "comment__article")
        .only(
            "id",
            "action",
            "reason",
            "created_at",
            "moderator_id",
            "reader_id",
            "comment_id",
            *(f"moderator__{f}" for f in person),
            *(f"reader__{f}" for f in person),
            "comment__id",
            "comment__body",
            "comment__article_id",
            *(f"comment__{f}" for f in QUEUE_ARTICLE_FIELDS),
        )
        .order_by("-id")
    )
