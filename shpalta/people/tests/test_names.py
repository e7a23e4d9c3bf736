"""People suggestions are precise: surname plus first name or initial, gender, sentence starts.

Run on both databases (the text rules are Python; the people come from the database).
"""

import pytest

from shpalta.people.services import article_suggest_people
from shpalta.testing import make_article, make_person

pytestmark = pytest.mark.django_db

PEOPLE = [
    "Олександр Попов",
    "Віктор Янукович",
    "Андрій Кравець",
    "Рінат Ахметов",
    "Сергій Лавров",
    "Мері Бет Лонг",
]


@pytest.fixture(autouse=True)
def people():
    return {name: make_person(name) for name in PEOPLE}


def suggested(text: str) -> list[str]:
    article = make_article("Новини дня", body=f"<p>{text}</p>")
    return sorted(person.name for person in article_suggest_people(article=article))


@pytest.mark.parametrize(
    "text",
    [
        "Марія Попова очолила раду.",
        "Людмила Янукович відвідала лікарню.",
        "Кравець пошив костюм на замовлення.",
        "Компанія Ахметової отримала ліцензію.",
        "Зустріч із Ахметовою перенесли.",
        "Марія Попова сказала, що Попова не піде у відставку.",
        "М. Попова виступила першою.",
        "Гілка лаврова і путівка до моря.",
    ],
)
def test_a_namesake_a_woman_or_a_common_word_suggests_nobody(text):
    assert suggested(text) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("Олександр Попов заявив про відставку.", "Олександр Попов"),
        ("Слова Олександра Попова підтвердили.", "Олександр Попов"),
        ("Заяву О. Попова оприлюднили.", "Олександр Попов"),
        ("Про це повідомив Попов.", "Олександр Попов"),
        ("Віктора Януковича засудили заочно.", "Віктор Янукович"),
        ("Андрій Кравець пошив костюм.", "Андрій Кравець"),
        ("Кравець пошив костюм. Андрій Кравець відомий кравець.", "Андрій Кравець"),
        ("Замовлення отримав Кравець.", "Андрій Кравець"),
        ("Компанія Ахметова отримала ліцензію.", "Рінат Ахметов"),
        ("Рінат Ахметов купив клуб.", "Рінат Ахметов"),
        ("Інтерв'ю з Мері Бет Лонг.", "Мері Бет Лонг"),
        ("Зустріч із Лавровим.", "Сергій Лавров"),
    ],
)
def test_the_person_is_suggested_by_full_name_initial_or_surname_alone(text, name):
    assert suggested(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Олександр Попов заявив про відставку.",
        "Заяву О. Попова оприлюднили.",
        "Слова Олександра Попова підтвердили.",
        "Олександр Іванович Попов прийшов на засідання.",
        "Документ підписав О. І. Попов.",
        "Попов Олександр Іванович, директор, відмовився.",
    ],
)
def test_a_person_stored_surname_first_with_a_patronymic_is_suggested(text, people):
    people["Олександр Попов"].delete()
    make_person("Попов Олександр Іванович")
    assert suggested(text) == ["Попов Олександр Іванович"]


def test_a_woman_with_a_feminine_surname_is_suggested_and_not_her_namesake():
    make_person("Олена Ахметова")
    assert suggested("Компанія Ахметової отримала ліцензію.") == ["Олена Ахметова"]
    assert suggested("Олена Ахметова дала інтерв'ю.") == ["Олена Ахметова"]


def test_a_woman_whose_surname_does_not_change_is_told_apart_by_her_first_name():
    make_person("Людмила Янукович")
    assert suggested("Людмила Янукович відвідала лікарню.") == ["Людмила Янукович"]
    assert suggested("Віктор Янукович втік.") == ["Віктор Янукович"]
