"""The newsroom's publishing rules: edits with revisions and conflict checks, and the
workflow draft → review → scheduled/published → unpublished, each step permission-checked,
logged in the audit log and purged from every cache that shows the story."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from shpalta.accounts.models import User
from shpalta.lib.text import slugify_uk

from .caching import article_purge_keys, cache_purge, cache_release_at
from .models import (
    Article,
    ArticleAction,
    ArticleSource,
    Correction,
    Image,
    Person,
    RelatedArticle,
    Revision,
    Section,
    Source,
    Tag,
)

Status = Article.Status
Action = ArticleAction.Action
PUBLISH_PERM = "news.publish_article"

#: The plain fields an editor edits; with tags, people, authors, sources and related
#: stories they make up a revision.
CONTENT_FIELDS = ("title", "slug", "lead", "highlight", "body", "comment_mode", "comments_enabled")


class WorkflowError(Exception):
    """A refused change, with a sentence for the person who asked and an HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class EditConflict(WorkflowError):
    """Someone saved the story after this editor opened it: nothing was overwritten."""

    def __init__(self, *, current: dict, submitted: dict, current_version: int, by: str):
        super().__init__(
            _(
                "%(name)s saved this story while you were editing it. Nothing was overwritten: "
                "compare both versions, then save again."
            )
            % {"name": by or _("Someone")},
            status=409,
        )
        self.current = current
        self.submitted = submitted
        self.current_version = current_version


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
    authors: list = field(default_factory=list)
    sources: list[tuple[Source, str]] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)
    comment_mode: str = ""
    comments_enabled: bool = True


# --- snapshots: a story as plain data (revisions, diffs, conflicts) -------------------


def article_snapshot(article: Article) -> dict:
    """The story as it is stored now, as JSON-ready data."""
    data = {name: getattr(article, name) for name in CONTENT_FIELDS}
    data["section"] = article.section_id
    data["hero_image"] = article.hero_image_id
    data["tags"] = sorted(article.tags.values_list("pk", flat=True))
    data["people"] = sorted(article.people.values_list("pk", flat=True))
    data["authors"] = sorted(article.authors.values_list("pk", flat=True))
    data["sources"] = [
        {"source": link.source_id, "url": link.url} for link in article.source_links.all()
    ]
    data["related"] = list(article.related_links.values_list("related_id", flat=True))
    data["status"] = article.status
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    return data


def content_snapshot(content: ArticleContent) -> dict:
    """The submitted story in the same shape as :func:`article_snapshot`."""
    data = {name: getattr(content, name) for name in CONTENT_FIELDS}
    data["section"] = content.section.pk if content.section else None
    data["hero_image"] = content.hero_image.pk if content.hero_image else None
    data["tags"] = sorted(t.pk for t in content.tags)
    data["people"] = sorted(p.pk for p in content.people)
    data["authors"] = sorted(u.pk for u in content.authors)
    data["sources"] = [{"source": s.pk, "url": url} for s, url in content.sources]
    data["related"] = [a.pk for a in content.related]
    return data


def content_from_snapshot(data: dict) -> ArticleContent:
    """A revision as submittable content; things deleted since are left out."""
    from django.contrib.auth import get_user_model

    def rows(model: type[Model], ids: list[int] | None) -> list:
        found = model._default_manager.in_bulk(ids or [])
        return [found[pk] for pk in ids or [] if pk in found]

    sources = Source.objects.in_bulk([s["source"] for s in data.get("sources", [])])
    section = Section.objects.filter(pk=data.get("section") or 0).first()
    if section is None:
        raise WorkflowError(_("The section of that version no longer exists; choose another."))
    return ArticleContent(
        **{name: data.get(name, "") for name in CONTENT_FIELDS if name != "comments_enabled"},
        comments_enabled=data.get("comments_enabled", True),
        section=section,
        hero_image=Image.objects.filter(pk=data.get("hero_image") or 0).first(),
        tags=rows(Tag, data.get("tags")),
        people=rows(Person, data.get("people")),
        authors=rows(get_user_model(), data.get("authors")),
        sources=[
            (sources[s["source"]], s.get("url", ""))
            for s in data.get("sources", [])
            if s["source"] in sources
        ],
        related=rows(Article, data.get("related")),
    )


# --- who may do what ------------------------------------------------------------------


