"""The article page's byline and share links: no queries, no third-party script."""

import math
from typing import Any
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import strip_tags

register = template.Library()

#: Words a reader reads in a minute (Ukrainian prose, on a screen).
WORDS_PER_MINUTE = 200


@register.filter
def reading_minutes(body: str) -> int:
    """Minutes to read an HTML body, at least 1."""
    words = len(strip_tags(body or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


@register.inclusion_tag("news/_share.html")
def share_links(url: str, title: str) -> dict[str, Any]:
    """Plain links to each network's own share page (nothing loads until a reader clicks)."""
    links = [
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Viber", "viber://forward?text=" + quote(f"{title} {url}", safe="")),
    ]
    return {"links": links, "url": url}
