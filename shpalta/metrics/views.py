"""The view beacon: a POST after the page loaded, never cached, never a cookie."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .counting import is_bot, view_count


def _plain(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Content-Type"] = "text/plain; charset=utf-8"
    return response


# No CSRF token: the page is one cached HTML for everyone and carries none, and a forged
# beacon can do no more than a reader opening the story. Nothing here reads the session.
@csrf_exempt
def beacon(request: HttpRequest, pk: int) -> HttpResponse:
    # Never a cookie in reply, even to stale ones the browser sends along (sendBeacon
    # does): the session and CSRF middleware would otherwise delete or renew them.
    request.COOKIES = {}
    request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    if request.method != "POST":
        message = _("This address only counts page views sent by the article page.")
        return _plain(HttpResponseNotAllowed(["POST"], message))
    if is_bot(request.headers.get("User-Agent", "")):
        return _plain(HttpResponse(status=204))  # answered alike, counted never
    if not view_count(article_id=pk):
        return _plain(HttpResponse(_("There is no such story."), status=404))
    return _plain(HttpResponse(status=204))
