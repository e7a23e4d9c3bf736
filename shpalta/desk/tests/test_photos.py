import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from shpalta.news.models import Image
from shpalta.testing import jpeg_bytes, make_image, make_reader, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_client(client):
    client.force_login(make_staff("Автор"))
    return client


def upload_form(data: bytes | None = None, name: str = "photo.jpg", **fields) -> dict:
    form = {
        "file": SimpleUploadedFile(name, jpeg_bytes(1000, 600) if data is None else data),
        "alt": "Будівля Верховної Ради",
        "caption": "Сесійна зала",
        "credit": "фото з відкритих джерел",
        "focal_x": "0.25",
        "focal_y": "0.75",
    }
    form.update(fields)
    return form


# Who may


@pytest.mark.parametrize(
    "name", ["desk:photo-list", "desk:photo-upload", "desk:photo-search"]
)  # fmt: skip
def test_a_guest_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/desk/photos/")


@pytest.mark.parametrize("role", ["reader", "Модератор"])
@pytest.mark.parametrize("name", ["desk:photo-list", "desk:photo-upload", "desk:photo-search"])
def test_readers_and_moderators_may_not_open_the_photo_desk(client, role, name):
    client.force_login(make_reader() if role == "reader" else make_staff(role))
    assert client.get(reverse(name)).status_code == 403


def test_a_moderator_may_not_edit_a_photo(client):
    image = make_image()
    client.force_login(make_staff("Модератор"))
    response = client.post(reverse("desk:photo-edit", args=[image.pk]), {"alt": "Ні"})
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.alt == "Тестове фото"


def test_a_guest_cannot_upload(client):
    response = client.post(reverse("desk:photo-upload"), upload_form())
    assert response.status_code == 302
    assert not Image.objects.exists()


def test_desk_photo_pages_are_never_cached(author_client):
    response = author_client.get(reverse("desk:photo-list"))
    assert response["Cache-Control"] == "private, no-store"


# Upload


