"""Health checks for load balancers, Varnish's probe and systemd: ``/healthz`` and ``/readyz``.

``/healthz``: the process is up and answers (200 ``ok``), nothing else is touched.
``/readyz``: 200 with a JSON of checks while the parts a page cannot do without (the
database, media storage) answer, 503 when one fails. The page cache and the limits store are
checked and reported too, but their failure leaves the status at 200 («degraded»): without
them pages are served uncached and limits let requests through, so taking every origin out
of the load balancer for a Redis outage would turn a slower site into no site.

Both answer in a middleware placed first, so they need no valid Host header, no HTTPS and
no session, never set a cookie and never reach the page cache. To check one more part,
add a function to :data:`CHECKS` (it raises when the part is not ready).
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


def check_database() -> None:
    for connection in connections.all(initialized_only=False):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    """The page cache stores and returns a value (down: pages are slower, not broken)."""
    token = uuid.uuid4().hex
    pages = caches["pages"]
    pages.set("health:probe", token, 30)
    if pages.get("health:probe") != token:
        raise RuntimeError("the page cache did not return what was stored")


def check_limits() -> None:
    """The limits store (rate limits, sign-in locks, purge times) counts."""
    from shpalta.lib.limits import store

    if store().incr(f"health:probe:{uuid.uuid4().hex}", 5) != 1:
        raise RuntimeError("the limits store did not count")


def check_media() -> None:
    """Uploads can be stored: write, read back and delete a small file (disk or object store)."""
    name = default_storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("media storage returned something else")
    finally:
        default_storage.delete(name)


#: name -> check.
CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "limits": check_limits,
    "media": check_media,
}


#: Checks whose failure makes the origin unready (503); the others only report «degraded».
CRITICAL = frozenset({"database", "media"})


def readiness() -> tuple[bool, dict[str, dict]]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # any failure means "not ready"
            logger.warning("readiness check %s failed: %r", name, error)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(r["ok"] for name, r in results.items() if name in CRITICAL), results


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return _no_store(HttpResponse("ok", content_type="text/plain; charset=utf-8"))
        if request.path == "/readyz":
            ready, checks = readiness()
            whole = all(check["ok"] for check in checks.values())
            status = "ok" if whole else "degraded" if ready else "failing"
            body = {"status": status, "checks": checks}
            return _no_store(JsonResponse(body, status=200 if ready else 503))
        return self.get_response(request)
