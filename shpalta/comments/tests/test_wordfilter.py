import pytest

from shpalta.comments.wordfilter import check


@pytest.mark.parametrize(
    "text",
    ["Це пиздець", "пиздою", "йобаного", "Мудаки", "заїбали вже", "хуйло", "ну блядь"],
)
def test_banned_words_are_caught_in_every_inflected_form(text):
    assert check(text) == "banned"


@pytest.mark.parametrize(
    "text",
    [
        "xуй",  # Latin x
        "хyй",  # Latin y
        "x y й",
        "х у й",  # spaced out
        "х.у.й",
        "п1зда",  # digit for a letter
        "3аїбали",
        "пИзДа",
    ],
)
def test_look_alike_letters_spacing_and_digits_do_not_hide_a_banned_word(text):
    assert check(text) == "banned"


@pytest.mark.parametrize("text", ["Ти дебіл", "дебілами", "ідіотові", "такий придурок", "сука"])
def test_insults_are_suspect(text):
    assert check(text) == "suspect"


@pytest.mark.parametrize(
    "text",
    [
        "страхуй мене",
        "скипидар",
        "хуртовина мете",
        "Страхування від хуртовини",
        "я і ти",
        "a b c",
        "Переговори тривали 3 години",
    ],
)
def test_innocent_words_are_not_caught(text):
    assert check(text) is None


def test_an_ambiguous_form_is_at_worst_held_never_refused():
    # «сук» is a bough, and also the genitive plural of «сука»: a moderator decides.
    assert check("сук на дереві") != "banned"
