"""The desk's moderation queue in real Chromium: keyboard shortcuts and plain forms."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from shpalta.comments.models import Comment, ModerationAction
from shpalta.testing import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user) -> None:
    """Give the browser the session cookie of a signed-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


def test_a_moderator_approves_a_held_comment_with_j_x_a(page, live_server):
    article = make_article()
    held = make_comment(article, body="Чекаю на схвалення", status=Comment.Status.PENDING)
    other = make_comment(article, body="Теж чекаю", status=Comment.Status.PENDING)
    sign_in(page, live_server, make_staff("Модератор"))
    page.goto(live_server.url + "/desk/comments/")
    page.keyboard.press("j")
    expect(page.locator(".mod-item.is-current")).to_contain_text("Чекаю на схвалення")
    page.keyboard.press("x")
    expect(page.locator(".mod-item.is-current .mod-pick")).to_be_checked()
    page.keyboard.press("a")
    page.get_by_text("Схвалено 1 коментар.").wait_for()
    assert status_of(held) == Comment.Status.PUBLISHED
    assert status_of(other) == Comment.Status.PENDING
    expect(page.locator(".mod-item")).to_have_count(1)
    assert page.failures == []


def test_h_asks_for_a_reason_inline_and_enter_hides(page, live_server):
    article = make_article()
    make_comment(article, body="Перший", status=Comment.Status.PENDING)
    spam = make_comment(article, body="Купуйте дешево", status=Comment.Status.PENDING)
    sign_in(page, live_server, make_staff("Модератор"))
    page.goto(live_server.url + "/desk/comments/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("h")
    reason = page.get_by_label("Причина приховування")
    expect(reason).to_be_focused()
    page.keyboard.press("Enter")  # no reason yet: the page says so and sends nothing
    expect(page.locator("#mod-reason-error")).to_be_visible()
    page.keyboard.type("Реклама, а не думка")  # the letters go into the field, not shortcuts
    page.keyboard.press("Enter")
    page.get_by_text("Приховано 1 коментар.").wait_for()
    assert status_of(spam) == Comment.Status.HIDDEN
    assert ModerationAction.objects.get(action="hide").reason == "Реклама, а не думка"
    assert page.failures == []


def test_question_mark_shows_the_shortcuts_and_escape_closes_them(page, live_server):
    make_comment(make_article(), status=Comment.Status.PENDING)
    sign_in(page, live_server, make_staff("Модератор"))
    page.goto(live_server.url + "/desk/comments/")
    help_panel = page.locator("#mod-help")
    expect(help_panel).to_be_hidden()
    page.keyboard.press("?")
    expect(help_panel).to_be_visible()
    expect(help_panel).to_contain_text("наступний / попередній коментар")
    page.keyboard.press("Escape")
    expect(help_panel).to_be_hidden()
    assert page.failures == []


def test_without_javascript_the_checkboxes_and_buttons_still_work(browser, live_server):
    article = make_article()
    first = make_comment(article, body="Один", status=Comment.Status.PENDING)
    second = make_comment(article, body="Два", status=Comment.Status.PENDING)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, make_staff("Модератор"))
    page.goto(live_server.url + "/desk/comments/")
    for item in page.locator(".mod-pick").all():
        item.check()
    page.get_by_role("button", name="Схвалити").click()
    page.get_by_text("Схвалено 2 коментарі.").wait_for()
    assert {status_of(first), status_of(second)} == {Comment.Status.PUBLISHED}
    context.close()
