"""Responsive renditions of uploaded images (WebP plus a JPEG fallback), made with Pillow.

Every file goes through the storage API (local disk or an S3 bucket, settings.STORAGES):
never a path, so both work alike.
"""

from collections.abc import Iterable
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from PIL import Image as PILImage
from PIL import ImageOps

from shpalta.lib.storage import StorageFailed, storage_save_whole

from .models import Image

RENDITION_WIDTHS = (320, 640, 960, 1280)
# Fixed-ratio crops around the focal point: "wide" for Open Graph and cards (16:9),
# "square" for thumbnails in lists and pickers. Never enlarged.
CROPS = {"wide": (1200, 675), "square": (400, 400)}


def _encode(picture: PILImage.Image, fmt: str) -> bytes:
    buffer = BytesIO()
    if fmt == "WEBP":
        picture.save(buffer, "WEBP", quality=80, method=4)
    else:
        picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """RGB for JPEG; transparent areas become white rather than black."""
    if picture.mode in ("RGBA", "LA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def _write(picture: PILImage.Image, base: str, written: list[str]) -> dict:
    """Save one picture as WebP and JPEG under ``base``.{webp,jpg}; names and byte sizes.

    Each file replaces its namesake whole (never half a file on a full disk); the names are
    added to ``written``.
    """
    entry: dict = {"width": picture.width, "height": picture.height}
    for fmt, ext, key in (("WEBP", "webp", "webp"), ("JPEG", "jpg", "jpeg")):
        data = _encode(picture, fmt)
        entry[key] = storage_save_whole(
            storage=default_storage, name=f"{base}.{ext}", content=data, overwrite=True
        )
        written.append(entry[key])
        # Feeds announce the size of the picture (RSS enclosure length) without a
        # storage round trip per story.
        entry[f"{key}_bytes"] = len(data)
    return entry


def crop_box(
    size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of the given ratio inside ``size``, centred on the focal point as far
    as the edges allow (so the point is always inside it)."""
    width, height = size
    if width * ratio[1] > height * ratio[0]:  # wider than the ratio: full height
        box_h = height
        box_w = max(1, min(width, round(height * ratio[0] / ratio[1])))
    else:
        box_w = width
        box_h = max(1, min(height, round(width * ratio[1] / ratio[0])))
    left = round(focal[0] * width - box_w / 2)
    top = round(focal[1] * height - box_h / 2)
    left = min(max(left, 0), width - box_w)
    top = min(max(top, 0), height - box_h)
    return left, top, left + box_w, top + box_h


def _crop_name(stem: str, kind: str, image: Image) -> str:
    # The focal point is in the name: a moved point gives a new address, so no CDN or
    # browser keeps showing the old crop.
    fx, fy = round(image.focal_x * 1000), round(image.focal_y * 1000)
    return f"renditions/{image.pk}/{stem}-{kind}-{fx:04d}x{fy:04d}"


def media_url(name: str) -> str:
    """The public address of a stored file: /media/… locally, the media host (CDN) with S3."""
    return default_storage.url(name)


def _names(entries: Iterable[dict[str, Any]]) -> set[str]:
    return {entry[key] for entry in entries for key in ("webp", "jpeg") if entry.get(key)}


def image_file_names(image: Image) -> set[str]:
    """The original, its renditions and its crops: everything an Image keeps in storage."""
    names = _names([*(image.renditions or []), *(image.crops or {}).values()])
    if image.file.name:
        names.add(image.file.name)
    return names


def storage_delete(*, names: Iterable[str]) -> None:
    for name in names:
        # Deleting a missing file is no error on disk or in S3: no existence check needed.
        default_storage.delete(name)


def storage_delete_after_commit(*, names: Iterable[str]) -> None:
    """Delete files once the transaction that stopped using them commits (never before:
    a rollback would leave rows pointing at nothing)."""
    names = set(names)
    if names:
        transaction.on_commit(lambda: storage_delete(names=names))


def image_make_renditions(*, image: Image) -> list[dict]:
    """Write WebP and JPEG copies in several widths and crops around the focal point;
    metadata (EXIF, GPS) is not copied.

    If the storage refuses a file (``StorageFailed``), the new files nobody points to yet
    are removed and the photo keeps what it had.
    """
    with image.file.open("rb") as handle, PILImage.open(handle) as original:
        picture = _flatten(ImageOps.exif_transpose(original))
    old = _names([*image.renditions, *(image.crops or {}).values()])
    written: list[str] = []
    try:
        renditions, crops = _write_all(image, picture, written)
    except StorageFailed:
        storage_delete(names=set(written) - old)
        raise
    image.renditions = renditions
    image.crops = crops
    image.save(update_fields=["renditions", "crops"])
    storage_delete(names=old - _names([*renditions, *crops.values()]))
    return renditions


def _write_all(image: Image, picture: PILImage.Image, written: list[str]) -> tuple[list, dict]:
    widths = [w for w in RENDITION_WIDTHS if w < picture.width] + [
        min(picture.width, RENDITION_WIDTHS[-1])
    ]
    stem = PurePosixPath(image.file.name or "").stem
    renditions = []
    for width in sorted(set(widths)):
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), PILImage.Resampling.LANCZOS)
        renditions.append(_write(resized, f"renditions/{image.pk}/{stem}-{width}", written))

    crops = {}
    for kind, (target_w, target_h) in CROPS.items():
        box = crop_box(picture.size, (target_w, target_h), (image.focal_x, image.focal_y))
        cropped = picture.crop(box)
        if cropped.width > target_w:
            cropped = cropped.resize((target_w, target_h), PILImage.Resampling.LANCZOS)
        crops[kind] = _write(cropped, _crop_name(stem, kind, image), written)
    return renditions, crops


def _image_saved(sender: type[Image], instance: Image, **kwargs: Any) -> None:
    old = getattr(instance, "stored_file_name", None)
    if old and old != instance.file.name:
        # A replaced original; its renditions go when the new ones are made.
        storage_delete_after_commit(names={old})
    instance.stored_file_name = instance.file.name


def _image_deleted(sender: type[Image], instance: Image, **kwargs: Any) -> None:
    storage_delete_after_commit(names=image_file_names(instance))


def connect_file_cleanup() -> None:
    """A deleted photo takes its files along, a replaced one its old original (both after
    the commit, on disk and in S3 alike)."""
    post_save.connect(_image_saved, sender=Image, dispatch_uid="image-files-replaced")
    post_delete.connect(_image_deleted, sender=Image, dispatch_uid="image-files-deleted")
