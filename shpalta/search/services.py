"""Search index upkeep: plain functions, callable without HTTP."""

import html
import re
import unicodedata

from django.db import transaction

from shpalta.lib.ukrainian import text_terms
from shpalta.news.models import Article

from .models import SearchEntry

# Stories readers may see now or later; drafts, stories in review and unpublished ones
# stay out of the index, so it shrinks and grows with what is public.
INDEXED_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(body_html: str) -> str:
    """The text of sanitised article HTML, one space where tags were (for snippets)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body_html))).strip()


def _entry_fields(article: Article) -> dict[str, str]:
    body_text = unicodedata.normalize("NFC", plain_text(article.body))
    return {
        "title_terms": text_terms(article.title),
        "lead_terms": text_terms(article.lead),
        "body_terms": text_terms(body_text),
        "body_text": body_text,
    }


@transaction.atomic
def search_index_article(*, article: Article) -> SearchEntry | None:
    """Put an article into the index, or take it out if readers are not meant to see it."""
    if article.status not in INDEXED_STATUSES or article.published_at is None:
        SearchEntry.objects.filter(article_id=article.pk).delete()
        return None
    entry, _ = SearchEntry.objects.update_or_create(
        article_id=article.pk, defaults=_entry_fields(article)
    )
    return entry


@transaction.atomic
def search_rebuild_index(*, batch_size: int = 500) -> int:
    """Index every article again from scratch; returns how many are in the index."""
    SearchEntry.objects.all().delete()
    articles = Article.objects.filter(status__in=INDEXED_STATUSES, published_at__isnull=False).only(
        "id", "title", "lead", "body"
    )
    batch: list[SearchEntry] = []
    count = 0
    for article in articles.iterator(chunk_size=batch_size):
        batch.append(SearchEntry(article_id=article.pk, **_entry_fields(article)))
        if len(batch) >= batch_size:
            count += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    if batch:
        count += len(SearchEntry.objects.bulk_create(batch))
    return count
