"""Reader side of live blogs: the entries on the article page, older pages without
JavaScript, an entry's own address, and the small cacheable «after entry N» answer the
page's script polls (ETag / If-None-Match: an unchanged answer is a 304)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control

from shpalta.lib.paging import bounded_int
from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.models import Article
from shpalta.news.views import require_safe

from . import selectors
from .models import Entry

MAX_CURSOR_DIGITS = 12


def _live_article(article_id: int) -> Article:
    return get_object_or_404(
        Article.objects.published()
        .filter(live_since__isnull=False)
        .only("id", "slug", "title", "section_id", "live_since", "live_ended_at"),
        pk=article_id,
    )


def _cursor(request: HttpRequest, name: str, *, required: bool) -> int | None:
    """A keyset cursor from the address: digits only, anything else is a 404 (as ?page=)."""
    raw = request.GET.get(name)
    if raw is None:
        if required:
            raise Http404(f"No {name}")
        return None
    number = bounded_int(raw, max_digits=MAX_CURSOR_DIGITS)
    if number is None:
        raise Http404(f"Bad {name}")
    return number


def _updates(request: HttpRequest, article_id: int) -> HttpResponse:
    """Entries after entry N as HTML fragments: the same for every reader, cached and
    purged (``live-<id>``) on every change to the blog."""
    article = _live_article(article_id)
    after = _cursor(request, "after", required=False) or 0
    entries, more = selectors.entries_after(article.pk, after=after)
    items = [
        {
            "id": entry.pk,
            "html": render_to_string("live/_entry.html", {"entry": entry, "article": article}),
        }
        for entry in entries
    ]
    data = {
        "entries": items,
        "last": entries[-1].pk if entries else after,
        "more": more,
        "ended": article.live_ended_at is not None,
    }
    response = JsonResponse(data)
    set_public_headers(response, surrogate_keys=[f"live-{article.pk}"])
    # Browsers ask again every time (with If-None-Match: a 304 when nothing changed);
    # shared caches keep it no longer than one polling interval unless purged.
    patch_cache_control(response, max_age=0, s_maxage=settings.LIVE_POLL_SECONDS)
    return response


def _older(request: HttpRequest, article_id: int) -> HttpResponse:
    """Older entries for readers without JavaScript (and search engines): keyset pages."""
    article = _live_article(article_id)
    before = _cursor(request, "before", required=True)
    page = selectors.live_page(article, before=before)
    if not page.entries:
        raise Http404("No older entries")
    context = {"article": article, "live": page, "older_page": True}
    response = render(request, "live/older.html", context)
    return set_public_headers(
        response, surrogate_keys=[f"article-{article.pk}", f"live-{article.pk}"]
    )


# Called rather than stacked as decorators: public_page(params=...) is typed for calls.
updates = require_safe(public_page(_updates, params=("after",)))
older = require_safe(public_page(_older, params=("before",)))


@require_safe
def entry_link(request: HttpRequest, article_id: int, entry_id: int) -> HttpResponse:
    """An entry's address to share: the page that holds it, scrolled to it."""
    article = _live_article(article_id)
    entry = get_object_or_404(Entry.objects.only("id"), article_id=article.pk, pk=entry_id)
    newer = Entry.objects.filter(article_id=article.pk, id__gt=entry.pk).count()
    if newer < settings.LIVE_PER_PAGE:
        target = article.get_absolute_url()
    else:
        target = f"{reverse('live:older', args=[article.pk])}?before={entry.pk + 1}"
    response = redirect(f"{target}#entry-{entry.pk}")
    patch_cache_control(response, public=True, max_age=60)
    return response
