"""Ukrainian text helpers shared by every app: normalisation and slugs."""

import re
import unicodedata
from typing import TYPE_CHECKING

from translitua import UkrainianKMU, translit

if TYPE_CHECKING:
    from django.db.models import Q

# Every apostrophe a Ukrainian text may carry is the same letter to us.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'", "\u2018": "'"})
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
