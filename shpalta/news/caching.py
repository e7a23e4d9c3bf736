"""Public pages: one HTML for every reader, cached whole and purged by what they show.

Every public page goes through :func:`public_page`. It sets the header contract of
DESIGN.md §3 (``Cache-Control: public`` with max-age/s-maxage, ``Surrogate-Key`` and
``Cache-Tag``) and keeps the rendered page in Django's cache together with its keys and
the time its rendering started.

:func:`cache_purge` is the one way to invalidate: it records, per surrogate key, the
time of the purge, and a stored page is served only while none of its keys was purged
after it began rendering. So publishing article 42 drops exactly the pages labelled
``article-42``, ``home``, ``section-3``… and nothing else. The purge times live in the
shared cache (Redis) when there is one, and otherwise in the mtimes of small files in
the data folder, because gunicorn's workers do not share local memory. After Django's
cache, the purge runs the configured CDN hooks in a background task.

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
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string
from django_tasks import task

if TYPE_CHECKING:
    from .models import Article
from shpalta.lib.dbrouter import PRIMARY_HEADER, replica_lag_allowance_ns, replica_reads

logger = logging.getLogger(__name__)

#: Implicit on every page: purging it empties the whole page cache (sections, tags…).
ALL = "all"
CACHED_HEADERS = ("Content-Type", "Surrogate-Key", "Cache-Tag", "Last-Modified", "Content-Language")
_SAFE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_DUE_KEY = "news:purge-due"
_pending = threading.local()


def _shared_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _purge_dir() -> Path:
    return Path(settings.DATA_DIR) / "purge"


def _file_name(key: str) -> str:
    return key if _SAFE_KEY.match(key) else hashlib.sha256(key.encode()).hexdigest()[:32]


def purge_times(keys: Iterable[str]) -> dict[str, int]:
    """When each key was last purged (nanoseconds since the epoch; absent = never)."""
    keys = list(keys)
    if _shared_cache():
        found = cache.get_many([f"purge:{k}" for k in keys])
        return {k: found[f"purge:{k}"] for k in keys if f"purge:{k}" in found}
    times = {}
    folder = _purge_dir()
    for key in keys:
        with contextlib.suppress(FileNotFoundError):
            times[key] = os.stat(folder / _file_name(key)).st_mtime_ns
    return times


def _mark_purged(keys: Iterable[str], at: int) -> None:
    keys = list(keys)
    if _shared_cache():
        cache.set_many({f"purge:{k}": at for k in keys}, None)
        return
    folder = _purge_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for key in keys:
        path = folder / _file_name(key)
        path.touch()
        os.utime(path, ns=(at, at))


def _due_times() -> list[int]:
    if _shared_cache():
        return cache.get(_DUE_KEY) or []
    try:
        return json.loads((_purge_dir() / "due.json").read_text())
    except (FileNotFoundError, ValueError):
        return []


def cache_release_at(moment: datetime) -> None:
    """Pages rendered before ``moment`` stop being served when it comes (scheduled stories)."""
    now = time.time_ns()
    at = int(moment.timestamp() * 1_000_000_000)
    # Keep only times still ahead, plus a margin: a page is checked against them on every hit.
    keep_after = now - settings.PAGE_CACHE_SECONDS * 1_000_000_000
    due = sorted({t for t in _due_times() if t > keep_after} | {at})[:200]
    if _shared_cache():
        cache.set(_DUE_KEY, due, None)
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
    _mark_purged(keys, time.time_ns())
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


def _article_deleted(sender, instance, **kwargs) -> None:
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
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def _still_fresh(stored: dict) -> bool:
    rendered_at = stored["rendered_at"]
    times = purge_times([*stored["keys"], ALL])
    if any(t >= rendered_at for t in times.values()):
        return False
    now = time.time_ns()
    return not any(rendered_at <= t <= now for t in _due_times())


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a reader page from the page cache, or render it and keep it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        # A reader who just wrote asks for the primary: never an older copy.
        stored = None if PRIMARY_HEADER in request.headers else cache.get(key)
        if stored is not None and _still_fresh(stored):
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            return response
        started = time.time_ns()
        response = view(request, *args, **kwargs)
        # Read from a replica, the page shows data up to the allowed lag old: dated so, a
        # purge in that window still makes it stale.
        rendered_at = started - replica_lag_allowance_ns()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            headers["Cache-Control"] = response.get("Cache-Control", "")
            page = {
                "content": response.content,
                "headers": headers,
                "keys": response.get("Surrogate-Key", "").split(),
                "rendered_at": rendered_at,
            }
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return response

    return replica_reads(wrapper)
