"""A new reader in a real browser: register from a page, verify by the emailed link (which
signs them in and returns them there), sign out, sign in, sign out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
NAME = "Олена <img src=x onerror=alert(1)>"
PASSWORD = "a long secret 2026"


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def emailed_link(mail_dir) -> str:
    text = "".join(path.read_text() for path in sorted(mail_dir.glob("*.log")))
    return re.findall(r"https?://[^\s\"<]+/accounts/confirm-email/[^\s\"<]+", text)[-1]


def test_a_reader_registers_verifies_signs_in_sees_the_name_and_signs_out(
    page, live_server, mail_dir
):
    dialogs, console_errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.goto(live_server.url + "/")
    header = page.locator("#account-nav")
    expect(header.get_by_role("link", name="Увійти")).to_be_visible()
    header.get_by_role("link", name="Зареєструватися").click()

    page.get_by_label("Електронна пошта").fill("olena@example.com")
    page.get_by_label("Ім'я для читачів").fill(NAME)
    page.get_by_label("Пароль:", exact=True).fill(PASSWORD)
    page.get_by_label("Пароль (ще раз)").fill(PASSWORD)
    page.get_by_role("button", name="Зареєструватися").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Підтвердіть")

    page.goto(emailed_link(mail_dir))
    page.get_by_role("button", name="Підтвердити").click()

    expect(page).to_have_url(live_server.url + "/")  # where «Зареєструватися» was clicked
    expect(header.get_by_role("link", name=NAME)).to_be_visible()
    header.get_by_role("button", name="Вийти").click()
    header.get_by_role("link", name="Увійти").click()
    page.get_by_label("Електронна пошта").fill("olena@example.com")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()

    expect(page).to_have_url(live_server.url + "/")
    expect(header.get_by_role("link", name=NAME)).to_be_visible()
    header.get_by_role("button", name="Вийти").click()
    expect(header.get_by_role("link", name="Увійти")).to_be_visible()
    assert dialogs == []
    assert [e for e in console_errors if "Content Security Policy" in e] == []


def test_without_javascript_the_header_links_to_the_account_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Мій обліковий запис").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/profile/$"))
    context.close()


def test_the_article_json_ld_and_scripts_run_under_the_content_security_policy(page, demo_site):
    from shpalta.news.demo import SAMPLE_TITLE
    from shpalta.news.models import Article

    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(demo_site + Article.objects.get(title=SAMPLE_TITLE).get_absolute_url())
    expect(page.locator("#account-nav").get_by_role("link", name="Увійти")).to_be_visible()
    data = page.locator('script[type="application/ld+json"]').text_content()
    assert SAMPLE_TITLE in data
    assert violations == []


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/", "/accounts/profile/"])
def test_account_pages_have_no_serious_accessibility_problems(page, live_server, path):
    from shpalta.testing import make_reader

    from .test_pages import serious_violations

    if path == "/accounts/profile/":
        make_reader(email="olena@example.com")
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Електронна пошта").fill("olena@example.com")
        page.get_by_label("Пароль").fill("correct horse 42")
        page.get_by_role("button", name="Увійти").click()
    page.goto(live_server.url + path)

    violations = serious_violations(page)

    assert not violations, "\n".join(violations)
