"""Photo services: checking and storing uploads, editing their text and focal point, and the
background task that makes their renditions."""

import logging
import warnings
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import CharField, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from shpalta.accounts.models import User
from shpalta.lib.storage import StorageFailed, storage_save_whole
from shpalta.lib.text import icontains_any_case, slugify_uk

from .images import image_file_names, image_make_renditions, media_url, storage_delete
from .models import Image

logger = logging.getLogger(__name__)

#: Pillow format → the extension the stored original gets (whatever the upload was called).
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
#: Renditions that fail on a full or read-only disk are tried again this often, this much later
#: (with a backend that can defer tasks); meanwhile pages show the original.
RENDITION_ATTEMPTS = 5
RENDITION_RETRY_AFTER = timedelta(minutes=10)


def _not_a_photo() -> ValidationError:
    return ValidationError(
        _("This is not a photo in JPEG, PNG or WebP format."), code="not_a_photo"
    )


def max_bytes() -> int:
    return settings.SHPALTA_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.SHPALTA_IMAGE_MAX_PIXELS


@dataclass(frozen=True)
class CheckedPhoto:
    """An upload that passed every check, re-encoded without metadata."""

    name: str
    content: bytes
    width: int
    height: int

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)


def photo_store(*, checked: CheckedPhoto) -> str:
    """Write a checked photo under images/YYYY/MM/, whole or not at all; the stored name.

    Raises ``StorageFailed`` (disk full, read-only, no permission) with nothing left behind.
    """
    field = Image._meta.get_field("file")
    return storage_save_whole(
        storage=field.storage,
        # With a string upload_to Django never reads the instance: none is needed here.
        name=field.generate_filename(None, checked.name),  # type: ignore[arg-type]
        content=checked.content,
        max_length=field.max_length,
    )


def _read(file: File) -> bytes:
    limit = max_bytes()
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)},
        code="too_large",
    )


def _too_many_pixels() -> ValidationError:
    megapixels = max_pixels() // 1_000_000
    return ValidationError(
        ngettext(
            "The photo is too large: at most %(megapixels)s megapixel.",
            "The photo is too large: at most %(megapixels)s megapixels.",
            megapixels,
        )
        % {"megapixels": megapixels},
        code="too_many_pixels",
    )


def _decode(data: bytes) -> PILImage.Image:
    """Open, check the header, verify and fully load the picture; anything odd is refused."""
    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse there too.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(BytesIO(data), formats=list(FORMATS)) as probe:
                # The header gives the size before a single pixel is decoded.
                if probe.width * probe.height > limit:
                    raise _too_many_pixels()
                probe.verify()
            picture = PILImage.open(BytesIO(data), formats=list(FORMATS))
            picture.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        # Truncated, corrupt, or not one of our formats at all.
        raise _not_a_photo() from error
    return picture


def _encode(picture: PILImage.Image, fmt: str) -> tuple[bytes, tuple[int, int]]:
    """Re-encode the original upright: EXIF, GPS, XMP and comments are left behind; the
    colour profile stays so colours do not shift. Returns the bytes and the size."""
    upright = ImageOps.exif_transpose(picture)
    transparency = upright.info.get("transparency")
    alpha = upright.has_transparency_data
    # Some encoders fall back to the picture's own info (a JPEG comment, say): start empty.
    upright.info = {}
    options: dict = {}
    icc = picture.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif fmt == "WEBP":
        if upright.mode not in ("RGB", "RGBA"):
            upright = upright.convert("RGBA" if alpha else "RGB")
        options.update(quality=90, method=4)
    else:
        options["optimize"] = True
        if transparency is not None:
            options["transparency"] = transparency
    buffer = BytesIO()
    upright.save(buffer, fmt, **options)
    return buffer.getvalue(), upright.size


def _file_name(original: str, fmt: str) -> str:
    stem = slugify_uk(PurePosixPath(original or "").stem)[:60].strip("-") or "photo"
    return f"{stem}.{FORMATS[fmt]}"


def photo_check(*, file: File) -> CheckedPhoto:
    """Refuse anything but a sound JPEG, PNG or WebP within the limits; strip its metadata.

    The real format decides, not the name: a PNG called «photo.jpg» is stored as
    «photo.png».
    """
    data = _read(file)
    picture = _decode(data)
    with picture:
        fmt = picture.format
        if fmt not in FORMATS:
            raise _not_a_photo()
        content, (width, height) = _encode(picture, fmt)
    return CheckedPhoto(
        name=_file_name(getattr(file, "name", ""), fmt),
        content=content,
        width=width,
        height=height,
    )


def _max_length(name: str) -> int:
    """The limit of one of the photo's text columns (CharFields, so it is set)."""
    field = Image._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length
    return field.max_length


