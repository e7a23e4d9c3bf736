"""Template helpers of live updates (live blogs and open comment threads)."""

import json

from django import template
from django.conf import settings
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def new_count_forms(kind: str) -> str:
    """«N нових …» in the three forms a count takes (1, 2–4, 5+), as JSON for the script,
    which puts the number in for ``%(count)s``; the catalogue stays the one source."""
    if kind == "comments":
        forms = [ngettext("%(count)s new comment", "%(count)s new comments", n) for n in (1, 2, 5)]
    else:
        forms = [ngettext("%(count)s new update", "%(count)s new updates", n) for n in (1, 2, 5)]
    return json.dumps(forms, ensure_ascii=False)


@register.simple_tag
def poll_seconds() -> int:
    """How often an open page asks for news (``SHPALTA_LIVE_POLL_SECONDS``)."""
    return settings.LIVE_POLL_SECONDS
