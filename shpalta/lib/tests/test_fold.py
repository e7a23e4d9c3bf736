"""Search folding: what a reader types and what a story says become the same words."""

import itertools
import unicodedata

import pytest
from django.utils.html import escape

from shpalta.comments.wordfilter import check
from shpalta.lib.text import fold
from shpalta.lib.ukrainian import tokens, word_terms, words
from shpalta.search.snippets import highlight
from shpalta.testing import hostile_strings


@pytest.mark.parametrize(
    "typed",
    [
        "Поро\u0301шенко",  # a stress mark
        "Поро\u00adшенко",  # a soft hyphen
        "Поро\u200bшенко",  # a zero-width space
        "Поро\u2060шенко",  # a word joiner
        "\ufeffПорошенко",  # a byte-order mark
        "Пopoшенко",  # Latin o and p
        "ПОРОШЕНКО",
        "Порошенка",
    ],
)
def test_a_name_typed_with_invisible_or_look_alike_characters_is_the_same_word(typed):
    assert words(typed) == [words(typed)[0]]
    assert word_terms(words(typed)[0]) & word_terms("Порошенко")


def test_underscores_and_other_joiners_separate_words():
    assert words("ціни_на_газ") == ["ціни", "на", "газ"]
    assert words("ціни‿газ") == ["ціни", "газ"]


def test_every_apostrophe_is_one_and_decomposed_letters_are_composed():
    assert {fold(w) for w in ("зв'язок", "зв’язок", "звʼязок", "зв`язок", "зв‘язок")} == {"зв'язок"}
    assert fold("и\u0306ти на ї\u0301жу") == "йти на їжу"
    assert fold("\u0456\u0308") == "ї"


def test_compatibility_forms_become_plain_letters():
    assert fold("ﬁnance Ｋｙｉｖ") == "finance Kyiv"
    assert fold("Café") == "Cafe"


def test_latin_words_and_mixed_brand_names_keep_their_letters():
    assert words("iPhone-ом COVID-19 G7") == ["iPhone-ом", "COVID-19", "G7"]


def test_a_cyrillic_word_typed_with_a_latin_i_is_found():
    assert word_terms("Укpaїнa") == word_terms("Україна")
    assert word_terms("icтopiя") == word_terms("історія")


def test_the_comment_filter_still_sees_through_look_alikes():
    assert check("xуй") == "banned"
    assert check("ХУЙ") == "banned"


def test_the_highlight_marks_a_word_with_a_stress_mark_whole():
    assert str(highlight("Петро Поро\u0301шенко сказав", word_terms("Порошенко"))) == (
        "Петро <mark>Поро\u0301шенко</mark> сказав"
    )


@pytest.mark.parametrize("text", hostile_strings())
def test_folding_hostile_strings_is_stable_and_keeps_the_text_around_marks(text):
    assert fold(fold(text)) == fold(text)
    nfc = unicodedata.normalize("NFC", text)
    spans = [(t.start, t.end) for t in tokens(text)]
    assert all(0 <= a < b <= len(nfc) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    terms = frozenset().union(*(word_terms(t.text) for t in tokens(text)))
    marked = str(highlight(text, terms))
    assert marked.replace("<mark>", "").replace("</mark>", "") == escape(nfc)
