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
    best, best_score = 0, (-1, -1)
    for first in range(max(1, len(words) - size + 1)):
        window = hits[first : first + size]
        distinct = sum(1 for group in groups if any(group & hit for hit in window))
        score = (distinct, sum(1 for hit in window if hit))
        if score > best_score:
            best, best_score = first, score
    chosen = words[best : best + size]
    start = 0 if best == 0 else chosen[0].start
    end = len(text) if best + size >= len(words) else chosen[-1].end
    spans = [(w.start, w.end) for w, hit in zip(words, hits, strict=True) if hit]
    body = _marked(text, spans, start, end).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)
