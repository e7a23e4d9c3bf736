"""Searching in a real browser: the header box, highlighted snippets, opening a result."""

import re

import pytest
from playwright.sync_api import expect

from shpalta.news.demo import SAMPLE_TITLE
from shpalta.search.services import search_rebuild_index
from tests.browser.test_pages import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def searchable_site(demo_site):
    # The demo rows are copied in bulk (no save signals), so index them as the command would.
    search_rebuild_index()
    return demo_site


def test_a_reader_searches_from_the_header_sees_marked_words_and_opens_the_story(
    page, searchable_site
):
    page.goto(searchable_site + "/")

    page.get_by_label("Пошук новин").fill("переговори Лаврова")
    page.get_by_label("Пошук новин").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Результати пошуку за запитом «переговори Лаврова»"
    )
    expect(page.get_by_role("status")).to_have_text("Знайдено 1 статтю")
    result = page.get_by_role("list", name="Результати пошуку").get_by_role("listitem")
    expect(result).to_have_count(1)
    marks = result.locator("mark")
    expect(marks.filter(has_text="Лавров").first).to_be_visible()
    expect(marks.filter(has_text="переговори").first).to_be_visible()
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")

    result.get_by_role("link", name=SAMPLE_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE_TITLE)
    assert page.failures == []


def test_filters_and_the_date_order_work_without_javascript(browser, searchable_site):
    context = browser.new_context(java_script_enabled=False, locale="uk-UA")
    try:
        page = context.new_page()
        page.goto(searchable_site + "/search/")
        page.get_by_label("Що знайти").fill("Росії")
        page.get_by_label("Рубрика").select_option(label="Світ")
        page.get_by_label("Порядок").select_option(label="за датою")
        page.get_by_role("button", name="Знайти").last.click()

        expect(page.get_by_role("status")).to_contain_text("Знайдено 4 статті")
        expect(page.locator(".search-hit").first.get_by_role("link").first).to_have_text(
            SAMPLE_TITLE
        )
        page.get_by_label("Що знайти").fill("х")
        page.get_by_role("button", name="Знайти").last.click()
        expect(page.get_by_role("alert")).to_contain_text("хоча б одне слово")
    finally:
        context.close()


def test_axe_finds_no_serious_accessibility_problems_on_the_results(page, searchable_site):
    page.goto(searchable_site + "/search/?q=перемовини")

    violations = serious_violations(page)

    assert not violations, "\n".join(violations)


def test_search_as_you_type_offers_people_and_stories_and_is_picked_with_the_keyboard(
    page, searchable_site
):
    page.goto(searchable_site + "/")
    box = page.get_by_role("combobox", name="Пошук новин")

    box.press_sequentially("Лавр")
    suggestions = page.get_by_role("listbox", name="Підказки")
    expect(suggestions.get_by_role("option").first).to_contain_text("Сергій Лавров")
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.fill("")
    box.press_sequentially("таємні перемов")
    story = suggestions.get_by_role("option", name=re.compile(SAMPLE_TITLE))
    expect(story).to_be_visible()
    box.press("ArrowDown")
    expect(story).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", story.get_attribute("id"))
    box.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE_TITLE)

    page.go_back()
    box = page.get_by_role("combobox", name="Пошук новин")
    box.fill("")
    box.press_sequentially("Лаврова")
    person = page.get_by_role("option", name=re.compile("Сергій Лавров"))
    expect(person).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Сергій Лавров")
    assert page.failures == []
