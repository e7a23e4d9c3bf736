"""Rate limits live in the limits store, so every worker process sees the same counts."""

import pytest
import redis

from shpalta.comments import services
from shpalta.comments.services import CommentError
from shpalta.testing import make_article, make_reader

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def limits_redis(settings, redis_server):
    server = redis_server("--maxmemory-policy", "noeviction")
    settings.LIMITS_REDIS_URL = server.url
    return redis.Redis.from_url(server.url)


def test_posting_too_fast_is_refused_through_a_limits_redis(limits_redis, settings):
    settings.COMMENTS_MIN_INTERVAL = 20
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Перший", ip="10.1.1.1")
    assert limits_redis.exists(f"shpalta:claim:comments:gap:user:{reader.pk}")
    with pytest.raises(CommentError) as error:
        services.comment_post(article=article, author=make_reader(), body="Другий", ip="10.1.1.1")
    assert error.value.status == 429
    assert "зачекайте 20 с" in str(error.value)


def test_the_hourly_limit_counts_every_post_of_the_hour(limits_redis, settings):
    settings.COMMENTS_MIN_INTERVAL = 0
    settings.COMMENTS_PER_HOUR = 3
    reader, article = make_reader(), make_article()
    for n in range(3):
        services.comment_post(article=article, author=reader, body=f"Коментар {n}")
    with pytest.raises(CommentError) as error:
        services.comment_post(article=article, author=reader, body="Четвертий")
    assert error.value.status == 429
    assert limits_redis.get(f"shpalta:hits:comments:hour:user:{reader.pk}") == b"4"
