from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shpalta.accounts.models import User
from shpalta.news.models import Article, Image
from shpalta.testing import jpeg_bytes, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_superuser("editor@example.com", "x" * 12, display_name="Редактор")
    client.force_login(editor)
    return client


def test_staff_can_upload_a_photo_and_publish_a_story_in_the_admin(editor_client, client):
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(1000, 600), content_type="image/jpeg")
    response = editor_client.post(
        "/admin/news/image/add/",
        {
            "file": upload,
            "alt": "Будівля Ради",
            "caption": "",
            "credit": "фото з відкритих джерел",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 600)
    assert image.renditions == []  # a background task makes them (see test_photos_admin.py)

    section = make_section("Політика")
    form = {
        "title": "Рада ухвалила закон",
        "slug": "",
        "lead": "Депутати проголосували.",
        "highlight": "",
        "body": '<p onclick="x()">Текст <script>alert(1)</script></p>',
        "hero_image": image.pk,
        "section": section.pk,
        "status": "published",
        "published_at_0": "28.11.2026",
        "published_at_1": "20:14",
        "comments_enabled": "on",
        "source_links-TOTAL_FORMS": "0",
        "source_links-INITIAL_FORMS": "0",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    }
    response = editor_client.post("/admin/news/article/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.slug == "rada-ukhvalyla-zakon"
    assert article.body == "<p>Текст </p>"
    assert article.published_at == datetime(2026, 11, 28, 20, 14, tzinfo=ZoneInfo("Europe/Kyiv"))
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_admin_speaks_ukrainian(editor_client):
    body = editor_client.get("/admin/news/article/add/").content.decode()
    assert "Заголовок" in body or "заголовок" in body
    assert "Одне-два речення під заголовком" in body
