"""Comment rules as plain functions: posting, editing, likes, reports, moderation, bans.

Every function runs in one transaction. ``Article.comment_count`` counts published
comments and changes only here, by F() updates in the same transaction as the status
change, so concurrent posts, hides and deletes never leave it off by one.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shpalta.accounts.models import User
from shpalta.accounts.services import user_can_comment
from shpalta.lib.limits import limit_claim, limit_hit
from shpalta.news.caching import cache_purge
from shpalta.news.models import Article, CommentMode

from . import notifications, wordfilter
from .models import MAX_BODY, MAX_DEPTH, Ban, Comment, Like, ModerationAction, Report

URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
Status = Comment.Status
Action = ModerationAction.Action


class CommentError(Exception):
    """A reader's request that the rules refuse; ``str(error)`` is the Ukrainian message."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _count(article_id: int, delta: int) -> None:
    Article.objects.filter(pk=article_id).update(comment_count=F("comment_count") + delta)


def _count_replies(comment: Comment, delta: int) -> None:
    if comment.root_id:
        Comment.objects.filter(pk=comment.root_id).update(reply_count=F("reply_count") + delta)


def _purge_thread(article_id: int, *, count_changed: bool) -> None:
    """The thread's cached pages go; the article's pages too when the shown count moved."""
    keys = [f"comments-{article_id}"]
    if count_changed:
        keys.append(f"article-{article_id}")
    cache_purge(keys)


def _set_status(comment: Comment, status: str) -> None:
    """Change a status and keep the article's and the thread's counts exact."""
    before = (
        Comment.objects.select_for_update().filter(pk=comment.pk).values_list("status", flat=True)
    ).first()
    if before == status:
        comment.status = status
        return
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.status = status
    delta = (status == Status.PUBLISHED) - (before == Status.PUBLISHED)
    if delta:
        _count(comment.article_id, delta)
        _count_replies(comment, delta)
    _purge_thread(comment.article_id, count_changed=bool(delta))


def clean_body(body: str) -> str:
    """The text as stored: line ends unified, outer blank space trimmed; rules checked."""
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in body:
        body = body.replace("\x00", "")  # PostgreSQL cannot store NUL in text
    if not body:
        raise CommentError(_("The comment is empty. Write something first."))
    if len(body) > MAX_BODY:
        raise CommentError(
            _("The comment is too long: %(length)d characters, at most %(max)d.")
            % {"length": len(body), "max": MAX_BODY}
        )
    return body


