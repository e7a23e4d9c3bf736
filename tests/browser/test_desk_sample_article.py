"""Issue 5's «done when», in real Chromium: staff write the sample article from scratch in the
desk (photo, highlight, list, source, «Нагадаємо» link), an editor schedules it, time passes,
and the published page has every element the demo's sample page has."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shpalta.accounts.roles import AUTHOR, EDITOR
from shpalta.news import demo
from shpalta.news.models import Article
from shpalta.testing import jpeg_bytes, make_staff

from .test_desk_editor import WATCH_CSP, choose, csp_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "США та Росія провели таємні перемовини (редакційна версія)"
EARLIER = demo.EARLIER_LAVROV[0]

# What a reader sees on the sample page, element by element (the demo sample article).
ELEMENTS = {
    "title": "article h1",
    "lead": "article .lead",
    "hero photo": "article figure.hero img",
    "photo credit": "article figure.hero .credit",
    "highlighted quote": "article aside.highlight",
    "paragraphs": "article .article-body p",
    "bullet list": "article .article-body ul li",
    "source attribution": "article .sources a",
    "link to an earlier story": f"article .article-body a:has-text('{EARLIER}')",
    "people": "article .taxonomy a[href^='/person/']",
    "publication date": "article time.published",
    "comment count": "#comments-heading",
}


def elements_of(page) -> dict[str, int]:
    return {name: page.locator(selector).count() for name, selector in ELEMENTS.items()}


def test_staff_write_the_sample_article_in_the_desk_and_it_matches_the_demo(page, live_server):
    demo.demo_load()  # with its pictures in this test's media folder
    demo_article = Article.objects.get(title=demo.SAMPLE_TITLE)
    author = make_staff(AUTHOR, display_name="Олена Авторка")
    page.add_init_script(WATCH_CSP)

    # The author uploads the hero photo with its credit.
    sign_in(page, live_server, author)
    page.goto(live_server.url + "/desk/photos/upload/")
    page.locator("input[type=file]").set_input_files(
        {"name": "peremovyny.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1200, 675)}
    )
    page.get_by_label("Альтернативний текст").fill("Прапори США та Росії (редакційне фото)")
    page.get_by_label("Автор фото").fill("фото з відкритих джерел")
    page.get_by_role("button", name="Завантажити", exact=True).click()
    expect(page.get_by_text("Фото завантажено.")).to_be_visible()

    # … and writes the story.
    page.goto(live_server.url + "/desk/articles/new/")
    page.get_by_label("Заголовок").fill(TITLE)
    page.get_by_label("Лід").fill(demo.SAMPLE_LEAD)
    page.get_by_label("Головна думка").fill(demo.SAMPLE_HIGHLIGHT)
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("Про це повідомляє NBC News з посиланням на джерела.")
    page.keyboard.press("Enter")
    page.keyboard.type("У зустрічах брали участь:")
    page.keyboard.press("Enter")
    page.keyboard.type("- Річард Гаас")
    page.keyboard.press("Enter")
    page.keyboard.type("Чарльз Купчан")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    choose(page, "Рубрика", "Світ", "Світ")
    choose(page, "Персони", "Лавров", "Сергій Лавров")
    choose(page, "Джерело", "NBC", "NBC News")
    page.get_by_label("Першоджерело").fill(demo.SAMPLE_SOURCE_URL)
    choose(page, "Головне фото", "Прапори", "Прапори США та Росії (редакційне фото)")
    page.get_by_role("button", name="Нагадаємо").click()
    page.locator(".remind-results li", has_text=EARLIER).get_by_role(
        "button", name="Вставити"
    ).click()
    page.get_by_role("button", name="Зберегти").click()
    expect(page.get_by_text("Чернетку збережено.")).to_be_visible()
    page.get_by_role("button", name="Надіслати на перевірку").click()
    expect(page.get_by_text("Надіслано редакторам на перевірку.")).to_be_visible()
    story = Article.objects.get(title=TITLE)
    assert story.status == Article.Status.REVIEW

    # An editor schedules it two seconds ahead.
    sign_in(page, live_server, make_staff(EDITOR))
    page.goto(live_server.url + f"/desk/articles/{story.pk}/edit/")
    when = timezone.localtime() + timedelta(seconds=2)
    page.get_by_label("Опублікувати о (за київським часом)").fill(
        when.strftime("%Y-%m-%dT%H:%M:%S")
    )
    page.get_by_role("button", name="Запланувати").click()
    expect(page.get_by_text("Заплановано.")).to_be_visible()
    assert csp_violations(page) == [] and page.failures == []

    # Time passes; no scheduler run is needed for readers to see it.
    page.context.clear_cookies()
    # (Asked outside the browser: its own cache may keep the home page for max-age.)
    assert TITLE not in page.request.get(live_server.url + "/").text()
    time.sleep(max(0.0, (when - timezone.localtime()).total_seconds()) + 0.5)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    written = elements_of(page)
    expect(page.locator("#comments-heading")).to_have_text("Коментарі — 0")
    expect(page.locator("#comment-form-slot")).to_contain_text(
        "Авторизуйтесь, щоб додавати коментарі"
    )
    expect(page.locator("article figure.hero .credit")).to_have_text("фото з відкритих джерел")
    expect(page.locator("article .sources a")).to_have_text("NBC News")
    expect(page.locator("article .article-body ul li")).to_have_text(
        ["Річард Гаас", "Чарльз Купчан"]
    )
    page.goto(live_server.url + demo_article.get_absolute_url())
    shown_in_demo = elements_of(page)
    missing = [name for name, count in shown_in_demo.items() if count and not written[name]]
    assert missing == []
