"""Responsive renditions of uploaded images (WebP plus a JPEG fallback), made with Pillow."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

from .models import Image

RENDITION_WIDTHS = (320, 640, 960, 1280)


def _encode(picture: PILImage.Image, fmt: str) -> bytes:
    buffer = BytesIO()
    if fmt == "WEBP":
        picture.save(buffer, "WEBP", quality=80, method=4)
    else:
        picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def image_make_renditions(*, image: Image) -> list[dict]:
    """Write WebP and JPEG copies in several widths; metadata (EXIF, GPS) is not copied."""
    with image.file.open("rb") as handle, PILImage.open(handle) as original:
        picture = ImageOps.exif_transpose(original).convert("RGB")
    widths = [w for w in RENDITION_WIDTHS if w < picture.width] + [
        min(picture.width, RENDITION_WIDTHS[-1])
    ]
    stem = PurePosixPath(image.file.name).stem
    renditions = []
    for width in sorted(set(widths)):
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), PILImage.Resampling.LANCZOS)
        entry: dict = {"width": width, "height": height}
        for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
            name = f"renditions/{image.pk}/{stem}-{width}.{ext}"
            if default_storage.exists(name):
                default_storage.delete(name)
            data = _encode(resized, fmt)
            key = "webp" if ext == "webp" else "jpeg"
            entry[key] = default_storage.save(name, ContentFile(data))
            # Feeds announce the size of the picture (RSS enclosure length) without a
            # storage round trip per story.
            entry[f"{key}_bytes"] = len(data)
        renditions.append(entry)
    image.renditions = renditions
    image.save(update_fields=["renditions"])
    return renditions
