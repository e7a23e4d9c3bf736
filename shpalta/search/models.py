"""The search index: one row per visible-or-scheduled article, holding its lemmas.

The engines' own full-text structures are added by the migration and kept in step by
the database itself: on SQLite an FTS5 table fed by triggers, on PostgreSQL a stored
generated ``tsvector`` column with a GIN index. Django only ever writes this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shpalta.news.models import Article


class SearchEntry(models.Model):
    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    # Index terms (shpalta.lib.ukrainian.text_terms): weighted title > lead > body.
    title_terms = models.TextField()
    lead_terms = models.TextField()
    body_terms = models.TextField()
    # The body as plain text in its original word forms, for snippets.
    body_text = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.article_id)


class SearchTerm(models.Model):
    """A word the index has seen (a lemma or a surface form): the dictionary a misspelt
    query word is corrected from. Only grows; a stale word just finds nothing."""

    term = models.CharField(max_length=60, primary_key=True)
    # Candidates for a correction share the first letter and a similar length.
    head = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search dictionary word")
        verbose_name_plural = _("search dictionary words")
        indexes = [models.Index(fields=["head", "length"], name="search_term_head_length")]

    def __str__(self) -> str:
        return self.term
