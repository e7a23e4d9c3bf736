"""Public pages: one HTML for every reader, cached whole and purged by what they show.

Every public page goes through :func:`public_page`. It sets the header contract of
DESIGN.md §3 (``Cache-Control: public`` with max-age/s-maxage, ``Surrogate-Key`` and
``Cache-Tag``) and keeps the rendered page in Django's cache together with its keys and
the time its rendering started.

:func:`cache_purge` is the one way to invalidate: it records, per surrogate key, the
time of the purge, and a stored page is served only while none of its keys was purged
after it began rendering. So publishing article 42 drops exactly the pages labelled
``article-42``, ``home``, ``section-3``… and nothing else. After the page cache, the purge
runs the configured CDN hooks in a background task.

The page cache (alias ``pages``) may forget pages; purge times must not be forgotten, so
they live in the limits store (:mod:`shpalta.lib.limits`) when it is Redis or when pages
are shared in Redis, and otherwise in the mtimes of small files in the data folder
(gunicorn's workers do not share local memory; a cached page then costs no query). A page
cache or purge store that fails never fails a request: the page is served uncached.

A scheduled story's time is a purge that happens by itself: :func:`cache_release_at`
records the moment, and pages rendered before it stop being served once it passes,
even if the scheduler has not run (``published()`` already shows a due story).
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.module_loading import import_string
from django_tasks import task

if TYPE_CHECKING:
    from .models import Article
from shpalta.lib import limits
from shpalta.lib.dbrouter import PRIMARY_HEADER, replica_lag_allowance_ns, replica_reads
from shpalta.lib.limits import StoreUnavailable
from shpalta.lib.outages import outage_known, outage_report, redacted

logger = logging.getLogger(__name__)

#: Implicit on every page: purging it empties the whole page cache (sections, tags…).
ALL = "all"
#: The cache alias of rendered pages (settings.CACHES): it may evict, nothing else lives there.
PAGES = "pages"
CACHED_HEADERS = ("Content-Type", "Surrogate-Key", "Cache-Tag", "Last-Modified", "Content-Language")
_SAFE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_DUE_KEY = "news:purge-due"
_pending = threading.local()
T = TypeVar("T")
View = Callable[..., HttpResponse]


def _page_cache_name() -> str:
    location = settings.CACHES[PAGES].get("LOCATION", "")
    return f"page cache ({redacted(location)})" if location else "page cache (local memory)"


def _purge_store() -> limits.DatabaseStore | limits.RedisStore | None:
    """Where purge times live: the limits store when it is Redis, or when pages are shared
    through Redis (another host must see the purge); None: files in the data folder."""
    local_pages = "locmem" in settings.CACHES[PAGES]["BACKEND"].lower()
    if settings.LIMITS_REDIS_URL or not local_pages:
        return limits.store()
    return None


def _ask(
    store: limits.DatabaseStore | limits.RedisStore,
    work: Callable[[limits.DatabaseStore | limits.RedisStore], T],
) -> T:
    """Run ``work`` on the purge store; StoreUnavailable while it is (recently) down."""
    if outage_known(store.name):
        raise StoreUnavailable(f"{store.name} failed a moment ago")
    try:
        return work(store)
    except StoreUnavailable as error:
        outage_report(store.name, error)
        raise


def _purge_dir() -> Path:
    return Path(settings.DATA_DIR) / "purge"


def _file_name(key: str) -> str:
    return key if _SAFE_KEY.match(key) else hashlib.sha256(key.encode()).hexdigest()[:32]


def _purge_state(keys: Iterable[str]) -> tuple[dict[str, int], list[int]]:
    """When each key was last purged (nanoseconds since the epoch; absent = never), and
    the release times of scheduled stories; one round trip to the store."""
    keys = list(keys)
    store = _purge_store()
    if store is not None:
        wanted = [*(f"purge:{k}" for k in keys), _DUE_KEY]
        found = _ask(store, lambda s: s.get_many(wanted))
        times = {k: found[f"purge:{k}"] for k in keys if f"purge:{k}" in found}
        return times, found.get(_DUE_KEY) or []
    times = {}
    folder = _purge_dir()
    for key in keys:
        with contextlib.suppress(FileNotFoundError):
            times[key] = os.stat(folder / _file_name(key)).st_mtime_ns
    try:
        due = json.loads((folder / "due.json").read_text())
    except (FileNotFoundError, ValueError):
        due = []
    return times, due


def purge_times(keys: Iterable[str]) -> dict[str, int]:
    """When each key was last purged (nanoseconds since the epoch; absent = never)."""
    return _purge_state(keys)[0]


def _mark_purged(keys: Iterable[str], at: int) -> None:
    keys = list(keys)
    store = _purge_store()
    if store is not None:
        _ask(store, lambda s: s.set_many({f"purge:{k}": at for k in keys}, None))
        return
    folder = _purge_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for key in keys:
        path = folder / _file_name(key)
        path.touch()
        os.utime(path, ns=(at, at))


def cache_release_at(moment: datetime) -> None:
    """Pages rendered before ``moment`` stop being served when it comes (scheduled stories)."""
    now = time.time_ns()
    at = int(moment.timestamp() * 1_000_000_000)
    # Keep only times still ahead, plus a margin: a page is checked against them on every hit.
    keep_after = now - settings.PAGE_CACHE_SECONDS * 1_000_000_000
    try:
        _write_due(sorted({t for t in _purge_state([])[1] if t > keep_after} | {at})[:200])
    except StoreUnavailable as error:
        logger.error("Release time %s not recorded (%s): cached pages may show it late", at, error)


def _write_due(due: list[int]) -> None:
    store = _purge_store()
    if store is not None:
        _ask(store, lambda s: s.set_many({_DUE_KEY: due}, None))
        return
    folder = _purge_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"due.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(due))
    tmp.replace(folder / "due.json")


def cache_purge(keys: Iterable[str]) -> None:
    """Drop every cached page labelled with any of ``keys``, then tell the CDN (in a task).

    Inside a transaction the purge waits for the commit (readers must not re-cache the
    old version in between), and all keys of one transaction go out together.
    """
    keys = set(keys)
    if not keys:
        return
    connection = transaction.get_connection()
    # Under the test suite's wrapping transaction nothing ever commits (Django's own
    # durable-atomic check reads the same flag): there, purge at once.
    blocks = connection.atomic_blocks
    if not connection.in_atomic_block or getattr(blocks[0], "_from_testcase", False):
        _purge_now(keys)
        return
    pending = getattr(_pending, "keys", None)
    # A rolled-back transaction drops our callback but leaves the set: start again then.
    registered = any(entry[1] is _flush_pending for entry in connection.run_on_commit)
    if pending is None or not registered:
        pending = _pending.keys = set()
        transaction.on_commit(_flush_pending)
    pending.update(keys)


def _flush_pending() -> None:
    keys = getattr(_pending, "keys", None) or set()
    _pending.keys = None
    if keys:
        _purge_now(keys)


def _purge_now(keys: set[str]) -> None:
    try:
        _mark_purged(keys, time.time_ns())
    except StoreUnavailable as error:
        # Pages are served uncached while the store is down; ones cached before may come
        # back for up to PAGE_CACHE_SECONDS once it answers again.
        logger.error("Purge of %s not recorded: %s", " ".join(sorted(keys)), error)
    if settings.PURGE_HOOKS:
        run_purge_hooks.enqueue(sorted(keys))


@task()
def run_purge_hooks(keys: list[str]) -> None:
    """Call every configured CDN purge hook with the purged surrogate keys."""
    for path in settings.PURGE_HOOKS:
        import_string(path)(keys)


def http_purge_hook(keys: list[str]) -> None:
    """Purge by key through an HTTP endpoint (Fastly/Varnish style): ``SHPALTA_PURGE_URL``."""
    if not settings.PURGE_URL.startswith(("https://", "http://")):
        raise ValueError("SHPALTA_PURGE_URL must be an http(s) address")
    body = json.dumps({"surrogate_keys": keys}).encode()
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        settings.PURGE_URL,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Surrogate-Key": " ".join(keys)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()


def content_changed(**_: object) -> None:
    """Something every page may show changed (a section's name, a tag): purge everything."""
    cache_purge([ALL])


def article_purge_keys(article: "Article") -> list[str]:
    """Every surrogate key of pages that show (or showed) this story."""
    keys = [f"article-{article.pk}", "home", "feeds", "sitemaps", "search"]
    if article.section_id:
        keys.append(f"section-{article.section_id}")
    if article.pk:
        keys += [f"tag-{pk}" for pk in article.tags.values_list("pk", flat=True)]
        keys += [f"person-{pk}" for pk in article.people.values_list("pk", flat=True)]
        keys += [f"source-{pk}" for pk in article.source_links.values_list("source_id", flat=True)]
    return keys


def _article_deleted(sender: type["Article"], instance: "Article", **kwargs: Any) -> None:
    cache_purge(article_purge_keys(instance))


def connect_invalidation() -> None:
    """Edits of reference data purge everything. A story changes only through
    news.services, which purge its pages once each (no purge on Article saves here)."""
    from . import models

    post_delete.connect(_article_deleted, sender=models.Article, dispatch_uid="cache-d-article")
    for model in (models.Section, models.Tag, models.Person, models.Source, models.Image):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-d-{model.__name__}")


def set_public_headers(response: HttpResponse, *, surrogate_keys: list[str]) -> HttpResponse:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        s_maxage=settings.PAGE_S_MAXAGE,
        stale_while_revalidate=30,
    )
    response["Surrogate-Key"] = " ".join(surrogate_keys)
    response["Cache-Tag"] = ",".join(surrogate_keys)  # the same keys, as Cloudflare reads them
    return response


