"""The imprint pages: one cached HTML each, purged when an editor saves the page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shpalta.news.caching import public_page, set_public_headers
from shpalta.news.views import require_safe

from .models import Page
from .services import page_purge_keys


@require_safe
@public_page
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Not written yet, the page still shows its title and the publisher's imprint
    # (from settings): the law's minimum is never a 404.
    page = Page.objects.filter(slug=slug).first()
    context = {"page": page, "title": page.title if page else Page.Kind(slug).label}
    response = render(request, "pages/page.html", context)
    return set_public_headers(response, surrogate_keys=page_purge_keys(slug))
