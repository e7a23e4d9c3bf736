"""Stories as readers would see them, for staff previews: the current one or a stored revision.

A revision is an ``ArticleSnapshot`` (shpalta.news.snapshots). To render it with the reader
template it becomes an unsaved ``Article`` whose related lists are filled in advance, the
way ``prefetch_related`` fills them, so the template reads them without touching the
database and never sees the story's current tags, sources or related stories.
"""

from django.db.models import QuerySet

from shpalta.lib.html import sanitize_body
from shpalta.news import workflow
from shpalta.news.models import Article, ArticleSource, RelatedArticle, Revision
from shpalta.news.selectors import with_page_parts
from shpalta.news.snapshots import CONTENT_FIELDS, snapshot_refs


def article_for_preview() -> QuerySet[Article]:
    """Any story, whatever its status, with everything its page shows (fixed query count)."""
    return with_page_parts(Article.objects.all())


def article_from_revision(revision: Revision) -> Article:
    """An unsaved copy of the story as ``revision`` stored it, ready for the reader template.

    Things deleted since the revision are left out. The related stories are the ones
    readers could open (published), as on the real page; corrections are those written
    before the revision.
    """
    current = revision.article
    snapshot = revision.snapshot
    refs = snapshot_refs([snapshot])
    preview = Article(
        pk=current.pk,
        status=snapshot.status or current.status,
        published_at=snapshot.published_at or current.published_at,
        updated_at=current.updated_at,
        comment_count=current.comment_count,
        created_at=current.created_at,
        changed_at=revision.created_at,
        version=revision.version,
        **{name: getattr(snapshot, name) for name in CONTENT_FIELDS},
    )
    # Autosaves keep the text as it was typed: clean it exactly as a save would.
    preview.body = sanitize_body(preview.body)
    # Never saved: a section deleted since (or a draft without one) shows as none.
    preview.section = refs.sections.get(snapshot.section) if snapshot.section else None  # type: ignore[assignment]
    preview.hero_image = refs.images.get(snapshot.hero_image) if snapshot.hero_image else None
    related = [
        story
        for story in refs.pick("related", snapshot.related)
        if workflow.article_state(story) in workflow.LIVE
    ]
    # No authors in a snapshot means the byline was left as it was (see ArticleContent).
    authors = refs.pick("authors", snapshot.authors) or list(
        current.authors.only("id", "display_name", "slug")
    )
    # A Django internal, on purpose: the template's .all() reads these instead of the tables.
    preview._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "tags": refs.pick("tags", snapshot.tags),
        "people": refs.pick("people", snapshot.people),
        "authors": authors,
        "source_links": [
            ArticleSource(article=preview, source=refs.sources[ref.source], url=ref.url)
            for ref in snapshot.sources
            if ref.source in refs.sources
        ],
        "related_links": [RelatedArticle(article=preview, related=story) for story in related],
        "corrections": list(current.corrections.filter(created_at__lte=revision.created_at)),
    }
    return preview
