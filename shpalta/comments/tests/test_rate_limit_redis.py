"""Rate limits live in the shared cache, so every worker process sees the same counts."""

import pytest
from django.core.cache import cache

from shpalta.comments import services
from shpalta.comments.services import CommentError
from shpalta.testing import make_article, make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "comments-test",
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_posting_too_fast_is_refused_through_redis(redis_cache, settings):
    settings.COMMENTS_MIN_INTERVAL = 20
    reader, article = make_reader(), make_article()
    services.comment_post(article=article, author=reader, body="Перший", ip="10.1.1.1")
    assert cache.get(f"comments:rate:user:{reader.pk}")
    with pytest.raises(CommentError) as error:
        services.comment_post(article=article, author=make_reader(), body="Другий", ip="10.1.1.1")
    assert error.value.status == 429
