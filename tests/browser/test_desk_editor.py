"""The story editor in real Chromium: an author writes in the prose editor, an editor schedules."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from shpalta.accounts.roles import AUTHOR, EDITOR
from shpalta.news.models import Article
from shpalta.testing import make_section, make_staff, make_tag

pytestmark = pytest.mark.django_db(transaction=True)

# Collects every Content-Security-Policy refusal on the page.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def sign_in(page, live_server, user) -> None:
    """Give the browser the session cookie of a signed-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def choose(page, field: str, typed: str, option: str) -> None:
    page.get_by_role("combobox", name=f"{field}: пошук").fill(typed)
    page.get_by_role("option", name=option).click()


def test_an_author_writes_a_story_and_an_editor_schedules_it(page, live_server):
    make_section("Політика")
    make_section("Світ")
    make_tag("Переговори")
    make_tag("Перемир'я")
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server, make_staff(AUTHOR, display_name="Олена Авторка"))

    page.goto(live_server.url + "/desk/articles/new/")
    page.get_by_label("Заголовок").fill("США та Росія провели таємні перемовини")
    expect(page.locator(".serp-title")).to_have_text("США та Росія провели таємні перемовини")
    page.get_by_label("Лід").fill("Під час таємних переговорів обговорювалася війна.")
    expect(page.locator(".counter", has_text="/ 600").locator(".counter-value")).to_have_text("49")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Учасники зустрічі:")
    page.keyboard.press("Enter")
    page.keyboard.type("- Сергій Лавров")  # the editor turns "- " into a bullet list
    page.keyboard.press("Enter")
    page.keyboard.type("Річард Гаас")
    choose(page, "Рубрика", "сві", "Світ")
    choose(page, "Теги", "перег", "Переговори")
    choose(page, "Теги", "Дипломатія", "Створити тег “Дипломатія”")
    expect(page.locator(".chip", has_text="Дипломатія")).to_be_visible()
    page.get_by_role("button", name="Зберегти").click()
    expect(page.get_by_text("Чернетку збережено.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/desk/articles/\d+/edit/$"))
    page.get_by_role("button", name="Надіслати на перевірку").click()
    expect(page.get_by_text("Надіслано редакторам на перевірку.")).to_be_visible()
    assert page.get_by_role("button", name="Опублікувати зараз").count() == 0
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert "<ul><li><p>Сергій Лавров</p></li><li><p>Річард Гаас</p></li></ul>" in article.body

    sign_in(page, live_server, make_staff(EDITOR))
    page.goto(live_server.url + f"/desk/articles/{article.pk}/edit/")
    when = timezone.localtime() + timedelta(seconds=2)
    page.get_by_label("Опублікувати о (за київським часом)").fill(
        when.strftime("%Y-%m-%dT%H:%M:%S")
    )
    page.get_by_role("button", name="Запланувати").click()
    expect(page.get_by_text("Заплановано.")).to_be_visible()
    assert csp_violations(page) == [] and page.failures == []

    time.sleep(max(0.0, (when - timezone.localtime()).total_seconds()) + 0.5)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="США та Росія провели таємні перемовини").first.click()
    expect(page.locator("h1")).to_have_text("США та Росія провели таємні перемовини")
    expect(page.locator(".lead")).to_have_text("Під час таємних переговорів обговорювалася війна.")
    expect(page.locator(".article-body li")).to_have_text(["Сергій Лавров", "Річард Гаас"])
    expect(page.locator(".taxonomy")).to_contain_text("Світ")
    expect(page.locator(".taxonomy")).to_contain_text("Переговори")
    expect(page.locator(".taxonomy")).to_contain_text("Дипломатія")
    expect(page.locator(".byline")).to_contain_text("Олена Авторка")


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_an_editor_inserts_a_photo_and_a_reminder_and_orders_related_stories(page, live_server):
    from shpalta.news import services
    from shpalta.testing import make_article, make_image

    world = make_section("Світ")
    tag = make_tag("Переговори")
    earlier = make_article("Лавров прибув до Нью-Йорка", section=world)
    earlier.tags.add(tag)
    other = make_article("Купчан про переговори", section=world)
    make_image(alt="Сергій Лавров на трибуні")
    editor = make_staff(EDITOR)
    article = services.article_create(
        content=services.ArticleContent(
            title="Нові переговори", lead="Лід.", body="<p>Текст.</p>", section=world, tags=[tag]
        ),
        user=editor,
    )
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server, editor)
    page.goto(live_server.url + f"/desk/articles/{article.pk}/edit/")
    page.locator(".ProseMirror[contenteditable=true] p").click()
    page.keyboard.press("End")
    page.get_by_label("Вставити фото").fill("трибун")
    page.get_by_role("option", name="Сергій Лавров на трибуні").click()
    expect(page.locator(".ProseMirror[contenteditable=true] img")).to_have_attribute(
        "alt", "Сергій Лавров на трибуні"
    )
    page.get_by_role("button", name="Нагадаємо").click()
    page.locator(".remind-results li", has_text="Лавров прибув до Нью-Йорка").get_by_role(
        "button", name="Вставити"
    ).click()
    related = page.get_by_role("combobox", name="Пов'язані новини: пошук")
    related.fill("Лавров")
    page.get_by_role("option", name="Лавров прибув до Нью-Йорка").click()
    related.fill("Купчан")
    page.get_by_role("option", name="Купчан про переговори").click()
    page.locator(".related-row", has_text="Купчан").get_by_role("button", name="Вище").click()
    page.get_by_role("button", name="Зберегти").click()
    expect(page.get_by_text("Збережено.")).to_be_visible()
    article.refresh_from_db()
    assert (
        f'Нагадаємо, <a href="{earlier.get_absolute_url()}">Лавров прибув до Нью-Йорка</a>.'
        in article.body
    )
    assert '<img src="/media/' in article.body
    assert list(article.related_links.values_list("related_id", flat=True)) == [
        other.pk,
        earlier.pk,
    ]
    assert csp_violations(page) == [] and page.failures == []
