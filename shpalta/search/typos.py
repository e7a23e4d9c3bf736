"""Correcting misspelt query words from the words the index has seen (``SearchTerm``).

A word is corrected only when none of its forms is in the dictionary. Its candidates are
words within edit distance 2 (1 for words of up to :data:`SHORT` letters) counting a
swap of neighbours as one edit; long words keep their first letter, so one query by first
letter and length finds them, and short words are looked up by every one-edit spelling.
"""

from collections.abc import Iterable

from django.db.models import Q

from shpalta.lib.ukrainian import term

from .models import SearchTerm

SHORT = 4
ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'"


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), or
    ``limit + 1`` as soon as it is sure to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def _allowed(word: str) -> int:
    return 1 if len(word) <= SHORT else 2


def _one_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + ch + right[1:] for left, right in splits if right for ch in ALPHABET}
    found |= {left + ch + right for left, right in splits for ch in ALPHABET}
    return {one for one in found if len(one) > 1}


def corrections(
    words: Iterable[tuple[str, frozenset[str]]], *, known_too: bool = False
) -> dict[str, str]:
    """For each (word, its index terms) none of whose spellings the index has seen, the
    nearest word it has: closest first, then the same length, then alphabetical. One query.

    ``known_too`` also offers, for a word the index has seen, a word one edit away (a
    rarer typo found in a story or two; the caller keeps it only if it finds more)."""
    wanted = [(word, term(word), terms) for word, terms in words]
    wanted = [item for item in wanted if len(item[1]) > 1 and item[1].isalpha()]
    if not wanted:
        return {}
    condition = Q(term__in={t for _, surface, terms in wanted for t in {surface, *terms}})
    for _, surface, _ in wanted:
        if len(surface) <= SHORT:
            condition |= Q(term__in=_one_edit(surface))
        else:
            low, high = len(surface) - 2, len(surface) + 2
            condition |= Q(head=surface[0], length__gte=low, length__lte=high)
    known = set(SearchTerm.objects.filter(condition).values_list("term", flat=True))
    found = {}
    for word, surface, terms in wanted:
        seen = surface in known or bool(terms & known)
        if seen and not known_too:
            continue
        limit = 1 if seen else _allowed(surface)
        scored = [
            (distance(surface, one, limit), abs(len(one) - len(surface)), one)
            for one in known
            if (one[0] == surface[0] or len(surface) <= SHORT)
            and one != surface
            and one not in terms
        ]
        best = min((s for s in scored if s[0] <= limit), default=None)
        if best is not None:
            found[word] = best[2]
    return found
