"""The limits store: claims, counters and allauth's cache, in the database and in Redis."""

import threading
import time

import pytest
from django.core.cache import cache
from django.core.checks import run_checks

from shpalta.lib import limits
from shpalta.lib.models import Limit

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Each test runs on both stores: the default database, and a Redis of its own."""
    if request.param == "redis":
        settings.LIMITS_REDIS_URL = request.getfixturevalue("redis_server")().url
    return request.param


def later(monkeypatch, seconds: float) -> None:
    """Move the clock forward (stores compare expiry times with time.time())."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def test_the_first_claim_wins_and_the_others_learn_how_long_to_wait(store, monkeypatch):
    assert limits.limit_claim("post:olena", seconds=20) == 0
    assert limits.limit_claim("post:olena", seconds=20) in (19, 20)
    assert limits.limit_claim("post:taras", seconds=20) == 0
    if store == "database":  # Redis expires by its own clock, which the test cannot move
        later(monkeypatch, 21)
        assert limits.limit_claim("post:olena", seconds=20) == 0


def test_hits_count_up_within_the_window_and_start_again_after_it(store, monkeypatch):
    assert [limits.limit_hit("hour:olena", window=3600) for _ in range(3)] == [1, 2, 3]
    assert limits.limit_hit("hour:taras", window=3600) == 1
    if store == "database":
        later(monkeypatch, 3601)
        assert limits.limit_hit("hour:olena", window=3600) == 1


def test_twenty_claims_at_once_give_exactly_one_winner_on_redis(settings, redis_server):
    settings.LIMITS_REDIS_URL = redis_server().url
    results: list[int] = []
    barrier = threading.Barrier(20)

    def claim() -> None:
        barrier.wait()
        results.append(limits.limit_claim("post:olena", seconds=20))

    threads = [threading.Thread(target=claim) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(0) == 1
    assert all(1 <= wait <= 20 for wait in results if wait)


def test_the_default_cache_is_the_limits_store_with_an_atomic_add(store):
    assert cache.add("allauth:lock", True, timeout=10)
    assert not cache.add("allauth:lock", True, timeout=10)
    cache.set("allauth:history", [1.5, 2.25], 900)
    assert cache.get("allauth:history") == [1.5, 2.25]
    assert cache.get_many(["allauth:history", "missing"]) == {"allauth:history": [1.5, 2.25]}
    cache.delete("allauth:lock")
    assert cache.add("allauth:lock", True, timeout=10)
    cache.set("allauth:history", [3.0], 0)  # Django's "expire at once"
    assert cache.get("allauth:history", "gone") == "gone"


def test_expired_rows_are_cleaned_and_live_ones_stay(monkeypatch):
    limits.limit_hit("old", window=60)
    limits.limit_claim("old-claim", seconds=60)
    later(monkeypatch, 61)
    limits.limit_hit("fresh", window=60)
    limits.DatabaseStore().set_many({"purge:home": 1}, None)  # purge times never expire
    assert limits.limits_cleanup() == 2
    assert set(Limit.objects.values_list("key", flat=True)) == {"hits:fresh", "purge:home"}


def test_a_redis_store_that_is_down_lets_everything_through_with_one_warning(
    settings, redis_server, caplog
):
    server = redis_server()
    settings.LIMITS_REDIS_URL = server.url
    assert limits.limit_claim("post:olena", seconds=20) == 0
    server.kill()
    with caplog.at_level("WARNING", logger="shpalta.outages"):
        assert limits.limit_claim("post:olena", seconds=20) == 0
        assert limits.limit_hit("hour:olena", window=3600) == 0
        assert cache.add("allauth:lock", True, timeout=10)
        assert cache.get("allauth:history", []) == []
    warnings = [r for r in caplog.records if r.name == "shpalta.outages"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_the_deployment_check_warns_when_the_limits_redis_may_evict(settings, redis_server):
    settings.LIMITS_REDIS_URL = redis_server("--maxmemory-policy", "allkeys-lru").url
    found = run_checks(include_deployment_checks=True, tags=["caches"])
    assert [m.id for m in found] == ["shpalta.W001"]
    assert "allkeys-lru" in found[0].msg and "noeviction" in found[0].hint
    settings.LIMITS_REDIS_URL = redis_server("--maxmemory-policy", "noeviction").url
    assert run_checks(include_deployment_checks=True, tags=["caches"]) == []
