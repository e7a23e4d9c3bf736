"""The pages the Law of Ukraine «Про медіа» requires an online medium to publish."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shpalta.lib.html import sanitize_body


class Page(models.Model):
    class Kind(models.TextChoices):
        ABOUT = "about", _("About us")
        CONTACTS = "contacts", _("Contacts")
        EDITORIAL_POLICY = "editorial-policy", _("Editorial policy")
        PRIVACY = "privacy", _("Privacy policy")

    slug = models.SlugField(_("page"), choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("HTML: paragraphs, h2, h3, lists, links, bold, italics, quotes."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # Same allow-list as stories: an editor's paste never brings script or tracking in.
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.slug}")