def _active_ban(user: User, kind: str) -> Ban | None:
    now = timezone.now()
    return (
        Ban.objects.filter(user=user, kind=kind, lifted_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("-id")
        .first()
    )


def _rate_limit(*, user: User, ip: str | None) -> None:
    """At most one comment per COMMENTS_MIN_INTERVAL s and COMMENTS_PER_HOUR an hour, per
    reader and per IP address. The limits store counts atomically, so of many posts sent
    at once exactly one gets through (on the database store the claim is undone when the
    post fails later, being part of its transaction)."""
    who = [f"user:{user.pk}"] + ([f"ip:{ip}"] if ip else [])
    if settings.COMMENTS_MIN_INTERVAL > 0:
        for name in who:
            wait = limit_claim(f"comments:gap:{name}", seconds=settings.COMMENTS_MIN_INTERVAL)
            if wait:
                raise CommentError(
                    _("You are posting too fast. Please wait %(seconds)d s and try again.")
                    % {"seconds": wait},
                    status=429,
                )
    for name in who:
        if limit_hit(f"comments:hour:{name}", window=3600) > settings.COMMENTS_PER_HOUR:
            raise CommentError(
                _("You have posted too many comments this hour. Please come back later."),
                status=429,
            )


def _fingerprint(body: str) -> str:
    return hashlib.sha256(" ".join(body.lower().split()).encode()).hexdigest()


def _probation(user: User) -> bool:
    """New readers: their first COMMENTS_PROBATION comments wait for a moderator."""
    k = settings.COMMENTS_PROBATION
    if k <= 0:
        return False
    return Comment.objects.filter(author=user, status=Status.PUBLISHED)[:k].count() < k


def _hold_reason(*, user: User, article: Article, body: str, words: str | None) -> str:
    """Why a comment must wait for a moderator, or an empty string."""
    if article.effective_comment_mode() == CommentMode.PREMODERATED:
        return _("The article is pre-moderated.")
    if _active_ban(user, Ban.Kind.PREMODERATE):
        return _("The reader is on pre-moderation.")
    if words == wordfilter.SUSPECT:
        return _("Suspect words.")
    if len(URL.findall(body)) > settings.COMMENTS_MAX_LINKS:
        return _("Too many links.")
    if _probation(user):
        return _("A new reader's first comments.")
    return ""


def _check_not_banned(user: User) -> None:
    """A banned reader may not post, edit, like or report (deleting their own stays open)."""
    ban = _active_ban(user, Ban.Kind.BAN)
    if ban is None:
        return
    if ban.until:
        until = timezone.localtime(ban.until).strftime("%d.%m.%Y %H:%M")
        message = _("You may not take part in the comments until %(until)s.") % {"until": until}
    else:
        message = _("You may no longer take part in the comments on this site.")
    raise CommentError(message, status=403)


def _check_may_post(*, user: User | AnonymousUser, article: Article) -> User:
    """The reader, signed in, if they may comment on this article."""
    if not isinstance(user, User) or not user_can_comment(user=user):
        raise CommentError(_("Sign in with a confirmed email address to comment."), status=403)
    if article.effective_comment_mode() == CommentMode.CLOSED:
        raise CommentError(_("Comments are closed."), status=403)
    _check_not_banned(user)
    return user


def _check_not_repeated(*, author: User, body: str, comment: Comment | None) -> None:
    """The same text by the same reader within a day is refused (the edited comment aside)."""
    fingerprint = _fingerprint(body)
    since = timezone.now() - timedelta(days=1)
    recent = Comment.objects.filter(author=author, created_at__gte=since).exclude(
        status=Status.REMOVED
    )
    if comment is not None:
        recent = recent.exclude(pk=comment.pk)
    if any(_fingerprint(b) == fingerprint for b in recent.values_list("body", flat=True)[:50]):
        raise CommentError(_("You have already posted this comment."), status=409)


@dataclass(frozen=True)
class Verdict:
    """What the rules say about a text: the text as stored, and why it waits ("" publishes)."""

    body: str
    hold: str


def comment_verdict(
    *, author: User | AnonymousUser, article: Article, body: str, comment: Comment | None = None
) -> Verdict:
    """Publish, hold or refuse (``CommentError``) a text by this reader on this article.

    The one decision posting and editing share, so an edit cannot slip past a rule a new
    comment meets: length, sign-in, closed articles, bans, obscene words, repeats, and the
    hold rules. ``comment`` is the comment being edited.
    """
    body = clean_body(body)
    reader = _check_may_post(user=author, article=article)
    words = wordfilter.check(body)
    if words == wordfilter.BANNED:
        raise CommentError(
            _("The comment contains obscene words. Please rephrase it without them.")
        )
    _check_not_repeated(author=reader, body=body, comment=comment)
    return Verdict(
        body=body, hold=_hold_reason(user=reader, article=article, body=body, words=words)
    )


@transaction.atomic
def comment_post(
    *,
    article: Article,
    author: User | AnonymousUser,
    body: str,
    parent: Comment | None = None,
    ip: str | None = None,
    origin: str = "",
) -> Comment:
    """Post a comment or a reply; it is published at once or held for a moderator.

    ``origin`` is the scheme and host the reader posted through (absolute links in emails).
    """
    verdict = comment_verdict(author=author, article=article, body=body)
    assert isinstance(author, User)  # comment_verdict refuses guests
    if parent is not None:
        if parent.article_id != article.pk:
            raise CommentError(_("You can only reply to a comment on this article."))
        if parent.status != Status.PUBLISHED:
            raise CommentError(_("This comment can no longer be replied to."))
    _rate_limit(user=author, ip=ip)

    reply_to = parent
    if parent is not None and parent.depth >= MAX_DEPTH:
        parent = parent.parent  # shown at the third level, naming whom it answers
    comment = Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        reply_to=reply_to,
        depth=(parent.depth + 1) if parent else 0,
        body=verdict.body,
        status=Status.PENDING if verdict.hold else Status.PUBLISHED,
        ip=ip,
        origin=origin[:200],
    )
    if verdict.hold:
        ModerationAction.objects.create(
            action=Action.AUTO_HOLD, comment=comment, reader=author, reason=verdict.hold
        )
    else:
        _count(article.pk, 1)
        _count_replies(comment, 1)
        _purge_thread(article.pk, count_changed=True)
        notifications.reply_posted(comment)
    return comment


