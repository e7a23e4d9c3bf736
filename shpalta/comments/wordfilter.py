"""Banned and suspect words in comments, in every inflected form and through disguises.

Each list entry is a lemma; at load time pymorphy3 expands it to its whole paradigm, and
each word of a comment is matched by its surface form and by its lemmas
(``shpalta.lib.ukrainian``). Before matching, a comment is undisguised: Latin look-alike
letters inside Cyrillic words become Cyrillic («xуй»), digits inside words become the
letters they imitate («xу1»), and letters spaced or dotted out («х у й», «х.у.й») are
joined. Whole words only: «страхуй», «скипидар», «хуртовина» never match.
"""

import re
from functools import cache
from pathlib import Path

from shpalta.lib.text import LATIN_LOOKALIKES, normalize
from shpalta.lib.ukrainian import _analyzer, lemmas

WORDS_DIR = Path(__file__).resolve().parent / "words"
BANNED = "banned"
SUSPECT = "suspect"

# The search's Latin look-alike letters plus what only an insult bothers to disguise.
LOOKALIKES = str.maketrans(
    {
        **LATIN_LOOKALIKES,
        "ё": "е",
        "0": "о",
        "1": "і",
        "3": "з",
        "4": "ч",
        "6": "б",
        "@": "а",
        "$": "с",
    }
)
CYRILLIC = re.compile(r"[а-яіїєґё]")
# Runs of single letters separated by spaces, dots, dashes, stars or underscores.
SPACED = re.compile(r"(?<!\w)(?:\w[\s.\-*_]+){2,}\w(?!\w)")
WORD = re.compile(r"[\w@$'’ʼ]+")


def _load(name: str) -> frozenset[str]:
    text = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@cache
def _lists() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Name → (lemmas, every form of them)."""
    morph = _analyzer()
    result = {}
    for name in (BANNED, SUSPECT):
        entries = _load(name)
        forms = set(entries)
        for entry in entries:
            for parse in morph.parse(entry):
                if parse.normal_form == entry:
                    forms.update(form.word for form in parse.lexeme)
        result[name] = (entries, frozenset(forms))
    return result


def _undisguise(word: str) -> str:
    word = word.lower().replace("’", "'").replace("ʼ", "'")
    if CYRILLIC.search(word) or any(ch.isdigit() for ch in word):
        word = word.translate(LOOKALIKES)
    return word


def candidate_words(text: str) -> list[str]:
    """The words of a comment after joining spaced-out letters and mapping look-alikes."""
    text = normalize(text)
    joined = SPACED.sub(lambda m: re.sub(r"[\s.\-*_]+", "", m.group()), text)
    raw = WORD.findall(joined)
    found = [_undisguise(w) for w in raw]
    # «1» stands for «і» or «и».
    found += [_undisguise(w.replace("1", "и")) for w in raw if "1" in w]
    if joined != text:  # the spaced letters could also be honest one-letter words
        found += [_undisguise(w) for w in WORD.findall(text)]
    # A word all in Latin letters that reads as Cyrillic («xyй») is checked both ways.
    found += [w.translate(LOOKALIKES) for w in found if not CYRILLIC.search(w)]
    return found


def _matches(word: str, name: str) -> bool:
    entries, forms = _lists()[name]
    if not CYRILLIC.search(word):
        return word in forms
    if lemmas(word) & entries:
        return True
    # A dictionary word is judged by its lemmas alone: «сук» (a bough) is also a form of
    # «сука», and must not be caught. Unknown words fall back to the expanded forms.
    return word in forms and not _analyzer().word_is_known(word)


def check(text: str) -> str | None:
    """``"banned"``, ``"suspect"`` or None: the worst list a comment's words fall in."""
    words = candidate_words(text)
    if any(_matches(w, BANNED) for w in words):
        return BANNED
    if any(_matches(w, SUSPECT) for w in words):
        return SUSPECT
    return None