def test_an_author_uploads_a_photo_and_lands_on_its_page(
    author_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(reverse("desk:photo-upload"), upload_form(), follow=True)
    image = Image.objects.get()
    assert response.redirect_chain == [(reverse("desk:photo-edit", args=[image.pk]), 302)]
    assert "Фото завантажено." in response.content.decode()
    assert (image.alt, image.caption, image.focal_x, image.focal_y) == (
        "Будівля Верховної Ради",
        "Сесійна зала",
        0.25,
        0.75,
    )
    assert image.renditions and image.crops


def test_the_upload_form_offers_the_focal_point_as_numbers_and_a_picker(author_client):
    html = author_client.get(reverse("desk:photo-upload")).content.decode()
    assert 'type="number" name="focal_x" value="0.5"' in html
    assert 'type="number" name="focal_y" value="0.5"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "js/desk-photos.js" in html
    assert "<script>" not in html and "style=" not in html


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a.svg"),
        (b"GIF89a not really", "photo.gif"),
        ("просто текст".encode(), "photo.jpg"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_in_ukrainian(author_client, data, name):
    response = author_client.post(reverse("desk:photo-upload"), upload_form(data, name))
    assert response.status_code == 400
    assert "Це не фото у форматі JPEG, PNG або WebP." in response.content.decode()
    assert not Image.objects.exists()


def test_an_empty_file_is_refused(author_client):
    response = author_client.post(reverse("desk:photo-upload"), upload_form(b""))
    assert response.status_code == 400
    assert not Image.objects.exists()


def test_an_upload_without_a_file_asks_for_one(author_client):
    form = upload_form()
    del form["file"]
    response = author_client.post(reverse("desk:photo-upload"), form)
    assert response.status_code == 400
    assert "Виберіть фото для завантаження." in response.content.decode()


@pytest.mark.parametrize("alt", ["", "    "])
def test_alternative_text_is_required(author_client, alt):
    response = author_client.post(reverse("desk:photo-upload"), upload_form(alt=alt))
    assert response.status_code == 400
    assert "альтернативний текст обов&#x27;язковий" in response.content.decode()
    assert not Image.objects.exists()


def test_a_focal_point_outside_the_photo_is_refused(author_client):
    response = author_client.post(reverse("desk:photo-upload"), upload_form(focal_x="2"))
    assert response.status_code == 400
    assert not Image.objects.exists()


def test_a_png_named_jpg_is_kept_as_png(author_client):
    buffer = BytesIO()
    PILImage.new("RGB", (300, 200), (0, 120, 0)).save(buffer, "PNG")
    author_client.post(reverse("desk:photo-upload"), upload_form(buffer.getvalue(), "photo.jpg"))
    assert Image.objects.get().file.name.endswith("/photo.png")


# Edit


def test_an_author_changes_the_texts_and_the_focal_point(
    author_client, django_capture_on_commit_callbacks
):
    image = make_image(width=1600, height=900)
    old_wide = image.crops["wide"]["jpeg"]
    form = {"alt": "Новий опис", "caption": "", "credit": "Укрінформ"}
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(
            reverse("desk:photo-edit", args=[image.pk]), {**form, "focal_x": 1, "focal_y": 0}
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.credit, image.focal_x, image.focal_y) == (
        "Новий опис",
        "Укрінформ",
        1.0,
        0.0,
    )
    assert image.crops["wide"]["jpeg"] != old_wide


def test_the_edit_page_shows_the_crops(author_client):
    image = make_image(width=1600, height=900)
    html = author_client.get(reverse("desk:photo-edit", args=[image.pk])).content.decode()
    assert image.crops["wide"]["jpeg"] in html
    assert "Широке (16:9)" in html
    assert 'value="0.5"' in html


def test_the_edit_page_of_an_unprocessed_photo_shows_the_original(author_client):
    image = make_image(renditions=False)
    html = author_client.get(reverse("desk:photo-edit", args=[image.pk])).content.decode()
    assert f'src="{image.file.url}"' in html
    assert "Розміри й кадрування готуються" in html


def test_an_edit_without_alternative_text_is_refused(author_client):
    image = make_image()
    response = author_client.post(
        reverse("desk:photo-edit", args=[image.pk]),
        {"alt": " ", "caption": "", "credit": "", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 400
    image.refresh_from_db()
    assert image.alt == "Тестове фото"


def test_editing_a_missing_photo_is_a_404(author_client):
    assert author_client.get(reverse("desk:photo-edit", args=[999])).status_code == 404


# List, search and the picker


def test_the_list_shows_thumbnails_newest_first(author_client):
    older = make_image(alt="Старе фото")
    newer = make_image(alt="Нове фото", renditions=False)
    html = author_client.get(reverse("desk:photo-list")).content.decode()
    assert html.index("Нове фото") < html.index("Старе фото")
    assert f'src="/media/{older.crops["square"]["jpeg"]}"' in html
    assert f'src="{newer.file.url}"' in html  # not processed yet: the original
    assert "Розміри готуються…" in html


def test_the_list_searches_alt_caption_and_credit_in_any_case(author_client):
    make_image(alt="Будівля Верховної Ради")
    make_image(alt="Київ вночі", caption="Майдан")
    make_image(alt="Львів", credit="Укрінформ")
    url = reverse("desk:photo-list")
    assert "Будівля Верховної Ради" in author_client.get(url, {"q": "ради"}).content.decode()
    found = author_client.get(url, {"q": "майдан"}).content.decode()
    assert "Київ вночі" in found and "Будівля" not in found
    assert "Львів" in author_client.get(url, {"q": "укрінформ"}).content.decode()
    assert (
        "Фото за цими словами не знайдено."
        in author_client.get(url, {"q": "Одеса"}).content.decode()
    )


@pytest.mark.parametrize("count", [1, 15])
def test_the_list_costs_the_same_queries_whatever_the_number_of_photos(
    author_client, django_assert_num_queries, count
):
    for _ in range(count):
        make_image(renditions=False)
    url = reverse("desk:photo-list")
    author_client.get(url)  # warm up the session
    # session, user, permissions (group and user), count, page
    with django_assert_num_queries(6):
        assert author_client.get(url).status_code == 200


def test_the_picker_answers_json_with_thumbnails(author_client):
    image = make_image(alt="Будівля Ради", caption="Сесія", credit="Укрінформ")
    make_image(alt="Інше")
    response = author_client.get(reverse("desk:photo-search"), {"q": "ради"})
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    assert json.loads(response.content) == {
        "results": [
            {
                "id": image.pk,
                "alt": "Будівля Ради",
                "caption": "Сесія",
                "credit": "Укрінформ",
                "width": 800,
                "height": 450,
                "thumbnail": f"/media/{image.crops['square']['jpeg']}",
            }
        ]
    }


def test_the_picker_lists_the_newest_twenty_without_a_query(author_client):
    for _ in range(22):
        make_image(renditions=False)
    results = author_client.get(reverse("desk:photo-search")).json()["results"]
    assert len(results) == 20
    assert results[0]["id"] == Image.objects.latest("created_at", "id").pk
