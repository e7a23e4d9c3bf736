"""People a story names are offered to the editor, in any case, and never linked silently."""

import pytest
from django.contrib.messages import get_messages

from shpalta.accounts.models import User
from shpalta.news.models import Article
from shpalta.people.services import article_suggest_people
from shpalta.testing import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {name: make_person(name) for name in PEOPLE}


PEOPLE = ["Сергій Лавров", "Володимир Путін", "Річард Гаас", "Чарльз Купчан", "Мері Бет Лонг"]


def names(people) -> list[str]:
    return [person.name for person in people]


def test_people_named_in_another_case_are_suggested(people):
    article = make_article(
        "Переговори без Лаврова",
        body="<p>Колишні дипломати, серед них Гаас і Купчана, радились щодо Володимира Путіна.</p>",
    )
    assert names(article_suggest_people(article=article)) == [
        "Володимир Путін",
        "Річард Гаас",
        "Сергій Лавров",
        "Чарльз Купчан",
    ]


def test_people_already_linked_are_not_suggested_and_nothing_is_linked(people):
    article = make_article("Лавров і Мері Бет Лонг")
    article.people.add(people["Сергій Лавров"])
    assert names(article_suggest_people(article=article)) == ["Мері Бет Лонг"]
    assert names(article.people.all()) == ["Сергій Лавров"]


def test_lowercase_words_that_look_like_a_surname_are_not_names(people):
    article = make_article("Лавровий вінок", body="<p>Гілка лаврова і путівка до моря.</p>")
    assert article_suggest_people(article=article) == []


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_superuser("editor@example.com", "x" * 12, display_name="Ред")
    client.force_login(editor)
    return client


def test_the_article_form_in_the_admin_offers_the_people_it_names(editor_client, people):
    article = make_article("Путіна не запросили", body="<p>Лаврова теж.</p>")
    response = editor_client.get(f"/admin/news/article/{article.pk}/change/")
    content = response.content.decode()
    assert "Згадані, але не пов’язані особи" in content
    assert "Володимир Путін" in content
    assert "Сергій Лавров" in content


def test_saving_in_the_admin_says_who_is_mentioned_but_links_nobody(editor_client, people):
    article = make_article("Зустріч", status=Article.Status.DRAFT)
    response = editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        {
            "title": "Зустріч із Купчаном",
            "slug": "",
            "lead": "Експерт Чарльз Купчан розповів про переговори.",
            "highlight": "",
            "body": "<p>Текст.</p>",
            "section": article.section_id,
            "comments_enabled": "on",
            "base_version": article.version,
            "source_links-TOTAL_FORMS": "0",
            "source_links-INITIAL_FORMS": "0",
            "related_links-TOTAL_FORMS": "0",
            "related_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Чарльз Купчан" in m for m in messages), messages
    assert not Article.objects.get(title="Зустріч із Купчаном").people.exists()


def test_a_person_page_lists_their_stories_newest_first(client, people):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for days, title in ((3, "Давня"), (1, "Свіжа"), (2, "Середня")):
        story = make_article(title, published_at=now - timedelta(days=days))
        story.people.add(people["Сергій Лавров"])
    response = client.get(people["Сергій Лавров"].get_absolute_url())
    content = response.content.decode()
    positions = [content.index(f">{title}<") for title in ("Свіжа", "Середня", "Давня")]
    assert positions == sorted(positions)