def article_can_edit(*, article: Article, user: User) -> bool:
    """Editors edit any story; authors their own, until it is scheduled or published."""
    if not user.is_active or not user.has_perm("news.change_article"):
        return False
    if user.has_perm(PUBLISH_PERM):
        return True
    mine = article.pk is None or article.authors.filter(pk=user.pk).exists()
    return mine and article.status in (Status.DRAFT, Status.REVIEW)


def _require_edit(article: Article, user: User) -> None:
    if not article_can_edit(article=article, user=user):
        raise WorkflowError(_("You may not edit this story."), status=403)


def _require_publisher(user: User) -> None:
    if not (user.is_active and user.has_perm(PUBLISH_PERM)):
        raise WorkflowError(
            _("Only an editor can publish, schedule or unpublish stories."), status=403
        )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _log(article: Article, user: User | None, action: str, before: str, note: str = "") -> None:
    ArticleAction.objects.create(
        article=article,
        article_title=article.title[:200],
        actor=user,
        action=action,
        from_status=before,
        to_status=article.status,
        note=note,
    )


def _purge(article: Article) -> None:
    cache_purge(article_purge_keys(article))


# --- editing --------------------------------------------------------------------------


def _apply(article: Article, content: ArticleContent) -> None:
    for name in CONTENT_FIELDS:
        if name == "slug" and not content.slug and article.slug:
            continue  # an empty slug keeps the address; a new story gets one from its title
        setattr(article, name, getattr(content, name))
    article.section = content.section
    article.hero_image = content.hero_image
    try:
        article.full_clean(exclude=["tags", "people", "authors", "sources", "related"])
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise WorkflowError(" ".join(messages)) from error
    if any(a.pk == article.pk for a in content.related if article.pk):
        raise WorkflowError(_("A story cannot be related to itself."))


def _store_links(
    article: Article, content: ArticleContent, user: User, *, new: bool = False
) -> None:
    article.tags.set(content.tags)
    article.people.set(content.people)
    if content.authors or new:
        # The byline: whoever the editor names; a new story is its writer's by default.
        article.authors.set(content.authors or [user])
    ArticleSource.objects.filter(article=article).delete()
    seen = set()
    for position, (source, url) in enumerate(content.sources):
        if source.pk not in seen:
            seen.add(source.pk)
            ArticleSource.objects.create(article=article, source=source, url=url, position=position)
    RelatedArticle.objects.filter(article=article).delete()
    for position, related in enumerate(dict.fromkeys(content.related)):
        RelatedArticle.objects.create(article=article, related=related, position=position)


def _revision(article: Article, user: User, note: str = "", autosave: bool = False) -> Revision:
    return Revision.objects.create(
        article=article,
        version=article.version,
        data=article_snapshot(article),
        created_by=user,
        is_autosave=autosave,
        note=note,
    )


def article_create(*, content: ArticleContent, user: User) -> Article:
    """A new draft with its first revision; the writer becomes its author unless named."""
    if not (user.is_active and user.has_perm("news.add_article")):
        raise WorkflowError(_("You may not write stories."), status=403)
    with transaction.atomic():
        article = Article(status=Status.DRAFT)
        _apply(article, content)
        article.save()
        _store_links(article, content, user, new=True)
        _revision(article, user)
        _log(article, user, Action.CREATE, "")
    return article


def article_update(
    *,
    article: Article,
    content: ArticleContent,
    user: User,
    base_version: int,
    mark_updated: bool = False,
    note: str = "",
) -> Article:
    """Save an edit as a new revision; refuse (EditConflict) if someone saved in between."""
    return _update(
        article=article,
        content=content,
        user=user,
        base_version=base_version,
        mark_updated=mark_updated,
        note=note,
        action=Action.EDIT,
    )


def _update(
    *,
    article: Article,
    content: ArticleContent,
    user: User,
    base_version: int,
    action: str,
    mark_updated: bool = False,
    note: str = "",
) -> Article:
    with transaction.atomic():
        article = _locked(article)
        _require_edit(article, user)
        if base_version != article.version:
            last = article.revisions.filter(is_autosave=False).select_related("created_by").first()
            raise EditConflict(
                current=article_snapshot(article),
                submitted=content_snapshot(content),
                current_version=article.version,
                by=last.created_by.display_name if last and last.created_by else "",
            )
        before = article_snapshot(article)
        _apply(article, content)
        if mark_updated and article.status == Status.PUBLISHED:
            article.updated_at = timezone.now()
        article.version += 1
        article.save()
        _store_links(article, content, user)
        if article_snapshot(article) == before and not mark_updated:
            # Nothing changed: keep the version the editor has, store no empty revision.
            article.version -= 1
            Article.objects.filter(pk=article.pk).update(version=article.version)
            return article
        _revision(article, user, note=note)
        _log(article, user, action, article.status, note)
        Revision.objects.filter(article=article, created_by=user, is_autosave=True).delete()
        _purge(article)
    return article


