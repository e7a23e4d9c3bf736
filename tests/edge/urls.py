"""The real site plus two origin answers that Varnish must never store (tests only)."""

from django.http import HttpResponse
from django.urls import include, path


def sets_a_cookie(request):
    response = HttpResponse(f"cookie page {request.GET.get('n', '')}")
    response["Cache-Control"] = "public, max-age=60, s-maxage=300"
    response.set_cookie("picked", "1")
    return response


def says_private(request):
    response = HttpResponse("private page")
    response["Cache-Control"] = "private, max-age=60"
    return response


urlpatterns = [
    path("edge-test/cookie/", sets_a_cookie),
    path("edge-test/private/", says_private),
    path("", include("shpalta.urls")),
]
