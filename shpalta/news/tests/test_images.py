import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from shpalta.testing import make_image

pytestmark = pytest.mark.django_db


def test_renditions_come_in_several_widths_as_webp_and_jpeg():
    image = make_image(width=1500, height=1000)
    widths = [r["width"] for r in image.renditions]
    assert widths == [320, 640, 960, 1280]
    for rendition in image.renditions:
        for kind, fmt in (("webp", "WEBP"), ("jpeg", "JPEG")):
            with default_storage.open(rendition[kind]) as handle, PILImage.open(handle) as pic:
                assert pic.format == fmt
                assert pic.size == (rendition["width"], rendition["height"])
    assert (image.width, image.height) == (1500, 1000)


def test_a_small_picture_is_never_enlarged():
    image = make_image(width=500, height=300)
    assert [(r["width"], r["height"]) for r in image.renditions] == [(320, 192), (500, 300)]


def test_renditions_carry_no_camera_or_gps_metadata(tmp_path):
    exif = PILImage.Exif()
    exif[0x010F] = "SpyCam"  # camera maker
    exif[0x8825] = {1: "N", 2: (50.0, 27.0, 0.0)}  # GPS
    image = make_image(renditions=False)
    picture = PILImage.new("RGB", (700, 400))
    with default_storage.open(image.file.name, "wb") as handle:
        picture.save(handle, "JPEG", exif=exif.tobytes())
    image.refresh_from_db()
    from shpalta.news.images import image_make_renditions

    for rendition in image_make_renditions(image=image):
        for kind in ("webp", "jpeg"):
            with default_storage.open(rendition[kind]) as handle, PILImage.open(handle) as pic:
                assert not pic.getexif()
                assert "exif" not in pic.info
