"""Varnish in front of Shpalta, for real: hits, passes, cookies, purges by key and grace.

Each test talks to a real varnishd running deploy/varnish/shpalta.vcl with the xkey vmod
(tests/edge/conftest.py); the origin is pytest-django's live server.
"""

import time

import pytest
from django.test import Client

from shpalta.comments.services import comment_post
from shpalta.news import edge
from shpalta.news.services import (
    ArticleContent,
    article_create,
    article_publish,
    article_unpublish,
    article_update,
)
from shpalta.testing import make_article, make_reader, make_section, make_staff

from .conftest import SECRET

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]


def warm(varnish, path: str, **headers) -> str:
    """Fetch a page until Varnish serves it from its cache; return the cached body."""
    varnish.request(path, headers=headers)
    status, response, body = varnish.request(path, headers=headers)
    assert status == 200 and response["X-Cache"] == "HIT", (status, dict(response))
    return body


def within_a_second(varnish, path: str, seen) -> float:
    """Poll Varnish until ``seen(status, body)``; fail after 1 s. Returns the time taken."""
    started = time.monotonic()
    while True:
        status, _, body = varnish.request(path)
        if seen(status, body):
            return time.monotonic() - started
        assert time.monotonic() - started < 1.0, f"still {status} after 1 s:\n{body[:500]}"
        time.sleep(0.02)


def test_a_reader_page_is_served_from_varnish_after_the_first_request(varnish):
    article = make_article("Тиша на кордоні")
    path = article.get_absolute_url()
    status, first, body = varnish.request(path)
    assert status == 200 and first["X-Cache"] == "MISS" and "Тиша на кордоні" in body
    before = varnish.counter("MAIN.backend_req")
    status, second, again = varnish.request(path)
    assert status == 200 and second["X-Cache"] == "HIT"
    assert int(second["Age"]) >= 0 and "s-maxage=300" in second["Cache-Control"]
    assert second["Surrogate-Key"] == first["Surrogate-Key"] and "xkey" not in second
    assert again == body
    assert varnish.counter("MAIN.backend_req") == before


def test_tracking_parameters_and_cookies_get_the_cached_page_without_the_origin(varnish):
    path = make_article().get_absolute_url()
    cached = warm(varnish, path)
    before = varnish.counter("MAIN.backend_req")
    status, response, body = varnish.request(
        path + "?utm_source=facebook&fbclid=abc",
        headers={"Cookie": "sessionid=abc123; csrftoken=xyz"},
    )
    assert status == 200 and response["X-Cache"] == "HIT" and body == cached
    assert "Set-Cookie" not in response
    assert varnish.counter("MAIN.backend_req") == before


def test_a_reader_who_just_wrote_gets_the_page_from_the_origin(varnish):
    # After a post, comments.js sends X-Shpalta-Primary for a few seconds (read replicas):
    # the edge must not answer that from its cache either.
    path = make_article().get_absolute_url()
    warm(varnish, path)
    before = varnish.counter("MAIN.backend_req")
    status, response, _ = varnish.request(path, headers={"X-Shpalta-Primary": "1"})
    assert status == 200 and response["X-Cache"] == "PASS"
    assert varnish.counter("MAIN.backend_req") == before + 1


def test_the_desk_accounts_and_posts_always_reach_the_origin_with_their_cookies(varnish):
    client = Client()
    client.force_login(make_staff("Редактор", display_name="Олена Редакторка"))
    cookie = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    before = varnish.counter("MAIN.backend_req")
    for _ in range(2):
        status, response, body = varnish.request("/desk/", headers=cookie)
        assert status == 200 and response["X-Cache"] == "PASS"
        assert "Олена Редакторка" in body  # the session reached the origin
        status, response, body = varnish.request("/accounts/state.json", headers=cookie)
        assert response["X-Cache"] == "PASS" and '"authenticated": true' in body
    status, response, _ = varnish.request("/desk/")
    assert status == 302 and response["X-Cache"] == "PASS"  # a guest is sent to sign in
    article = make_article()
    status, response, _ = varnish.request(f"/comments/{article.pk}/post/", method="POST")
    assert status == 403 and response["X-Cache"] == "PASS"  # the origin's CSRF refusal
    assert varnish.counter("MAIN.backend_req") == before + 6