def article_autosave(*, article: Article, content: ArticleContent, user: User) -> Revision:
    """Keep unsaved work as an autosave revision; the story itself does not change."""
    _require_edit(article, user)
    with transaction.atomic():
        Revision.objects.filter(article=article, created_by=user, is_autosave=True).delete()
        return Revision.objects.create(
            article=article,
            version=article.version,
            data=content_snapshot(content),
            created_by=user,
            is_autosave=True,
            note=_("Autosave"),
        )


def revision_restore(*, revision: Revision, user: User, base_version: int) -> Article:
    """Make an earlier version the current one (as a new revision; history stays)."""
    content = content_from_snapshot(revision.data)
    when = timezone.localtime(revision.created_at).strftime("%d.%m.%Y %H:%M")
    note = _("Restored the version of %(when)s") % {"when": when}
    return _update(
        article=revision.article,
        content=content,
        user=user,
        base_version=base_version,
        note=note,
        action=Action.RESTORE,
    )


# --- workflow ---------------------------------------------------------------------------


def _ready_to_publish(article: Article) -> None:
    missing = []
    if not article.title.strip():
        missing.append(_("a title"))
    if not article.lead.strip():
        missing.append(_("a lead"))
    if not strip_tags(article.body).strip():
        missing.append(_("a body"))
    if missing:
        raise WorkflowError(
            _("The story is not ready: it needs %(what)s.") % {"what": ", ".join(missing)}
        )


def _transition(
    article: Article, user: User, *, allowed: Iterable[str], action: str, to: str
) -> tuple[Article, str]:
    article = _locked(article)
    before = article.status
    if before not in allowed:
        raise WorkflowError(
            _("This step is not possible for a story with the status «%(status)s».")
            % {"status": article.get_status_display()},
            status=409,
        )
    article.status = to
    return article, before


def article_submit(*, article: Article, user: User, note: str = "") -> Article:
    """An author sends a draft to the editors."""
    with transaction.atomic():
        _require_edit(article, user)
        article, before = _transition(
            article, user, allowed=[Status.DRAFT], action=Action.SUBMIT, to=Status.REVIEW
        )
        _ready_to_publish(article)
        article.save(update_fields=["status", "changed_at"])
        _log(article, user, Action.SUBMIT, before, note)
    return article


def article_return(*, article: Article, user: User, note: str = "") -> Article:
    """An editor sends a story in review (or a scheduled one) back to its author."""
    with transaction.atomic():
        _require_publisher(user)
        article, before = _transition(
            article,
            user,
            allowed=[Status.REVIEW, Status.SCHEDULED],
            action=Action.RETURN,
            to=Status.DRAFT,
        )
        if (
            before == Status.SCHEDULED
            and article.published_at
            and article.published_at <= timezone.now()
        ):
            raise WorkflowError(_("The story is already out; unpublish it instead."), status=409)
        if before == Status.SCHEDULED:
            article.published_at = None
        article.save(update_fields=["status", "published_at", "changed_at"])
        _log(article, user, Action.RETURN, before, note)
        _purge(article)
    return article


def article_publish(*, article: Article, user: User, note: str = "") -> Article:
    """Publish now (or again, after unpublishing: the original date stays)."""
    with transaction.atomic():
        _require_publisher(user)
        article, before = _transition(
            article,
            user,
            allowed=[Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.UNPUBLISHED],
            action=Action.PUBLISH,
            to=Status.PUBLISHED,
        )
        _ready_to_publish(article)
        now = timezone.now()
        if before != Status.UNPUBLISHED or not article.published_at or article.published_at > now:
            article.published_at = now
        article.unpublished_at = None
        article.replaced_by = None
        article.save()
        _log(article, user, Action.PUBLISH, before, note)
        _purge(article)
    return article