def _cache_key(request: HttpRequest) -> str:
    # request.GET holds only the parameters the page reads (public_page dropped the rest).
    where = f"{request.get_host()}{escape_uri_path(request.path)}?{request.GET.urlencode()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def _only_params(request: HttpRequest, params: tuple[str, ...]) -> None:
    """Let the view see only the query parameters it declared (utm_*, fbclid… are gone),
    so the page cache may key on exactly those."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept  # type: ignore[assignment]  # read-only by the line above; stubs can't tell


def _still_fresh(stored: dict) -> bool:
    rendered_at = stored["rendered_at"]
    times, due = _purge_state([*stored["keys"], ALL])
    if any(t >= rendered_at for t in times.values()):
        return False
    now = time.time_ns()
    return not any(rendered_at <= t <= now for t in due)


def _stored_page(key: str) -> tuple[dict | None, bool]:
    """The stored page if it is still fresh, and whether a new rendering may be stored.

    Nothing here may fail a request: a page cache or purge store that does not answer
    means "render it and do not keep it" (and a warning, once a minute).
    """
    name = _page_cache_name()
    if outage_known(name):
        return None, False
    try:
        stored = caches[PAGES].get(key)
    except Exception as error:  # whatever the backend raises: serve uncached
        outage_report(name, error)
        return None, False
    try:
        if stored is not None and _still_fresh(stored):
            return stored, True
        store = _purge_store()
        return None, store is None or not outage_known(store.name)
    except StoreUnavailable:
        return None, False


def _keep_page(key: str, page: dict) -> None:
    try:
        caches[PAGES].set(key, page, settings.PAGE_CACHE_SECONDS)
    except Exception as error:  # a page not kept is only a slower next request
        outage_report(_page_cache_name(), error)


@overload
def public_page(view: View, *, params: tuple[str, ...] = ()) -> View: ...
@overload
def public_page(view: None = None, *, params: tuple[str, ...] = ()) -> Callable[[View], View]: ...
def public_page(
    view: View | None = None, *, params: tuple[str, ...] = ()
) -> View | Callable[[View], View]:
    """Serve a reader page from the page cache, or render it and keep it.

    ``params`` names the query parameters the page reads (``("page",)``); the view never
    sees any other (``request.GET`` holds only these), and the cache key uses only them,
    so ``?utm_source=…&fbclid=…`` is served the one stored page. Use as ``@public_page``
    or ``@public_page(params=(...))``.
    """
    if view is None:
        return lambda view: public_page(view, params=params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        _only_params(request, params)
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        # A reader who just wrote asks for the primary: never an older copy.
        if PRIMARY_HEADER in request.headers:
            stored, may_keep = None, False
        else:
            stored, may_keep = _stored_page(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            return response
        started = time.time_ns()
        response = view(request, *args, **kwargs)
        # Read from a replica, the page shows data up to the allowed lag old: dated so, a
        # purge in that window still makes it stale.
        rendered_at = started - replica_lag_allowance_ns()
        if (
            may_keep
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            headers["Cache-Control"] = response.get("Cache-Control", "")
            page = {
                "content": response.content,
                "headers": headers,
                "keys": response.get("Surrogate-Key", "").split(),
                "rendered_at": rendered_at,
            }
            _keep_page(key, page)
        return response

    return replica_reads(wrapper)
