"""Which people a text names: the surname in any case, checked against what stands beside it.

A capitalised word is a mention of a person when one of its surname readings has the
person's surname as its lemma (feminine surnames are their own lemmas: «Ахметової» is
Ахметова, never Ахметов). Then the words around it decide:

- a first name or initial right before it (or right after, «Попов Олександр») must be the
  person's: «Марія Попова» is not Олександр Попов; a patronymic in between is skipped;
- a surname alone counts, unless the same text gives that surname to someone else by
  first name, or it opens a sentence and is also a common word («Кравець пошив костюм»).

Names are stored «Сергій Лавров», «Мері Бет Лонг», or surname first with a patronymic,
«Попов Олександр Іванович»; :func:`person_name` reads all of them.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from shpalta.lib.text import normalize
from shpalta.lib.ukrainian import Token, _analyzer, tokens

# Patronymics in any case: Іванович, Івановича, Іванівна, Іванівни, Сергіївною…
_PATRONYMIC = re.compile(r"(?:ович|евич|євич|івн|ївн|овн)\w{0,3}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:^|[.!?…:\n])[\s«»\"„“”'—–-]*$")


@dataclass(frozen=True, slots=True)
class Word:
    """What the dictionary says about one capitalised word (cached per spelling)."""

    surnames: frozenset[str]  # lemmas of its surname readings
    names: frozenset[str]  # lemmas of its first-name readings (singular)
    common: frozenset[str]  # lemmas of its common-noun readings, if the dictionary knows it


@lru_cache(maxsize=50_000)
def word_readings(word: str) -> Word:
    morph = _analyzer()
    lower = word.lower()
    surnames, names, common, other = set(), set(), set(), set()
    for parse in morph.parse(lower):
        tag = parse.tag
        if "plur" in tag:
            continue
        if "Surn" in tag:
            surnames.add(parse.normal_form)
        elif "Name" in tag:
            names.add(parse.normal_form)
        elif "Patr" not in tag:
            other.add(parse.normal_form)
            if tag.POS == "NOUN":
                common.add(parse.normal_form)
    if not morph.word_is_known(lower):
        # A surname the dictionary has never seen (Купчан, Гаас): its guesses and itself.
        surnames |= other | {lower}
        common = set()
    return Word(frozenset(surnames), frozenset(names), frozenset(common))


@lru_cache(maxsize=50_000)
def _nominative_lemmas(word: str, tag_name: str) -> frozenset[str]:
    """Lemmas of a stored (nominative) name word: its `tag_name` readings, else the word."""
    found = {
        parse.normal_form
        for parse in _analyzer().parse(word.lower())
        if tag_name in parse.tag and "nomn" in parse.tag and "plur" not in parse.tag
    }
    return frozenset(found or {word.lower()})


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: frozenset[str]  # lemmas the surname may have in a text
    stem: str  # the start every case of the surname shares (a cheap database filter)
    given: tuple[frozenset[str], ...]  # each first name's lemmas
    initials: frozenset[str]  # first letters of the first names
    patronymic: str  # lower case, "" if none


def _is_name(word: str) -> bool:
    return bool(word_readings(word).names) and not word_readings(word).surnames


def person_name(name: str) -> PersonName:
    """Read a stored name: «Сергій Лавров», «Мері Бет Лонг», «Попов Олександр Іванович»."""
    parts = normalize(name).split()
    patronymic = ""
    if len(parts) >= 3 and _PATRONYMIC.search(parts[-1]):
        surname, given, patronymic = parts[0], parts[1:-1], parts[-1]
    elif len(parts) >= 3 and _PATRONYMIC.search(parts[-2]):
        surname, given, patronymic = parts[-1], parts[:-2], parts[-2]
    elif len(parts) == 2 and _is_name(parts[1]) and not _is_name(parts[0]):
        surname, given = parts[0], parts[1:]
    else:
        surname, given = parts[-1] if parts else "", parts[:-1]
    return PersonName(
        surname=_nominative_lemmas(surname, "Surn") if surname else frozenset(),
        stem=surname[: max(3, len(surname) - 3)],
        given=tuple(_nominative_lemmas(word, "Name") for word in given),
        initials=frozenset(word[0].lower() for word in given),
        patronymic=patronymic.lower(),
    )


@dataclass(frozen=True, slots=True)
class _Found:
    surnames: frozenset[str]
    first: str  # the first name or initial beside it, "" if none
    opens_sentence: bool
    common: frozenset[str]  # surnames it could also be read as a common noun of


def _given_matches(first: str, person: PersonName) -> bool:
    if len(first) == 1:
        return first.lower() in person.initials
    readings = word_readings(first).names or frozenset({first.lower()})
    return any(readings & lemmas for lemmas in person.given)


def _beside(text: str, left: Token, right: Token) -> bool:
    """Nothing but spaces between two words (a full stop too after an initial: «О. Попов»)."""
    gap = text[left.end : right.start]
    if _is_initial(left):
        return bool(re.fullmatch(r"\.?[ \u00a0]*", gap))
    return bool(re.fullmatch(r"[ \u00a0]+", gap))


def _is_initial(word: Token) -> bool:
    return len(word.text) == 1 and word.text.isupper()


def _first_name_beside(text: str, words: Sequence[Token], i: int) -> str:
    """The first name or initial standing right before word i (or right after it), or ""."""
    j = i - 1
    # «Олександр Іванович Попов», «О. І. Попов»: look past the patronymic to the first name.
    skippable = j >= 1 and (
        _PATRONYMIC.search(words[j].text) or (_is_initial(words[j]) and _is_initial(words[j - 1]))
    )
    if skippable and _beside(text, words[j], words[i]) and _beside(text, words[j - 1], words[j]):
        j -= 1
    if j >= 0 and _beside(text, words[j], words[j + 1]):
        before = words[j]
        if _is_initial(before) or (before.text[:1].isupper() and word_readings(before.text).names):
            return before.text
    if i + 1 < len(words) and _beside(text, words[i], words[i + 1]):
        after = words[i + 1].text
        if after[:1].isupper() and _is_name(after):
            return after
    return ""


def _mentions(text: str) -> list[_Found]:
    text = normalize(text)
    words = list(tokens(text))
    found = []
    for i, word in enumerate(words):
        if not word.text[:1].isupper() or len(word.text) < 2:
            continue
        readings = word_readings(word.text)
        if not readings.surnames:
            continue
        found.append(
            _Found(
                surnames=readings.surnames,
                first=_first_name_beside(text, words, i),
                opens_sentence=bool(_SENTENCE_END.search(text[: word.start])),
                common=readings.common & readings.surnames,
            )
        )
    return found


def people_named(texts: Iterable[str], people: Iterable[tuple[int, str]]) -> set[int]:
    """The ids of the people (id, stored name) the texts name, by the rules above."""
    mentions = [m for text in texts for m in _mentions(text)]
    named: set[int] = set()
    for pk, name in people:
        person = person_name(name)
        if not person.surname:
            continue
        alone_ok = True
        alone_seen = False
        for mention in mentions:
            if not mention.surnames & person.surname:
                continue
            if mention.first:
                if _given_matches(mention.first, person):
                    named.add(pk)
                elif person.given:
                    alone_ok = False  # this text gives the surname to someone else
            elif not (mention.opens_sentence and mention.common & person.surname):
                alone_seen = True
        if alone_seen and alone_ok:
            named.add(pk)
    return named
