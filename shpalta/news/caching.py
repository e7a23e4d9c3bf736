"""Public pages: one HTML for every reader, cached whole and labelled for CDNs.

Every public page goes through :func:`public_page`. It sets the header contract of
DESIGN.md §3 (``Cache-Control: public`` with max-age/s-maxage, ``Surrogate-Key``) and
keeps the rendered page in Django's cache under a *content generation*. Any change
to content bumps the generation, so a reader sees an edit at once. The generation
lives in the shared cache (Redis) when there is one, and otherwise in the mtime of a
file in the data folder, because gunicorn's workers do not share local memory.
"""

import hashlib
import os
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "news:content-generation"
CACHED_HEADERS = ("Content-Type", "Surrogate-Key", "Last-Modified", "Content-Language")


def _shared_cache() -> bool:
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _generation_file() -> Path:
    return Path(settings.DATA_DIR) / "content-generation"


def content_generation() -> str:
    """A token that changes whenever anything a public page shows changes."""
    if _shared_cache():
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns(), None)
            value = cache.get(GENERATION_KEY)
        return str(value)
    try:
        return str(os.stat(_generation_file()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def content_changed(**_: object) -> None:
    """Invalidate every cached public page (publishing, edits, deletions)."""
    if _shared_cache():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), None)
        return
    path = _generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    now = time.time_ns()
    # Two changes within the filesystem's timestamp granularity must still differ.
    os.utime(path, ns=(now, max(now, os.stat(path).st_mtime_ns + 1)))


def connect_invalidation() -> None:
    from . import models

    for model in (
        models.Article,
        models.Section,
        models.Tag,
        models.Person,
        models.Source,
        models.Image,
        models.ArticleSource,
        models.RelatedArticle,
    ):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-d-{model.__name__}")
    for through in (models.Article.tags.through, models.Article.people.through):
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"cache-{through}")


def set_public_headers(response: HttpResponse, *, surrogate_keys: list[str]) -> HttpResponse:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        s_maxage=settings.PAGE_S_MAXAGE,
        stale_while_revalidate=30,
    )
    response["Surrogate-Key"] = " ".join(surrogate_keys)
    return response


def _cache_key(request: HttpRequest) -> str:
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{content_generation()}:{digest}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a reader page from the page cache, or render it and keep it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            headers["Cache-Control"] = response.get("Cache-Control", "")
            cache.set(
                key,
                {"content": response.content, "headers": headers},
                settings.PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
