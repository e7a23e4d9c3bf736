"""The breaking banner: loaded after the page, so cached pages stay as they are and the
banner shows on them within a second of its raising; it expires and can be lowered."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shpalta.accounts.roles import AUTHOR, EDITOR
from shpalta.frontpage.models import Banner
from shpalta.frontpage.services import banner_current, banner_raise
from shpalta.news import caching
from shpalta.testing import make_article, make_staff

pytestmark = pytest.mark.django_db


def editor_client() -> Client:
    client = Client()
    client.force_login(make_staff(EDITOR))
    return client


def raise_form(**fields: str) -> dict:
    until = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    return {"text": "Вибухи в Києві", "url": "/news/1-vybukhy/", "expires_at": until} | fields


def test_a_cached_page_shows_the_banner_within_a_second_of_raising_it(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    pages = ["/", "/news/", article.get_absolute_url()]
    cached = {url: client.get(url).content for url in pages}
    assert client.get("/breaking.json").json() == {"banner": None}
    raised = time.monotonic()
    assert editor_client().post("/desk/frontpage/banner/", raise_form()).status_code == 302
    with django_assert_num_queries(1):  # the banner endpoint is rendered once…
        banner = client.get("/breaking.json").json()["banner"]
    for url in pages:  # …and every page stays the same cached HTML, with the slot to fill
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response.content == cached[url]
        assert b'id="breaking-banner"' in response.content
    assert time.monotonic() - raised < 1
    assert (banner["text"], banner["url"]) == ("Вибухи в Києві", "/news/1-vybukhy/")


def test_raising_the_banner_purges_the_banner_only():
    before = time.time_ns()
    banner_raise(
        text="Тривога",
        url="/news/",
        expires_at=timezone.now() + timedelta(hours=1),
        user=make_staff(EDITOR),
    )
    purged = caching.purge_times(["banner", "all", "home"])
    assert {key for key, at in purged.items() if at >= before} == {"banner"}


def test_browsers_ask_every_time_and_the_edge_keeps_it_no_longer_than_its_expiry(client):
    banner_raise(
        text="Тривога",
        url="/news/",
        expires_at=timezone.now() + timedelta(seconds=90),
        user=make_staff(EDITOR),
    )
    response = client.get("/breaking.json")
    assert response["Surrogate-Key"] == "banner"
    control = response["Cache-Control"]
    assert "max-age=0," in control and "public" in control
    assert int(control.split("s-maxage=")[1]) <= 90
    assert not response.cookies


def test_an_expired_banner_is_gone_even_from_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    banner = banner_raise(
        text="Тривога",
        url="/news/",
        expires_at=timezone.now() + timedelta(hours=1),
        user=make_staff(EDITOR),
    )
    assert client.get("/breaking.json").json()["banner"]["text"] == "Тривога"
    # Raising it recorded its expiry: pages cached before stop being served then.
    assert int(banner.expires_at.timestamp() * 1e9) in caching._purge_state([])[1]
    # Time moves on: the expiry (a release time) passes.
    Banner.objects.filter(pk=banner.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    caching.cache_release_at(timezone.now() - timedelta(milliseconds=1))
    assert client.get("/breaking.json").json() == {"banner": None}


def test_an_editor_lowers_the_banner(client):
    editor = editor_client()
    editor.post("/desk/frontpage/banner/", raise_form())
    assert banner_current() is not None
    response = editor.post("/desk/frontpage/banner/", {"lower": "1"})
    assert response.status_code == 302
    assert banner_current() is None
    assert client.get("/breaking.json").json() == {"banner": None}


def test_a_new_banner_replaces_the_old_one():
    editor = make_staff(EDITOR)
    later = timezone.now() + timedelta(hours=1)
    banner_raise(text="Перша", url="/news/", expires_at=later, user=editor)
    banner_raise(text="Друга", url="/news/", expires_at=later, user=editor)
    assert banner_current().text == "Друга"
    assert Banner.objects.filter(lowered_at__isnull=True).count() == 1


def test_only_editors_raise_the_banner():
    client = Client()
    client.force_login(make_staff(AUTHOR))
    assert client.post("/desk/frontpage/banner/", raise_form()).status_code == 403
    assert not Banner.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "  "}, "Напишіть текст плашки"),
        ({"text": "я" * 201}, "щонайбільше 200 символів"),
        ({"url": "javascript:alert(1)"}, "Посилання має бути"),
        ({"url": "//evil.example/"}, "Посилання має бути"),
        ({"expires_at": "2020-01-01T10:00"}, "до часу в майбутньому"),
        ({"expires_at": ""}, "до якого часу показувати"),
        ({"expires_at": "колись"}, "Введіть дату й час"),
    ],
)
def test_a_bad_banner_is_refused_in_ukrainian_and_nothing_is_shown(client, fields, message):
    response = editor_client().post("/desk/frontpage/banner/", raise_form(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Banner.objects.exists()
    assert client.get("/breaking.json").json() == {"banner": None}
