"""A story as plain data: what a revision stores, what an editor submits, what saves compare.

:class:`ArticleSnapshot` is the one shape of a revision. ``Revision.data`` is its JSON
(:meth:`ArticleSnapshot.to_json`), in the format revisions have always been stored in, so
older revisions load as they are. A snapshot holds ids; :func:`snapshot_refs` reads what
they stand for — one query per kind, for any number of snapshots — and that one reading
gives the names the history and the conflict view show, the objects a restore submits
and the objects a preview renders. Whatever was deleted since is left out (or shown as
deleted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Field, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Article, CommentMode, Image, Importance, Person, Section, Source, Tag
from .workflow import WorkflowError

if TYPE_CHECKING:
    from shpalta.accounts.models import User

#: The plain fields an editor edits; with the section, photo, tags, people, authors,
#: sources and related stories they make up a story's content.
TEXT_FIELDS = ("title", "slug", "lead", "highlight", "body", "comment_mode")
CONTENT_FIELDS = (*TEXT_FIELDS, "importance", "comments_enabled")

#: The parts of a story as a person reads them, in the editor's order.
PARTS = (
    "title",
    "lead",
    "highlight",
    "body",
    "section",
    "tags",
    "people",
    "authors",
    "sources",
    "related",
    "hero_image",
    "slug",
    "importance",
    "comments",
)


def part_label(part: str) -> str:
    if part == "comments":
        return _("Comments")
    model_field = Article._meta.get_field(part)
    assert isinstance(model_field, Field)  # the parts are the story's own, never reverse ones
    return capfirst(str(model_field.verbose_name))


@dataclass
class ArticleContent:
    """What the editor submits: the story as one value, checked before anything is stored."""

    title: str
    lead: str
    section: Section
    body: str = ""
    highlight: str = ""
    slug: str = ""
    hero_image: Image | None = None
    tags: list[Tag] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    #: The byline; empty keeps the story's byline (a new story: its writer).
    authors: list[User] = field(default_factory=list)
    sources: list[tuple[Source, str]] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)
    comment_mode: str = ""
    importance: str = Importance.NORMAL
    comments_enabled: bool = True


@dataclass(frozen=True)
class SourceRef:
    source: int
    url: str = ""


def _id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ids(values: Any) -> tuple[int, ...]:
    return tuple(pk for pk in map(_id, values or ()) if pk is not None)


@dataclass(frozen=True)
class ArticleSnapshot:
    """A story's content by ids. ``status`` and ``published_at`` are set in snapshots of
    stored stories only (a revision saved by the desk); a submission has neither."""

    title: str = ""
    slug: str = ""
    lead: str = ""
    highlight: str = ""
    body: str = ""
    comment_mode: str = ""
    importance: str = Importance.NORMAL
    comments_enabled: bool = True
    section: int | None = None
    hero_image: int | None = None
    tags: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    #: Empty in a submission: the byline stays as it is.
    authors: tuple[int, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    related: tuple[int, ...] = ()
    status: str = ""
    published_at: datetime | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArticleSnapshot:
        """Read ``Revision.data``; missing or malformed parts read as empty."""
        moment = data.get("published_at")
        sources = [s for s in data.get("sources") or () if isinstance(s, Mapping)]
        return cls(
            **{name: str(data.get(name) or "") for name in TEXT_FIELDS},
            # Revisions from before importance existed are of a normal story.
            importance=str(data.get("importance") or Importance.NORMAL),
            comments_enabled=bool(data.get("comments_enabled", True)),
            section=_id(data.get("section")),
            hero_image=_id(data.get("hero_image")),
            tags=_ids(data.get("tags")),
            people=_ids(data.get("people")),
            authors=_ids(data.get("authors")),
            sources=tuple(
                SourceRef(pk, str(s.get("url") or ""))
                for s in sources
                if (pk := _id(s.get("source"))) is not None
            ),
            related=_ids(data.get("related")),
            status=str(data.get("status") or ""),
            published_at=parse_datetime(moment) if isinstance(moment, str) else None,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON ``Revision.data`` stores (the same keys as ever)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in CONTENT_FIELDS}
        if self.importance == Importance.NORMAL:
            del data["importance"]  # the default is not stored: older revisions read back equal
        data |= {
            "section": self.section,
            "hero_image": self.hero_image,
            "tags": list(self.tags),
            "people": list(self.people),
            "authors": list(self.authors),
            "sources": [{"source": ref.source, "url": ref.url} for ref in self.sources],
            "related": list(self.related),
        }
        if self.status:
            data["status"] = self.status
            data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data


def _linked(article: Article, name: str, *columns: str) -> list:
    """Columns of a related list: from prefetch_related's cache if it ran, else one query."""
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get(name)
    if prefetched is not None:
        rows = [tuple(getattr(obj, column) for column in columns) for obj in prefetched]
    else:
        rows = list(getattr(article, name).values_list(*columns))
    return rows if len(columns) > 1 else [row[0] for row in rows]


def article_snapshot(article: Article) -> ArticleSnapshot:
    """The story as it is stored now."""
    return ArticleSnapshot(
        **{name: getattr(article, name) for name in CONTENT_FIELDS},
        section=article.section_id,
        hero_image=article.hero_image_id,
        tags=tuple(sorted(_linked(article, "tags", "pk"))),
        people=tuple(sorted(_linked(article, "people", "pk"))),
        authors=tuple(sorted(_linked(article, "authors", "pk"))),
        sources=tuple(
            SourceRef(*row) for row in _linked(article, "source_links", "source_id", "url")
        ),
        related=tuple(_linked(article, "related_links", "related_id")),
        status=article.status,
        published_at=article.published_at,
    )


