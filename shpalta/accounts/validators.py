"""Rules for public display names: readable, honest, not posing as the newsroom."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MIN = 2
DISPLAY_NAME_MAX = 80
MAX_COMBINING_RUN = 2

# Letters that look alike in Latin and Cyrillic (lower case), for the "posing as staff" test.
_LATIN_TO_CYRILLIC = str.maketrans("aceiopxykmhtbj", "асеіорхукмнтвј")
_CYRILLIC_TO_LATIN = str.maketrans("асеіорхукмнтвјї", "aceiopxykmhtbji")
RESERVED_NAMES = {
    "редакція",
    "редактор",
    "адміністратор",
    "адміністрація",
    "адмін",
    "модератор",
    "шпальта",
    "підтримка",
    "admin",
    "administrator",
    "moderator",
    "editor",
    "staff",
    "support",
    "shpalta",
    "root",
}


def _script(char: str) -> str | None:
    """'latin', 'cyrillic' or 'greek' for a letter of those scripts, else None."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return None


def _words(value: str) -> list[str]:
    word, words = [], []
    for char in value:
        if char.isalpha() or unicodedata.category(char).startswith("M"):
            word.append(char)
        else:
            if word:
                words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return words


def _skeleton_words(value: str) -> set[str]:
    words = [w.casefold().replace("'", "") for w in _words(value)]
    out = set()
    for word in words:
        out.add(word)
        out.add(word.translate(_LATIN_TO_CYRILLIC))
        out.add(word.translate(_CYRILLIC_TO_LATIN))
    return out


def normalize_display_name(value: str) -> str:
    """NFC and single spaces; the stored form of a display name."""
    value = unicodedata.normalize("NFC", value or "")
    return " ".join(value.split())


def validate_display_name(value: str) -> None:
    """Refuse names that are empty, invisible, too long or mixed-script."""
    if len(value) > DISPLAY_NAME_MAX:
        raise ValidationError(
            _("The display name is too long: at most %(max)d characters."),
            code="too_long",
            params={"max": DISPLAY_NAME_MAX},
        )
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ValidationError(
                _("The display name contains control or invisible characters. Please remove them."),
                code="invisible",
            )
    run = 0
    for char in value:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        if run > MAX_COMBINING_RUN:
            raise ValidationError(
                _("The display name has too many stacked accent marks."), code="combining"
            )
    visible = [char for char in value if char.isalnum()]
    if len(visible) < DISPLAY_NAME_MIN:
        raise ValidationError(
            _("The display name needs at least two letters or digits."), code="too_short"
        )
    for word in _words(value):
        scripts = {_script(char) for char in word} - {None}
        if len(scripts) > 1:
            raise ValidationError(
                _(
                    "The word «%(word)s» mixes letters of different alphabets (for example a "
                    "Latin «e» among Cyrillic letters). Please type it in one alphabet."
                ),
                code="mixed_script",
                params={"word": word},
            )


def validate_display_name_not_staff(value: str) -> None:
    """Readers may not take the newsroom's names (staff accounts are made by admins)."""
    reserved = RESERVED_NAMES | _skeleton_words(getattr(settings, "SITE_NAME", ""))
    if _skeleton_words(value) & reserved:
        raise ValidationError(
            _("This name is reserved for the newsroom's staff. Please choose another one."),
            code="reserved",
        )
