"""Ukrainian text helpers shared by every app: normalisation and slugs."""

import re
import unicodedata
from typing import TYPE_CHECKING

from translitua import UkrainianKMU, translit

if TYPE_CHECKING:
    from django.db.models import Q

# Every apostrophe a Ukrainian text may carry is the same letter to us.
APOSTROPHE_CHARS = "\u2019\u02bc`\u2018\u2032\uff07"
APOSTROPHES = str.maketrans({ch: "'" for ch in APOSTROPHE_CHARS})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """NFC plus one apostrophe (U+0027), as the morphology dictionary expects."""
    return unicodedata.normalize("NFC", text).translate(APOSTROPHES)


def slugify_uk(text: str, max_length: int = 80) -> str:
    """Slug by the official KMU-55 (2010) transliteration: «Юрій» → ``yurii``."""
    latin = translit(normalize(text).replace("'", ""), UkrainianKMU)
    # Letters the table does not know (accents, other scripts) become plain ASCII or go.
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def icontains_any_case(field: str, text: str) -> "Q":
    """A case-insensitive ``icontains`` on every database: SQLite folds only ASCII letters,
    so the usual spellings of Cyrillic words are asked for too («рада» finds «Рада»)."""
    from django.db.models import Q

    condition = Q()
    for variant in {text, text.lower(), text.capitalize(), text.upper(), text.title()}:
        condition |= Q(**{f"{field}__icontains": variant})
    return condition


# --- Folding for search: what a reader types and what a story says become the same words --

# Latin letters that look like Cyrillic ones (lower case). The comment word filter adds
# digits and symbols to it; search maps them, in either case, inside Cyrillic words only.
LATIN_LOOKALIKES = {
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "i": "і",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
}
_LOOKALIKE_CASES = str.maketrans(
    {**LATIN_LOOKALIKES, **{lat.upper(): cyr.upper() for lat, cyr in LATIN_LOOKALIKES.items()}}
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Characters that need no folding: ASCII but «_» and «`», Cyrillic letters without the
# precomposed stressed ѐ/ѝ, and everyday typography. Anything else is looked at one by one.
_SPECIAL = re.compile(
    "[^\x00-\x5e\x61-\x7f\u0401-\u040c\u040e-\u044f\u0451-\u045c\u045e\u045f\u0490\u0491"
    "\u00a0\u00ab\u00bb\u2013\u2014\u2026\u201c-\u201e]"
)
# Soft hyphen, zero-width space/joiners, word joiner, BOM, direction marks: invisible
# characters that split a word for the engines without showing a break to the reader.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u180e\u061c")
# Breve and diaeresis make й, ї, ё, ў out of Cyrillic letters; every other mark (a
# stress mark, an accent) is dropped.
_LETTER_MARKS = frozenset("\u0306\u0308")


def _fold_char(ch: str, before: str) -> str:
    """What one special character becomes; ``before`` is the folded text just before it."""
    if ch in APOSTROPHE_CHARS:
        return "'"
    if ch in _INVISIBLE:
        return ""
    category = unicodedata.category(ch)
    if category == "Pc":  # «_», «‿»: joiners are separators
        return " "
    if category in ("Mn", "Me"):
        return ch if ch in _LETTER_MARKS and _CYRILLIC.match(before[-1:]) else ""
    if category[0] == "L" or category == "Nd":
        # NFKC for letters and digits (ligatures, full-width forms), without their marks.
        parts = unicodedata.normalize("NFKD", ch)
        kept = "".join(
            part
            for i, part in enumerate(parts)
            if not unicodedata.combining(part)
            or (part in _LETTER_MARKS and i and _CYRILLIC.match(parts[0]))
        )
        folded = unicodedata.normalize("NFC", kept)
        # Only where it stays one word: «ﷺ» would fold into a whole sentence.
        return folded if folded.isalnum() else ch
    return ch


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """:func:`fold` and, when lengths changed, each folded character's index in ``text``.

    Offsets are ``None`` when every character kept its place (the usual case).
    """
    pieces: list[str] = []
    where: list[int] = []
    shifted = False
    at = 0
    for match in _SPECIAL.finditer(text):
        i = match.start()
        if i > at:
            pieces.append(text[at:i])
            where.extend(range(at, i))
        folded = _fold_char(match.group(), pieces[-1] if pieces else "")
        if folded and unicodedata.combining(folded[0]) and pieces and pieces[-1]:
            # A breve or diaeresis after a Cyrillic letter: compose «и» + U+0306 into «й».
            composed = unicodedata.normalize("NFC", pieces[-1][-1] + folded)
            pieces[-1] = pieces[-1][:-1] + composed
            shifted = True
            folded = ""
        if len(folded) != 1:
            shifted = True
        pieces.append(folded)
        where.extend([i] * len(folded))
        at = i + 1
    if not pieces:
        return text, None
    pieces.append(text[at:])
    where.extend(range(at, len(text)))
    return "".join(pieces), where if shifted else None


def fold(text: str) -> str:
    """Text as search sees it: NFC, one apostrophe, no stress marks, accents or invisible
    characters (soft hyphen, zero-width), joiners such as «_» as spaces, compatibility
    forms (ligatures, full-width letters) as plain letters. Words keep their case."""
    return fold_with_offsets(unicodedata.normalize("NFC", text))[0]


def cyrillic_lookalikes(word: str) -> str:
    """A word with Latin look-alike letters inside a Cyrillic word made Cyrillic
    («Пopoшенко» with Latin o and p → «Порошенко»); each hyphenated part on its own, and
    only when every Latin letter of the part has a look-alike («iPhone-ом» stays)."""
    if not (_LATIN.search(word) and _CYRILLIC.search(word)):
        return word
    parts = word.split("-")
    for n, part in enumerate(parts):
        latin = _LATIN.findall(part)
        if latin and _CYRILLIC.search(part) and all(ch.lower() in LATIN_LOOKALIKES for ch in latin):
            parts[n] = part.translate(_LOOKALIKE_CASES)
    return "-".join(parts)
