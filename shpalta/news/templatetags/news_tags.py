"""Template helpers for reader pages (responsive pictures, JSON-LD) and sitemaps."""

import json
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from shpalta.lib.html import xml_text as _xml_text
from shpalta.news.images import media_url
from shpalta.news.models import Image

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _srcset(image: Image, kind: str) -> str:
    return ", ".join(f"{media_url(r[kind])} {r['width']}w" for r in image.renditions if r.get(kind))


@register.simple_tag
def picture(
    image: Image | None, sizes: str = "100vw", loading: str = "lazy", alt: str | None = None
) -> SafeString:
    """<picture> with WebP and JPEG srcsets; width/height set so the layout never shifts.

    ``sizes`` must match the layout, so a 2x screen picks a rendition twice as wide as
    the box; ``alt=""`` for a picture beside a headline that already says it all.
    """
    if image is None:
        return mark_safe("")
    alt = image.alt if alt is None else alt
    if not image.renditions:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async">',
            image.file.url,
            alt,
            image.width,
            image.height,
            loading,
        )
    largest = image.renditions[-1]
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        [("image/webp", _srcset(image, "webp"), sizes)],
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
        'loading="{}" decoding="async"></picture>',
        sources,
        media_url(largest["jpeg"]),
        _srcset(image, "jpeg"),
        sizes,
        alt,
        largest["width"],
        largest["height"],
        loading,
    )


@register.simple_tag
def thumbnail_url(image: Image | None) -> str:
    if image is None:
        return ""
    if image.renditions:
        return media_url(image.renditions[0]["jpeg"])
    return image.file.url


@register.filter
def json_ld(data: dict) -> SafeString:
    """A JSON-LD block that cannot close its own <script> element."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def w3c_datetime(moment: datetime | None) -> str:
    """W3C date-time in Kyiv time, to the second: 2026-11-28T20:14:00+02:00."""
    if moment is None:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


@register.filter
def xml_text(text: str) -> str:
    """Editor text without the characters XML 1.0 cannot carry (escaping stays on)."""
    return _xml_text(str(text))
