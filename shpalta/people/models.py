"""Who a published story names without linking: kept on every save, read by person pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article, Person


class Mention(models.Model):
    # related_name "mentions": the person page reaches these rows by name (news does not
    # import this app).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["person", "article"], name="people_mention_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.article_id}"
