"""Index the articles a site already has when search arrives (later saves keep it in step)."""

import unicodedata

from django.db import migrations


def index_existing(apps, schema_editor):
    from shpalta.lib.ukrainian import text_terms
    from shpalta.search.services import INDEXED_STATUSES, plain_text

    Article = apps.get_model("news", "Article")
    SearchEntry = apps.get_model("search", "SearchEntry")
    batch = []
    articles = Article.objects.filter(
        status__in=INDEXED_STATUSES, published_at__isnull=False
    ).exclude(pk__in=SearchEntry.objects.values("article_id"))
    for article in articles.only("id", "title", "lead", "body").iterator(chunk_size=500):
        body_text = unicodedata.normalize("NFC", plain_text(article.body))
        batch.append(
            SearchEntry(
                article_id=article.pk,
                title_terms=text_terms(article.title),
                lead_terms=text_terms(article.lead),
                body_terms=text_terms(body_text),
                body_text=body_text,
            )
        )
        if len(batch) >= 500:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engines"), ("news", "0001_initial")]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
