"""Snippets with the matched words marked, in the words' original forms.

The engines' own snippet functions would show our lemmas, so the text is cut and
marked here with the same lemmatiser that built the index.
"""

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shpalta.lib.ukrainian import tokens, word_terms

SNIPPET_WORDS = 30


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts, at = [], start
    for left, right in spans:
        if left < start or right > end:
            continue
        parts += [escape(text[at:left]), "<mark>", escape(text[left:right]), "</mark>"]
        at = right
    parts.append(escape(text[at:end]))
    return "".join(parts)


def highlight(text: str, terms: frozenset[str]) -> SafeString:
    """The whole text, HTML-escaped, with every word matching the terms in <mark>."""
    text = unicodedata.normalize("NFC", text)
    spans = [(t.start, t.end) for t in tokens(text) if word_terms(t.text) & terms]
    return mark_safe(_marked(text, spans, 0, len(text)))


def snippet(text: str, groups: tuple[frozenset[str], ...], size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words around where most of the query's words meet, marked."""
    text = unicodedata.normalize("NFC", text)
    words = list(tokens(text))
    if not words:
        return mark_safe("")
    terms = frozenset().union(*groups)
    hits = [word_terms(w.text) & terms for w in words]
    matched = [[g for g, group in enumerate(groups) if group & hit] if hit else [] for hit in hits]
    # Slide a window of ``size`` words, counting each query word's hits inside it.
    inside = [0] * len(groups)
    distinct = marks = 0
    best, best_score = 0, (-1, -1)
    for last in range(len(words)):
        for g in matched[last]:
            distinct += inside[g] == 0
            inside[g] += 1
        marks += bool(matched[last])
        first = last - size + 1
        if first > 0:
            for g in matched[first - 1]:
                inside[g] -= 1
                distinct -= inside[g] == 0
            marks -= bool(matched[first - 1])
        if (distinct, marks) > best_score and (first >= 0 or last == len(words) - 1):
            best, best_score = max(0, first), (distinct, marks)
    inside_hits = [i for i in range(best, min(best + size, len(words))) if matched[i]]
    if inside_hits:  # centre the window on its marked words, so they have context after too
        middle = (inside_hits[0] + inside_hits[-1]) // 2
        best = max(0, min(middle - size // 2, len(words) - size, inside_hits[0]))
    chosen = words[best : best + size]
    start = 0 if best == 0 else chosen[0].start
    end = len(text) if best + size >= len(words) else chosen[-1].end
    spans = [(w.start, w.end) for w, hit in zip(words, hits, strict=True) if hit]
    body = _marked(text, spans, start, end).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)
