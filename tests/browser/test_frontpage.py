"""The desk's «Головна сторінка» from the keyboard, and the banner on a cached page."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from shpalta.accounts.roles import EDITOR
from shpalta.frontpage.services import SlotChoice, frontpage_set
from shpalta.testing import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def stories(count: int) -> list:
    section, now = make_section(), timezone.now()
    return [
        make_article(f"Новина {i}", section=section, published_at=now - timedelta(hours=i + 1))
        for i in range(count)
    ]


def test_an_editor_reorders_the_front_page_with_the_keyboard(page, live_server):
    s = stories(4)
    editor = make_staff(EDITOR)
    frontpage_set(choices=[SlotChoice(s[2].pk), SlotChoice(s[3].pk)], user=editor)
    sign_in(page, live_server, editor)
    page.goto(live_server.url + "/desk/frontpage/")
    rows = page.locator("[data-slot]")
    expect(rows.nth(0).locator(".slot-title")).to_have_text("Новина 2")

    # The second row's number field, then Alt+↑: it becomes the top story.
    second = rows.nth(1).get_by_label("Номер новини")
    second.focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(rows.nth(0).locator(".slot-title")).to_have_text("Новина 3")
    expect(rows.nth(0).locator(".slot-name")).to_have_text("Головна новина")
    expect(rows.nth(1).locator(".slot-name")).to_have_text("Головне 1")
    expect(rows.nth(0).get_by_label("Номер новини")).to_be_focused()

    # Add a story by search with the keyboard, move it down with its button, and save.
    page.get_by_label("Знайти опубліковану новину").fill("Новина 1")
    pick = page.get_by_role("button", name="Новина 1", exact=False)
    pick.focus()
    page.keyboard.press("Enter")
    expect(rows.nth(2).locator(".slot-title")).to_have_text("Новина 1")
    rows.nth(1).get_by_role("button", name="Нижче").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(1).locator(".slot-title")).to_have_text("Новина 1")
    page.get_by_role("button", name="Зберегти головну сторінку").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Головну сторінку оновлено")

    page.goto(live_server.url + "/")
    expect(page.locator(".top-title")).to_have_text("Новина 3")
    main = page.get_by_role("region", name="Головне").get_by_role("article")
    expect(main.nth(0).get_by_role("heading")).to_have_text("Новина 1")
    expect(main.nth(1).get_by_role("heading")).to_have_text("Новина 2")
    assert not page.failures


def test_the_banner_shows_on_a_cached_page_within_a_second(page, live_server, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = stories(1)[0]
    page.goto(live_server.url + article.get_absolute_url())  # rendered and kept
    expect(page.locator("#breaking-banner")).to_be_hidden()
    editor = Client()
    editor.force_login(make_staff(EDITOR))
    until = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    form = {"text": "Повітряна тривога в Києві", "url": "/news/", "expires_at": until}
    assert editor.post("/desk/frontpage/banner/", form).status_code == 302
    raised = time.monotonic()
    page.goto(live_server.url + article.get_absolute_url())
    banner = page.get_by_role("status").filter(has_text="Повітряна тривога в Києві")
    expect(banner).to_be_visible(timeout=1000)
    assert time.monotonic() - raised < 1.5  # the page load plus at most a second
    expect(banner.get_by_role("link")).to_have_attribute("href", "/news/")
    expect(banner).to_contain_text("Терміново")
    assert not page.failures
