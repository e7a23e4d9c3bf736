"""A reader's query as lemma groups, and its spelling for each engine.

Per query word an OR of its lemmas (plus synonyms), AND across words. Words in quotes
must also stand next to each other in the text (checked in Python: the index keeps
several lemmas per word, so the engines' own phrase operators cannot see adjacency).
Every term is letters and digits only, and each engine gets it quoted, so no query can
reach the engines' query syntax.
"""

import re
from dataclasses import dataclass, field

from shpalta.lib.text import normalize
from shpalta.lib.ukrainian import word_terms, words

from .synonyms import expand

MAX_QUERY_LENGTH = 200
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

    @property
    def highlight_terms(self) -> frozenset[str]:
        found: set[str] = set()
        for group in self.groups:
            found |= group
        return frozenset(found)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH text: ("a" OR "b") AND ("c")."""
        return " AND ".join(
            "(" + " OR ".join(f'"{t}"' for t in sorted(group)) + ")" for group in self.groups
        )

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', …) text: ('a' | 'b') & ('c')."""
        return " & ".join(
            "(" + " | ".join(f"'{t}'" for t in sorted(group)) + ")" for group in self.groups
        )


def _searchable(word: str) -> bool:
    return len(word) > 1 and word.lower() not in STOP_WORDS


def parse_query(text: str) -> SearchQuery:
    """The query for a reader's text; QueryError with a Ukrainian-ready reason otherwise."""
    from django.utils.translation import gettext as _

    text = normalize(text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The query is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    phrases = []
    for match in PHRASE.finditer(text):
        phrase = tuple(expand(word_terms(word)) for word in words(match.group(1)))
        if len(phrase) > 1 and all(phrase):
            phrases.append(phrase)
    groups: list[frozenset[str]] = []
    for word in words(PHRASE.sub(" ", text)) + [
        word for match in PHRASE.finditer(text) for word in words(match.group(1))
    ]:
        group = expand(word_terms(word)) if _searchable(word) else frozenset()
        if group and group not in groups:
            groups.append(group)
    if not groups:
        raise QueryError(_("Type at least one word of two or more letters, e.g. «переговори»."))
    return SearchQuery(text=text, groups=tuple(groups), phrases=tuple(phrases))


def phrase_in(phrase: tuple[frozenset[str], ...], text: str) -> bool:
    """Whether the words of a phrase (as term sets) follow one another in a text."""
    found = [word_terms(word) for word in words(text)]
    size = len(phrase)
    return any(
        all(phrase[j] & found[i + j] for j in range(size)) for i in range(len(found) - size + 1)
    )
