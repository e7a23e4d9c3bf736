"""Live blogs («Онлайн»): a story whose body is a stream of short, timestamped entries.

The story itself is a ``news.Article`` with ``live_since`` set; its entries live here.
Entries are ordered by id (the order they were posted in), which is also the keyset the
pages and the «after entry N» endpoint walk, so a blog of 5,000 entries pages as cheaply
as one of 5.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article, Image


class Entry(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="live_entries"
    )
    title = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("Optional, a few words.")
    )
    body = models.TextField(
        _("text"),
        max_length=3000,
        blank=True,
        help_text=_("Plain text; an empty line starts a new paragraph, addresses become links."),
    )
    quote = models.TextField(_("quote"), max_length=1000, blank=True)
    quote_source = models.CharField(_("who said it"), max_length=200, blank=True)
    image = models.ForeignKey(
        Image,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_key = models.BooleanField(
        _("key entry"), default=False, help_text=_("Listed under «Key events of the day».")
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("live blog entry")
        verbose_name_plural = _("live blog entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["article", "-id"], name="live_entry_page"),
            models.Index(
                fields=["article", "-id"],
                condition=models.Q(is_key=True),
                name="live_entry_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:60] or self.quote[:60]

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    @property
    def summary(self) -> str:
        """A line that names the entry: its heading, else the start of its text or quote."""
        text = self.title or self.body or self.quote
        first = text.strip().splitlines()[0] if text.strip() else ""
        return first if len(first) <= 120 else first[:119].rstrip() + "…"
