"""What the editors put on the front page: the chosen stories and the breaking banner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article


class Slot(models.Model):
    """A story an editor placed on the home page: position 0 is the top story, 1… «Головне»."""

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    pinned_until = models.DateTimeField(
        _("pinned until"), null=True, blank=True, help_text=_("Empty: until replaced.")
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)

    class Meta:
        verbose_name = _("front page slot")
        verbose_name_plural = _("front page slots")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}: {self.article_id}"


class Banner(models.Model):
    """A breaking-news strip on every page, from its raising until it expires or is lowered."""

    text = models.CharField(_("text"), max_length=200)
    url = models.CharField(_("link"), max_length=500)
    expires_at = models.DateTimeField(_("shown until"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    lowered_at = models.DateTimeField(_("lowered"), null=True, blank=True)

    class Meta:
        verbose_name = _("breaking banner")
        verbose_name_plural = _("breaking banners")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return self.text
