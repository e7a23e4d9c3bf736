"""Counters, "first wins" claims and locks that page traffic can never push out.

Rate limits (comment posting, django-allauth's sign-in, sign-up and reset limits) and
the page cache's purge times are state, not cache: an evicted counter unlocks an account,
an evicted purge time serves a stale page. They live in the limits store, never in the
evictable page cache:

- the database (default, table ``shpalta_limit``): every change is one atomic
  ``INSERT … ON CONFLICT`` statement, on SQLite and PostgreSQL alike; expired rows are
  deleted now and then by a write outside a transaction;
- Redis when ``SHPALTA_LIMITS_REDIS_URL`` is set: a database of its own, run with
  ``maxmemory-policy noeviction``; ``SET NX`` and a small INCR script keep it atomic.

A Redis store that does not answer never fails a request: limits then let everything
through (with a warning, see :mod:`shpalta.lib.outages`) until it answers again.

The default cache alias is :class:`LimitsCache`, this store behind Django's cache API,
because django-allauth keeps its rate limits in ``django.core.cache.cache``: its lock
(``cache.add``) is then atomic across processes and its counters are never evicted.
Values are JSON.
"""

import hashlib
import json
import math
import secrets
import time
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connection

from .outages import outage_known, outage_report, redacted

if TYPE_CHECKING:
    from redis import Redis

T = TypeVar("T")
#: One write in this many (outside a transaction) also deletes the expired rows.
CLEANUP_ONE_IN = 200
# Literal SQL (table shpalta_limit): one statement per change, atomic on its own.
_SET = (
    'INSERT INTO shpalta_limit ("key", value, hits, expires) VALUES (%s, %s, 0, %s)'
    ' ON CONFLICT ("key") DO UPDATE'
    " SET value = excluded.value, hits = 0, expires = excluded.expires"
)
_ADD = _SET + " WHERE shpalta_limit.expires <= %s" + ' RETURNING "key"'
_INCR = (
    "INSERT INTO shpalta_limit (\"key\", value, hits, expires) VALUES (%s, 'null', 1, %s)"
    ' ON CONFLICT ("key") DO UPDATE SET'
    " hits = CASE WHEN shpalta_limit.expires <= %s THEN 1 ELSE shpalta_limit.hits + 1 END,"
    " expires = CASE WHEN shpalta_limit.expires <= %s"
    " THEN excluded.expires ELSE shpalta_limit.expires END"
    " RETURNING hits"
)
_LEFT = 'SELECT expires FROM shpalta_limit WHERE "key" = %s AND (expires IS NULL OR expires > %s)'
_CLEANUP = "DELETE FROM shpalta_limit WHERE expires <= %s"
_MAX_KEY = 250


class StoreUnavailable(Exception):
    """The limits store did not answer (Redis down, out of memory…)."""


class DatabaseStore:
    """The limits store in the database (``shpalta.lib.models.Limit``)."""

    name = "limits store (database)"

    @staticmethod
    def _key(key: str) -> str:
        if len(key) <= _MAX_KEY:
            return key
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def _rows(sql: str, params: Iterable[Any]) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall() if cursor.description else []

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = {self._key(key): key for key in keys}
        if not wanted:
            return {}
        marks = ", ".join(["%s"] * len(wanted))
        rows = self._rows(
            f'SELECT "key", value FROM shpalta_limit WHERE "key" IN ({marks})'  # noqa: S608
            " AND (expires IS NULL OR expires > %s)",
            [*wanted, time.time()],
        )
        return {wanted[key]: json.loads(value) for key, value in rows}

    def set_many(self, values: dict[str, Any], ttl: float | None) -> None:
        expires = None if ttl is None else time.time() + ttl
        with connection.cursor() as cursor:
            cursor.executemany(
                _SET,
                [(self._key(key), json.dumps(value), expires) for key, value in values.items()],
            )
        self._cleanup_sometimes()

    def add(self, key: str, value: Any, ttl: float | None) -> bool:
        now = time.time()
        rows = self._rows(
            _ADD,
            [self._key(key), json.dumps(value), None if ttl is None else now + ttl, now],
        )
        self._cleanup_sometimes()
        return bool(rows)

    def incr(self, key: str, window: float) -> int:
        now = time.time()
        rows = self._rows(_INCR, [self._key(key), now + window, now, now])
        self._cleanup_sometimes()
        return rows[0][0]

    def seconds_left(self, key: str) -> float | None:
        now = time.time()
        rows = self._rows(_LEFT, [self._key(key), now])
        if not rows:
            return None
        return math.inf if rows[0][0] is None else rows[0][0] - now

    def delete_many(self, keys: Iterable[str]) -> None:
        keys = [self._key(key) for key in keys]
        if keys:
            marks = ", ".join(["%s"] * len(keys))
            self._rows(f'DELETE FROM shpalta_limit WHERE "key" IN ({marks})', keys)  # noqa: S608

    def clear(self) -> None:
        self._rows("DELETE FROM shpalta_limit", [])

    def cleanup(self) -> int:
        """Delete the expired entries; how many went."""
        with connection.cursor() as cursor:
            cursor.execute(_CLEANUP, [time.time()])
            return cursor.rowcount

    def _cleanup_sometimes(self) -> None:
        # Never inside a transaction: a long one would hold the deleted rows' locks.
        if not connection.in_atomic_block and secrets.randbelow(CLEANUP_ONE_IN) == 0:
            self.cleanup()


