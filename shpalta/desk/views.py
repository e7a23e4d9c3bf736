"""The desk's front page. Each part of the desk has its own views module."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import desk_view


@desk_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/dashboard.html", {})
