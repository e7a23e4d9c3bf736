import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from shpalta.accounts.roles import EDITOR
from shpalta.pages.demo import DEMO_PAGES, pages_demo_load
from shpalta.pages.models import Page
from shpalta.testing import make_staff

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "/about/": "Про нас",
    "/contacts/": "Контакти",
    "/editorial-policy/": "Редакційна політика",
    "/privacy/": "Політика конфіденційності",
}


@pytest.fixture
def imprint(settings):
    settings.PUBLISHER_NAME = "ТОВ «Вечірня шпальта»"
    settings.PUBLISHER_CONTACTS = "вул. Січових Стрільців, 7, Київ; redakciya@example.ua"
    settings.MEDIA_REGISTER_ID = "R40-01234"


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff(EDITOR))
    return client


def change_form(page: Page, **changes: str) -> dict:
    return {"slug": page.slug, "title": page.title, "body": page.body, **changes}


@pytest.mark.parametrize(("address", "title"), ADDRESSES.items())
def test_each_page_the_media_law_requires_shows_its_text_and_the_publishers_imprint(
    client, imprint, address, title
):
    pages_demo_load()

    response = client.get(address)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="page-title">{title}</h1>' in html
    slug = address.strip("/")
    assert DEMO_PAGES[slug][1][:40] in html
    assert "ТОВ «Вечірня шпальта»" in html
    assert "вул. Січових Стрільців, 7, Київ<br>redakciya@example.ua" in html
    assert "Ідентифікатор медіа в Реєстрі суб'єктів у сфері медіа" in html
    assert "R40-01234" in html
    assert response["Surrogate-Key"] == f"page-{slug}"
    assert not response.cookies


def test_a_page_nobody_has_written_yet_still_shows_its_title_and_the_imprint(client, imprint):
    response = client.get("/editorial-policy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="page-title">Редакційна політика</h1>' in html
    assert "R40-01234" in html and "ТОВ «Вечірня шпальта»" in html


def test_every_page_footer_links_the_four_pages_and_names_the_publisher(client, imprint):
    html = client.get("/").content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    for address, title in ADDRESSES.items():
        assert f'<a href="{address}">{title}</a>' in footer
    assert "ТОВ «Вечірня шпальта»" in footer
    assert "Ідентифікатор медіа: R40-01234" in footer


def test_a_page_costs_two_queries_and_none_once_cached(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 300
    pages_demo_load()
    with django_assert_num_queries(2):  # the page, the section menu
        client.get("/about/")
    with django_assert_num_queries(0):
        client.get("/about/")


def test_an_editor_edits_a_page_in_the_admin_and_the_cached_page_shows_it_at_once(
    client, editor_client, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    pages_demo_load()
    about = Page.objects.get(slug="about")
    contacts_before = client.get("/contacts/").content
    assert "Засновник — Марія" not in client.get("/about/").content.decode()

    response = editor_client.post(
        f"/admin/pages/page/{about.pk}/change/",
        change_form(about, body="<p>Засновник — Марія Приклад.</p>"),
    )

    assert response.status_code == 302
    assert "Засновник — Марія Приклад." in client.get("/about/").content.decode()
    assert client.get("/contacts/").content == contacts_before  # other pages stay cached


def test_script_pasted_into_a_page_is_removed(editor_client):
    pages_demo_load()
    privacy = Page.objects.get(slug="privacy")

    editor_client.post(
        f"/admin/pages/page/{privacy.pk}/change/",
        change_form(privacy, body='<p onclick="steal()">Так.</p><script>steal()</script>'),
    )

    privacy.refresh_from_db()
    assert privacy.body == "<p>Так.</p>"


def test_a_page_without_a_title_is_refused_in_ukrainian_and_nothing_changes(editor_client):
    pages_demo_load()
    about = Page.objects.get(slug="about")

    response = editor_client.post(
        f"/admin/pages/page/{about.pk}/change/", change_form(about, title="", body="<p>Нове</p>")
    )

    assert response.status_code == 200
    assert "Це поле обов&#x27;язкове." in response.content.decode()
    about.refresh_from_db()
    assert about.title == "Про нас" and "Нове" not in about.body


def test_a_page_accepts_no_posted_data(client):
    response = client.post("/about/", {"title": "x"})

    assert response.status_code == 405
    assert "лише читати" in response.content.decode()


def test_the_demo_writes_the_four_pages_once_and_never_in_production(settings):
    assert pages_demo_load() == 4
    assert pages_demo_load() == 0
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo_pages")


def test_the_deployment_check_asks_for_the_imprint(settings):
    settings.MEDIA_REGISTER_ID = ""

    with pytest.raises(SystemCheckError, match="SHPALTA_MEDIA_REGISTER_ID"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["compatibility"])
