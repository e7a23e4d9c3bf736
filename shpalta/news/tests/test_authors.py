"""Bylines, author pages and feeds, share links and reading time on the article page."""

import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shpalta.accounts import services
from shpalta.testing import jpeg_bytes, make_article, make_user

pytestmark = pytest.mark.django_db


def author(name: str, slug: str | None, **fields):
    return make_user(display_name=name, slug=slug, **fields)


def test_the_byline_under_the_headline_links_every_author_with_a_page(client):
    article = make_article("Новина двох авторів", body="<p>" + "слово " * 450 + "</p>")
    article.authors.add(author("Олена Коваль", "olena-koval"), author("Іван Без Сторінки", None))
    html = client.get(article.get_absolute_url()).content.decode()
    rest = html.split("</h1>", 1)[1]
    byline = rest.split('<p class="lead">', 1)[0]  # between the headline and the lead
    assert '<a rel="author" href="/author/olena-koval/">Олена Коваль</a>' in byline
    assert "<span>Іван Без Сторінки</span>" in byline
    assert '<time class="published"' in byline
    assert "3 хв читання" in byline  # 450 words at 200 a minute


def test_share_links_are_plain_links_and_load_no_third_party_script(client):
    article = make_article("Спільна новина")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    url = quote(f"http://testserver{article.get_absolute_url()}", safe="")
    assert f'href="https://t.me/share/url?url={url}&amp;text=' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={url}"' in html
    assert f'href="https://x.com/intent/post?url={url}&amp;text=' in html
    assert 'href="viber://forward?text=' in html
    assert "Копіювати посилання" in html and "js/share.js" in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_author_page_shows_photo_bio_stories_and_feeds(client, django_assert_num_queries):
    photo = SimpleUploadedFile("olena.jpg", jpeg_bytes(200, 200), content_type="image/jpeg")
    writer = author("Олена Коваль", "olena-koval", bio="Пише про економіку.", photo=photo)
    for n in range(12):
        make_article(f"Матеріал {n}").authors.add(writer)
    make_article("Чужий матеріал")
    with django_assert_num_queries(4):  # author, menu, count, one page
        response = client.get("/author/olena-koval/")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Олена Коваль</h1>" in html
    assert "Пише про економіку." in html and writer.photo.url in html
    assert "Матеріал 11" in html and "Чужий матеріал" not in html
    assert "Сторінка 1 з 2" in html
    assert 'href="/author/olena-koval/rss/"' in html and writer.email not in html
    assert client.get("/author/olena-koval/?page=2").status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_author_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    writer = author("Олена Коваль", "olena-koval")
    for n in range(size):
        make_article(f"Матеріал {n}").authors.add(writer)
    for kind in ("rss", "atom"):
        with django_assert_num_queries(4):  # author, stories, their authors, tags
            response = client.get(f"/author/olena-koval/{kind}/")
        body = response.content.decode()
        assert response.status_code == 200 and "Олена Коваль" in body
        assert "Матеріал 1" in body and writer.email not in body


def test_an_unknown_or_deleted_author_has_no_page(client):
    writer = author("Олена Коваль", "olena-koval", bio="Пише про економіку.")
    assert client.get("/author/nobody/").status_code == 404
    services.user_delete(user=writer)
    writer.refresh_from_db()
    assert writer.slug is None and writer.bio == ""
    assert client.get("/author/olena-koval/").status_code == 404
    assert client.get("/author/olena-koval/rss/").status_code == 404