def article_schedule(*, article: Article, user: User, when: datetime, note: str = "") -> Article:
    """Publish at a future moment; the story goes out then even if no scheduler runs."""
    if when <= timezone.now():
        raise WorkflowError(_("Choose a time in the future, or publish the story now."))
    with transaction.atomic():
        _require_publisher(user)
        article, before = _transition(
            article,
            user,
            allowed=[Status.DRAFT, Status.REVIEW, Status.SCHEDULED],
            action=Action.SCHEDULE,
            to=Status.SCHEDULED,
        )
        if (
            before == Status.SCHEDULED
            and article.published_at
            and article.published_at <= timezone.now()
        ):
            raise WorkflowError(_("The story is already out; it cannot be rescheduled."), 409)
        _ready_to_publish(article)
        article.published_at = when
        article.save(update_fields=["status", "published_at", "changed_at"])
        _log(article, user, Action.SCHEDULE, before, note or timezone.localtime(when).isoformat())
        transaction.on_commit(lambda: cache_release_at(when))
    return article


def article_unpublish(
    *, article: Article, user: User, replacement: Article | None = None, note: str = ""
) -> Article:
    """Take a story down: its address answers 410, or 301 to the named replacement."""
    with transaction.atomic():
        _require_publisher(user)
        article, before = _transition(
            article,
            user,
            allowed=[Status.PUBLISHED, Status.SCHEDULED],
            action=Action.UNPUBLISH,
            to=Status.UNPUBLISHED,
        )
        if replacement is not None:
            if replacement.pk == article.pk:
                raise WorkflowError(_("A story cannot replace itself."))
            if not Article.objects.published().filter(pk=replacement.pk).exists():
                raise WorkflowError(_("The replacement must be a published story."))
        article.unpublished_at = timezone.now()
        article.replaced_by = replacement
        article.save()
        _log(article, user, Action.UNPUBLISH, before, note)
        _purge(article)
    return article


def correction_add(*, article: Article, user: User, text: str) -> Correction:
    """A dated correction shown under the story and in its dateModified."""
    text = text.strip()
    if not text:
        raise WorkflowError(_("Write what was corrected."))
    if len(text) > 1000:
        raise WorkflowError(_("A correction can be at most 1000 characters long."))
    with transaction.atomic():
        _require_publisher(user)
        article = _locked(article)
        if not Article.objects.published().filter(pk=article.pk).exists():
            raise WorkflowError(_("Only a published story can carry a correction."), status=409)
        now = timezone.now()
        correction = Correction.objects.create(
            article=article, text=text, created_by=user, created_at=now
        )
        article.updated_at = now
        article.save(update_fields=["updated_at", "changed_at"])
        _log(article, user, Action.CORRECT, article.status, text)
        _purge(article)
    return correction


def articles_publish_due(*, now: datetime | None = None) -> list[Article]:
    """Mark scheduled stories whose time came as published (the scheduler calls this)."""
    now = now or timezone.now()
    done = []
    with transaction.atomic():
        due = Article.objects.select_for_update().filter(
            status=Status.SCHEDULED, published_at__lte=now
        )
        for article in due:
            article.status = Status.PUBLISHED
            article.save(update_fields=["status", "changed_at"])
            _log(article, None, Action.AUTO_PUBLISH, Status.SCHEDULED)
            _purge(article)
            done.append(article)
    return done


def parse_moment(value: str) -> datetime | None:
    """A date-time from a form or command line, read as Kyiv time when it has no zone."""
    moment = parse_datetime(value.strip()) if value else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --- tags, people and sources named while writing -----------------------------------------

TERM_MODELS: dict[str, type[Tag] | type[Person] | type[Source]] = {
    "tag": Tag,
    "person": Person,
    "source": Source,
}


def term_get_or_create(*, kind: str, name: str, user: User) -> Tag | Person | Source:
    """A tag, person or source by its exact name, created if new (needs news.add_<kind>)."""
    model = TERM_MODELS.get(kind)
    if model is None:
        raise WorkflowError(_("Unknown kind of item."))
    name = " ".join(name.split())
    if not name:
        raise WorkflowError(_("Write a name."))
    limit = model._meta.get_field("name").max_length
    if limit is not None and len(name) > limit:
        raise WorkflowError(_("The name is too long: at most 150 characters."))
    existing = model.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    if not (user.is_active and user.has_perm(f"news.add_{kind}")):
        raise WorkflowError(_("You may not create new items of this kind."), status=403)
    with transaction.atomic():
        item = model(name=name)
        item.slug = _free_slug(model, slugify_uk(name) or kind)
        item.save()
    return item


def _free_slug(model: type[Tag | Person | Source], base: str) -> str:
    """The slug, or the slug with -2, -3… when another item already has it."""
    base = base[:80]
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
