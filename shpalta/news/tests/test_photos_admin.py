"""The back office stores photos through the same checks as the desk."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from shpalta.accounts.models import User
from shpalta.news.models import Image
from shpalta.testing import jpeg_bytes, make_image

pytestmark = pytest.mark.django_db

GPS = 0x8825


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("chief@example.com", "x" * 12, display_name="Головна")
    client.force_login(admin)
    return client


def post_photo(client, data: bytes, name: str = "photo.jpg", **fields):
    form = {"alt": "Будівля Ради", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"}
    form.update(fields)
    return client.post("/admin/news/image/add/", {"file": SimpleUploadedFile(name, data), **form})


def test_the_admin_strips_gps_and_makes_renditions_after_the_commit(
    admin_client, django_capture_on_commit_callbacks
):
    exif = PILImage.Exif()
    exif[GPS] = {1: "N", 2: (50.0, 27.0, 0.0)}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(admin_client, jpeg_bytes(1000, 600, exif=exif.tobytes()))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 600)
    assert image.uploaded_by.email == "chief@example.com"
    assert len(image.renditions) == 4 and set(image.crops) == {"wide", "square"}
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert not stored.getexif().get_ifd(GPS)


def test_the_admin_refuses_a_gif(admin_client):
    buffer = BytesIO()
    PILImage.new("RGB", (40, 40)).save(buffer, "GIF")
    response = post_photo(admin_client, buffer.getvalue(), "funny.gif")
    assert response.status_code == 200
    assert "Це не фото у форматі JPEG, PNG або WebP." in response.content.decode()
    assert not Image.objects.exists()


def test_the_admin_refuses_an_svg(admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = post_photo(admin_client, svg, "photo.jpg")
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_the_admin_refuses_blank_alternative_text(admin_client):
    response = post_photo(admin_client, jpeg_bytes(), alt="   ")
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_moving_the_focal_point_in_the_admin_remakes_the_crops(
    admin_client, django_capture_on_commit_callbacks
):
    image = make_image(width=1600, height=900)
    old = image.crops["square"]["jpeg"]
    form = {"alt": image.alt, "caption": "", "credit": "", "focal_x": "0.9", "focal_y": "0.5"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/news/image/{image.pk}/change/", form)
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.focal_x == 0.9
    assert image.crops["square"]["jpeg"] != old
