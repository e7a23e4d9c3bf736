"""Stories as readers would see them, for staff previews: the current one or a stored revision.

A revision is a dict of ids (news.services.article_snapshot). To render it with the reader
template it becomes an unsaved ``Article`` whose related lists are filled in advance, the
way ``prefetch_related`` fills them, so the template reads them without touching the
database and never sees the story's current tags, sources or related stories.
"""

from django.db.models import Model, QuerySet
from django.utils.dateparse import parse_datetime

from shpalta.lib.html import sanitize_body
from shpalta.news.models import (
    Article,
    ArticleSource,
    Image,
    Person,
    RelatedArticle,
    Revision,
    Section,
    Source,
    Tag,
)
from shpalta.news.selectors import public_authors, with_page_parts
from shpalta.news.services import CONTENT_FIELDS


def article_for_preview() -> QuerySet[Article]:
    """Any story, whatever its status, with everything its page shows (fixed query count)."""
    return with_page_parts(Article.objects.all())


def _in_order(model_or_queryset: type[Model] | QuerySet, ids: list) -> list:
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    found = queryset.in_bulk([pk for pk in ids if isinstance(pk, int)])
    return [found[pk] for pk in ids if pk in found]


def article_from_revision(revision: Revision) -> Article:
    """An unsaved copy of the story as ``revision`` stored it, ready for the reader template.

    Things deleted since the revision are left out. The related stories are the ones
    readers could open (published), as on the real page; corrections are those written
    before the revision.
    """
    current = revision.article
    data = revision.data
    preview = Article(
        pk=current.pk,
        status=data.get("status") or current.status,
        published_at=parse_datetime(data.get("published_at") or "") or current.published_at,
        updated_at=current.updated_at,
        comment_count=current.comment_count,
        created_at=current.created_at,
        changed_at=revision.created_at,
        version=revision.version,
        **{name: data.get(name, "") for name in CONTENT_FIELDS if name != "comments_enabled"},
        comments_enabled=data.get("comments_enabled", True),
    )
    # Autosaves keep the text as it was typed: clean it exactly as a save would.
    preview.body = sanitize_body(preview.body or "")
    # A section deleted since is previewed as none.
    preview.section = Section.objects.filter(pk=data.get("section")).first()  # type: ignore[assignment]
    preview.hero_image = Image.objects.filter(pk=data.get("hero_image")).first()
    sources = Source.objects.in_bulk([s.get("source") for s in data.get("sources") or []])
    source_links = [
        ArticleSource(article=preview, source=sources[s["source"]], url=s.get("url", ""))
        for s in data.get("sources") or []
        if s.get("source") in sources
    ]
    related = _in_order(Article.objects.published(), data.get("related") or [])
    # No authors in a snapshot means the byline was left as it was (see article_update).
    authors = _in_order(public_authors(), data.get("authors") or []) or list(
        current.authors.only("id", "display_name")
    )
    preview._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "tags": _in_order(Tag, data.get("tags") or []),
        "people": _in_order(Person, data.get("people") or []),
        "authors": authors,
        "source_links": source_links,
        "related_links": [RelatedArticle(article=preview, related=story) for story in related],
        "corrections": list(current.corrections.filter(created_at__lte=revision.created_at)),
    }
    return preview
