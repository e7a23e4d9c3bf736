"""A story's history for the desk: revisions and workflow actions in time, with what changed.

Revisions are snapshots of ids (shpalta.news.snapshots); what the ids stand for is read once
for the whole page (``snapshot_refs``), so the page's query count does not grow with its
length.
"""

from dataclasses import dataclass, field
from datetime import datetime

from shpalta.news.models import (
    Article,
    ArticleAction,
    Revision,
)
from shpalta.news.snapshots import PARTS, ArticleSnapshot, SnapshotRefs, part_label, snapshot_refs

from .diffs import FieldChange, body_paragraphs, paragraphs_diff, word_diff


def snapshot_changes(
    old: ArticleSnapshot | None, new: ArticleSnapshot, refs: SnapshotRefs
) -> list[FieldChange]:
    """What changed from ``old`` (None: nothing before) to ``new``, in the editor's order."""
    before, after = refs.readable(old), refs.readable(new)
    changes = []
    for part in PARTS:
        was, now = before[part], after[part]
        if was == now:
            continue
        label = part_label(part)
        if part == "body":
            paragraphs = paragraphs_diff(body_paragraphs(str(was)), body_paragraphs(str(now)))
            changes.append(FieldChange(label=label, paragraphs=paragraphs, is_body=True))
        elif isinstance(now, str) and isinstance(was, str):
            changes.append(FieldChange(label=label, html=word_diff(was, now)))
        else:
            added = [name for name in now if name not in was]
            removed = [name for name in was if name not in now]
            if added or removed:
                changes.append(FieldChange(label=label, added=added, removed=removed))
    return changes


@dataclass
class Entry:
    """One line of the history: a stored revision (with its changes) or a workflow action."""

    when: datetime
    revision: Revision | None = None
    action: ArticleAction | None = None
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False


def article_history(
    article: Article,
) -> tuple[list[Entry], list[Revision], SnapshotRefs]:
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
    refs = snapshot_refs(r.snapshot for r in revisions)
    current = next(
        (r for r in revisions if not r.is_autosave and r.version == article.version), None
    )
    entries = []
    previous_saved: Revision | None = None
    for revision in reversed(revisions):
        # Autosaves branch off the last saved version; saved versions form the chain.
        base = previous_saved.snapshot if previous_saved else None
        entries.append(
            Entry(
                when=revision.created_at,
                revision=revision,
                changes=snapshot_changes(base, revision.snapshot, refs),
                is_current=revision is current,
            )
        )
        if not revision.is_autosave:
            previous_saved = revision
    entries += [Entry(when=action.created_at, action=action) for action in actions]
    # Newest first; an action logged in the same save as a revision comes above it.
    entries.sort(key=lambda e: (e.when, e.action is not None), reverse=True)
    return entries, revisions, refs


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
