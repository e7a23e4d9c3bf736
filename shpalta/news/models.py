"""The newsroom's content model: sections, tags, people, sources, images, articles."""

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.files.images import get_image_dimensions
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from shpalta.lib.html import sanitize_body
from shpalta.lib.text import slugify_uk

if TYPE_CHECKING:
    from .snapshots import ArticleSnapshot


class SluggedModel(models.Model):
    """A named thing with a transliterated slug filled from its name."""

    name = models.CharField(_("name"), max_length=150, help_text=_("As readers will see it."))
    slug = models.SlugField(
        _("slug"),
        max_length=90,
        unique=True,
        blank=True,
        help_text=_("Part of the address, in Latin letters. Filled from the name if empty."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify_uk(self.name) or "item"
        super().save(*args, **kwargs)


class Section(SluggedModel):
    description = models.TextField(
        _("description"), blank=True, help_text=_("A sentence shown at the top of the section.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in the menu in this order.")
    )

    class Meta(SluggedModel.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "name"]

    def get_absolute_url(self) -> str:
        return reverse("news:section", args=[self.slug])


class Tag(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self) -> str:
        return reverse("news:tag", args=[self.slug])


class Person(SluggedModel):
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("First name and surname in the nominative case: «Сергій Лавров»."),
    )
    description = models.CharField(
        _("description"),
        max_length=250,
        blank=True,
        help_text=_("Who this is, in a few words: «міністр закордонних справ РФ»."),
    )

    class Meta(SluggedModel.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self) -> str:
        return reverse("news:person", args=[self.slug])


class Source(SluggedModel):
    site = models.URLField(
        _("website"),
        blank=True,
        help_text=_("The source's home page, e.g. https://www.nbcnews.com"),
    )

    class Meta(SluggedModel.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def get_absolute_url(self) -> str:
        return reverse("news:source", args=[self.slug])


class Image(models.Model):
    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    caption = models.CharField(
        _("caption"), max_length=300, blank=True, help_text=_("What is happening in the photo.")
    )
    credit = models.CharField(
        _("credit"),
        max_length=150,
        blank=True,
        help_text=_("Who took the photo or where it comes from: «фото з відкритих джерел»."),
    )
    # Where the subject is, as fractions of width and height: crops keep this point in view.
    focal_x = models.FloatField(
        _("focal point, horizontal"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the left edge, 1 the right edge."),
    )
    focal_y = models.FloatField(
        _("focal point, vertical"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 1 the bottom edge."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Filled by news.images.image_make_renditions:
    # [{"width", "height", "webp", "jpeg", "webp_bytes", "jpeg_bytes"}].
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    # Also filled by image_make_renditions: fixed-ratio crops around the focal point,
    # {"wide": {...}, "square": {...}} with the same keys as a rendition.
    crops = models.JSONField(_("crops"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Not a column: the desk's photo list sets it.
    thumbnail: str

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.alt or self.file.name or ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file and not (self.width and self.height):
            # Django's width_field reads a just-saved upload from its end and finds nothing.
            width, height = get_image_dimensions(self.file)
            self.width, self.height = width or 0, height or 0
        super().save(*args, **kwargs)

    #: The original's name when loaded or last saved (set by from_db and the post_save hook).
    stored_file_name: str | None

    @classmethod
    def from_db(  # type: ignore[override]  # the stubs add Django 6's fetch_mode; 5.2 has none
        cls, db: str | None, field_names: Collection[str], values: Collection[Any]
    ) -> Self:
        image = super().from_db(db, field_names, values)
        # The stored original's name: replacing it deletes the old file after the commit
        # (news.images.connect_file_cleanup).
        stored = image.__dict__.get("file")  # a name, or already a FieldFile (deferred: None)
        image.stored_file_name = getattr(stored, "name", stored)
        return image


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        """The one definition of what readers may see.

        A scheduled story whose time has come counts as published even if the
        scheduler has not run yet, so a missed run never hides it.
        """
        from .workflow import LIVE, state_filter  # the workflow's table needs this model

        return self.filter(state_filter(LIVE))

    def for_listing(self) -> "ArticleQuerySet":
        """What a list of stories needs, in one query."""
        return (
            self.select_related("section", "hero_image")
            .only(
                "id",
                "title",
                "slug",
                "lead",
                "published_at",
                "comment_count",
                "importance",
                "section__name",
                "section__slug",
                "hero_image__file",
                "hero_image__alt",
                "hero_image__width",
                "hero_image__height",
                "hero_image__renditions",
            )
            .order_by("-published_at", "-id")
        )


class CommentMode(models.TextChoices):
    DEFAULT = "", _("Site default")
    OPEN = "open", _("Open")
    PREMODERATED = "premoderated", _("Pre-moderated")
    CLOSED = "closed", _("Closed")


class Importance(models.TextChoices):
    """How loudly the стрічка and the home page show a story."""

    NORMAL = "normal", _("Normal")
    IMPORTANT = "important", _("Important")
    URGENT = "urgent", _("Urgent")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(
        _("title"), max_length=200, help_text=_("The headline, up to 200 characters.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=90,
        blank=True,
        help_text=_(
            "Part of the address, transliterated from the title if empty. "
            "Old addresses keep working after a change."
        ),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One or two sentences under the headline; also the search description."),
    )
    highlight = models.TextField(
        _("highlight"),
        max_length=400,
        blank=True,
        help_text=_("A key quote or sentence shown in a box beside the text."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML: paragraphs, h2/h3 headings, lists, links, bold, italics, quotes and "
            "our own images. Anything else is removed on save."
        ),
    )
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("main photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown under the lead, with its caption and credit."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The section the story belongs to."),
    )
    tags = models.ManyToManyField(
        Tag,
        verbose_name=_("tags"),
        blank=True,
        related_name="articles",
        help_text=_("Topics the story is about."),
    )
    people = models.ManyToManyField(
        Person,
        verbose_name=_("people"),
        blank=True,
        related_name="articles",
        help_text=_("People the story is about; each gets a link to their page."),
    )
    sources = models.ManyToManyField(
        Source,
        verbose_name=_("sources"),
        through="ArticleSource",
        blank=True,
        related_name="articles",
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related stories"),
        through="RelatedArticle",
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        blank=True,
        related_name="articles",
        help_text=_("Shown as the byline."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Readers see only published stories (and scheduled ones whose time came)."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Kyiv time. A time in the future schedules the story."),
    )
    updated_at = models.DateTimeField(
        _("update time"),
        null=True,
        blank=True,
        help_text=_("Set when the story was substantially updated; shown as «Оновлено»."),
    )
    comments_enabled = models.BooleanField(
        _("comments enabled"), default=True, help_text=_("Whether readers may comment.")
    )
    comment_mode = models.CharField(
        _("comment mode"),
        max_length=12,
        choices=CommentMode.choices,
        default=CommentMode.DEFAULT,
        blank=True,
        help_text=_(
            "Open, pre-moderated (every comment is checked first) or closed; "
            "empty follows the site default."
        ),
    )
    importance = models.CharField(
        _("importance"),
        max_length=10,
        choices=Importance.choices,
        default=Importance.NORMAL,
        help_text=_(
            "Important stories are bold in the news feed; urgent ones are marked «Терміново»."
        ),
    )
    unpublished_at = models.DateTimeField(_("unpublished"), null=True, blank=True, editable=False)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replacement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "When a story is unpublished, its address can lead readers to this one instead."
        ),
    )
    # A live blog («Онлайн», shpalta/live): its body is a stream of entries from this time.
    live_since = models.DateTimeField(_("live blog since"), null=True, blank=True, editable=False)
    live_ended_at = models.DateTimeField(
        _("live blog ended"), null=True, blank=True, editable=False
    )
    # Bumped by every save through the desk; a save made from an older version is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Kept exact by the comments app; here so lists show counts without a query.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Demo content created by «make run».")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    changed_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Not a column: the desk's story list sets it (comments waiting for a moderator).
    held_comments: int

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify_uk(self.title) or "statia"
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"pk": self.pk, "slug": self.slug})

    def effective_comment_mode(self, now: datetime | None = None) -> str:
        """Open, pre-moderated or closed, after the site default and the auto-close age."""
        if not self.comments_enabled:
            return CommentMode.CLOSED
        mode = self.comment_mode or settings.COMMENTS_DEFAULT_MODE
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        too_old = (
            days
            and self.published_at
            and (now or timezone.now()) > (self.published_at + timedelta(days=days))
        )
        if too_old:
            return CommentMode.CLOSED
        return mode

    @property
    def is_live_blog(self) -> bool:
        return self.live_since is not None

    @property
    def is_updated(self) -> bool:
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)


class ArticleSource(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The outlet that reported it first: «NBC News»."),
    )
    url = models.URLField(
        _("original report"),
        max_length=500,
        blank=True,
        help_text=_("Address of the report the story is based on."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("source of the story")
        verbose_name_plural = _("sources of the story")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="news_article_source_once")
        ]

    def __str__(self) -> str:
        return str(self.source_id)


class RelatedArticle(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        Article,
        verbose_name=_("related story"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("An earlier story listed under «Читайте також»."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="news_related_once"),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")), name="news_related_not_self"
            ),
        ]

    def __str__(self) -> str:
        return str(self.related_id)


class Correction(models.Model):
    """A dated note telling readers what was wrong in a published story and what changed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(
        _("correction"),
        max_length=1000,
        help_text=_("What was wrong and what is right now, e.g. «У попередній версії…»."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Revision(models.Model):
    """A full copy of a story as it was saved: history, diffs and restore read these."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    # Everything an editor edits: fields, tags, people, sources, related stories.
    data = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_autosave = models.BooleanField(_("autosave"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"

    @cached_property
    def snapshot(self) -> "ArticleSnapshot":
        """``data`` read as the typed snapshot (old revisions load the same way)."""
        from .snapshots import ArticleSnapshot  # which builds on these models

        return ArticleSnapshot.from_json(self.data)


class ArticleAction(models.Model):
    """The audit log of the desk: who did what to which story, from which state, when."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        EDIT = "edit", _("edited")
        SUBMIT = "submit", _("sent for review")
        RETURN = "return", _("returned to draft")
        SCHEDULE = "schedule", _("scheduled")
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        CORRECT = "correct", _("added a correction")
        RESTORE = "restore", _("restored a revision")
        AUTO_PUBLISH = "auto_publish", _("published on schedule")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    # Kept so the log still reads after a story is deleted.
    article_title = models.CharField(_("title"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_status = models.CharField(
        _("from"), max_length=12, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=Article.Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("desk action")
        verbose_name_plural = _("desk actions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.get_action_display()
