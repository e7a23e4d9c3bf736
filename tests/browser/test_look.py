"""The site's look in a real browser: the phone header, dark theme, sharp pictures,
and axe on every kind of reader page in both themes."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shpalta.accounts.demo import demo_accounts_load, demo_bylines_load
from shpalta.accounts.models import User
from shpalta.live.demo import TITLE as LIVE_TITLE
from shpalta.live.demo import demo_live_load
from shpalta.news.models import Article, Section
from shpalta.pages.demo import pages_demo_load
from shpalta.search.services import search_rebuild_index
from tests.browser.test_pages import article_url, serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LIGHT_PAPER = "rgb(255, 255, 255)"
DARK_PAPER = "rgb(21, 24, 28)"
# The page's background the moment <body> starts: what the first paint shows.
FIRST_PAINT_PROBE = """
new MutationObserver((changes, observer) => {
  if (!document.body) return;
  window.firstPaintBackground = getComputedStyle(document.documentElement).backgroundColor;
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture
def site(demo_site):
    pages_demo_load()
    demo_accounts_load()
    demo_bylines_load()  # author pages
    demo_live_load()  # a running live blog
    search_rebuild_index()  # the demo rows are copied in bulk, without save signals
    return demo_site


@pytest.fixture
def new_context(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(locale="uk-UA", **options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def test_on_a_phone_the_header_is_a_slim_sticky_bar_whose_menu_opens_and_closes(new_context, site):
    page = new_context(viewport=PHONE).new_page()
    page.goto(site + "/")
    header = page.locator(".site-header")
    sections = page.get_by_role("navigation", name="Рубрики")
    menu = page.get_by_role("button", name="Меню")

    height = header.bounding_box()["height"]
    assert height <= 0.12 * PHONE["height"], f"the header takes {height} px of 844"
    expect(sections).to_be_hidden()
    page.mouse.wheel(0, 1500)
    # Polled from Python: the page's CSP forbids the eval a string predicate needs.
    for _ in range(50):
        if page.evaluate("window.scrollY") > 1000:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 1000
    assert header.bounding_box()["y"] == 0  # still on screen after scrolling

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sections.get_by_role("link", name="Економіка")).to_be_visible()
    expect(page.get_by_label("Пошук новин")).to_be_visible()
    page.keyboard.press("Escape")
    expect(sections).to_be_hidden()
    expect(menu).to_be_focused()


def test_without_javascript_the_phone_header_shows_the_whole_menu(new_context, site):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(site + "/")

    expect(page.get_by_role("navigation", name="Рубрики")).to_be_visible()
    expect(page.get_by_role("button", name="Меню")).to_be_hidden()


def test_a_dark_system_theme_darkens_the_page_before_the_first_paint(new_context, site, tmp_path):
    page = new_context(viewport=PHONE, color_scheme="dark").new_page()
    page.add_init_script(FIRST_PAINT_PROBE)

    page.goto(site + article_url())

    assert page.evaluate("window.firstPaintBackground") == DARK_PAPER
    assert background(page) == DARK_PAPER
    title = page.get_by_role("heading", level=1)
    assert title.evaluate("e => getComputedStyle(e).color") == "rgb(230, 230, 230)"
    expect(page.get_by_role("button", name="Темна тема")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=tmp_path / "article-dark.png", full_page=True)


def test_the_theme_switch_is_remembered_in_this_browser_only_and_applied_before_paint(
    new_context, site, tmp_path
):
    context = new_context(color_scheme="light")
    page = context.new_page()
    page.add_init_script(FIRST_PAINT_PROBE)
    page.goto(site + "/")
    assert background(page) == LIGHT_PAPER
    switch = page.get_by_role("button", name="Темна тема")
    expect(switch).to_have_attribute("aria-pressed", "false")

    switch.click()

    assert background(page) == DARK_PAPER
    expect(switch).to_have_attribute("aria-pressed", "true")
    page.goto(site + "/about/")
    assert page.evaluate("window.firstPaintBackground") == DARK_PAPER
    assert page.evaluate("localStorage.getItem('shpalta-theme')") == "dark"
    assert context.cookies() == []  # the choice never travels to the server
    page.screenshot(path=tmp_path / "about-dark.png", full_page=True)

    page.get_by_role("button", name="Темна тема").click()
    page.reload()
    assert page.evaluate("window.firstPaintBackground") == LIGHT_PAPER


def test_headlines_are_not_underlined_and_card_pictures_are_sharp_on_a_2x_phone(new_context, site):
    page = new_context(viewport=PHONE, device_scale_factor=2).new_page()
    page.goto(site + "/")
    card = page.locator(".card").filter(has=page.locator(".card-image")).first
    card.scroll_into_view_if_needed()
    picture = card.locator(".card-image img")
    expect(picture).to_have_js_property("complete", True)

    for headline in (page.locator(".top-title a"), card.locator(".card-title a")):
        assert headline.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    # naturalWidth of a srcset picture is scaled by its density: measure the file itself.
    shown, loaded = picture.evaluate(
        """img => new Promise(done => {
             const file = new Image();
             file.onload = () => done([img.clientWidth, file.naturalWidth]);
             file.src = img.currentSrc;
           })"""
    )
    assert loaded >= 2 * shown, f"a {shown} px wide card picture loaded {loaded} px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problems_on_any_kind_of_reader_page(new_context, site, scheme):
    page = new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme).new_page()
    addresses = [
        "/",
        article_url(),
        Section.objects.get(name="Світ").get_absolute_url(),
        "/search/?q=перемовини",
        "/news/",
        timezone.localtime(Article.objects.get(title=LIVE_TITLE).published_at).strftime(
            "/news/%Y/%m/%d/"
        ),
        Article.objects.get(title=LIVE_TITLE).get_absolute_url(),
        f"/author/{User.objects.exclude(slug=None).order_by('slug').first().slug}/",
        "/about/",
        "/contacts/",
        "/editorial-policy/",
        "/privacy/",
    ]
    problems = []
    for address in addresses:
        page.goto(site + address)
        assert background(page) == (DARK_PAPER if scheme == "dark" else LIGHT_PAPER)
        problems += [f"{address}: {v}" for v in serious_violations(page)]

    assert not problems, "\n".join(problems)
