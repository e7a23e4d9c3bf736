"""Search index upkeep: plain functions, callable without HTTP."""

import html
import re
import unicodedata

from django.db import transaction

from shpalta.lib.ukrainian import text_terms_and_forms
from shpalta.news.models import Article

from .models import SearchEntry, SearchTerm

# Stories readers may see now or later; drafts, stories in review and unpublished ones
# stay out of the index, so it shrinks and grows with what is public.
INDEXED_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(body_html: str) -> str:
    """The text of sanitised article HTML, one space where tags were (for snippets)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body_html))).strip()


def _entry_fields(article: Article) -> tuple[dict[str, str], set[str]]:
    """The entry's fields, and the words for the correction dictionary: its lemmas and
    its words' own forms (what a misspelling is corrected to)."""
    body_text = unicodedata.normalize("NFC", plain_text(article.body))
    fields, words = {"body_text": body_text}, set()
    for name, text in (("title", article.title), ("lead", article.lead), ("body", body_text)):
        terms, forms = text_terms_and_forms(text)
        fields[f"{name}_terms"] = terms
        words |= forms
        words.update(terms.split())
    # Numbers and single letters are never corrected.
    return fields, {one for one in words if len(one) > 1 and one.isalpha()}


def search_remember_words(*, words: set[str]) -> None:
    """Add words to the correction dictionary (known ones are skipped)."""
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=one, head=one[0], length=len(one)) for one in sorted(words)],
        ignore_conflicts=True,
        batch_size=1000,
    )


@transaction.atomic
def search_index_article(*, article: Article) -> SearchEntry | None:
    """Put an article into the index, or take it out if readers are not meant to see it."""
    if article.status not in INDEXED_STATUSES or article.published_at is None:
        SearchEntry.objects.filter(article_id=article.pk).delete()
        return None
    fields, words = _entry_fields(article)
    entry, _ = SearchEntry.objects.update_or_create(article_id=article.pk, defaults=fields)
    search_remember_words(words=words)
    return entry


@transaction.atomic
def search_rebuild_index(*, batch_size: int = 500) -> int:
    """Index every article again from scratch (and grow the correction dictionary);
    returns how many are in the index."""
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    articles = Article.objects.filter(status__in=INDEXED_STATUSES, published_at__isnull=False).only(
        "id", "title", "lead", "body"
    )
    batch: list[SearchEntry] = []
    dictionary: set[str] = set()
    count = 0
    for article in articles.iterator(chunk_size=batch_size):
        fields, words = _entry_fields(article)
        batch.append(SearchEntry(article_id=article.pk, **fields))
        dictionary |= words
        if len(batch) >= batch_size:
            count += len(SearchEntry.objects.bulk_create(batch))
            search_remember_words(words=dictionary)
            batch, dictionary = [], set()
    if batch:
        count += len(SearchEntry.objects.bulk_create(batch))
        search_remember_words(words=dictionary)
    return count
