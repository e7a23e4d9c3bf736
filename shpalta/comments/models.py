"""Reader comments: threads per article, likes, reports, bans and the moderation log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article

MAX_BODY = 3000
#: Threads are shown three levels deep: 0 (top level), 1 and 2.
MAX_DEPTH = 2


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PUBLISHED)

    def listed(self) -> "CommentQuerySet":
        """What a reader sees in a thread: published comments, and the places of removed or
        hidden ones that still have published replies (shown as a placeholder)."""
        return self.filter(
            Q(status=Comment.Status.PUBLISHED)
            | Q(status__in=[Comment.Status.REMOVED, Comment.Status.HIDDEN], reply_count__gt=0)
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Awaiting moderation")
        HIDDEN = "hidden", _("Hidden by a moderator")
        REMOVED = "removed", _("Removed by its author")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # Where the comment is shown: a reply to a third-level comment hangs on that comment's
    # parent, and ``reply_to`` names whom it answers.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(_("text"), max_length=MAX_BODY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    #: Published replies in the thread under a top-level comment (0 for replies).
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    #: Scheme and host the comment was posted through ("https://example.com"): reply emails
    #: sent later (a moderator's approval, the task worker) need absolute links without a
    #: request, when SHPALTA_SITE_URL is not set.
    origin = models.CharField(_("posted through"), max_length=200, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # Not columns: filled in by shpalta.comments.selectors for the templates.
    shown_replies: list["Comment"]
    more_replies: int
    last_reply_id: int
    hold_reasons: list["ModerationAction"]
    last_decision: "ModerationAction | None"
    open_reports: list["Report"]
    author_stats: dict[str, int]
    #: Held, and shown only to its author (selectors.held_for_author, the post/edit answer).
    own_held: bool

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-id"]
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            # Newest / oldest first: a keyset walk over the top level of one article.
            models.Index(fields=["article", "parent", "id"], name="comment_thread_id"),
            # Popular first.
            models.Index(
                fields=["article", "parent", "-like_count", "-id"], name="comment_thread_popular"
            ),
            models.Index(fields=["root", "id"], name="comment_replies"),
            models.Index(fields=["author", "-id"], name="comment_author"),
            models.Index(fields=["status", "id"], name="comment_status"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Like(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("spam")
        ABUSE = "abuse", _("abuse")
        DISINFORMATION = "disinformation", _("disinformation")
        OTHER = "other", _("other")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="comment_reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]
        indexes = [models.Index(fields=["resolved", "comment"], name="report_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.comment_id}"


class Ban(models.Model):
    class Kind(models.TextChoices):
        BAN = "ban", _("may not comment")
        PREMODERATE = "premoderate", _("every comment is checked first")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.CASCADE,
        related_name="comment_bans",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BAN)
    until = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Empty means for good.")
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user_id}"


class ModerationAction(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        AUTO_HOLD = "auto_hold", _("held automatically")
        AUTO_HIDE = "auto_hide", _("hidden after reports")
        BAN = "ban", _("banned")
        PREMODERATE = "premoderate", _("put on pre-moderation")
        UNBAN = "unban", _("ban lifted")
        PREMODERATION_END = "premod_end", _("taken off pre-moderation")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_history",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.get_action_display()
