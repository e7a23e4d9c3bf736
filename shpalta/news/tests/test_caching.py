import pytest
from django.core.cache import caches
from django.test import override_settings

from shpalta.news import caching
from shpalta.testing import make_article, make_section

pytestmark = pytest.mark.django_db


def test_public_pages_say_they_may_be_cached_and_name_what_they_show(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert "s-maxage=300" in cache_control
    assert response["Surrogate-Key"] == f"article-{article.pk} section-{article.section_id}"
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert client.get("/")["Surrogate-Key"] == "home"


def test_a_browser_with_a_fresh_copy_gets_304(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_an_edited_article_is_not_a_fresh_copy_any_more(client):
    article = make_article()
    first = client.get(article.get_absolute_url())
    article.title = "Новий заголовок"
    article.save()
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Новий заголовок" in again.content.decode()


def test_the_page_cache_serves_a_stored_page_without_queries(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.content == first.content
    assert second["Surrogate-Key"] == first["Surrogate-Key"]
    assert second["Cache-Control"] == first["Cache-Control"]


def test_readers_see_an_edit_at_once_despite_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article("Стара назва")
    assert "Стара назва" in client.get("/").content.decode()
    assert "Стара назва" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Нова назва"
    article.save()
    assert "Нова назва" in client.get("/").content.decode()
    assert "Нова назва" in client.get(article.get_absolute_url()).content.decode()
    make_article("Щойно опублікована", section=make_section())
    assert "Щойно опублікована" in client.get("/").content.decode()


def test_the_generation_is_shared_by_processes_through_the_data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "shared"
    before = caching.content_generation()
    caching.content_changed()
    middle = caching.content_generation()
    caching.content_changed()
    assert before != middle != caching.content_generation()


@pytest.mark.redis
def test_with_redis_the_page_cache_and_its_generation_live_in_redis(
    client, redis_url, django_assert_num_queries
):
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "shpalta-test",
        }
    }
    with override_settings(CACHES=redis_cache, PAGE_CACHE_SECONDS=300):
        cache = caches["default"]
        cache.clear()
        try:
            article = make_article("Перша версія")
            assert "Перша версія" in client.get(article.get_absolute_url()).content.decode()
            generation = cache.get(caching.GENERATION_KEY)
            assert generation is not None
            with django_assert_num_queries(0):
                assert "Перша версія" in client.get(article.get_absolute_url()).content.decode()
            article.title = "Друга версія"
            article.save()
            assert cache.get(caching.GENERATION_KEY) == generation + 1
            assert "Друга версія" in client.get(article.get_absolute_url()).content.decode()
        finally:
            cache.clear()
