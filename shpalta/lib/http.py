"""Response helpers shared by every app's views."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

if TYPE_CHECKING:
    from shpalta.accounts.models import User


class SignedInRequest(HttpRequest):
    """The request a view behind a sign-in check gets (``desk_view``, ``login_required``):
    only for type checking, where its ``user`` is our User, never AnonymousUser."""

    user: "User"


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Personal responses: never stored by browsers, proxies or CDNs (DESIGN.md §3)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
