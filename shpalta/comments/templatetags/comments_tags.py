"""Comment text as HTML: escaped, line breaks kept, web addresses clickable, nothing else."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}»\u201d'"


@register.filter
def comment_html(body: str) -> SafeString:
    parts: list[str] = []
    position = 0
    for match in URL.finditer(body):
        url = match.group().rstrip(TRAILING)
        start, end = match.start(), match.start() + len(url)
        if len(url) < 8:
            continue
        parts.append(escape(body[position:start]))
        href = url if url.lower().startswith("http") else f"https://{url}"
        link = f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(url)}</a>'
        parts.append(link)
        position = end
    parts.append(escape(body[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # every part is escaped above
