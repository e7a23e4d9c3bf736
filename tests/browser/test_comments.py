"""The comment section in real Chromium: loading, paging, posting, editing, moderation."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from shpalta.comments.models import Comment
from shpalta.testing import make_article, make_comment, make_reader, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _open_comments(settings):
    settings.COMMENTS_PROBATION = 0
    settings.COMMENTS_MIN_INTERVAL = 0


def sign_in(page, live_server, user) -> None:
    """Give the browser the session cookie of a signed-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_a_guest_sees_the_loading_text_turn_into_comments_and_loads_more(page, live_server):
    article = make_article()
    for i in range(25):
        make_comment(article, body=f"Думка номер {i}")
    page.goto(live_server.url + article.get_absolute_url())
    comments = page.locator("#comment-list article.comment")
    comments.first.wait_for()
    assert "Іде завантаження" not in page.locator("#comment-list").inner_text()
    assert comments.count() == 20
    assert page.get_by_text("Авторизуйтесь, щоб додавати коментарі").is_visible()
    assert "%23comments" in page.locator("#comment-form-slot a").first.get_attribute("href")
    more = page.get_by_role("button", name="Показати більше коментарів")
    more.click()
    page.get_by_text("Думка номер 0", exact=True).wait_for()
    assert comments.count() == 25 and more.is_hidden()
    page.get_by_role("button", name="Спочатку старі").click()
    expect(page.locator("#comment-list .comment-body").first).to_have_text("Думка номер 0")
    assert page.failures == []


def test_a_reader_posts_replies_edits_and_deletes(page, live_server):
    article = make_article()
    make_comment(article, body="Чужий коментар")
    reader = make_reader(display_name="Оксана Тестова")
    sign_in(page, live_server, reader)
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_label("Ваш коментар").fill("Мій перший коментар")
    page.get_by_role("button", name="Надіслати коментар").click()
    posted = page.locator("article.comment", has_text="Мій перший коментар")
    posted.wait_for()
    mine = page.locator("#" + posted.get_attribute("id"))
    mine.get_by_role("button", name="Відповісти").click()
    page.locator("form.reply-form textarea").fill("Відповідь самому собі")
    page.locator("form.reply-form button[type=submit]").click()
    page.locator("article.comment", has_text="Відповідь самому собі").wait_for()
    mine.get_by_role("button", name="Змінити").click()
    mine.locator("textarea").fill("Мій виправлений коментар")
    mine.get_by_role("button", name="Зберегти").click()
    mine.get_by_text("(змінено)").wait_for()
    edited = page.locator("article.comment", has_text="Мій виправлений коментар")
    page.on("dialog", lambda dialog: dialog.accept())
    edited.get_by_role("button", name="Видалити").click()
    page.get_by_text("Коментар видалено").wait_for()
    assert Comment.objects.filter(status="removed").count() == 1
    other = page.locator("article.comment", has_text="Чужий коментар")
    other.get_by_role("button", name="Поскаржитися").click()
    other.get_by_label("Поскаржитися").select_option("spam")
    other.get_by_role("button", name="Надіслати скаргу").click()
    other.get_by_text("Дякуємо. Модератор перегляне цей коментар.").wait_for()
    page.reload()
    page.locator("#comment-list article.comment").first.wait_for()
    text = page.locator("#comment-list").inner_text()
    assert "Відповідь самому собі" in text and "Мій виправлений" not in text
    assert page.locator("#comments-heading").inner_text() == "Коментарі — 2"
    assert page.failures == []


NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    "<iframe src=javascript:alert(5)></iframe>",
    'https://example.com/"onmouseover=alert(6)',
]


def test_hostile_comments_render_as_text_and_open_no_dialog(page, live_server):
    article = make_article()
    reader = make_reader()
    sign_in(page, live_server, reader)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.get_absolute_url())
    for text in NASTY:
        page.get_by_label("Ваш коментар").fill(text)
        page.get_by_role("button", name="Надіслати коментар").click()
        page.locator("article.comment .comment-body", has_text=text[:12]).first.wait_for()
    page.reload()
    page.locator("#comment-list article.comment").first.wait_for()
    page.locator("#comment-list a").first.hover()
    assert dialogs == []
    assert page.locator("#comment-list img, #comment-list svg, #comment-list iframe").count() == 0
    assert Comment.objects.filter(body=NASTY[0]).exists()


def test_a_moderator_hides_a_comment_and_readers_no_longer_see_it(page, live_server):
    article = make_article()
    make_comment(article, body="Залишиться")
    make_comment(article, body="Образливий коментар", status=Comment.Status.PENDING)
    bad = make_comment(article, body="Спам за посиланням")
    from shpalta.comments import services

    for _ in range(3):
        services.comment_report(comment=bad, user=make_reader(), reason="spam")
    sign_in(page, live_server, make_staff("Модератор"))
    page.goto(live_server.url + "/comments/moderation/")  # the old address leads to the desk
    item = page.locator(".mod-item", has_text="Спам за посиланням")
    item.get_by_role("checkbox").check()
    page.get_by_label("Причина приховування").fill("Реклама")
    page.get_by_role("button", name="Приховати").click()
    page.get_by_text("Приховано 1 коментар.").wait_for()
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_text("Залишиться").wait_for()
    text = page.locator("#comment-list").inner_text()
    assert "Спам за посиланням" not in text and "Образливий" not in text


def test_a_reader_on_probation_sees_their_held_reply_and_comment_marked_and_others_do_not(
    page, live_server, settings
):
    settings.COMMENTS_PROBATION = 2
    article = make_article()
    answered = make_comment(article, body="Чужий коментар")
    sign_in(page, live_server, make_reader())
    page.goto(live_server.url + article.get_absolute_url())
    other = page.locator(f"#comment-{answered.pk}")
    other.get_by_role("button", name="Відповісти").click()
    page.locator("form.reply-form textarea").fill("Моя відповідь на перевірці")
    page.locator("form.reply-form button[type=submit]").click()

    reply = page.locator("article.comment", has_text="Моя відповідь на перевірці")
    expect(reply.locator(".comment-held")).to_have_text("Очікує на перевірку")
    expect(page.locator("form.reply-form")).to_have_count(0)
    # Where the form was: right after the comment it answers.
    assert other.evaluate("node => node.nextElementSibling.id") == reply.get_attribute("id")
    expect(reply.get_by_role("button", name="Змінити")).to_be_visible()
    expect(reply.get_by_role("button")).to_have_text(["Змінити", "Видалити"])

    page.get_by_label("Ваш коментар").fill("Мій коментар на перевірці")
    page.get_by_role("button", name="Надіслати коментар").click()
    page.get_by_text("Коментар очікує на перевірку модератором").wait_for()
    page.reload()
    mine = page.locator("#comment-list article.comment", has_text="Мій коментар на перевірці")
    expect(mine.locator(".comment-held")).to_have_text("Очікує на перевірку")
    thread = page.locator(f"#replies-{answered.pk}")
    expect(thread.locator("article.comment .comment-held")).to_have_text("Очікує на перевірку")
    assert page.locator("#comments-heading").inner_text() == "Коментарі — 1"
    page.get_by_role("button", name="Спочатку старі").click()
    expect(page.locator("#comment-list .comment-body").first).to_have_text(
        "Мій коментар на перевірці"  # the reader's held comments stay on top in any order
    )

    page.context.clear_cookies()  # a guest: the same public page, without the held ones
    page.reload()
    other.wait_for()
    text = page.locator("#comment-list").inner_text()
    assert "на перевірці" not in text and "Очікує на перевірку" not in text
    assert page.failures == []
