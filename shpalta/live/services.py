"""Live blog rules: who may start, end and write one, what an entry must hold, and which
cached pages each change purges (once, after the commit)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shpalta.accounts.models import User
from shpalta.news.caching import article_purge_keys, cache_purge
from shpalta.news.models import Article, Image

from .models import Entry

#: Starting and ending a live blog changes what every list and feed says about the story.
RUN_PERMISSION = "news.publish_article"
#: Reporters write entries as fast as they can: whoever may edit stories.
WRITE_PERMISSION = "news.change_article"


class LiveError(ValueError):
    """A live blog change refused, with a sentence for the editor (a 400)."""


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def live_keys(article_id: int) -> list[str]:
    """Pages that show a blog's entries: its page, its «after entry N» answers, the feeds."""
    return [f"article-{article_id}", f"live-{article_id}", "feeds"]


def _entries_changed(article: Article) -> None:
    # Last-Modified of the article page is changed_at: a browser's If-Modified-Since
    # must not get a 304 for a page with new entries.
    Article.objects.filter(pk=article.pk).update(changed_at=timezone.now())
    cache_purge(live_keys(article.pk))


@transaction.atomic
def liveblog_start(*, article: Article, user: User) -> Article:
    """Make the story a live blog, or resume an ended one."""
    _require(user, RUN_PERMISSION)
    article.live_since = article.live_since or timezone.now()
    article.live_ended_at = None
    article.save(update_fields=["live_since", "live_ended_at", "changed_at"])
    cache_purge([*article_purge_keys(article), f"live-{article.pk}"])
    return article


@transaction.atomic
def liveblog_end(*, article: Article, user: User) -> Article:
    """«Трансляцію завершено»: the entries stay, new ones are refused, readers stop asking."""
    _require(user, RUN_PERMISSION)
    if not article.is_live_blog:
        raise LiveError(_("This story is not a live blog."))
    if article.live_ended_at is None:
        article.live_ended_at = timezone.now()
        article.save(update_fields=["live_ended_at", "changed_at"])
        cache_purge([*article_purge_keys(article), f"live-{article.pk}"])
    return article


def _checked(entry: Entry) -> None:
    """An entry shows something (text, a quote or a photo) and fits its fields."""
    for name in ("title", "body", "quote", "quote_source"):
        setattr(entry, name, getattr(entry, name).strip())
    if not (entry.body or entry.quote or entry.image_id):
        raise LiveError(_("Write a text, a quote or choose a photo: the entry is empty."))
    if entry.quote_source and not entry.quote:
        raise LiveError(_("Who said it is given, but the quote itself is empty."))
    try:
        entry.full_clean(exclude=["article", "author"])
    except ValidationError as error:
        raise LiveError(" ".join(error.messages)) from error


@transaction.atomic
def live_entry_post(
    *,
    article: Article,
    author: User,
    title: str = "",
    body: str = "",
    quote: str = "",
    quote_source: str = "",
    image: Image | None = None,
    is_key: bool = False,
) -> Entry:
    """Post an entry: readers with the page open are told within seconds."""
    _require(author, WRITE_PERMISSION)
    # Locks the story's row: an entry never slips in after the blog was ended.
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if not locked.is_live_blog:
        raise LiveError(_("This story is not a live blog."))
    if locked.live_ended_at is not None:
        raise LiveError(_("The live blog has ended: new entries are not added."))
    entry = Entry(
        article=locked,
        author=author,
        title=title,
        body=body,
        quote=quote,
        quote_source=quote_source,
        image=image,
        is_key=is_key,
    )
    _checked(entry)
    entry.save()
    _entries_changed(locked)
    return entry


@transaction.atomic
def live_entry_edit(
    *,
    entry: Entry,
    user: User,
    title: str,
    body: str,
    quote: str,
    quote_source: str,
    image: Image | None,
    is_key: bool,
) -> Entry:
    """Correct an entry; it keeps its time and place, and says «(змінено)»."""
    _require(user, WRITE_PERMISSION)
    entry.title, entry.body, entry.quote, entry.quote_source = title, body, quote, quote_source
    entry.image, entry.is_key = image, is_key
    _checked(entry)
    entry.edited_at = timezone.now()
    entry.save()
    _entries_changed(entry.article)
    return entry


@transaction.atomic
def live_entry_mark_key(*, entry: Entry, user: User, is_key: bool) -> Entry:
    """Pin an entry under «Головне за день», or take it off."""
    _require(user, WRITE_PERMISSION)
    entry.is_key = is_key
    entry.save(update_fields=["is_key"])
    _entries_changed(entry.article)
    return entry


@transaction.atomic
def live_entry_delete(*, entry: Entry, user: User) -> None:
    """Remove an entry from the blog (pages already open keep it until reloaded)."""
    _require(user, WRITE_PERMISSION)
    article = entry.article
    entry.delete()
    _entries_changed(article)
