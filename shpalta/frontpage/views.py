"""Public pages of the front page app: the стрічка (/news/, per day) and the banner."""

import re
from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.views import require_safe

from . import selectors
from .services import BANNER_KEY, banner_current

_CURSOR = re.compile(r"^[0-9]{1,12}$")


def _keys(articles: list) -> list[str]:
    # ``home``: publishing, editing or unpublishing any story purges it (article_purge_keys).
    return ["home", *(f"article-{a.pk}" for a in articles)]


def _stream(request: HttpRequest) -> HttpResponse:
    """«Стрічка новин»: every story, newest first; ``?before=<id>`` pages by keyset."""
    raw = request.GET.get("before")
    if raw is not None and not _CURSOR.match(raw):
        raise Http404("Bad cursor")
    before = int(raw) if raw is not None else None
    articles, more = selectors.stream_page(before=before)
    if before is not None and not articles:
        raise Http404("Nothing older")  # a cursor past the end or not a published story
    context = {
        "articles": articles,
        "older": articles[-1].pk if more else None,
        "is_first": before is None,
    }
    response = render(request, "frontpage/stream.html", context)
    return set_public_headers(response, surrogate_keys=_keys(articles))


stream = require_safe(public_page(_stream, params=("before",)))


@require_safe
@public_page
def stream_day(request: HttpRequest, year: str, month: str, day: str) -> HttpResponse:
    """Every story of one Kyiv day (/news/2026/12/02/); a day without stories is a 404."""
    try:
        when = date(int(year), int(month), int(day))
    except ValueError as error:
        raise Http404("No such day") from error
    articles = selectors.stream_day(when)
    if not articles:
        raise Http404("No news that day")
    earlier, later = selectors.stream_neighbours(when)
    context = {"articles": articles, "day": when, "earlier": earlier, "later": later}
    response = render(request, "frontpage/stream_day.html", context)
    return set_public_headers(response, surrogate_keys=_keys(articles))


@require_safe
@public_page
def banner(request: HttpRequest) -> HttpResponse:
    """The breaking banner, loaded by every page after it (static/js/banner.js): pages stay
    cached whole and raising the banner purges only this answer."""
    current = banner_current()
    data: dict = {"banner": None}
    edge_age = settings.PAGE_S_MAXAGE
    if current is not None:
        data["banner"] = {
            "id": current.pk,
            "text": current.text,
            "url": current.url,
            "expires_at": current.expires_at.isoformat(),
        }
        left = (current.expires_at - timezone.now()).total_seconds()
        edge_age = max(0, min(edge_age, int(left)))
    response = JsonResponse(data)
    set_public_headers(response, surrogate_keys=[BANNER_KEY])
    # Browsers ask every time (a 304 when unchanged); an edge keeps it until purged or expired.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={edge_age}"
    return response
