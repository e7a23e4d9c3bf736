"""Page views per story and hour: nothing about the reader (no IP, cookie or agent)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article


class ViewCount(models.Model):
    """How often a story was read in one hour (UTC, truncated); the only row a view touches."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="view_counts"
    )
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views in an hour")
        verbose_name_plural = _("views per hour")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="metrics_view_once_per_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="metrics_view_hour")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}: {self.views}"
