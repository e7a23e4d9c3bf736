"""What a reader sees in a real browser: the home page, the sample article, accessibility."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from shpalta.news.demo import (
    DEMO_STORIES,
    EARLIER_LAVROV,
    SAMPLE_HIGHLIGHT,
    SAMPLE_LEAD,
    SAMPLE_TITLE,
)
from shpalta.news.models import Article

pytestmark = pytest.mark.browser

HERO_ALT = "Прапори США і Росії на столі переговорів"
REMINDER = (
    "глава МЗС Росії Сергій Лавров розповів про стійке бажання США зруйнувати російську економіку"
)
UKRAINIAN_DATE = r"\d{1,2} [а-яіїєґ]+ \d{4}, \d{2}:\d{2}"


def article_url(title: str = SAMPLE_TITLE) -> str:
    return Article.objects.get(title=title).get_absolute_url()


def top_of(locator) -> float:
    expect(locator).to_be_visible()
    return locator.bounding_box()["y"]


def test_home_page_shows_the_top_story_and_latest_news_and_opens_the_sample_article(
    page, demo_site
):
    page.goto(demo_site + "/")

    expect(page).to_have_title(re.compile("Шпальта"))
    top_story = page.get_by_role("region", name=SAMPLE_TITLE)
    expect(top_story.get_by_role("heading", name=SAMPLE_TITLE)).to_be_visible()
    expect(top_story.get_by_text(SAMPLE_LEAD, exact=True)).to_be_visible()
    latest = page.get_by_role("region", name="Останні новини")
    expect(latest.get_by_role("heading", name="Останні новини", level=2)).to_be_visible()
    cards = latest.get_by_role("article")
    for position, (_, title, _, _) in enumerate(DEMO_STORIES[:3]):  # the newest after the top
        expect(cards.nth(position).get_by_role("heading")).to_have_text(title)

    top_story.get_by_role("link", name=SAMPLE_TITLE).click()

    expect(page).to_have_url(demo_site + article_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE_TITLE)


def test_sample_article_shows_every_part_of_the_story_in_reading_order(page, demo_site):
    page.goto(demo_site + article_url())
    article = page.get_by_role("article").first

    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(SAMPLE_TITLE)
    lead = article.get_by_text(SAMPLE_LEAD, exact=True)
    hero = article.get_by_role("figure")
    expect(hero.get_by_role("img", name=HERO_ALT)).to_be_visible()
    expect(hero.locator("figcaption")).to_contain_text("фото з відкритих джерел")
    highlight = page.get_by_role("complementary", name="Ключова цитата")
    expect(highlight).to_have_text(SAMPLE_HIGHLIGHT)
    participants = article.get_by_role("list").filter(has_text="Колишній дипломат Річард Гаас")
    expect(participants.get_by_role("listitem")).to_have_count(5)
    reminder = article.locator("p", has_text="Нагадаємо,").get_by_role("link", name=REMINDER)
    sources = article.locator("p", has_text="Джерело:")
    nbc = sources.get_by_role("link", name="NBC News", exact=True)
    expect(nbc).to_have_attribute("href", "https://www.nbcnews.com/politics/national-security")
    read_also = page.get_by_role("navigation", name="Читайте також")
    expect(read_also.get_by_role("link")).to_have_count(2)
    expect(read_also.get_by_role("link").first).to_have_text(EARLIER_LAVROV[0])
    topic = article.get_by_role("link", name="Переговори", exact=True)
    person = article.get_by_role("link", name="Мері Бет Лонг", exact=True)
    published = article.locator("p", has_text="Дата публікації:")
    expect(published).to_have_text(re.compile(rf"Дата публікації:\s*{UKRAINIAN_DATE}"))
    comments = page.get_by_role("heading", name="Коментарі — 0", exact=True)

    parts = {
        "title": title,
        "lead": lead,
        "hero photo": hero,
        "highlight": highlight,
        "participants": participants,
        "«Нагадаємо» link": reminder,
        "«Джерело:» line": sources,
        "«Читайте також»": read_also,
        "topic link": topic,
        "person link": person,
        "publication date": published,
        "comments heading": comments,
    }
    tops = {name: top_of(locator) for name, locator in parts.items()}
    assert list(tops.values()) == sorted(tops.values()), f"out of order: {tops}"

    reminder.click()
    expect(page).to_have_url(demo_site + article_url(EARLIER_LAVROV[0]))
    expect(page.get_by_role("heading", level=1)).to_have_text(EARLIER_LAVROV[0])


def test_hero_photo_loads_and_no_page_scrolls_sideways_from_320_to_1280_px(page, demo_site):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in (article_url(), "/"):
            page.goto(demo_site + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{path} is {scroll_width} px wide at {width} px"
        page.goto(demo_site + article_url())
        photo = page.get_by_role("img", name=HERO_ALT)
        assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert page.failures == []


def test_article_reads_the_same_with_javascript_disabled(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site + article_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE_TITLE)
        expect(page.get_by_text("Експерт з Росії Томас Грем;")).to_be_visible()
        expect(page.get_by_role("img", name=HERO_ALT)).to_be_visible()
    finally:
        context.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, demo_site):
    page.goto(demo_site + article_url())

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти до змісту")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{n['target']} {n.get('failureSummary', '')}" for n in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("which", ["home", "article"])
def test_axe_finds_no_serious_accessibility_problems(page, demo_site, which):
    page.goto(demo_site + ("/" if which == "home" else article_url()))

    violations = serious_violations(page)

    assert not violations, "\n".join(violations)
