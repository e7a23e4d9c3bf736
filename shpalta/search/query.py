"""A reader's query as lemma groups, and its spelling for each engine.

Per query word an OR of its lemmas plus their variants (synonyms, spellings, Latin
readings), AND across words. Words in quotes must also stand next to each other in the
text (checked in Python: the index keeps several lemmas per word, so the engines' own
phrase operators cannot see adjacency).
Every term is letters and digits only, and each engine gets it quoted, so no query can
reach the engines' query syntax.
"""

import re
from dataclasses import dataclass, field, replace
from itertools import combinations

from shpalta.lib.text import fold
from shpalta.lib.ukrainian import word_terms, words

from .variants import word_variants

MAX_QUERY_LENGTH = 200
# Any k of n words is spelt as every k-word combination: beyond this it grows too long.
MAX_LOOSE_WORDS = 6
# Short function words would only narrow an AND query without saying anything.
STOP_WORDS = frozenset(
    [
        "та",
        "і",
        "й",
        "а",
        "але",
        "або",
        "чи",
        "що",
        "як",
        "на",
        "до",
        "за",
        "від",
        "про",
        "для",
        "по",
        "під",
        "над",
        "без",
        "при",
        "через",
        "із",
        "зі",
        "з",
        "у",
        "в",
        "не",
        "ні",
        "це",
        "той",
        "ця",
        "ці",
        "цей",
        "якщо",
        "щоб",
        "ще",
        "вже",
    ]
)
# «…», "…", „…“, “…”: what Ukrainian and English keyboards type for quotes.
PHRASE = re.compile(r"[\"«„“”»]([^\"«„“”»]*)[\"«„“”»]")


class QueryError(ValueError):
    """A query we cannot search for; the message is for the reader."""


@dataclass(frozen=True)
class SearchQuery:
    text: str
    groups: tuple[frozenset[str], ...]
    phrases: tuple[tuple[frozenset[str], ...], ...] = field(default=())
    # The reader's word behind each group (what a misspelling is corrected from).
    words: tuple[str, ...] = field(default=())
    # Match at least this many of the groups (any k of n); 0 means all of them.
    at_least: int = 0

    @property
    def highlight_terms(self) -> frozenset[str]:
        found: set[str] = set()
        for group in self.groups:
            found |= group
        return frozenset(found)

    def _spelt(self, quote: str, either: str, both: str) -> str:
        alternatives = [
            "(" + f" {either} ".join(f"{quote}{t}{quote}" for t in sorted(group)) + ")"
            for group in self.groups
        ]
        if not self.at_least or self.at_least >= len(alternatives):
            return f" {both} ".join(alternatives)
        return f" {either} ".join(
            "(" + f" {both} ".join(chosen) + ")"
            for chosen in combinations(alternatives, self.at_least)
        )

    def fts5(self) -> str:
        """SQLite FTS5 MATCH text: ("a" OR "b") AND ("c")."""
        return self._spelt('"', "OR", "AND")

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', …) text: ('a' | 'b') & ('c')."""
        return self._spelt("'", "|", "&")

    def loosened(self) -> "SearchQuery | None":
        """The query asking for all its words but one (None for one word or too many)."""
        if not 1 < len(self.groups) <= MAX_LOOSE_WORDS:
            return None
        return replace(self, at_least=len(self.groups) - 1)


def _searchable(word: str) -> bool:
    return len(word) > 1 and word.lower() not in STOP_WORDS


def parse_query(text: str) -> SearchQuery:
    """The query for a reader's text; QueryError with a Ukrainian-ready reason otherwise."""
    from django.utils.translation import gettext as _

    text = fold(text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The query is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    phrases = []
    for match in PHRASE.finditer(text):
        phrase = tuple(word_variants(word) for word in words(match.group(1)))
        if len(phrase) > 1 and all(phrase):
            phrases.append(phrase)
    groups: list[frozenset[str]] = []
    sources: list[str] = []
    for word in words(PHRASE.sub(" ", text)) + [
        word for match in PHRASE.finditer(text) for word in words(match.group(1))
    ]:
        group = word_variants(word) if _searchable(word) else frozenset()
        if group and group not in groups:
            groups.append(group)
            sources.append(word)
    if not groups:
        raise QueryError(_("Type at least one word of two or more letters, e.g. «переговори»."))
    return SearchQuery(
        text=text, groups=tuple(groups), phrases=tuple(phrases), words=tuple(sources)
    )


def correct_query(query: SearchQuery, *, known_too: bool = False) -> SearchQuery | None:
    """The query with each word the index has never seen replaced by the nearest word it
    has («переговри Лаврова» → «переговори Лаврова»); None when there is nothing to fix.
    ``known_too``: seen words may be replaced by a word one edit away too."""
    from .typos import corrections

    fixes = corrections(zip(query.words, query.groups, strict=True), known_too=known_too)
    if not fixes:
        return None
    text = query.text
    for word, fix in fixes.items():
        spelt = fix.capitalize() if word[:1].isupper() else fix
        pattern = re.compile(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])")
        text = pattern.sub(spelt, text)  # letters only: nothing to escape
    if text == query.text:
        return None
    return parse_query(text)


def phrase_in(phrase: tuple[frozenset[str], ...], text: str) -> bool:
    """Whether the words of a phrase (as term sets) follow one another in a text."""
    found = [word_terms(word) for word in words(text)]
    size = len(phrase)
    return any(
        all(phrase[j] & found[i + j] for j in range(size)) for i in range(len(found) - size + 1)
    )
