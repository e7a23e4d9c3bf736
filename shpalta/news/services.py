"""The newsroom's publishing rules: edits with revisions and conflict checks, and the
workflow draft → review → scheduled/published → unpublished.

Who may take which step from which state, and what it does to the status and the
publication time, is the table in :mod:`shpalta.news.workflow`; the services here check
it, store the change, write the audit log and purge every cache that shows the story
(once, after the commit)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from shpalta.accounts.models import User
from shpalta.lib.text import slugify_uk

from . import workflow
from .caching import article_purge_keys, cache_purge, cache_release_at
from .models import (
    Article,
    ArticleAction,
    ArticleSource,
    Correction,
    Person,
    RelatedArticle,
    Revision,
    Source,
    Tag,
)
from .snapshots import (
    CONTENT_FIELDS,
    ArticleContent,
    ArticleSnapshot,
    article_snapshot,
    content_from_snapshot,
    content_snapshot,
)
from .workflow import WorkflowError

Status = Article.Status
Action = ArticleAction.Action


class EditConflict(WorkflowError):
    """Someone saved the story after this editor opened it: nothing was overwritten."""

    def __init__(
        self,
        *,
        current: ArticleSnapshot,
        submitted: ArticleSnapshot,
        current_version: int,
        by: str,
    ):
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


def local_moment(moment: datetime) -> str:
    """A time as the desk shows it: «28 листопада 2026, 20:14», Kyiv time."""
    return formats.date_format(timezone.localtime(moment), "j E Y, H:i")


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


def _purge(article: Article, *also: str) -> None:
    """The one purge of a change: every page that shows the story now (or showed it: ``also``)."""
    cache_purge({*article_purge_keys(article), *also})


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
        data=article_snapshot(article).to_json(),
        created_by=user,
        is_autosave=autosave,
        note=note,
    )


def article_create(*, content: ArticleContent, user: User) -> Article:
    """A new draft with its first revision; the writer becomes its author unless named.

    Nothing is purged: no page shows a draft."""
    workflow.step_check(workflow.CREATE, article=None, user=user)
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
        state = workflow.step_check(workflow.EDIT, article=article, user=user)
        if base_version != article.version:
            last = article.revisions.filter(is_autosave=False).select_related("created_by").first()
            raise EditConflict(
                current=article_snapshot(article),
                submitted=content_snapshot(content),
                current_version=article.version,
                by=last.created_by.display_name if last and last.created_by else "",
            )
        before = article_snapshot(article)
        # Pages of a section, tag, person or source the story leaves still show it.
        shown_before = article_purge_keys(article)
        _apply(article, content)
        mark_updated = mark_updated and state in workflow.LIVE
        if mark_updated:
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
        _purge(article, *shown_before)
    return article


def article_autosave(*, article: Article, content: ArticleContent, user: User) -> Revision:
    """Keep unsaved work as an autosave revision; the story itself does not change."""
    workflow.step_check(workflow.EDIT, article=article, user=user)
    with transaction.atomic():
        Revision.objects.filter(article=article, created_by=user, is_autosave=True).delete()
        return Revision.objects.create(
            article=article,
            version=article.version,
            data=content_snapshot(content).to_json(),
            created_by=user,
            is_autosave=True,
            note=_("Autosave"),
        )


def revision_restore(*, revision: Revision, user: User, base_version: int) -> Article:
    """Make an earlier version the current one (as a new revision; history stays)."""
    content = content_from_snapshot(revision.snapshot)
    note = _("Restored the version of %(when)s") % {"when": local_moment(revision.created_at)}
    return _update(
        article=revision.article,
        content=content,
        user=user,
        base_version=base_version,
        note=note,
        action=Action.RESTORE,
    )


# --- workflow: each step checks and applies its row of news.workflow ------------------------


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


STATE_FIELDS = ["status", "published_at", "changed_at"]


def article_submit(*, article: Article, user: User, note: str = "") -> Article:
    """An author sends a draft to the editors."""
    with transaction.atomic():
        article = _locked(article)
        before = article.status
        workflow.step_check(workflow.SUBMIT, article=article, user=user)
        _ready_to_publish(article)
        workflow.step_apply(workflow.SUBMIT, article, now=timezone.now())
        article.save(update_fields=STATE_FIELDS)
        _log(article, user, Action.SUBMIT, before, note)
    return article


def article_return(*, article: Article, user: User, note: str = "") -> Article:
    """An editor sends a story in review (or a scheduled one) back to its author."""
    with transaction.atomic():
        article = _locked(article)
        before = article.status
        workflow.step_check(workflow.RETURN, article=article, user=user)
        workflow.step_apply(workflow.RETURN, article, now=timezone.now())
        article.save(update_fields=STATE_FIELDS)
        _log(article, user, Action.RETURN, before, note)
        _purge(article)
    return article


def article_publish(*, article: Article, user: User, note: str = "") -> Article:
    """Publish now. A story that went out before keeps its first date; one readers see
    already (published, or scheduled and due) is refused, so a repeated POST re-dates nothing."""
    with transaction.atomic():
        article = _locked(article)
        before, now = article.status, timezone.now()
        workflow.step_check(workflow.PUBLISH, article=article, user=user, now=now)
        _ready_to_publish(article)
        workflow.step_apply(workflow.PUBLISH, article, now=now)
        article.unpublished_at = None
        article.replaced_by = None
        article.save(update_fields=[*STATE_FIELDS, "unpublished_at", "replaced_by"])
        _log(article, user, Action.PUBLISH, before, note)
        _purge(article)
    return article


def article_schedule(*, article: Article, user: User, when: datetime, note: str = "") -> Article:
    """Publish at a future moment; the story goes out then even if no scheduler runs."""
    with transaction.atomic():
        article = _locked(article)
        before, now = article.status, timezone.now()
        workflow.step_check(workflow.SCHEDULE, article=article, user=user, now=now)
        if when <= now:
            raise WorkflowError(_("Choose a time in the future, or publish the story now."))
        _ready_to_publish(article)
        workflow.step_apply(workflow.SCHEDULE, article, now=now, when=when)
        article.save(update_fields=STATE_FIELDS)
        _log(article, user, Action.SCHEDULE, before, note or local_moment(when))
        transaction.on_commit(lambda: cache_release_at(when))
    return article


def article_unpublish(
    *, article: Article, user: User, replacement: Article | None = None, note: str = ""
) -> Article:
    """Take a story down: its address answers 410, or 301 to the named replacement."""
    with transaction.atomic():
        article = _locked(article)
        before, now = article.status, timezone.now()
        workflow.step_check(workflow.UNPUBLISH, article=article, user=user, now=now)
        if replacement is not None:
            if replacement.pk == article.pk:
                raise WorkflowError(_("A story cannot replace itself."))
            if not Article.objects.published().filter(pk=replacement.pk).exists():
                raise WorkflowError(_("The replacement must be a published story."))
        workflow.step_apply(workflow.UNPUBLISH, article, now=now)
        article.unpublished_at = now
        article.replaced_by = replacement
        article.save(update_fields=[*STATE_FIELDS, "unpublished_at", "replaced_by"])
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
        article = _locked(article)
        now = timezone.now()
        workflow.step_check(workflow.CORRECT, article=article, user=user, now=now)
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
            workflow.state_filter({workflow.State.DUE}, now)
        )
        for article in due:
            workflow.step_apply(workflow.RELEASE, article, now=now)
            article.save(update_fields=STATE_FIELDS)
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
