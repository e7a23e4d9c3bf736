"""A story's history for the desk: revisions and workflow actions in time, with what changed.

Revisions store ids (news.services.article_snapshot); the names behind them are read once
for the whole page (:class:`Names`), so the page's query count does not grow with its length.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from django.contrib.auth import get_user_model
from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from shpalta.news.models import (
    Article,
    ArticleAction,
    CommentMode,
    Image,
    Person,
    Revision,
    Section,
    Source,
    Tag,
)

from .diffs import FieldChange, body_paragraphs, paragraphs_diff, word_diff

TEXT_FIELDS = ("title", "slug", "lead", "highlight")
LIST_FIELDS = ("tags", "people", "authors")


def _label(name: str) -> str:
    return capfirst(str(cast(Field, Article._meta.get_field(name)).verbose_name))


@dataclass
class Names:
    """Display names for the ids that a set of snapshots mentions (deleted ones marked)."""

    sections: dict[int, str] = field(default_factory=dict)
    images: dict[int, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    authors: dict[int, str] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    related: dict[int, str] = field(default_factory=dict)

    def of(self, kind: str, pk: int | None) -> str:
        found = getattr(self, kind).get(pk)
        if found is None:
            return _("deleted (#%(id)s)") % {"id": pk}
        return found


def _lookup(model: type[Model], column: str, ids: set) -> dict[int, str]:
    ids = {pk for pk in ids if isinstance(pk, int)}
    if not ids:
        return {}
    return dict(model._default_manager.filter(pk__in=ids).values_list("pk", column))


def names_for(snapshots: Iterable[dict]) -> Names:
    """One query per kind of thing mentioned, whatever the number of snapshots."""
    wanted: dict[str, set] = {kind: set() for kind in Names.__dataclass_fields__}
    for data in snapshots:
        wanted["sections"].add(data.get("section"))
        wanted["images"].add(data.get("hero_image"))
        for kind in LIST_FIELDS:
            wanted[kind].update(data.get(kind) or [])
        wanted["sources"].update(s.get("source") for s in data.get("sources") or [])
        wanted["related"].update(data.get("related") or [])
    return Names(
        sections=_lookup(Section, "name", wanted["sections"]),
        images=_lookup(Image, "alt", wanted["images"]),
        tags=_lookup(Tag, "name", wanted["tags"]),
        people=_lookup(Person, "name", wanted["people"]),
        authors=_lookup(get_user_model(), "display_name", wanted["authors"]),
        sources=_lookup(Source, "name", wanted["sources"]),
        related=_lookup(Article, "title", wanted["related"]),
    )


def _set_change(label: str, old: list[str], new: list[str]) -> FieldChange | None:
    added = [name for name in new if name not in old]
    removed = [name for name in old if name not in new]
    if not added and not removed:
        return None
    return FieldChange(label=label, added=added, removed=removed)


def _one(names: Names, kind: str, pk: int | None) -> list[str]:
    return [] if pk is None else [names.of(kind, pk)]


def _sources(names: Names, data: dict) -> list[str]:
    out = []
    for link in data.get("sources") or []:
        name = names.of("sources", link.get("source"))
        out.append(f"{name} ({link['url']})" if link.get("url") else name)
    return out


def _comments(data: dict) -> list[str]:
    if not data:
        return []
    if not data.get("comments_enabled", True):
        return [_("Comments off")]
    return [str(CommentMode(data.get("comment_mode") or "").label)]


def snapshot_changes(old: dict | None, new: dict, names: Names) -> list[FieldChange]:
    """What changed from ``old`` (None: nothing before) to ``new``, in the editor's order."""
    old = old or {}
    changes: list[FieldChange | None] = [_text_change(name, old, new) for name in TEXT_FIELDS]
    changes.append(
        _set_change(
            _label("section"),
            _one(names, "sections", old.get("section")),
            _one(names, "sections", new.get("section")),
        )
    )
    changes.append(
        _set_change(
            _label("hero_image"),
            _one(names, "images", old.get("hero_image")),
            _one(names, "images", new.get("hero_image")),
        )
    )
    if (old.get("body") or "") != (new.get("body") or ""):
        paragraphs = paragraphs_diff(
            body_paragraphs(old.get("body", "")), body_paragraphs(new.get("body", ""))
        )
        changes.append(FieldChange(label=_label("body"), paragraphs=paragraphs, is_body=True))
    for name in LIST_FIELDS:
        changes.append(
            _set_change(
                _label(name),
                [names.of(name, pk) for pk in old.get(name) or []],
                [names.of(name, pk) for pk in new.get(name) or []],
            )
        )
    changes.append(_set_change(_label("sources"), _sources(names, old), _sources(names, new)))
    changes.append(
        _set_change(
            _label("related"),
            [names.of("related", pk) for pk in old.get("related") or []],
            [names.of("related", pk) for pk in new.get("related") or []],
        )
    )
    changes.append(_set_change(_("Comments"), _comments(old), _comments(new)))
    return [change for change in changes if change is not None]


def _text_change(name: str, old: dict, new: dict) -> FieldChange | None:
    before, after = old.get(name) or "", new.get(name) or ""
    if before == after:
        return None
    return FieldChange(label=_label(name), html=word_diff(before, after))


@dataclass
class Entry:
    """One line of the history: a stored revision (with its changes) or a workflow action."""

    when: datetime
    revision: Revision | None = None
    action: ArticleAction | None = None
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False


def article_history(article: Article) -> tuple[list[Entry], list[Revision], Names]:
    """Newest first: every revision (diffed against the saved one before it) and action."""
    revisions = list(
        Revision.objects.filter(article=article)
        .select_related("created_by")
        .only(*_REVISION_COLUMNS)
        .order_by("-created_at", "-id")
    )
    actions = list(
        ArticleAction.objects.filter(article=article)
        .select_related("actor")
        .only(*_ACTION_COLUMNS)
        .order_by("-created_at", "-id")
    )
    names = names_for(r.data for r in revisions)
    current = next(
        (r for r in revisions if not r.is_autosave and r.version == article.version), None
    )
    entries = []
    previous_saved: Revision | None = None
    for revision in reversed(revisions):
        # Autosaves branch off the last saved version; saved versions form the chain.
        base = previous_saved.data if previous_saved else None
        entries.append(
            Entry(
                when=revision.created_at,
                revision=revision,
                changes=snapshot_changes(base, revision.data, names),
                is_current=revision is current,
            )
        )
        if not revision.is_autosave:
            previous_saved = revision
    entries += [Entry(when=action.created_at, action=action) for action in actions]
    # Newest first; an action logged in the same save as a revision comes above it.
    entries.sort(key=lambda e: (e.when, e.action is not None), reverse=True)
    return entries, revisions, names


_REVISION_COLUMNS = (
    "id",
    "article_id",
    "version",
    "data",
    "created_at",
    "is_autosave",
    "note",
    "created_by__id",
    "created_by__display_name",
)
_ACTION_COLUMNS = (
    "id",
    "article_id",
    "action",
    "from_status",
    "to_status",
    "note",
    "created_at",
    "actor__id",
    "actor__display_name",
)