def comment_editable(*, comment: Comment, user: User) -> bool:
    """Its author may edit a published or held comment for COMMENTS_EDIT_MINUTES."""
    window = timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)
    return (
        comment.author_id == getattr(user, "pk", None)
        and comment.status in (Status.PUBLISHED, Status.PENDING)
        and timezone.now() - comment.created_at <= window
    )


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    """Change the text of one's own comment within the edit window; shown as «(змінено)».

    The new text meets the rules of a new comment (``comment_verdict``): what would be
    refused is refused, and what would be held takes a published comment back to the
    moderators. An edit never publishes a held comment.
    """
    if comment.author_id != user.pk:
        raise CommentError(_("You can only edit your own comments."), status=403)
    if not comment_editable(comment=comment, user=user):
        raise CommentError(
            _("A comment can only be edited within %(minutes)d minutes of posting.")
            % {"minutes": settings.COMMENTS_EDIT_MINUTES},
            status=403,
        )
    verdict = comment_verdict(author=user, article=comment.article, body=body, comment=comment)
    if verdict.body == comment.body:
        return comment
    comment.body = verdict.body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    if verdict.hold and comment.status == Status.PUBLISHED:
        _set_status(comment, Status.PENDING)
        ModerationAction.objects.create(
            action=Action.AUTO_HOLD, comment=comment, reader=user, reason=verdict.hold
        )
    _purge_thread(comment.article_id, count_changed=False)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> None:
    """Remove one's own comment; if it has replies its place shows «Коментар видалено»."""
    if comment.author_id != user.pk:
        raise CommentError(_("You can only delete your own comments."), status=403)
    if comment.status in (Status.REMOVED, Status.HIDDEN):
        raise CommentError(_("This comment has already been removed."), status=404)
    _set_status(comment, Status.REMOVED)


@transaction.atomic
def comment_like(*, comment: Comment, user: User | AnonymousUser) -> int:
    """Like a published comment once (a second like takes it back); the new count."""
    if not user.is_authenticated or not user_can_comment(user=user):
        raise CommentError(_("Sign in to like comments."), status=403)
    _check_not_banned(user)
    if comment.status != Status.PUBLISHED:
        raise CommentError(_("This comment is not available."), status=404)
    deleted, _rows = Like.objects.filter(comment=comment, user=user).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
    else:
        Like.objects.create(comment=comment, user=user)
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    _purge_thread(comment.article_id, count_changed=False)
    return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)


@transaction.atomic
def comment_report(*, comment: Comment, user: User | AnonymousUser, reason: str) -> Report:
    """Report a comment; past COMMENTS_REPORT_THRESHOLD open reports it waits for review."""
    if not user.is_authenticated or not user_can_comment(user=user):
        raise CommentError(_("Sign in to report comments."), status=403)
    _check_not_banned(user)
    if reason not in Report.Reason.values:
        raise CommentError(_("Choose a reason: spam, abuse, disinformation or other."))
    if comment.status != Status.PUBLISHED:
        raise CommentError(_("This comment is not available."), status=404)
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, reporter=user, reason=reason)
    except IntegrityError as error:
        raise CommentError(_("You have already reported this comment."), status=409) from error
    open_reports = Report.objects.filter(comment=comment, resolved=False).count()
    if open_reports >= settings.COMMENTS_REPORT_THRESHOLD:
        _set_status(comment, Status.PENDING)
        ModerationAction.objects.create(
            action=Action.AUTO_HIDE,
            comment=comment,
            reader=comment.author,
            reason=_("%(count)d reports.") % {"count": open_reports},
        )
    return report


def _log(
    moderator: User, action: str, comment: Comment | None, reader: User, reason: str = ""
) -> None:
    ModerationAction.objects.create(
        moderator=moderator, action=action, comment=comment, reader=reader, reason=reason
    )


@transaction.atomic
def comment_approve(*, comment: Comment, moderator: User) -> Comment:
    """Publish a held comment and close its reports."""
    first_time = (
        not comment.actions.filter(action__in=[Action.APPROVE, Action.RESTORE]).exists()
        and comment.status == Status.PENDING
    )
    _set_status(comment, Status.PUBLISHED)
    Report.objects.filter(comment=comment).update(resolved=True)
    _log(moderator, Action.APPROVE, comment, comment.author)
    if first_time:
        notifications.reply_posted(comment)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: User, reason: str = "") -> Comment:
    """Hide a comment from readers, with a reason for the log."""
    _set_status(comment, Status.HIDDEN)
    Report.objects.filter(comment=comment).update(resolved=True)
    _log(moderator, Action.HIDE, comment, comment.author, reason)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator: User) -> Comment:
    """Show a hidden comment again."""
    _set_status(comment, Status.PUBLISHED)
    _log(moderator, Action.RESTORE, comment, comment.author)
    return comment


def _active_bans(reader: User, kind: str) -> QuerySet[Ban]:
    now = timezone.now()
    return Ban.objects.filter(user=reader, kind=kind, lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gt=now)
    )


