"""Our own synonym list, expanded at query time (the index holds only the text's lemmas).

Each group is a set of lemmas (nominative, lower case) that a reader means alike. Keep
it small and newsroom-edited: a wrong pair makes every search for either word noisier.
"""

from functools import cache

from shpalta.lib.ukrainian import term

GROUPS: tuple[tuple[str, ...], ...] = (
    ("переговори", "перемовини"),
    ("росія", "рф"),
    ("сша", "америка"),
    ("єс", "євросоюз"),
)


@cache
def _table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in GROUPS:
        terms = {term(entry) for entry in group}
        for one in terms:
            table.setdefault(one, set()).update(terms)
    return {key: frozenset(value) for key, value in table.items()}


def expand(terms: frozenset[str]) -> frozenset[str]:
    """The terms plus every synonym of any of them."""
    table = _table()
    found = set(terms)
    for one in terms:
        found |= table.get(one, frozenset())
    return frozenset(found)
