"""A person's page: stories that link them, then «Можливо, про цю людину» for the rest."""

import pytest

from shpalta.news.models import Article
from shpalta.people.models import Mention
from shpalta.people.services import mentions_rebuild
from shpalta.testing import make_article, make_person

pytestmark = pytest.mark.django_db


def mentioned_titles(client, person) -> list[str]:
    from lxml import html

    page = html.fromstring(client.get(person.get_absolute_url()).content)
    return [a.text_content() for a in page.cssselect(".mentioned .card-title a")]


def test_stories_naming_the_person_unlinked_are_listed_below_as_maybe(client):
    popov = make_person("Олександр Попов")
    linked = make_article("Пов’язана", body="<p>Олександр Попов заявив.</p>")
    linked.people.add(popov)
    make_article("Згадка", body="<p>Заяву О. Попова оприлюднили.</p>")
    make_article("Однофамілиця", body="<p>Марія Попова очолила раду.</p>")
    make_article("Чернетка", body="<p>Олександр Попов.</p>", status=Article.Status.DRAFT)

    content = client.get(popov.get_absolute_url()).content.decode()

    assert "Можливо, про цю людину" in content
    assert content.index(">Пов’язана<") < content.index("Можливо, про цю людину")
    assert mentioned_titles(client, popov) == ["Згадка"]


def test_a_person_added_later_finds_the_stories_that_already_named_them(
    client, django_capture_on_commit_callbacks
):
    make_article("Давня", body="<p>Про це повідомив Андрій Кравець.</p>")
    make_article("Кравецька", body="<p>Кравець пошив костюм.</p>")
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit
        kravets = make_person("Андрій Кравець")
    assert mentioned_titles(client, kravets) == ["Давня"]


def test_an_edit_that_drops_the_name_drops_the_story_from_the_person_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 300  # the cached page must be purged too
    lavrov = make_person("Сергій Лавров")
    story = make_article("Переговори", body="<p>Сергій Лавров прилетів.</p>")
    assert mentioned_titles(client, lavrov) == ["Переговори"]
    story.body = "<p>Міністр прилетів.</p>"
    story.save()
    assert mentioned_titles(client, lavrov) == []
    assert "Можливо, про цю людину" not in client.get(lavrov.get_absolute_url()).content.decode()


def test_rebuild_finds_mentions_of_stories_saved_without_signals():
    person = make_person("Рінат Ахметов")
    story = make_article("Клуб", body="<p>Рінат Ахметов купив клуб.</p>")
    Mention.objects.all().delete()
    assert mentions_rebuild() == 1
    assert list(Mention.objects.values_list("person", "article")) == [(person.pk, story.pk)]
