"""Search that forgives: invisible characters, old and new spellings, Latin spellings,
typos. The same tests run on SQLite and on PostgreSQL (``DATABASE_URL``)."""

import pytest
from lxml import html as lxml_html

from shpalta.search.query import parse_query
from shpalta.search.selectors import search_articles
from shpalta.search.typos import distance
from shpalta.search.variants import latin_readings, word_variants
from shpalta.testing import make_article

pytestmark = pytest.mark.django_db


def titles(text: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query=parse_query(text))]


def page(client, q: str, **params) -> tuple[list[str], str]:
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    notes = " ".join(p.text_content() for p in tree.cssselect(".search-note"))
    return [a.text_content() for a in tree.cssselect(".search-hit h2 a")], " ".join(notes.split())


@pytest.mark.parametrize(
    "typed",
    ["Поро\u0301шенко", "Поро\u00adшенка", "Поро\u200bшенком", "Пopoшенко", "ПОРОШЕНКО"],
)
def test_a_name_with_a_stress_mark_an_invisible_character_or_latin_letters_is_found(typed):
    make_article("Порошенко прибув до Брюсселя")
    assert titles(typed) == ["Порошенко прибув до Брюсселя"]


def test_a_story_written_with_a_stress_mark_or_a_soft_hyphen_is_found_by_the_plain_word():
    make_article("Заява Поро\u0301шенка", body="<p>Зелен\u00adський відповів.</p>")
    assert titles("Порошенко") == ["Заява Поро\u0301шенка"]
    assert titles("Зеленського") == ["Заява Поро\u0301шенка"]


def test_an_underscore_joins_nothing():
    make_article("Ціни на газ зросли")
    assert titles("ціни_газ") == ["Ціни на газ зросли"]


@pytest.mark.parametrize(
    ("story", "queries"),
    [
        ("Уряд схвалив проєкт бюджету", ["проект", "проекту", "проєкт"]),
        ("Уряд схвалив проект бюджету", ["проєкт", "проєкту"]),
        ("Рада підтримала законопроєкт", ["законопроект", "законопроекту"]),
        ("У фойє театру відкрили виставку", ["фойе"]),
        ("Справа Гонгадзе", ["Ґонґадзе", "Ґонгадзе"]),
        ("Новий вебсайт міністерства", ["веб-сайт", "вебсайту"]),
        ("Новий веб-сайт міністерства", ["вебсайт", "вебсайті"]),
        ("Парад у Києві", ["Київ", "Kyiv", "Kiev", "Киев", "КИЄВІ"]),
        ("Обстріл Запоріжжя", ["Zaporizhzhia", "Запорожье"]),
        ("Харків готується до зими", ["Kharkiv", "Kharkov"]),
        ("Зеленський виступив у Сенаті", ["Zelensky", "Zelenskyi", "Zelenskyy", "Zelenskiy"]),
        ("Тимошенко подала позов", ["Tymoshenko"]),
        ("Заява Лаврова", ["Lavrov"]),
    ],
)
def test_old_and_new_spellings_and_latin_spellings_find_the_same_story(story, queries):
    make_article(story)
    make_article("Погода на вихідні")
    for query in queries:
        assert titles(query) == [story], query


def test_the_variants_table():
    assert {"проект", "проєкт"} <= word_variants("проекту")
    assert {"київ", "киев", "kyiv", "kiev"} <= word_variants("Києві")
    assert {"переговори", "перемовини"} <= word_variants("переговорів")
    assert "ґонґадзе" in word_variants("Гонгадзе")
    assert latin_readings("zelensky") == {"зеленський"}
    assert "порошенко" in latin_readings("Poroshenko")
    assert latin_readings("g7") == frozenset()


def test_the_edit_distance_counts_a_swap_as_one_edit():
    assert distance("переговри", "переговори", 2) == 1
    assert distance("переогвори", "переговори", 2) == 1
    assert distance("абв", "абвгде", 2) == 3


# Made-up misspellings of a noun, a verb, an adjective, an adverb, a numeral and names:
# the stories are indexed, the reader's word is not.
@pytest.mark.parametrize(
    ("story", "typo", "corrected"),
    [
        ("Порушення дисципліни у війську", "дисциплини", "дисципліни"),
        ("Президент підписав указ", "підпсав", "підписав"),
        ("Зростання економічної активності", "економчної", "економічної"),
        ("Поліція негайно відреагувала", "негайнно", "негайно"),
        ("Сімнадцять рятувальників нагородили", "сімнадцть", "сімнадцять"),
        ("Роман про Скшетуського", "Скшетуский", "Скшетуський"),
        ("Ахметов продав актив", "Ахмтов", "Ахметов"),
        ("Нова кава", "кова", "кава"),
    ],
)
def test_a_misspelt_word_shows_the_results_of_its_nearest_indexed_spelling(
    client, story, typo, corrected
):
    make_article(story)
    make_article("Погода на вихідні")
    found, notes = page(client, typo)
    assert found == [story]
    assert f"показано результати для «{corrected.lower()}»" in notes.lower()
    assert f"Шукати саме «{typo}»" in notes


def test_a_typo_in_a_name_of_two_words_is_corrected_and_exact_search_finds_nothing(client):
    make_article("США та Росія провели переговори", body="<p>Говорив і Лавров.</p>")
    found, notes = page(client, "переговри Лаврова")
    assert found == ["США та Росія провели переговори"]
    assert "Показано результати для «переговори Лаврова»." in notes
    found, notes = page(client, "переговри Лаврова", exact="1")
    assert (found, notes) == ([], "")


def test_a_better_spelling_is_suggested_when_the_typo_itself_finds_a_little(client):
    make_article("Переговри тривали довго")  # the typo is in a story too
    for n in range(3):
        make_article(f"Переговори у столиці {n}")
    found, notes = page(client, "переговри")
    assert found == ["Переговри тривали довго"]
    assert notes == "Можливо, ви мали на увазі «переговори»?"
    response = client.get("/search/", {"q": "переговри"})
    assert b'href="?q=%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D0%B8"' in (
        response.content
    )


def test_a_rare_word_is_left_alone_when_its_neighbour_finds_no_more(client):
    make_article("Мена землі на зерно")
    make_article("Мене не питали")
    found, notes = page(client, "мена")
    assert found == ["Мена землі на зерно"]
    assert notes == ""


def test_no_story_with_every_word_shows_the_stories_with_all_but_one(client):
    make_article("Переговори у Женеві")
    make_article("Погода на вихідні")
    found, notes = page(client, "переговори Женева кавун")
    assert found == ["Переговори у Женеві"]
    assert "Жодна стаття не містить усіх слів" in notes


def test_nothing_like_any_indexed_word_says_nothing_was_found(client):
    make_article("Погода на вихідні")
    found, notes = page(client, "ъъъъъъ")
    assert (found, notes) == ([], "")
