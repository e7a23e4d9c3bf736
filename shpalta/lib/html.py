"""Allow-list sanitising of editor HTML (article bodies) with nh3."""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "br",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_SCHEMES = {"http", "https"}
# Control characters (but tab and newlines), noncharacters and lone surrogates are never
# text an editor meant to write, and they break XML consumers (feeds, sitemaps).
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)


def xml_text(text: str) -> str:
    """Text that XML 1.0 can carry: titles and leads written into feeds and sitemaps."""
    return CONTROL_CHARACTERS.sub("", text or "")


def _is_own_image(src: str) -> bool:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        # Media on its own host (S3, a CDN): MEDIA_URL is absolute and ends with "/".
        return "://" in settings.MEDIA_URL and src.startswith(settings.MEDIA_URL)
    return parts.path.startswith(settings.MEDIA_URL)


def _is_allowed_link(href: str) -> bool:
    """http(s) URLs and site-relative paths only; no protocol-relative or odd relative forms."""
    if "\\" in href or any(ch.isspace() for ch in href):
        return False  # browsers read "\\" as "/", which would smuggle in //host links
    parts = urlsplit(href)
    if parts.scheme:
        return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.netloc)
    return (href.startswith("/") and not href.startswith("//")) or href.startswith("#")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Body images must be our own uploads: no hot-linking, no tracking pixels.
        return value if _is_own_image(value) and ".." not in value else None
    if tag == "img" and attribute in {"width", "height"}:
        return value if value.isdigit() and len(value) <= 5 else None
    if tag == "a" and attribute == "href":
        return value if _is_allowed_link(value) else None
    return value


def sanitize_body(html: str) -> str:
    """Keep only the article subset: p, h2, h3, lists, links, emphasis, quotes, our figures."""
    return nh3.clean(
        CONTROL_CHARACTERS.sub("", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,  # no target attribute is allowed, so no opener to guard
        strip_comments=True,
    ).strip()
