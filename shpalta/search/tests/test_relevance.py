"""A small relevance set: queries and the stories that must come first, on both engines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shpalta.search.query import parse_query
from shpalta.search.selectors import search_articles
from shpalta.testing import make_article

pytestmark = pytest.mark.django_db

FILLER = "<p>" + " ".join(["Депутати обговорили також інші питання порядку денного."] * 40) + "</p>"


def titles(text: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query=parse_query(text))]


def test_a_title_that_says_it_beats_a_short_story_that_mentions_it():
    make_article(
        "Новина дня",
        lead="Коротко.",
        body="<p>Переговори. Зернова угода. Переговори щодо угоди.</p>",
    )
    make_article("Переговори щодо зернової угоди", lead="Що відомо.", body=FILLER)
    assert titles("переговори зернова угода")[0] == "Переговори щодо зернової угоди"


def test_the_exact_form_beats_a_form_of_another_word():
    make_article("Мені сказали правду", lead="Свідчення.")
    make_article("Мена землі на зерно", lead="Давня угода.")
    assert titles("мена")[0] == "Мена землі на зерно"


def test_a_surname_in_the_feminine_puts_her_before_him():
    make_article("Ахметов купив завод", lead="Угода року.")
    make_article("Заява Ахметової", lead="Суддя відповіла.")
    assert titles("Ахметової")[0] == "Заява Ахметової"


def test_words_side_by_side_beat_words_far_apart():
    make_article("Лавров і Сергій Шойгу", lead="Зустріч у Москві.")
    make_article("Сергій Лавров прибув до Анкари", lead="Візит.")
    assert titles("Сергій Лавров")[0] == "Сергій Лавров прибув до Анкари"


def test_among_equals_the_newer_story_comes_first():
    old = timezone.now() - timedelta(days=400)
    make_article("Бюджет на рік", published_at=old)
    make_article("Бюджет на рік ухвалено")
    assert titles("бюджет")[0] == "Бюджет на рік ухвалено"


def test_the_sample_question_set():
    """Queries a reader types and the story they expect on top."""
    stories = {
        "Україна отримала нову партію гуманітарної допомоги": "гуманітарна допомога",
        "Верховна Рада ухвалила закон про місцеві бюджети": "закон про бюджети",
        "Переговори США та Росії у Женеві": "перемовини в Женеві",
        "Київ приймає саміт безпеки": "саміт у Kyiv",
        "Проєкт метро на Виноградар": "проект метро",
    }
    for title in stories:
        make_article(title, body=FILLER)
    make_article("Допомога прийшла", body="<p>Гуманітарна місія працює; закон; бюджети.</p>")
    for title, query in stories.items():
        assert titles(query)[0] == title, query
