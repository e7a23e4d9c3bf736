"""People a story names: offered to editors, and kept as mentions for the person pages."""

from django.db import transaction
from django.db.models import Q
from django_tasks import task

from shpalta.news.caching import cache_purge
from shpalta.news.models import Article, Person
from shpalta.search.services import INDEXED_STATUSES, plain_text

from .models import Mention
from .names import people_named, person_name


def _texts(article: Article) -> list[str]:
    return [article.title, article.lead, article.highlight, plain_text(article.body)]


def _is_public(article: Article) -> bool:
    return article.status in INDEXED_STATUSES and article.published_at is not None


def article_suggest_people(*, article: Article) -> list[Person]:
    """People the article names (shpalta.people.names) and does not link yet, by name.

    Only an offer for the editor: nothing is linked here.
    """
    named = people_named(_texts(article), Person.objects.values_list("id", "name"))
    linked = set(article.people.values_list("pk", flat=True)) if article.pk else set()
    return list(Person.objects.filter(pk__in=named - linked).only("id", "name", "slug"))


def _purge_people(person_ids: set[int]) -> None:
    if person_ids:
        cache_purge(f"person-{pk}" for pk in person_ids)


@transaction.atomic
def mentions_refresh_article(*, article: Article) -> set[int]:
    """Store whom a published or scheduled story names; others name nobody. Returns the ids."""
    named = set()
    if _is_public(article):
        named = people_named(_texts(article), Person.objects.values_list("id", "name"))
    stored = set(Mention.objects.filter(article=article).values_list("person_id", flat=True))
    if stored - named:
        Mention.objects.filter(article=article, person_id__in=stored - named).delete()
    Mention.objects.bulk_create(Mention(article=article, person_id=pk) for pk in named - stored)
    _purge_people(stored ^ named)
    return named


@transaction.atomic
def mentions_refresh_person(*, person: Person) -> int:
    """Find again every story naming one person (after it was added or renamed)."""
    stem = person_name(person.name).stem
    candidates = Article.objects.filter(
        status__in=INDEXED_STATUSES, published_at__isnull=False
    ).filter(Q(title__contains=stem) | Q(lead__contains=stem) | Q(body__contains=stem))
    pair = [(person.pk, person.name)]
    found = {
        article.pk
        for article in candidates.only("id", "title", "lead", "highlight", "body").iterator()
        if stem and people_named(_texts(article), pair)
    }
    stored = set(Mention.objects.filter(person=person).values_list("article_id", flat=True))
    Mention.objects.filter(person=person, article_id__in=stored - found).delete()
    Mention.objects.bulk_create(Mention(article_id=pk, person=person) for pk in found - stored)
    if found != stored:
        _purge_people({person.pk})
    return len(found)


@task()
def refresh_person_mentions(person_id: int) -> None:
    person = Person.objects.filter(pk=person_id).first()
    if person is not None:
        mentions_refresh_person(person=person)


def mentions_rebuild() -> int:
    """Every published story's mentions again (after imports that skipped ``save()``)."""
    count = 0
    articles = Article.objects.filter(status__in=INDEXED_STATUSES, published_at__isnull=False)
    for article in articles.only(
        "id", "status", "published_at", "title", "lead", "highlight", "body"
    ).iterator():
        count += len(mentions_refresh_article(article=article))
    return count
