"""The editors' rules for the front page: who may curate it, what a choice may hold, and
which cached pages each change purges (the home page for slots, the banner for the banner)."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shpalta.accounts.models import User
from shpalta.news.caching import cache_purge, cache_release_at
from shpalta.news.models import Article
from shpalta.news.workflow import WorkflowError

from .models import Banner, Slot

#: Curating the front page and raising the banner is an editor's job.
CURATE_PERMISSION = "news.publish_article"
#: «Головне» slots under the top story.
MAIN_SLOTS = 6
#: Surrogate key of the banner endpoint (pages themselves do not carry the banner).
BANNER_KEY = "banner"
BANNER_TEXT_MAX = 200


@dataclass(frozen=True)
class SlotChoice:
    """One story an editor placed, in order: the first is the top story."""

    article_id: int
    pinned_until: datetime | None = None


def _check_editor(user: User) -> None:
    if not (user.is_active and user.is_staff and user.has_perm(CURATE_PERMISSION)):
        raise WorkflowError(_("Only editors may change the front page."), status=403)


def frontpage_set(*, choices: list[SlotChoice], user: User) -> list[Slot]:
    """Replace the chosen stories at once; purges the home page only."""
    _check_editor(user)
    if len(choices) > MAIN_SLOTS + 1:
        raise WorkflowError(
            _("The front page holds a top story and %(n)d more.") % {"n": MAIN_SLOTS}
        )
    ids = [choice.article_id for choice in choices]
    if len(set(ids)) != len(ids):
        raise WorkflowError(_("A story can stand on the front page only once."))
    now = timezone.now()
    if any(c.pinned_until is not None and c.pinned_until <= now for c in choices):
        raise WorkflowError(_("A story can be pinned only until a time in the future."))
    with transaction.atomic():
        published = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
        if len(published) != len(ids):
            raise WorkflowError(_("Only published stories can stand on the front page."))
        Slot.objects.all().delete()
        slots = Slot.objects.bulk_create(
            Slot(position=i, article_id=c.article_id, pinned_until=c.pinned_until, chosen_by=user)
            for i, c in enumerate(choices)
        )
        cache_purge(["home"])
    for choice in choices:
        if choice.pinned_until:
            # When a pin runs out, the home page cached before must stop being served.
            cache_release_at(choice.pinned_until)
    return slots


def _is_link(url: str) -> bool:
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and "\\" not in url


def banner_raise(*, text: str, url: str, expires_at: datetime, user: User) -> Banner:
    """Show a breaking-news strip on every page until ``expires_at`` (replaces any other)."""
    _check_editor(user)
    text, url = " ".join(text.split()), url.strip()
    if not text:
        raise WorkflowError(_("Write the banner's text."))
    if len(text) > BANNER_TEXT_MAX:
        raise WorkflowError(
            _("The banner's text is at most %(n)d characters.") % {"n": BANNER_TEXT_MAX}
        )
    if len(url) > 500 or not _is_link(url):
        raise WorkflowError(_("The link must be an address on this site (/news/…) or http(s)://…"))
    if expires_at <= timezone.now():
        raise WorkflowError(_("The banner must be shown until a time in the future."))
    with transaction.atomic():
        Banner.objects.filter(lowered_at__isnull=True).update(lowered_at=timezone.now())
        banner = Banner.objects.create(text=text, url=url, expires_at=expires_at, raised_by=user)
        cache_purge([BANNER_KEY])
    cache_release_at(expires_at)
    return banner


def banner_lower(*, user: User) -> None:
    """Take the banner down now."""
    _check_editor(user)
    with transaction.atomic():
        Banner.objects.filter(lowered_at__isnull=True).update(lowered_at=timezone.now())
        cache_purge([BANNER_KEY])


def banner_current(*, now: datetime | None = None) -> Banner | None:
    """The banner readers see now, if any."""
    now = now or timezone.now()
    return Banner.objects.filter(lowered_at__isnull=True, expires_at__gt=now).first()
