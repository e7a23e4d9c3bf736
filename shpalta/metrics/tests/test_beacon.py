"""The view beacon: counted exactly under concurrency, no cookie, nothing personal, no bots."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from shpalta.metrics.counting import views_flush
from shpalta.metrics.models import ViewCount
from shpalta.testing import make_article

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)


def views_of(article) -> int:
    return sum(ViewCount.objects.filter(article=article).values_list("views", flat=True))


def beacon(client, article, agent=BROWSER, **extra):
    url = f"/metrics/view/{article.pk}/"
    return client.post(url, HTTP_USER_AGENT=agent, **extra)


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Each test counts in both places: the database, and a limits Redis of its own."""
    if request.param == "redis":
        settings.LIMITS_REDIS_URL = request.getfixturevalue("redis_server")().url
    return request.param


@pytest.mark.django_db(transaction=True)
def test_no_view_is_lost_when_many_readers_open_the_story_at_once(store):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads cannot write to an in-memory SQLite test database at once; runs on "
            "PostgreSQL and on SQLite files (TEST_DATABASE_NAME)"
        )
    article, other = make_article(), make_article()
    threads_n, each = 8, 40
    barrier = threading.Barrier(threads_n)
    statuses: list[int] = []

    def read(n: int) -> None:
        client = Client()
        try:
            barrier.wait()
            for i in range(each):
                story = other if (n + i) % 4 == 0 else article
                statuses.append(beacon(client, story).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    views_flush()
    assert statuses == [204] * threads_n * each
    assert views_of(article) + views_of(other) == threads_n * each
    assert views_of(other) == threads_n * each // 4


@pytest.mark.django_db
def test_a_view_sets_no_cookie_and_stores_nothing_about_the_reader(client, store):
    article = make_article()
    response = beacon(
        client, article, REMOTE_ADDR="203.0.113.7", HTTP_COOKIE="sessionid=abc; csrftoken=x"
    )
    assert response.status_code == 204
    assert response.cookies == {} and "Set-Cookie" not in response
    assert response["Cache-Control"] == "no-store"
    views_flush()
    assert views_of(article) == 1
    # The one row a view touches holds the story, the hour and a number: nothing else.
    assert [f.name for f in ViewCount._meta.concrete_fields] == ["id", "article", "hour", "views"]
    row = ViewCount.objects.values().get()
    assert "203.0.113.7" not in str(row) and BROWSER not in str(row)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_bots_and_scripts_are_answered_but_never_counted(client, agent):
    article = make_article()
    assert beacon(client, article, agent=agent).status_code == 204
    assert views_of(article) == 0


@pytest.mark.django_db
def test_a_view_of_an_unknown_story_is_a_404_and_writes_nothing(client):
    response = client.post("/metrics/view/999999/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert "Такої новини немає" in response.content.decode()
    assert not ViewCount.objects.exists()


@pytest.mark.django_db
def test_the_beacon_only_counts_posts(client):
    article = make_article()
    response = client.get(f"/metrics/view/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 405
    assert response["Cache-Control"] == "no-store"
    assert "лише" in response.content.decode()
    assert views_of(article) == 0


@pytest.mark.django_db
def test_views_counted_while_the_limits_redis_is_down_go_to_the_database(
    client, settings, redis_server
):
    server = redis_server()
    settings.LIMITS_REDIS_URL = server.url
    article = make_article()
    server.kill()
    assert beacon(client, article).status_code == 204
    assert views_of(article) == 1


@pytest.mark.django_db
def test_the_article_page_asks_for_the_beacon_and_stays_cookie_free(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert f'data-view-url="/metrics/view/{article.pk}/"' in html
    assert "js/beacon.js" in html
    assert not response.cookies
    assert views_of(article) == 0  # the page itself counts nothing: the beacon does
