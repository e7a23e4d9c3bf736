import pytest

from shpalta.lib.ukrainian import lemmas, text_terms, word_terms, words

# Query word → the form the text has (the pairs measured when the lemmatiser was chosen).
INFLECTION_PAIRS = [
    ("Лавров", "Лаврова"),
    ("Лаврова", "Лавров"),
    ("війна", "війни"),
    ("війну", "війною"),
    ("переговори", "переговорах"),
    ("переговори", "переговорів"),
    ("таємні", "таємних"),
    ("Росія", "Росії"),
    ("Росії", "Росією"),
    ("Україна", "Україні"),
    ("зустріч", "зустрічі"),
    ("Путін", "Путіна"),
    ("Гаас", "Гааса"),
    ("Купчан", "Купчана"),
    ("Байден", "Байдена"),
    ("дипломатичне", "дипломатичного"),
    ("економіка", "економіку"),
    ("зв'язок", "зв’язку"),
    ("злочин", "злочини"),
    ("територія", "територій"),
    ("держава", "державою"),
]


@pytest.mark.parametrize(("query", "text"), INFLECTION_PAIRS)
def test_a_word_finds_its_other_forms(query, text):
    assert word_terms(query) & word_terms(text)


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("Лаврова", "лавров"), ("Путіна", "путін"), ("Гааса", "гаас"), ("Купчана", "купчан")],
)
def test_surnames_in_the_genitive_lead_to_the_nominative(word, lemma):
    assert lemma in lemmas(word)


def test_every_normal_form_is_kept_not_just_the_first_parse():
    assert {"війна", "війнути"} <= lemmas("війни")
    assert {"лавров", "лавровий"} <= lemmas("Лаврова")


@pytest.mark.parametrize("spelling", ["зв'язку", "зв’язку", "звʼязку", "зв`язку", "зв‘язку"])
def test_every_apostrophe_is_the_same_letter(spelling):
    assert "зв'язок" in lemmas(spelling)
    assert words(f"канал {spelling} з РФ") == ["канал", "зв'язку", "з", "РФ"]


def test_hyphenated_words_count_whole_and_by_their_parts():
    assert words("державою-спонсоркою тероризму") == ["державою-спонсоркою", "тероризму"]
    found = lemmas("державою-спонсоркою")
    assert {"держава", "спонсорка"} <= found
    assert any("-" in lemma for lemma in found)


def test_unknown_words_keep_their_surface_beside_the_guess():
    assert {"шахедами", "шахед"} <= lemmas("шахедами")
    assert word_terms("шахеди") & word_terms("шахедами")


def test_latin_words_and_numbers_are_words_too():
    assert words("Лідери G7 і NBC News у 2023 році") == [
        "Лідери",
        "G7",
        "і",
        "NBC",
        "News",
        "у",
        "2023",
        "році",
    ]
    assert word_terms("G7") == {"g7"}
    assert word_terms("NBC") == {"nbc"}
    assert word_terms("2023") == {"2023"}


def test_index_terms_are_only_letters_and_digits():
    terms = text_terms("Канал зв’язку з РФ, держава-спонсор — «NBC» (2023)!").split()
    assert all(term.isalnum() for term in terms)
    assert {"звязок", "рф", "державаспонсор", "держава", "спонсор", "nbc", "2023"} <= set(terms)
