"""Live updates in real Chromium: a live blog's new entries and an open thread's new
comments appear as «N нових …» without reloading, and go in only when asked."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from shpalta.accounts.roles import EDITOR
from shpalta.live import services
from shpalta.testing import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_an_entry_posted_in_the_desk_appears_on_an_open_page_within_5_seconds(
    browser, page, live_server
):
    editor = make_staff(EDITOR, display_name="Олена Редакторка")
    blog = services.liveblog_start(article=make_article("Негода: онлайн"), user=editor)
    for n in range(3):
        services.live_entry_post(article=blog, author=editor, body=f"Раннє оновлення {n}")
    page.goto(live_server.url + blog.get_absolute_url())
    first = page.locator("#live-entries article.live-entry").first
    expect(first).to_contain_text("Раннє оновлення 2")
    before = first.bounding_box()

    desk = browser.new_context(locale="uk-UA")
    sign_in(desk, live_server, editor)
    form = desk.new_page()
    form.goto(f"{live_server.url}/desk/articles/{blog.pk}/live/")
    form.get_by_label("Текст").fill("Світло повернули в усі райони.")
    form.get_by_role("button", name="Опублікувати оновлення").click()
    expect(form.get_by_text("Оновлення опубліковано.")).to_be_visible()
    desk.close()

    button = page.get_by_role("button", name="1 нове оновлення")
    expect(button).to_be_visible(timeout=5_000)
    # Nothing moved under the reader's eyes: the entry is not in yet, the button floats.
    assert first.bounding_box() == before
    assert page.get_by_text("Світло повернули").count() == 0
    button.click()
    newest = page.locator("#live-entries article.live-entry").first
    expect(newest).to_contain_text("Світло повернули в усі райони.")
    expect(newest).to_contain_text("Олена Редакторка")
    expect(button).to_be_hidden()
    assert page.locator("#live-entries article.live-entry").count() == 4
    assert page.failures == []


def test_new_comments_on_an_open_thread_show_a_counter_and_go_in_on_click(page, live_server):
    article = make_article()
    make_comment(article, body="Старий коментар")
    page.goto(live_server.url + article.get_absolute_url())
    comments = page.locator("#comment-list article.comment")
    expect(comments.first).to_contain_text("Старий коментар")
    before = comments.first.bounding_box()
    make_comment(article, body="Свіжий коментар")
    make_comment(article, body="Ще свіжіший коментар")
    button = page.get_by_role("button", name="2 нові коментарі")
    expect(button).to_be_visible(timeout=5_000)
    assert comments.first.bounding_box() == before
    assert comments.count() == 1
    button.click()
    expect(comments.first).to_contain_text("Ще свіжіший коментар")
    assert comments.count() == 3
    expect(button).to_be_hidden()
    assert page.failures == []
