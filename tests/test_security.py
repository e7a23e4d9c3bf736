"""The security baseline every page inherits, and pages that stay the same for everyone."""

import pytest
from django.test import Client

from shpalta.testing import make_article, make_reader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/state.json"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_only_files_and_json_ld_data(client):
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/accounts/login/", "/accounts/signup/"):
        html = client.get(url).content.decode()
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert " src=" in opening or 'type="application/ld+json"' in opening, (url, opening)


def test_session_and_csrf_cookies_are_samesite_lax_and_http_only(client):
    make_reader(email="olena@example.com")
    client.get("/accounts/login/")
    client.post("/accounts/login/", {"login": "olena@example.com", "password": "correct horse 42"})
    assert client.cookies["sessionid"]["samesite"] == "Lax"
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def test_home_and_article_html_are_byte_identical_for_a_guest_and_a_signed_in_reader():
    article = make_article("Однакова для всіх")
    guest, reader = Client(), Client()
    reader.force_login(make_reader(display_name="Олена Петренко"))
    for url in ("/", article.get_absolute_url()):
        as_guest, as_reader = guest.get(url), reader.get(url)
        assert as_guest.content == as_reader.content, url
        assert "Олена" not in as_reader.content.decode()
        assert "Cookie" not in as_reader.get("Vary", "")
        assert not as_reader.cookies
        assert as_reader["Cache-Control"].startswith("public")


def test_the_header_links_to_the_account_page_without_javascript(client):
    html = client.get("/").content.decode()
    assert '<a href="/accounts/profile/">Мій обліковий запис</a>' in html
    assert 'data-state-url="/accounts/state.json"' in html