def test_answers_that_set_a_cookie_or_say_private_are_never_stored(varnish, settings):
    settings.ROOT_URLCONF = "tests.edge.urls"
    for path in ("/edge-test/cookie/", "/edge-test/private/"):
        before = varnish.counter("MAIN.backend_req")
        for _ in range(3):
            status, response, _ = varnish.request(path)
            assert status == 200 and response["X-Cache"] == "MISS"
        assert varnish.counter("MAIN.backend_req") == before + 3
    _, response, _ = varnish.request("/edge-test/cookie/")
    assert "picked=1" in response["Set-Cookie"]  # the reader still gets their cookie


def test_publish_edit_comment_and_unpublish_reach_the_edge_within_a_second(
    purge_through_varnish, settings
):
    varnish = purge_through_varnish
    settings.COMMENTS_PROBATION = 0
    editor = make_staff("Редактор")
    content = ArticleContent(
        title="Перша версія заголовка",
        lead="Лід історії.",
        section=make_section("Політика"),
        body="<p>Текст історії.</p>",
    )
    article = article_create(content=content, user=editor)
    make_article("Інша новина")
    assert "Перша версія заголовка" not in warm(varnish, "/")

    article = article_publish(article=article, user=editor)
    within_a_second(varnish, "/", lambda status, body: "Перша версія заголовка" in body)

    path = article.get_absolute_url()
    warm(varnish, path)
    content.title = "Друга версія заголовка"
    article = article_update(
        article=article, content=content, user=editor, base_version=article.version
    )
    within_a_second(varnish, path, lambda status, body: "Друга версія заголовка" in body)

    assert "Коментарі — 0" in warm(varnish, path)
    comment_post(article=article, author=make_reader(), body="Дякую за новину, цікаво.")
    within_a_second(varnish, path, lambda status, body: "Коментарі — 1" in body)

    warm(varnish, path)
    article_unpublish(article=article, user=editor)
    within_a_second(varnish, path, lambda status, body: status == 410)


def test_purging_needs_an_allowed_address_and_the_secret(varnish):
    path = make_article().get_absolute_url()
    warm(varnish, path)
    key = varnish.request(path)[1]["Surrogate-Key"].split()[0]
    attempts = [
        ({"xkey-purge": key}, ""),
        ({"xkey-purge": key, "X-Shpalta-Purge-Secret": "guess"}, ""),
        ({"xkey-purge": key, "X-Shpalta-Purge-Secret": SECRET}, "127.0.0.3"),  # not in the ACL
    ]
    for headers, source in attempts:
        status, _, _ = varnish.request("/", method="PURGE", headers=headers, source=source)
        assert status == 403
        assert varnish.request(path)[1]["X-Cache"] == "HIT"
    purge = {"xkey-purge": key, "X-Shpalta-Purge-Secret": SECRET}
    status, _, body = varnish.request("/", method="PURGE", headers=purge)
    assert status == 200 and "Purged 1" in body


def test_while_the_origin_is_down_readers_get_the_stale_page(purge_through_varnish):
    varnish = purge_through_varnish
    article = make_article("Новина перед збоєм")
    path = article.get_absolute_url()
    cached = warm(varnish, path)
    varnish.origin.stop()
    try:
        edge.varnish_purge([f"article-{article.pk}"])  # soft purge: now stale
        for _ in range(3):
            status, response, body = varnish.request(path)
            assert status == 200 and body == cached and response["X-Cache"] == "HIT"
        status, _, body = varnish.request("/section/never-cached/")
        assert status == 503 and "Сайт тимчасово недоступний" in body
    finally:
        varnish.origin.start()