def content_snapshot(content: ArticleContent) -> ArticleSnapshot:
    """What an editor submitted, as ids."""
    return ArticleSnapshot(
        **{name: getattr(content, name) for name in CONTENT_FIELDS},
        section=content.section.pk if content.section else None,
        hero_image=content.hero_image.pk if content.hero_image else None,
        tags=tuple(sorted(t.pk for t in content.tags)),
        people=tuple(sorted(p.pk for p in content.people)),
        authors=tuple(sorted(u.pk for u in content.authors)),
        sources=tuple(SourceRef(s.pk, url) for s, url in content.sources),
        related=tuple(a.pk for a in content.related),
    )


# --- what the ids stand for -----------------------------------------------------------


_NAME_ATTRIBUTES = {"images": "alt", "authors": "public_name", "related": "title"}


@dataclass
class SnapshotRefs:
    """The objects behind the ids of some snapshots, by id (deleted ones are absent)."""

    sections: dict[int, Section]
    images: dict[int, Image]
    tags: dict[int, Tag]
    people: dict[int, Person]
    authors: dict[int, User]
    sources: dict[int, Source]
    related: dict[int, Article]

    def pick(self, kind: str, ids: Iterable[int | None]) -> list:
        """The objects in the order of ``ids``, leaving out deleted ones."""
        found = getattr(self, kind)
        return [found[pk] for pk in ids if pk in found]

    def name(self, kind: str, pk: int) -> str:
        """What a person calls the thing: its name, a photo's description, a story's title."""
        obj = getattr(self, kind).get(pk)
        if obj is None:
            return _("deleted (#%(id)s)") % {"id": pk}
        return getattr(obj, _NAME_ATTRIBUTES.get(kind, "name"))

    def readable(self, snapshot: ArticleSnapshot | None) -> dict[str, str | list[str]]:
        """Every part (see PARTS) as a person reads it: text, or a list of names."""
        if snapshot is None:
            return {part: "" if part in TEXT_FIELDS else [] for part in PARTS}
        s = snapshot
        names = {
            "section": [s.section] if s.section else [],
            "hero_image": [s.hero_image] if s.hero_image else [],
            "tags": s.tags,
            "people": s.people,
            "authors": s.authors,
            "related": s.related,
        }
        kinds = {"section": "sections", "hero_image": "images"}
        values: dict[str, str | list[str]] = {
            part: [self.name(kinds.get(part, part), pk) for pk in ids]
            for part, ids in names.items()
        }
        values["sources"] = [
            f"{self.name('sources', ref.source)} ({ref.url})"
            if ref.url
            else self.name("sources", ref.source)
            for ref in s.sources
        ]
        values["comments"] = [_comments(s)]
        values["importance"] = [_importance(s)]
        return {part: getattr(s, part) if part in TEXT_FIELDS else values[part] for part in PARTS}


def _comments(snapshot: ArticleSnapshot) -> str:
    if not snapshot.comments_enabled:
        return _("Comments off")
    mode = snapshot.comment_mode
    return str(CommentMode(mode).label) if mode in CommentMode.values else mode


def _importance(snapshot: ArticleSnapshot) -> str:
    value = snapshot.importance
    return str(Importance(value).label) if value in Importance.values else value


def _in_bulk(queryset: QuerySet, ids: Iterable[int | None]) -> dict[int, Any]:
    wanted = {pk for pk in ids if pk is not None}
    return queryset.in_bulk(wanted) if wanted else {}


def snapshot_refs(snapshots: Iterable[ArticleSnapshot]) -> SnapshotRefs:
    """What the ids of ``snapshots`` stand for: one query per kind that is mentioned."""
    snaps = list(snapshots)

    def every(part: str) -> Iterable[int]:
        return chain.from_iterable(getattr(s, part) for s in snaps)

    return SnapshotRefs(
        sections=_in_bulk(Section.objects.all(), (s.section for s in snaps)),
        images=_in_bulk(Image.objects.all(), (s.hero_image for s in snaps)),
        tags=_in_bulk(Tag.objects.all(), every("tags")),
        people=_in_bulk(Person.objects.all(), every("people")),
        # Only the public name: never e-mail addresses or password hashes.
        authors=_in_bulk(
            get_user_model().objects.only("id", "display_name", "slug"), every("authors")
        ),
        sources=_in_bulk(Source.objects.all(), (ref.source for s in snaps for ref in s.sources)),
        related=_in_bulk(
            Article.objects.only("id", "title", "slug", "status", "published_at"),
            every("related"),
        ),
    )


def content_from_snapshot(snapshot: ArticleSnapshot) -> ArticleContent:
    """A snapshot as submittable content (a restore); things deleted since are left out."""
    refs = snapshot_refs([snapshot])
    section = refs.sections.get(snapshot.section) if snapshot.section else None
    if section is None:
        raise WorkflowError(_("The section of that version no longer exists; choose another."))
    return ArticleContent(
        **{name: getattr(snapshot, name) for name in CONTENT_FIELDS},
        section=section,
        hero_image=refs.images.get(snapshot.hero_image) if snapshot.hero_image else None,
        tags=refs.pick("tags", snapshot.tags),
        people=refs.pick("people", snapshot.people),
        authors=refs.pick("authors", snapshot.authors),
        sources=[
            (refs.sources[ref.source], ref.url)
            for ref in snapshot.sources
            if ref.source in refs.sources
        ],
        related=refs.pick("related", snapshot.related),
    )
