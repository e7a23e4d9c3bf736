"""Ukrainian words for search and name matching: tokens, lemmas and index terms.

The one place that knows how Ukrainian text is cut into words and words into lemmas
(choices measured in docs/search.md): text folded by ``shpalta.lib.text.fold`` (NFC, one
apostrophe, no stress marks or invisible characters, Latin look-alikes inside Cyrillic
words made Cyrillic), a regex tokenizer, and the
UNION of every normal form pymorphy3 offers (its first parse is arbitrary in Ukrainian).
Unknown words keep their surface form beside the predicted lemma; hyphenated words
count whole and by their parts. The dictionary loads once per process.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from shpalta.lib.text import cyrillic_lookalikes, fold, fold_with_offsets

WORD = re.compile(r"\w+(?:'\w+)*(?:-\w+(?:'\w+)*)*")
LATIN_LETTER = re.compile("[A-Za-z]")
# Index terms longer than this are dropped: PostgreSQL refuses lexemes over 2 KB and
# no real word is this long.
MAX_TERM_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Token:
    """A word as it stands in the text: its surface form and where it is."""

    text: str
    start: int
    end: int


@cache
def _analyzer() -> Any:
    import logging

    import pymorphy3

    # It announces every dictionary load at INFO; one line per worker is noise in the logs.
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)
    return pymorphy3.MorphAnalyzer(lang="uk")


def tokens(text: str) -> Iterator[Token]:
    """Words of a text, folded; their positions are in the text as given in NFC, so a
    word with a stress mark or a soft hyphen is marked whole in a snippet."""
    nfc = unicodedata.normalize("NFC", text)
    folded, where = fold_with_offsets(nfc)
    mixed = LATIN_LETTER.search(folded) is not None  # most texts need no look-alike check
    for match in WORD.finditer(folded):
        start, end = match.start(), match.end()
        if where is not None:
            start, end = where[start], where[end] if end < len(where) else len(nfc)
        word = match.group()
        yield Token(cyrillic_lookalikes(word) if mixed else word, start, end)


def words(text: str) -> list[str]:
    return [token.text for token in tokens(text)]


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index spelling of a word or lemma: lower case, letters and digits only.

    Apostrophes, hyphens and underscores would be separators for SQLite's unicode61
    and PostgreSQL's parser alike; dropping them gives both engines the same terms.
    """
    return "".join(ch for ch in word.lower() if ch.isalnum())


@lru_cache(maxsize=200_000)
def _word_lemmas(word: str) -> frozenset[str]:
    """Every normal form of one word without hyphens (lower case)."""
    lower = word.lower()
    if not any(ch.isalpha() for ch in lower):
        return frozenset({lower})  # numbers: 2023
    morph = _analyzer()
    forms = {parse.normal_form for parse in morph.parse(lower)}
    if not morph.word_is_known(lower):
        forms.add(lower)  # an unknown word keeps its surface beside the guess
    return frozenset(forms)


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> frozenset[str]:
    """Lemmas of one word: the union of all normal forms; hyphenated words whole and by parts."""
    word = cyrillic_lookalikes(fold(word)).strip("'-")
    if not word:
        return frozenset()
    found = set(_word_lemmas(word))
    if "-" in word:
        for part in word.split("-"):
            if part:
                found |= _word_lemmas(part)
    return frozenset(found)


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word: its lemmas spelled as :func:`term`, too-long ones dropped."""
    return frozenset(
        t for t in (term(lemma) for lemma in lemmas(word)) if t and len(t) <= MAX_TERM_LENGTH
    )


def text_terms(text: str) -> str:
    """A text as the space-separated index terms of its words, in order (what we index)."""
    return text_terms_and_forms(text)[0]


def text_terms_and_forms(text: str) -> tuple[str, set[str]]:
    """:func:`text_terms`, and its words as written spelt as terms (one pass)."""
    found, forms = [], set()
    for token in tokens(text):
        found.append(" ".join(sorted(word_terms(token.text))))
        forms.add(term(token.text))
    return " ".join(found), forms
