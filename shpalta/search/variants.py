"""What else a reader may mean by a word: synonyms, old and new spellings, Latin spellings.

Applied at query time to a query word's index terms, so the index never needs to be
rebuilt when the table grows. Keep it small and newsroom-edited: a wrong pair makes
every search for either word noisier.
"""

import re
from functools import cache
from itertools import product

from shpalta.lib.ukrainian import _analyzer, term, word_terms

# Words a reader means alike: each group is lemmas (nominative, any case) or spellings.
GROUPS: tuple[tuple[str, ...], ...] = (
    # Synonyms of our own.
    ("переговори", "перемовини"),
    ("росія", "рф"),
    ("сша", "америка"),
    ("єс", "євросоюз"),
    # Places under their legacy, Russian and English names (KMU-55 spellings come below).
    ("київ", "киев", "kiev", "kyiv"),
    ("харків", "харьков", "kharkov", "kharkiv"),
    ("одеса", "одесса", "odessa", "odesa"),
    ("львів", "львов", "lvov", "lviv"),
    ("запоріжжя", "запорожье", "zaporozhye", "zaporizhzhia", "zaporizhia"),
    ("дніпро", "днепр", "dnepr", "dnipro", "дніпропетровськ", "днепропетровск"),
    ("миколаїв", "николаев", "nikolaev", "mykolaiv"),
    ("чорнобиль", "чернобыль", "chernobyl", "chornobyl"),
    ("луганськ", "луганск", "lugansk", "luhansk"),
    ("донецьк", "донецк", "donetsk"),
    ("вінниця", "винница", "vinnitsa", "vinnytsia"),
    ("чернігів", "чернигов", "chernigov", "chernihiv"),
    ("рівне", "ровно", "rovno", "rivne"),
    ("крим", "крым", "crimea", "krym"),
)
# The 2019 orthography and older spellings of the same words, as stems: a term holding
# one holds the other («законопроєкту» ~ «законопроекту»).
SPELLINGS: tuple[tuple[str, str], ...] = (
    ("проєкт", "проект"),
    ("фойє", "фойе"),
    ("конвеєр", "конвейер"),
    ("єврей", "еврей"),
    ("траєктор", "траектор"),
    ("ін'єкц", "инъекц"),
)
# Reading a Latin word back into Ukrainian (KMU-55 and common English spellings). Longest
# first; each Latin piece may stand for several letters, tried in order.
_LATIN_ENDINGS = (
    ("tskyi", "цький"),
    ("tskyy", "цький"),
    ("tsky", "цький"),
    ("skyi", "ський"),
    ("skyy", "ський"),
    ("skiy", "ський"),
    ("skii", "ський"),
    ("sky", "ський"),
    ("ski", "ський"),
)
_LATIN_PIECES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ts", ("ц", "тс")),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("yu", ("ю",)),
    ("iu", ("ю", "ію")),
    ("ya", ("я",)),
    ("ia", ("ія", "я")),
    ("ye", ("є",)),
    ("ie", ("іє", "є")),
    ("yi", ("ї", "ий")),
    ("a", ("а",)),
    ("b", ("б",)),
    ("c", ("к", "ц")),
    ("d", ("д",)),
    ("e", ("е", "є")),
    ("f", ("ф",)),
    ("g", ("г", "ґ")),
    ("h", ("г", "х")),
    ("i", ("і", "и", "ї", "й")),
    ("j", ("й", "дж")),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("o", ("о",)),
    ("p", ("п",)),
    ("q", ("к",)),
    ("r", ("р",)),
    ("s", ("с",)),
    ("t", ("т",)),
    ("u", ("у",)),
    ("v", ("в",)),
    ("w", ("в",)),
    ("x", ("кс",)),
    ("y", ("и", "й", "і")),
    ("z", ("з",)),
)
_LATIN_WORD = re.compile(r"[a-z]+")
# Spellings tried for one Latin word at most: the product of ambiguous letters grows fast.
MAX_READINGS = 256


@cache
def _groups() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in GROUPS:
        terms = {term(entry) for entry in group}
        for one in terms:
            table.setdefault(one, set()).update(terms)
    return {key: frozenset(value) for key, value in table.items()}


def _respelt(one: str) -> set[str]:
    found = set()
    for new, old in SPELLINGS:
        new, old = term(new), term(old)
        if new in one:
            found.add(one.replace(new, old))
        if old in one:
            found.add(one.replace(old, new))
    if "ґ" in one:  # names written with ґ or г (Ґонгадзе, Гонгадзе)
        found.add(one.replace("ґ", "г"))
    elif "г" in one:
        found.add(one.replace("г", "ґ"))
    return found


def _latin_pieces(word: str) -> list[tuple[str, ...]]:
    pieces: list[tuple[str, ...]] = []
    ending: tuple[str, ...] = ()
    for latin, cyrillic in _LATIN_ENDINGS:
        if word.endswith(latin) and len(word) > len(latin) + 1:
            word, ending = word[: -len(latin)], (cyrillic,)
            break
    at = 0
    while at < len(word):
        for latin, letters in _LATIN_PIECES:
            if word.startswith(latin, at):
                pieces.append(letters)
                at += len(latin)
                break
        else:
            return []
    return pieces + ([ending] if ending else [])


@cache
def latin_readings(word: str) -> frozenset[str]:
    """Ukrainian words a Latin word may spell («zelensky» → «зеленський»): readings the
    dictionary knows, or the plainest reading when it knows none (surnames it lacks)."""
    word = word.lower()
    if not _LATIN_WORD.fullmatch(word) or len(word) < 3:
        return frozenset()
    pieces = _latin_pieces(word)
    if not pieces:
        return frozenset()
    morph = _analyzer()
    readings: list[str] = []
    for n, letters in enumerate(product(*pieces)):
        if n >= MAX_READINGS:
            break
        readings.append("".join(letters))
    known = [reading for reading in readings if morph.word_is_known(reading)]
    return frozenset(known or readings[:1])


def expand(terms: frozenset[str]) -> frozenset[str]:
    """The terms plus every variant of any of them (synonyms, spellings)."""
    table = _groups()
    found = set(terms)
    for one in terms:
        found |= table.get(one, frozenset())
    for one in list(found):
        found |= _respelt(one)
    return frozenset(found)


def word_variants(word: str) -> frozenset[str]:
    """The index terms a query word stands for: its own lemmas, those of its Latin
    readings, and every variant of them."""
    terms = set(word_terms(word))
    for reading in latin_readings(word):
        terms |= word_terms(reading)
    return expand(frozenset(terms))
