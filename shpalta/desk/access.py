"""Who may open the desk: one decorator so every desk view keeps the same rules."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from shpalta.lib.http import private


def desk_view(*perms: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Staff only (and the named permissions); never cached anywhere (DESIGN.md §3)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or not user.is_staff or not user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return private(wrapper)

    return decorator
