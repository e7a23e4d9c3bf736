import pytest
from django.core.cache import caches

from shpalta.news import caching
from shpalta.settings import page_cache
from shpalta.testing import make_article, make_section

pytestmark = pytest.mark.django_db


def test_public_pages_say_they_may_be_cached_and_name_what_they_show(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert "s-maxage=300" in cache_control
    assert response["Surrogate-Key"] == f"article-{article.pk} section-{article.section_id}"
    assert response["Cache-Tag"] == f"article-{article.pk},section-{article.section_id}"
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert client.get("/")["Surrogate-Key"] == f"home article-{article.pk}"


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


def edit_title(article, title: str) -> None:
    """An edit the way the desk saves it (the services purge; saving a model does not)."""
    from shpalta.accounts.roles import EDITOR
    from shpalta.news import services
    from shpalta.testing import make_staff

    content = services.content_from_snapshot(services.article_snapshot(article))
    content.title = title
    services.article_update(
        article=article, content=content, user=make_staff(EDITOR), base_version=article.version
    )


def test_readers_see_an_edit_at_once_despite_the_page_cache(client, settings):
    from shpalta.accounts.roles import EDITOR
    from shpalta.news import services
    from shpalta.news.models import Article
    from shpalta.testing import make_staff

    settings.PAGE_CACHE_SECONDS = 300
    article = make_article("Стара назва")
    assert "Стара назва" in client.get("/").content.decode()
    assert "Стара назва" in client.get(article.get_absolute_url()).content.decode()
    edit_title(article, "Нова назва")
    assert "Нова назва" in client.get("/").content.decode()
    assert "Нова назва" in client.get(article.get_absolute_url()).content.decode()
    draft = make_article("Щойно опублікована", section=make_section(), status=Article.Status.DRAFT)
    services.article_publish(article=draft, user=make_staff(EDITOR))
    assert "Щойно опублікована" in client.get("/").content.decode()


def test_purge_times_are_shared_by_processes_through_the_data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "shared"
    assert caching.purge_times(["article-1"]) == {}
    caching.cache_purge(["article-1", "home"])
    first = caching.purge_times(["article-1", "home", "article-2"])
    assert set(first) == {"article-1", "home"}
    caching.cache_purge(["article-1"])
    assert caching.purge_times(["article-1"])["article-1"] > first["article-1"]
    assert (tmp_path / "shared" / "purge" / "article-1").exists()


def test_a_purge_drops_only_the_pages_that_show_the_story(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    left = make_article("Ліва історія", section=make_section("Ліва"))
    right = make_article("Права історія", section=make_section("Права"))
    left_section = left.section.get_absolute_url()
    right_section = right.section.get_absolute_url()
    client.get(left_section), client.get(right_section)
    assert f"article-{left.pk}" in client.get(left_section)["Surrogate-Key"].split()
    type(left).objects.filter(pk=left.pk).update(title="Ліва, змінена")  # no signals
    type(right).objects.filter(pk=right.pk).update(title="Права, змінена")
    caching.cache_purge([f"article-{left.pk}"])
    assert "Ліва, змінена" in client.get(left_section).content.decode()
    assert "Права історія" in client.get(right_section).content.decode()  # still cached


def test_a_due_scheduled_story_appears_although_no_scheduler_ran(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from shpalta.news.models import Article

    settings.PAGE_CACHE_SECONDS = 300
    make_article("Вчорашня")
    soon = timezone.now() + timedelta(seconds=1)
    story = make_article(
        "Заплановану вже видно", status=Article.Status.SCHEDULED, published_at=soon
    )
    caching.cache_release_at(soon)
    assert "Заплановану вже видно" not in client.get("/").content.decode()
    import time

    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert "Заплановану вже видно" in client.get("/").content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.SCHEDULED  # nobody published it


@pytest.mark.redis
def test_with_redis_the_page_cache_and_its_purges_live_in_redis(
    client, settings, redis_url, redis_server, django_assert_num_queries
):
    import redis

    limits_redis = redis_server("--maxmemory-policy", "noeviction")
    settings.CACHES = {**settings.CACHES, "pages": page_cache(redis_url)}
    settings.LIMITS_REDIS_URL = limits_redis.url
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    try:
        article = make_article("Перша версія")
        assert "Перша версія" in client.get(article.get_absolute_url()).content.decode()
        with django_assert_num_queries(0):
            assert "Перша версія" in client.get(article.get_absolute_url()).content.decode()
        edit_title(article, "Друга версія")
        # The purge time is kept where page traffic cannot evict it: the limits Redis.
        purge = redis.Redis.from_url(limits_redis.url).get(f"shpalta:purge:article-{article.pk}")
        assert purge is not None
        assert "Друга версія" in client.get(article.get_absolute_url()).content.decode()
    finally:
        caches["pages"].clear()


@pytest.mark.redis
def test_pages_shared_in_redis_keep_their_purge_times_in_the_database_by_default(
    client, settings, redis_url, django_assert_num_queries
):
    from shpalta.lib.models import Limit

    settings.CACHES = {**settings.CACHES, "pages": page_cache(redis_url)}
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    try:
        article = make_article("Перша версія")
        client.get(article.get_absolute_url())
        with django_assert_num_queries(1):  # the purge times, by primary key
            assert "Перша версія" in client.get(article.get_absolute_url()).content.decode()
        edit_title(article, "Друга версія")
        assert Limit.objects.filter(key=f"purge:article-{article.pk}").exists()
        assert "Друга версія" in client.get(article.get_absolute_url()).content.decode()
    finally:
        caches["pages"].clear()


def test_tracking_parameters_share_one_stored_page_but_another_page_number_does_not(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    section = make_section()
    make_article("Найстаріша історія", section=section)
    for _ in range(10):
        make_article(section=section)
    url = section.get_absolute_url()
    first = client.get(url)
    tracked = f"{url}?utm_source=newsletter&utm_medium=email&fbclid=IwAR0abc&gclid=Cj0K&x=1"
    with django_assert_num_queries(0):
        again = client.get(tracked)
    assert again.content == first.content
    second = client.get(f"{url}?page=2&utm_source=newsletter")
    assert second.status_code == 200
    assert "Найстаріша історія" in second.content.decode()
    assert "Найстаріша історія" not in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get(f"{url}?fbclid=zzz&page=2").content == second.content


def test_a_search_is_kept_by_its_query_alone(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 300
    make_article("Переговори у Женеві")
    make_article("Врожай пшениці")
    found = client.get("/search/?q=переговори")
    assert "Женеві" in found.content.decode()  # the query word itself is highlighted
    with django_assert_num_queries(0):
        shared = client.get("/search/?q=переговори&utm_source=telegram&fbclid=abc")
    assert shared.content == found.content
    other = client.get("/search/?q=пшениця&utm_source=telegram")
    assert "Врожай" in other.content.decode()
    assert "Женеві" not in other.content.decode()


def test_a_purge_tells_the_cdn_through_the_http_hook(settings):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class PurgeEndpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append((self.headers["Surrogate-Key"], json.loads(self.rfile.read(length))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), PurgeEndpoint)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings.PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.PURGE_HOOKS = ["shpalta.news.caching.http_purge_hook"]
    try:
        caching.cache_purge(["article-7", "home"])
    finally:
        server.server_close()
    assert received == [("article-7 home", {"surrogate_keys": ["article-7", "home"]})]


def test_purge_hooks_receive_every_key_an_edit_touches(settings):
    from shpalta.news.models import Article
    from shpalta.testing import make_person, make_tag

    settings.PURGE_HOOKS = ["shpalta.news.tests.test_caching.remember_purge"]
    PURGED.clear()
    article = make_article()
    tag, person = make_tag(), make_person()
    article.tags.add(tag)
    article.people.add(person)
    PURGED.clear()
    edit_title(Article.objects.get(pk=article.pk), "Нова назва")
    keys = set().union(*PURGED)
    assert {f"article-{article.pk}", "home", f"section-{article.section_id}"} <= keys
    assert {f"tag-{tag.pk}", f"person-{person.pk}", "feeds", "sitemaps", "search"} <= keys


PURGED: list[list[str]] = []


def remember_purge(keys: list[str]) -> None:
    PURGED.append(keys)


@pytest.mark.django_db(transaction=True)
def test_a_purge_waits_for_the_commit_and_a_rollback_purges_nothing(settings):
    from django.db import transaction

    settings.PURGE_HOOKS = ["shpalta.news.tests.test_caching.remember_purge"]
    PURGED.clear()
    with transaction.atomic():
        caching.cache_purge(["article-1"])
        caching.cache_purge(["home"])
        assert PURGED == [] and caching.purge_times(["article-1"]) == {}
    assert PURGED == [["article-1", "home"]]  # one purge per transaction
    PURGED.clear()
    try:
        with transaction.atomic():
            caching.cache_purge(["article-2"])
            raise RuntimeError
    except RuntimeError:
        pass
    assert PURGED == [] and caching.purge_times(["article-2"]) == {}
    caching.cache_purge(["article-3"])
    assert PURGED == [["article-3"]]
