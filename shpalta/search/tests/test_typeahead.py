"""Search as you type: titles and people after three letters, cached, purged on publish."""

import pytest

from shpalta.accounts.roles import EDITOR
from shpalta.news import services
from shpalta.news.models import Article
from shpalta.testing import make_article, make_person, make_section, make_staff

pytestmark = pytest.mark.django_db

URL = "/search/suggest.json"


def suggest(client, q: str) -> dict:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()


def titles(data: dict) -> list[str]:
    return [a["title"] for a in data["articles"]]


def names(data: dict) -> list[str]:
    return [p["name"] for p in data["people"]]


def test_three_letters_bring_titles_and_people_with_their_addresses(client):
    story = make_article("Перемовини у Женеві завершились")
    make_article("Погода на вихідні")
    lavrov = make_person("Сергій Лавров")
    make_person("Попов Олександр Іванович")

    data = suggest(client, "пер")
    assert data["articles"] == [
        {"title": "Перемовини у Женеві завершились", "url": story.get_absolute_url()}
    ]
    assert suggest(client, "лав")["people"] == [
        {"name": "Сергій Лавров", "url": lavrov.get_absolute_url()}
    ]
    assert names(suggest(client, "олекс")) == ["Попов Олександр Іванович"]


def test_words_already_typed_count_in_any_case_and_the_last_one_as_a_beginning(client):
    make_article("Лавров прилетів до Женеви")
    make_article("Женевське озеро")
    make_person("Сергій Лавров")

    assert titles(suggest(client, "Лаврова Жен")) == ["Лавров прилетів до Женеви"]
    assert names(suggest(client, "Сергія Лаврова")) == ["Сергій Лавров"]


def test_fewer_than_three_letters_ask_nothing(client, django_assert_num_queries):
    make_article("Перемовини")
    with django_assert_num_queries(0):
        assert suggest(client, "пе") == {"articles": [], "people": []}
    assert suggest(client, "1 2 №") == {"articles": [], "people": []}


def test_drafts_are_not_suggested(client):
    make_article("Перемовини таємні", status=Article.Status.DRAFT)
    assert titles(suggest(client, "перемов")) == []


@pytest.mark.parametrize("size", [2, 30])
def test_the_endpoint_runs_two_queries_whatever_the_number_of_matches(
    client, django_assert_num_queries, size
):
    section = make_section()
    for n in range(size):
        make_article(f"Перемовини, день {n}", section=section)
        make_person(f"Петро Перемовник{n}")
    with django_assert_num_queries(2):
        data = suggest(client, "перем")
    assert len(data["articles"]) == len(data["people"]) == min(size, 5)


def test_the_answer_is_public_cached_and_purged_when_a_story_is_published(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_article("Перемовини перші")
    response = client.get(URL, {"q": "перемов", "utm_source": "x"})
    assert "public" in response["Cache-Control"]
    assert response["Surrogate-Key"] == "search"
    assert "Vary" not in response or "Cookie" not in response["Vary"]
    assert titles(suggest(client, "перемов")) == ["Перемовини перші"]

    draft = make_article("Перемовини другі", status=Article.Status.DRAFT)
    services.article_publish(article=draft, user=make_staff(EDITOR))

    assert titles(suggest(client, "перемов")) == ["Перемовини другі", "Перемовини перші"]


@pytest.mark.parametrize("q", ["п" * 201, "пере\x00мов"])
def test_an_overlong_query_or_a_nul_is_refused_in_ukrainian(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 400
    assert "200" in response.json()["error"]
    assert "символів" in response.json()["error"]