class RedisStore:
    """The limits store in a Redis database of its own (``SHPALTA_LIMITS_REDIS_URL``)."""

    PREFIX = "shpalta:"
    _INCR = (
        "local n = redis.call('INCR', KEYS[1]) "
        "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
        "return n"
    )

    def __init__(self, url: str) -> None:
        import redis

        self.name = f"limits store ({redacted(url)})"
        self._errors = redis.RedisError
        self._refused = redis.ResponseError
        # Short timeouts: a Redis that stopped answering must not hold requests up.
        self._client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._incr = self._client.register_script(self._INCR)

    def _run(self, work: Callable[..., T]) -> T:
        try:
            return work(self._client)
        except self._errors as error:
            raise StoreUnavailable(str(error)) from error

    @staticmethod
    def _ms(seconds: float) -> int:
        return max(1, math.ceil(seconds * 1000))

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        keys = list(keys)
        if not keys:
            return {}
        values = self._run(lambda r: r.mget([self.PREFIX + key for key in keys]))
        return {
            key: json.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }

    def set_many(self, values: dict[str, Any], ttl: float | None) -> None:
        def work(r: "Redis") -> None:
            pipe = r.pipeline(transaction=False)
            for key, value in values.items():
                px = None if ttl is None else self._ms(ttl)
                pipe.set(self.PREFIX + key, json.dumps(value), px=px)
            pipe.execute()

        self._run(work)

    def add(self, key: str, value: Any, ttl: float | None) -> bool:
        px = None if ttl is None else self._ms(ttl)
        return bool(
            self._run(lambda r: r.set(self.PREFIX + key, json.dumps(value), nx=True, px=px))
        )

    def incr(self, key: str, window: float) -> int:
        return int(
            self._run(lambda r: self._incr(keys=[self.PREFIX + key], args=[self._ms(window)]))
        )

    def seconds_left(self, key: str) -> float | None:
        left = self._run(lambda r: r.pttl(self.PREFIX + key))
        if left == -2:
            return None
        return math.inf if left == -1 else left / 1000

    def delete_many(self, keys: Iterable[str]) -> None:
        keys = [self.PREFIX + key for key in keys]
        if keys:
            self._run(lambda r: r.delete(*keys))

    def clear(self) -> None:
        def work(r: "Redis") -> None:
            batch = []
            for key in r.scan_iter(match=f"{self.PREFIX}*", count=500):
                batch.append(key)
                if len(batch) == 500:
                    r.delete(*batch)
                    batch = []
            if batch:
                r.delete(*batch)

        self._run(work)

    def eviction_policy(self) -> str | None:
        """Redis's ``maxmemory-policy``, or None when the server does not tell (managed Redis)."""

        def work(r: "Redis") -> str | None:
            try:
                return r.config_get("maxmemory-policy").get("maxmemory-policy")
            except self._refused:  # CONFIG renamed or not allowed
                return None

        return self._run(work)


_DATABASE = DatabaseStore()


@cache
def _redis_store(url: str) -> RedisStore:
    return RedisStore(url)


def store() -> DatabaseStore | RedisStore:
    """The limits store this site is configured with."""
    url = settings.LIMITS_REDIS_URL
    return _redis_store(url) if url else _DATABASE


def _fail_open(work: Callable[[DatabaseStore | RedisStore], T], fallback: T) -> T:
    """Run ``work`` on the store; if it is down, go on with ``fallback`` (nothing limited)."""
    current = store()
    if outage_known(current.name):
        return fallback
    try:
        return work(current)
    except StoreUnavailable as error:
        outage_report(current.name, error)
        return fallback


def limit_claim(key: str, *, seconds: float) -> int:
    """Hold ``key`` for ``seconds`` unless somebody already does ("first wins").

    0 when the claim is now ours, otherwise the whole seconds until it is free.
    """

    def work(current: DatabaseStore | RedisStore) -> int:
        if current.add(f"claim:{key}", True, seconds):
            return 0
        return max(1, math.ceil(current.seconds_left(f"claim:{key}") or 0))

    return _fail_open(work, 0)


def limit_hit(key: str, *, window: float) -> int:
    """Count one event under ``key``; the count starts again ``window`` seconds after
    the first event of the window. The count including this event."""
    return _fail_open(lambda current: current.incr(f"hits:{key}", window), 0)


def limits_cleanup() -> int:
    """Delete expired entries of the database store (Redis expires its own)."""
    return _DATABASE.cleanup() if not settings.LIMITS_REDIS_URL else 0


class LimitsCache(BaseCache):
    """Django's cache API over the limits store: the default cache alias, for
    django-allauth's rate limits. Never evicted; ``add`` is atomic; JSON values only."""

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)

    def _ttl(self, timeout: Any) -> float | None:
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    def _key(self, key: str, version: int | None) -> str:
        return "cache:" + self.make_and_validate_key(key, version=version)

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        key = self._key(key, version)
        # Down: allauth's lock is "taken" and nothing is counted, so sign-in keeps working.
        return _fail_open(lambda current: current.add(key, value, self._ttl(timeout)), True)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        key = self._key(key, version)
        found: dict[str, Any] = _fail_open(lambda current: current.get_many([key]), {})
        return found.get(key, default)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        wanted = {self._key(key, version): key for key in keys}
        found: dict[str, Any] = _fail_open(lambda current: current.get_many(wanted), {})
        return {wanted[key]: value for key, value in found.items()}

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self.set_many({key: value}, timeout, version)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        ttl = self._ttl(timeout)
        values = {self._key(key, version): value for key, value in data.items()}
        if ttl is not None and ttl <= 0:
            _fail_open(lambda current: current.delete_many(values), None)
        else:
            _fail_open(lambda current: current.set_many(values, ttl), None)
        return []

    def delete(self, key: Any, version: int | None = None) -> bool:
        self.delete_many([key], version)
        return True

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = [self._key(key, version) for key in keys]
        _fail_open(lambda current: current.delete_many(keys), None)

    def clear(self) -> None:
        _fail_open(lambda current: current.clear(), None)
