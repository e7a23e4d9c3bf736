"""Read replicas: reader pages read from a healthy PostgreSQL replica, all else the primary.

The rule (docs/deploy.md, «Reads from replicas»):

- only views marked by :func:`replica_reads` (``news.caching.public_page``: the pages that
  are the same for every reader) may read a replica, and only for GET and HEAD;
- never inside a transaction, never for sessions and accounts (a reader who signed in a
  moment ago must not look signed out), and never when the request carries
  ``X-Shpalta-Primary``: after a successful write the response says for how many seconds
  (``X-Shpalta-Primary-Seconds``) and our scripts send that header until then — no cookie,
  so shared caches keep working;
- the desk, accounts, admin and every POST read and write the primary;
- a replica that is down, promoted, not streaming or more than ``REPLICA_MAX_LAG`` seconds
  behind is skipped (checked at most once per ``HEALTH_SECONDS`` per process); none left:
  the primary.
"""

import logging
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PRIMARY_HEADER = "X-Shpalta-Primary"
PRIMARY_SECONDS_HEADER = "X-Shpalta-Primary-Seconds"
HEALTH_SECONDS = 2.0
# Personal data is read where it was written.
PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "account", "admin"})
SAFE_METHODS = ("GET", "HEAD")


@dataclass
class _ReaderRequest:
    alias: str | None = None
    chosen: bool = False


# Set only while a reader page is being served; None everywhere else (tasks, commands).
_reader: ContextVar[_ReaderRequest | None] = ContextVar("shpalta_reader_request", default=None)
_health: dict[str, tuple[float, bool]] = {}
_health_lock = threading.Lock()


def replica_reads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose reads may come from a replica (functools.wraps keeps the mark)."""
    view.replica_reads = True  # type: ignore[attr-defined]
    return view


def replica_lag_allowance_ns() -> int:
    """How much older than «now» this request's data may be: the allowed replica lag if it
    read a replica, else 0 (page caches date a page by its data, not its rendering)."""
    state = _reader.get()
    if state is None or state.alias is None:
        return 0
    return int((settings.REPLICA_MAX_LAG + HEALTH_SECONDS) * 1_000_000_000)


def _measure(alias: str) -> bool:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            # Lag is the age of the last replayed transaction unless everything received
            # is replayed (an idle primary would otherwise look like a lagging replica).
            cursor.execute(
                "SELECT pg_is_in_recovery(),"
                " (SELECT status FROM pg_stat_wal_receiver LIMIT 1),"
                " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()),"
                " 'Infinity') END"
            )
            in_recovery, receiver, lag = cursor.fetchone()
    except Exception as error:
        logger.warning("Replica %s skipped: %s", alias, error)
        connection.close()
        return False
    usable = (
        bool(in_recovery) and receiver == "streaming" and float(lag) <= settings.REPLICA_MAX_LAG
    )
    if not usable:
        logger.warning(
            "Replica %s skipped: recovery=%s receiver=%s lag=%ss", alias, in_recovery, receiver, lag
        )
    return usable


def replica_usable(alias: str) -> bool:
    """Up, streaming and close enough behind; remembered for HEALTH_SECONDS per process."""
    now = time.monotonic()
    checked = _health.get(alias)
    if checked is not None and now - checked[0] < HEALTH_SECONDS:
        return checked[1]
    with _health_lock:
        checked = _health.get(alias)
        if checked is not None and now - checked[0] < HEALTH_SECONDS:
            return checked[1]
        usable = _measure(alias)
        _health[alias] = (time.monotonic(), usable)
    return usable


def replica_health_forget() -> None:
    """Check every replica again on next use (tests, and after a failover)."""
    _health.clear()


def _choose() -> str | None:
    usable = [alias for alias in settings.DATABASE_REPLICAS if replica_usable(alias)]
    return random.choice(usable) if usable else None  # noqa: S311 — load spreading only


class ReplicaRouter:
    """Reads of a reader page go to the replica chosen for the request; writes never do."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        state = _reader.get()
        if state is None or model._meta.app_label in PRIMARY_APPS:
            return None
        if transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
            return None
        if not state.chosen:
            state.alias, state.chosen = _choose(), True
        return state.alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Explicitly: otherwise Django writes an object back where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        ours = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db in settings.DATABASE_REPLICAS else None


class ReplicaMiddleware:
    """Lets a marked reader page read a replica; tells the client when it just wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reader.set(None)
        try:
            response = self.get_response(request)
        finally:
            _reader.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response[PRIMARY_SECONDS_HEADER] = str(settings.PRIMARY_AFTER_WRITE)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if (
            settings.DATABASE_REPLICAS
            and request.method in SAFE_METHODS
            and getattr(view_func, "replica_reads", False)
            and PRIMARY_HEADER not in request.headers
        ):
            _reader.set(_ReaderRequest())
