import pytest
from django.template.loader import render_to_string
from django.test import override_settings


def test_robots_txt_lets_crawlers_in_but_not_into_the_back_office(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
def test_the_404_page_is_ukrainian_and_helpful(client):
    response = client.get("/nema-takoi-storinky/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Сторінку не знайдено" in body
    assert 'href="/"' in body


def test_the_500_page_is_ukrainian_and_needs_nothing_from_the_database():
    body = render_to_string("500.html")
    assert "Щось пішло не так" in body
    assert 'lang="uk"' in body


@pytest.mark.django_db
@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_a_crash_shows_the_ukrainian_500_page(client, monkeypatch):
    from shpalta.news import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.Article.objects, "published", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Щось пішло не так" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_reader_pages_refuse_writes(client, method):
    response = getattr(client, method)("/")
    assert response.status_code == 405
    assert "можна лише читати" in response.content.decode()


@pytest.mark.django_db
def test_local_media_is_served_from_the_data_folder(client):
    from shpalta.testing import make_image

    image = make_image()
    response = client.get(f"/media/{image.renditions[0]['webp']}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    outside = client.get("/media/../settings.py")
    assert outside.status_code == 400
    assert "Некоректний запит" in outside.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_is_refused_in_ukrainian():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "a@example.com", "password": "x"}
    )
    assert response.status_code == 403
    assert "Форма застаріла" in response.content.decode()
