"""The sign-in counters live in the shared cache: with Redis, every process sees them."""

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from shpalta.testing import make_reader

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
PAUSED = "Задля вашої безпеки вхід призупинено на 15 хвилин"


@pytest.fixture
def redis_cache(redis_url):
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "accounts-test",
        }
    }
    with override_settings(CACHES=config):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_with_redis_five_failures_pause_the_account_across_processes(redis_cache):
    make_reader(email="olena@example.com")
    for n in range(5):
        # A new client per attempt: nothing is remembered in the browser or the process.
        Client().post(
            "/accounts/login/",
            {"login": "olena@example.com", "password": "guess"},
            REMOTE_ADDR=f"10.3.0.{n}",
        )
    assert any(key for key in redis_cache._cache.get_client().keys("accounts-test:*rl*"))
    refused = Client().post(
        "/accounts/login/", {"login": "olena@example.com", "password": "correct horse 42"}
    )
    assert PAUSED in refused.content.decode()
