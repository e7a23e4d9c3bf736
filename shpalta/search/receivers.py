"""Keep the search index in step with articles, inside the saving transaction.

``news`` must not import ``search``, so the search app listens for article saves and
calls its own service; the receiver holds no rules of its own.
"""

from django.db.models.signals import post_save

from shpalta.news.models import Article


def article_saved(sender: type, instance: Article, raw: bool = False, **_: object) -> None:
    if raw:  # loaddata: the index is rebuilt with rebuild_search_index
        return
    from .services import search_index_article

    search_index_article(article=instance)


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-index-article")