@transaction.atomic
def reader_ban(
    *,
    reader: User,
    moderator: User,
    days: int | None = None,
    reason: str = "",
    kind: str = Ban.Kind.BAN,
) -> Ban:
    """Stop a reader commenting (or hold all their comments) for some days or for good.

    The newest decision replaces earlier ones of the same kind: a three-day ban after a ban
    for good ends the ban for good, rather than leaving it to return when the three days end.
    """
    now = timezone.now()
    until = now + timedelta(days=days) if days else None
    _active_bans(reader, kind).update(lifted_at=now)
    ban = Ban.objects.create(
        user=reader, kind=kind, until=until, reason=reason, created_by=moderator
    )
    action = Action.BAN if kind == Ban.Kind.BAN else Action.PREMODERATE
    if days:
        period = ngettext("for %(days)d day", "for %(days)d days", days) % {"days": days}
        reason = f"{reason} ({period})" if reason else period
    _log(moderator, action, None, reader, reason)
    return ban


@transaction.atomic
def ban_lift(*, reader: User, moderator: User, reason: str = "") -> int:
    """Let a banned reader comment again at once; how many bans were lifted."""
    lifted = _active_bans(reader, Ban.Kind.BAN).update(lifted_at=timezone.now())
    if not lifted:
        raise CommentError(_("The reader is not banned."), status=409)
    _log(moderator, Action.UNBAN, None, reader, reason)
    return lifted


@transaction.atomic
def premoderation_start(*, reader: User, moderator: User, reason: str = "") -> Ban:
    """Hold every comment of a reader for a moderator until taken off (permanent)."""
    if _active_bans(reader, Ban.Kind.PREMODERATE).exists():
        raise CommentError(_("The reader is already on pre-moderation."), status=409)
    return reader_ban(reader=reader, moderator=moderator, reason=reason, kind=Ban.Kind.PREMODERATE)


@transaction.atomic
def premoderation_end(*, reader: User, moderator: User, reason: str = "") -> int:
    """Publish a reader's new comments at once again (the usual rules still apply)."""
    ended = _active_bans(reader, Ban.Kind.PREMODERATE).update(lifted_at=timezone.now())
    if not ended:
        raise CommentError(_("The reader is not on pre-moderation."), status=409)
    _log(moderator, Action.PREMODERATION_END, None, reader, reason)
    return ended


def comment_can(comment: Comment, action: str, *, open_reports: bool) -> bool:
    """Whether a moderator's action applies to a comment in its present state.

    Approving publishes a held comment or keeps a reported one (closing its reports);
    hiding takes a held or published comment away; restoring shows a hidden one again.
    A comment its author removed is left alone.
    """
    if action == Action.APPROVE:
        return comment.status == Status.PENDING or (
            comment.status == Status.PUBLISHED and open_reports
        )
    if action == Action.HIDE:
        return comment.status in (Status.PENDING, Status.PUBLISHED)
    if action == Action.RESTORE:
        return comment.status == Status.HIDDEN
    return False


@dataclass
class Moderated:
    """What a bulk action did: the comments changed and those whose state did not allow it."""

    done: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


BULK_ACTIONS = (Action.APPROVE, Action.HIDE, Action.RESTORE)
MAX_BULK = 200


def comments_moderate(
    *, comment_ids: list[int], action: str, moderator: User, reason: str = ""
) -> Moderated:
    """Approve, hide or restore several comments; each one changes wholly or not at all.

    Every comment runs in its own transaction with its row locked, so a comment another
    moderator changed a moment ago is re-read and skipped if the action no longer fits.
    """
    if action not in BULK_ACTIONS:
        raise CommentError(_("Unknown action."))
    if action == Action.HIDE and not reason.strip():
        raise CommentError(_("Give a reason for hiding: it goes into the moderation log."))
    if len(comment_ids) > MAX_BULK:
        raise CommentError(_("Choose at most %(max)d comments at once.") % {"max": MAX_BULK})
    result = Moderated()
    for pk in dict.fromkeys(comment_ids):
        with transaction.atomic():
            comment = Comment.objects.select_for_update().filter(pk=pk).first()
            reported = (
                comment is not None
                and Report.objects.filter(comment=comment, resolved=False).exists()
            )
            if comment is None or not comment_can(comment, action, open_reports=reported):
                result.skipped.append(pk)
                continue
            if action == Action.APPROVE:
                comment_approve(comment=comment, moderator=moderator)
            elif action == Action.HIDE:
                comment_hide(comment=comment, moderator=moderator, reason=reason.strip())
            else:
                comment_restore(comment=comment, moderator=moderator)
            result.done.append(pk)
    return result
