"""Response helpers shared by every app's views."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Personal responses: never stored by browsers, proxies or CDNs (DESIGN.md §3)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
