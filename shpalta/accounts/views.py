"""Personal pages: never cached, Vary: Cookie. Reader pages never call these."""

import json
from urllib.parse import urlencode

from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shpalta.lib.http import SignedInRequest, private

from . import services
from .forms import DeleteAccountForm, ProfileForm


@require_GET
@private
def state(request: HttpRequest) -> JsonResponse:
    """Who is signed in, for the header of cached pages (static/js/account.js)."""
    user = request.user
    data: dict = {
        "authenticated": user.is_authenticated,
        "urls": {
            "login": reverse("account_login"),
            "signup": reverse("account_signup"),
            "logout": reverse("account_logout"),
            "profile": reverse("accounts:profile"),
        },
        "labels": {"login": _("Sign in"), "signup": _("Register"), "logout": _("Sign out")},
    }
    if user.is_authenticated:
        data["name"] = user.public_name
        data["can_comment"] = services.user_can_comment(user=user)
        data["csrf_token"] = get_token(request)
    return JsonResponse(data)


@require_http_methods(["GET", "HEAD", "POST"])
@private
@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    context = {"form": form, "email_verified": services.user_email_verified(user=request.user)}
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
@private
@login_required
def export(request: SignedInRequest) -> HttpResponse:
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="shpalta-my-data.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@private
@login_required
def delete(request: SignedInRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        return redirect("accounts:deleted")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's email confirmation. In the browser that registered it also signs the
    reader in and returns them to ``next`` (allauth's stashed sign-in); in any other
    browser it asks them to sign in first, then returns them to ``next`` all the same."""

    def get_redirect_url(self) -> str:
        next_url = self.get_next_url()  # only a URL on this site (the adapter's check)
        if next_url and not self.request.user.is_authenticated:
            return f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return super().get_redirect_url()


@require_GET
@private
def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
