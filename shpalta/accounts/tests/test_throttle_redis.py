"""The sign-in counters live in the limits store: with a limits Redis, every process sees
them and page traffic never evicts them."""

import pytest
import redis
from django.test import Client

from shpalta.testing import make_reader

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
PAUSED = "Задля вашої безпеки вхід призупинено на 15 хвилин"


@pytest.fixture
def limits_redis(settings, redis_server):
    server = redis_server("--maxmemory-policy", "noeviction")
    settings.LIMITS_REDIS_URL = server.url
    return redis.Redis.from_url(server.url)


def test_with_a_limits_redis_five_failures_pause_the_account(limits_redis):
    make_reader(email="olena@example.com")
    for n in range(5):
        # A new client per attempt: nothing is remembered in the browser or the process.
        Client().post(
            "/accounts/login/",
            {"login": "olena@example.com", "password": "guess"},
            REMOTE_ADDR=f"10.3.0.{n}",
        )
    assert limits_redis.keys("shpalta:cache:*:allauth:rl:*login_failed*")
    refused = Client().post(
        "/accounts/login/", {"login": "olena@example.com", "password": "correct horse 42"}
    )
    assert PAUSED in refused.content.decode()