def _clean_text(*, alt: str, caption: str, credit: str, focal_x: float, focal_y: float) -> dict:
    fields = {"alt": (alt or "").strip(), "caption": (caption or "").strip()}
    fields["credit"] = (credit or "").strip()
    errors: dict[str, list] = {}
    if not fields["alt"]:
        errors["alt"] = [_("Describe what the photo shows: alternative text is required.")]
    for name, value in fields.items():
        longest = _max_length(name)
        if len(value) > longest:
            errors.setdefault(name, []).append(
                ngettext(
                    "At most %(count)s character, please.",
                    "At most %(count)s characters, please.",
                    longest,
                )
                % {"count": longest}
            )
    for name, focal in (("focal_x", focal_x), ("focal_y", focal_y)):
        if not 0.0 <= float(focal) <= 1.0:
            errors[name] = [_("The focal point must be between 0 and 1.")]
    if errors:
        raise ValidationError(errors)
    return {**fields, "focal_x": float(focal_x), "focal_y": float(focal_y)}


def image_queue_renditions(*, image: Image) -> None:
    """Make the renditions in the background once the current transaction commits."""
    image_id = image.pk
    transaction.on_commit(lambda: make_image_renditions.enqueue(image_id))


def image_upload(
    *,
    file: File,
    alt: str,
    caption: str = "",
    credit: str = "",
    focal_x: float = 0.5,
    focal_y: float = 0.5,
    user: User | None = None,
) -> Image:
    """Check and store a photo (metadata stripped); renditions follow in the background.

    A refused or failed upload leaves neither a file nor a row nor a task behind: a refusal
    raises ValidationError, a disk that cannot take the file ``StorageFailed``.
    """
    fields = _clean_text(alt=alt, caption=caption, credit=credit, focal_x=focal_x, focal_y=focal_y)
    checked = photo_check(file=file)
    image = Image(
        **fields,
        file=photo_store(checked=checked),
        width=checked.width,
        height=checked.height,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            image.save()
            image_queue_renditions(image=image)
    except BaseException:
        if image.file.name:
            image.file.storage.delete(image.file.name)
        raise
    return image


def image_update(
    *,
    image: Image,
    alt: str,
    caption: str,
    credit: str,
    focal_x: float,
    focal_y: float,
    user: User | None = None,
) -> Image:
    """Change a photo's texts and focal point; a moved focal point remakes the crops."""
    fields = _clean_text(alt=alt, caption=caption, credit=credit, focal_x=focal_x, focal_y=focal_y)
    moved = (fields["focal_x"], fields["focal_y"]) != (image.focal_x, image.focal_y)
    for name, value in fields.items():
        setattr(image, name, value)
    with transaction.atomic():
        image.save(update_fields=[*fields])
        if moved or not image.renditions:
            image_queue_renditions(image=image)
    return image


def image_thumbnail_url(image: Image) -> str:
    """The square crop, else the smallest rendition, else the original (not processed yet)."""
    square = (image.crops or {}).get("square")
    if square:
        return media_url(square["jpeg"])
    if image.renditions:
        return media_url(image.renditions[0]["jpeg"])
    return image.file.url


def image_search(*, query: str = "") -> QuerySet[Image]:
    """Photos whose alternative text, caption or credit contain the words, newest first."""
    images = Image.objects.order_by("-created_at", "-id")
    query = " ".join(query.split())[:100]
    if not query:
        return images
    condition = (
        icontains_any_case("alt", query)
        | icontains_any_case("caption", query)
        | icontains_any_case("credit", query)
    )
    return images.filter(condition)


def _retry_renditions(image_id: int, attempt: int) -> None:
    task = make_image_renditions
    if attempt >= RENDITION_ATTEMPTS or not task.get_backend().supports_defer:
        logger.error("Renditions of image %s failed (attempt %s); giving up", image_id, attempt)
        return
    run_after = timezone.now() + RENDITION_RETRY_AFTER
    task.using(run_after=run_after).enqueue(image_id, attempt=attempt + 1)
    logger.error("Renditions of image %s failed; trying again at %s", image_id, run_after)


@task()
def make_image_renditions(image_id: int, attempt: int = 1) -> None:
    """Background task: renditions and crops for one photo (gone photos are skipped).

    On a full or read-only disk nothing half-written is kept: the photo keeps the copies it
    had (or pages show the original), the run is recorded as failed and tried again later.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        logger.info("Image %s is gone; no renditions made", image_id)
        return
    try:
        image_make_renditions(image=image)
    except StorageFailed:
        _retry_renditions(image_id, attempt)
        raise
    except DatabaseError:
        # Deleted while we worked: update_fields touched no row.
        if Image.objects.filter(pk=image_id).exists():
            raise
        # Its files went with the row; the copies just written must not outlive it.
        # (Not the original's name: a new upload may already be using it again.)
        storage_delete(names=image_file_names(image) - {image.file.name})
        logger.info("Image %s was deleted while its renditions were made", image_id)
