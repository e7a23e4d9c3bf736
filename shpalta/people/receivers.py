"""Keep mentions in step: an article's on its save, a person's (in a task) on theirs.

``news`` must not import this app, so it listens for saves; the rules are in services.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from shpalta.news.models import Article, Person


def article_saved(sender: type, instance: Article, raw: bool = False, **_: object) -> None:
    if raw:  # loaddata: manage.py rebuild_mentions
        return
    from .services import mentions_refresh_article

    mentions_refresh_article(article=instance)


def person_saved(sender: type, instance: Person, raw: bool = False, **_: object) -> None:
    if raw:
        return
    from .services import refresh_person_mentions

    # Every story may name a new or renamed person: looked for after the commit, in a task.
    transaction.on_commit(partial(refresh_person_mentions.enqueue, instance.pk))


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="people-article-mentions")
    post_save.connect(person_saved, sender=Person, dispatch_uid="people-person-mentions")
