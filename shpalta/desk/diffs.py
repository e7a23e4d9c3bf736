"""Word-level differences between two versions of a story, as escaped HTML.

Everything a person typed is escaped here, once; the only markup this module emits is
``<ins>`` and ``<del>``, so a diff is safe to render with hostile titles, names or bodies.
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import zip_longest

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Words, runs of whitespace and single other characters: joined again they give the text.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# Elements that start a new paragraph when the body is read as text.
_BLOCKS = frozenset(
    {"p", "h2", "h3", "ul", "ol", "li", "blockquote", "figure", "figcaption", "div"}
)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _chunks(old: str, new: str) -> list[tuple[str, str, bool]]:
    """(old part, new part, unchanged?) runs; a lone space between two changes joins them."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    raw = [
        ("".join(a[i1:i2]), "".join(b[j1:j2]), tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    merged: list[tuple[str, str, bool]] = []
    for index, (before, after, equal) in enumerate(raw):
        between_changes = (
            equal
            and not before.strip()
            and merged
            and not merged[-1][2]
            and index + 1 < len(raw)
            and not raw[index + 1][2]
        )
        if between_changes:
            equal = False
        if not equal and merged and not merged[-1][2]:
            merged[-1] = (merged[-1][0] + before, merged[-1][1] + after, False)
        else:
            merged.append((before, after, equal))
    return merged


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` with removed words in ``<del>`` and added ones in ``<ins>``."""
    parts: list[str] = []
    for before, after, equal in _chunks(old or "", new or ""):
        if equal:
            parts.append(escape(before))
            continue
        if before:
            parts.append(f"<del>{escape(before)}</del>")
        if after:
            parts.append(f"<ins>{escape(after)}</ins>")
    # Every piece of typed text above went through escape().
    return mark_safe("".join(parts))


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self._current.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            self._current.append(" " + _("[photo: %(alt)s]") % {"alt": alt} + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def body_paragraphs(html: str) -> list[str]:
    """The body as plain-text paragraphs (headings and list items count as paragraphs)."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a body diff: ``changed``, ``added`` or ``removed``; or a run of
    ``count`` unchanged paragraphs (``same``), which the page leaves out."""

    kind: str
    html: str = ""
    count: int = 1


def paragraphs_diff(old: list[str], new: list[str]) -> list[Paragraph]:
    """Paragraphs aligned first, then words within each changed paragraph."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Paragraph("same", count=i2 - i1))
            continue
        for before, after in zip_longest(old[i1:i2], new[j1:j2]):
            if before is None:
                out.append(Paragraph("added", word_diff("", after)))
            elif after is None:
                out.append(Paragraph("removed", word_diff(before, "")))
            else:
                out.append(Paragraph("changed", word_diff(before, after)))
    return out


@dataclass(frozen=True)
class FieldChange:
    """A changed part of a story: text as a word diff, or names added and removed."""

    label: str
    html: SafeString | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    is_body: bool = False

    @property
    def only_markup(self) -> bool:
        """The body changed, but not its text (a link, bold, a heading level)."""
        return all(p.kind == "same" for p in self.paragraphs)
