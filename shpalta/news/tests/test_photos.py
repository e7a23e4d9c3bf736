import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from PIL import ImageCms

from shpalta.news.images import crop_box
from shpalta.news.models import Image
from shpalta.news.photos import image_update, image_upload, make_image_renditions
from shpalta.testing import jpeg_bytes, make_article, make_image, make_staff

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "images"
NOT_A_PHOTO = "Це не фото у форматі JPEG, PNG або WebP."
GPS = 0x8825


def picture_bytes(fmt: str, size=(800, 450), colour=(30, 90, 160), **options) -> bytes:
    mode = "RGBA" if fmt == "PNG" and options.pop("alpha", False) else "RGB"
    buffer = BytesIO()
    PILImage.new(mode, size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A one-pixel PNG whose header (with a valid checksum) claims another size."""
    data = bytearray(picture_bytes("PNG", (1, 1)))
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(data[12:29]))
    return bytes(data)


def upload(data: bytes, name: str = "photo.jpg", **fields) -> Image:
    fields.setdefault("alt", "Будівля Верховної Ради")
    fields.setdefault("caption", "")
    fields.setdefault("credit", "фото з відкритих джерел")
    return image_upload(file=SimpleUploadedFile(name, data), user=None, **fields)


def stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refusal(data: bytes, name: str = "photo.jpg", **fields) -> str:
    with pytest.raises(ValidationError) as caught:
        upload(data, name, **fields)
    assert not Image.objects.exists()
    assert stored_files() == []
    return " ".join(caught.value.messages)


# What is accepted, and how it is stored


def test_a_jpeg_is_stored_with_its_size_and_who_uploaded_it():
    author = make_staff("Автор")
    image = image_upload(
        file=SimpleUploadedFile("Фото з Ради.JPG", jpeg_bytes(1000, 600)),
        alt="  Будівля Ради  ",
        caption="Сесія",
        credit="Укрінформ",
        user=author,
    )
    image.refresh_from_db()
    assert (image.width, image.height, image.alt) == (1000, 600, "Будівля Ради")
    assert image.uploaded_by == author
    assert image.file.name.startswith("images/") and image.file.name.endswith("/foto-z-rady.jpg")


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_are_accepted(fmt, ext):
    image = upload(picture_bytes(fmt), f"photo.{ext}")
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.format == fmt
    assert image.file.name.endswith(f".{ext}")


def test_a_png_named_jpg_is_stored_as_png():
    image = upload(picture_bytes("PNG"), "photo.jpg")
    assert image.file.name.endswith("/photo.png")
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.format == "PNG"


def test_a_jpeg_named_webp_is_stored_as_jpeg():
    assert upload(jpeg_bytes(), "photo.webp").file.name.endswith("/photo.jpg")


def test_a_transparent_png_keeps_its_transparency():
    image = upload(picture_bytes("PNG", alpha=True, colour=(200, 0, 0, 0)), "logo.png")
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


# Metadata


def test_the_stored_original_has_no_gps_camera_xmp_or_comment():
    exif = PILImage.Exif()
    exif[0x010F] = "SpyCam"
    exif[GPS] = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}
    data = picture_bytes(
        "JPEG", exif=exif.tobytes(), comment=b"shot at home", xmp=b"<x:xmpmeta>secret</x:xmpmeta>"
    )
    with PILImage.open(BytesIO(data)) as original:  # the test file really carries them
        assert original.getexif().get_ifd(GPS)
        assert "comment" in original.info and "xmp" in original.info

    image = upload(data)

    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(GPS)
        assert {"exif", "xmp", "comment"}.isdisjoint(stored.info)
        raw = handle.seek(0) or handle.read()
    assert b"SpyCam" not in raw and b"secret" not in raw and b"shot at home" not in raw


def test_the_colour_profile_is_kept():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = upload(picture_bytes("JPEG", icc_profile=icc))
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.info.get("icc_profile") == icc


def test_a_sideways_camera_photo_is_stored_upright():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    image = upload(jpeg_bytes(800, 450, exif=exif.tobytes()))
    assert (image.width, image.height) == (450, 800)
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.size == (450, 800)
        assert 0x0112 not in stored.getexif()


# What is refused, with nothing left behind


@pytest.mark.parametrize("name", ["svg-with-script.svg", "svg-onload.svg", "svg-entities.xml"])
def test_svg_is_refused_even_when_named_jpg(name):
    data = (DATA / name).read_bytes()
    assert refusal(data, name) == NOT_A_PHOTO
    assert refusal(data, "photo.jpg") == NOT_A_PHOTO


def heic_bytes() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def pdf_bytes() -> bytes:
    return picture_bytes("PDF")


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: picture_bytes("GIF"), "animation.gif"),
        (lambda: picture_bytes("GIF"), "animation.jpg"),
        (heic_bytes, "IMG_0001.HEIC"),
        (pdf_bytes, "scan.pdf"),
        (lambda: picture_bytes("BMP"), "photo.bmp"),
        (lambda: picture_bytes("TIFF"), "photo.tif"),
        (lambda: "Це просто текст, а не фото.".encode(), "photo.jpg"),
        (lambda: b"<html><script>alert(1)</script></html>", "photo.png"),
    ],
)
def test_other_formats_are_refused(make, name):
    assert refusal(make(), name) == NOT_A_PHOTO


def test_an_empty_file_is_refused():
    assert refusal(b"", "photo.jpg") == "Файл порожній."


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_file_is_refused(fmt):
    data = picture_bytes(fmt, (900, 600), colour=(10, 200, 40))
    assert refusal(data[: len(data) // 2]) == NOT_A_PHOTO


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.SHPALTA_IMAGE_MAX_BYTES = 2048
    assert refusal(jpeg_bytes(1200, 900)).startswith("Файл завеликий: щонайбільше 2,0")


def test_a_decompression_bomb_is_refused_from_its_header():
    # 10 gigapixels claimed, one pixel of data: Pillow itself refuses to open it.
    assert "мегапікселів" in refusal(png_claiming(100_000, 100_000), "bomb.png")


def test_a_picture_over_our_pixel_limit_is_refused_before_decoding():
    # 49 megapixels claimed: under Pillow's own limit, over ours. Were the pixels decoded,
    # the missing data would give «not a photo» instead.
    assert refusal(png_claiming(7000, 7000), "big.png") == (
        "Фото завелике: щонайбільше 40 мегапікселів."
    )


def test_the_pixel_limit_is_a_setting(settings):
    settings.SHPALTA_IMAGE_MAX_PIXELS = 100_000
    assert "мегапікселів" in refusal(jpeg_bytes(400, 300))


@pytest.mark.parametrize("alt", ["", "   ", "\n\t"])
def test_alternative_text_is_required(alt):
    assert "альтернативний текст" in refusal(jpeg_bytes(), alt=alt)


def test_a_focal_point_outside_the_picture_is_refused():
    assert "між 0 і 1" in refusal(jpeg_bytes(), focal_x=1.5)


def test_a_failed_save_leaves_no_file_behind(monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Image, "save", broken_save)
    with pytest.raises(DatabaseError):
        upload(jpeg_bytes())
    assert stored_files() == []


# Renditions in the background


def test_renditions_are_made_once_the_upload_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        image = upload(jpeg_bytes(1500, 1000))
    assert Image.objects.get().renditions == []  # not before the commit
    for callback in callbacks:
        callback()
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 960, 1280]
    assert set(image.crops) == {"wide", "square"}


def test_the_task_skips_a_photo_deleted_meanwhile():
    image = make_image(renditions=False)
    image_id = image.pk
    image.delete()
    make_image_renditions.call(image_id)  # no error


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_makes_the_renditions(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    image = upload(jpeg_bytes(1000, 600))

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "shpalta.news.photos.make_image_renditions"
    assert queued.status == "READY"
    assert Image.objects.get().renditions == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 960, 1000]
    assert image.crops["wide"]["width"] == 1000
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


# Focal point crops


def red_share(name: str) -> float:
    """How much of a stored picture is the red «face»."""
    with default_storage.open(name) as handle, PILImage.open(handle) as picture:
        pixels = list(picture.convert("RGB").get_flattened_data())
    return sum(1 for r, g, b in pixels if r > 180 and g < 80 and b < 80) / len(pixels)


def photo_with_face(size, face_box, focal, django_capture_on_commit_callbacks) -> Image:
    picture = PILImage.new("RGB", size, (30, 90, 160))
    picture.paste((220, 20, 20), face_box)
    buffer = BytesIO()
    picture.save(buffer, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        return upload(buffer.getvalue(), "face.png", focal_x=focal[0], focal_y=focal[1])


def test_the_square_crop_keeps_a_face_at_the_right_edge(django_capture_on_commit_callbacks):
    face = (1500, 400, 1580, 500)
    image = photo_with_face((1600, 900), face, (0.96, 0.5), django_capture_on_commit_callbacks)
    image.refresh_from_db()
    square = image.crops["square"]
    assert (square["width"], square["height"]) == (400, 400)
    assert red_share(square["jpeg"]) > 0.005


def test_the_wide_crop_keeps_a_face_at_the_bottom(django_capture_on_commit_callbacks):
    face = (400, 1450, 500, 1550)
    image = photo_with_face((900, 1600), face, (0.5, 0.94), django_capture_on_commit_callbacks)
    image.refresh_from_db()
    wide = image.crops["wide"]
    assert (wide["width"], wide["height"]) == (900, 506)  # never enlarged to 1200
    assert red_share(wide["jpeg"]) > 0.01
    assert red_share(wide["webp"]) > 0.01


def test_a_centred_crop_would_have_lost_that_face(django_capture_on_commit_callbacks):
    face = (400, 1450, 500, 1550)
    image = photo_with_face((900, 1600), face, (0.5, 0.5), django_capture_on_commit_callbacks)
    image.refresh_from_db()
    assert red_share(image.crops["wide"]["jpeg"]) == 0


def test_a_large_photo_gives_a_wide_crop_of_1200_by_675():
    image = make_image(width=3000, height=3000)
    assert (image.crops["wide"]["width"], image.crops["wide"]["height"]) == (1200, 675)


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((1600, 900), (1, 1), (0.5, 0.5), (350, 0, 1250, 900)),
        ((1600, 900), (1, 1), (1.0, 0.5), (700, 0, 1600, 900)),
        ((1600, 900), (1, 1), (0.0, 0.0), (0, 0, 900, 900)),
        ((900, 1600), (16, 9), (0.5, 1.0), (0, 1094, 900, 1600)),
        ((1600, 900), (16, 9), (0.9, 0.9), (0, 0, 1600, 900)),
    ],
)
def test_the_crop_box_follows_the_focal_point_up_to_the_edges(size, ratio, focal, box):
    assert crop_box(size, ratio, focal) == box


def test_moving_the_focal_point_remakes_the_crops(django_capture_on_commit_callbacks):
    image = make_image(width=1600, height=900)
    old_square = image.crops["square"]["jpeg"]
    fields = {"alt": image.alt, "caption": "", "credit": image.credit}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image_update(image=image, focal_x=0.9, focal_y=0.2, user=None, **fields)
    assert len(callbacks) == 1

    image.refresh_from_db()
    assert image.crops["square"]["jpeg"] != old_square
    assert not default_storage.exists(old_square)
    assert default_storage.exists(image.crops["square"]["jpeg"])


def test_changing_only_the_texts_makes_nothing_again(django_capture_on_commit_callbacks):
    image = make_image()
    with django_capture_on_commit_callbacks() as callbacks:
        image_update(
            image=image, alt="Інший опис", caption="Підпис", credit="Автор", focal_x=0.5,
            focal_y=0.5, user=None,
        )  # fmt: skip
    assert callbacks == []
    image.refresh_from_db()
    assert (image.alt, image.caption) == ("Інший опис", "Підпис")


def test_an_edit_needs_alternative_text_too():
    image = make_image()
    with pytest.raises(ValidationError):
        image_update(image=image, alt=" ", caption="", credit="", focal_x=0.5, focal_y=0.5)
    image.refresh_from_db()
    assert image.alt == "Тестове фото"


# Pages before the renditions exist


def test_an_article_shows_its_photo_before_the_renditions_exist(client):
    image = make_image(renditions=False, alt="Будівля Ради")
    article = make_article(hero_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{image.file.url}" alt="Будівля Ради" width="800" height="450"' in html
    assert f'<meta property="og:image" content="http://testserver{image.file.url}">' in html


def test_lists_and_feeds_show_the_original_before_the_renditions_exist(client):
    image = make_image(renditions=False)
    make_article(hero_image=image)
    make_article(hero_image=image)  # the second is the card below the top story
    assert f'src="{image.file.url}"' in client.get("/").content.decode()
    feed = client.get("/rss/").content.decode()
    assert f'url="http://testserver{image.file.url}"' in feed


def test_open_graph_takes_the_wide_crop_once_it_exists(client):
    image = make_image(width=1600, height=1200)
    article = make_article(hero_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    wide = image.crops["wide"]["jpeg"]
    assert f'<meta property="og:image" content="http://testserver/media/{wide}">' in html
