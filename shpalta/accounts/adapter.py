"""How django-allauth fits Shpalta: our messages, our site name, HTML emails sent from
the task queue, roles, and where a reader lands after signing in or out."""

import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from shpalta.accounts.models import User

from .tasks import email_enqueue

if TYPE_CHECKING:
    from allauth.account.models import EmailConfirmation

_URL = re.compile(r"(https?://[^\s<>\"']+)")


def _shows_messages(url: str) -> bool:
    """Whether the page at ``url`` shows Django messages: the account pages, the desk and
    the back office do; reader pages are cached, the same for everyone, and never do."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    return match.namespace in {"accounts", "desk", "admin"} or (match.url_name or "").startswith(
        "account_"
    )


def _drop_messages_unless_shown(request: HttpRequest, url: str) -> None:
    """A message for a page that will not show it would pop up later on some other page
    («Успішно увійшли…» a day after): read them now, so none are kept."""
    if not _shows_messages(url):
        for _message in messages.get_messages(request):
            pass


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Unknown email and wrong password get this same sentence (no account enumeration).
        "email_password_mismatch": _("The email address or the password is not correct."),
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. For your safety, signing in is paused for "
            "15 minutes. You can also reset your password by email."
        ),
    }

    def save_user(
        self, request: HttpRequest, user: User, form: forms.Form, commit: bool = True
    ) -> User:
        from .services import user_add_reader_role

        user.display_name = form.cleaned_data.get("display_name", "")
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_add_reader_role(user=user)
        return user

    def format_email_subject(self, subject: str) -> str:
        """«Шпальта: Підтвердіть вашу адресу…»: sentence case, as Ukrainian writes titles
        (allauth's catalogue capitalises every word, English-style)."""
        subject = subject.strip()
        return f"{settings.SITE_NAME}: {subject[:1].upper()}{subject[1:].lower()}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email here (in the reader's language, with the request's host) and
        let the worker send it: a taken address and a new one answer alike."""
        request = context.get("request") or allauth_context.request
        domain = request.get_host() if request is not None else "localhost"
        site = SimpleNamespace(
            name=settings.SITE_NAME, accusative=settings.SITE_NAME_ACCUSATIVE, domain=domain
        )
        context = {"request": request, "email": email, **context, "current_site": site}
        email_enqueue(message=self.render_mail(template_prefix, email, context))

    def get_email_confirmation_url(
        self, request: HttpRequest | None, emailconfirmation: "EmailConfirmation"
    ) -> str:
        """The verification link carries the page the reader registered from (``next``,
        only if it is on this site), so the confirmation can return them there."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        # Signing in (with the password, or by the emailed link) returns the reader to
        # ``next``: usually a reader page, which shows no messages.
        response = super().post_login(request, user, **kwargs)
        if "Location" in response:
            _drop_messages_unless_shown(request, response["Location"])
        return response

    def logout(self, request: HttpRequest) -> None:
        super().logout(request)
        # Signing out returns to the page the reader was on (``next``) or the home page.
        _drop_messages_unless_shown(
            request, get_next_redirect_url(request) or self.get_logout_redirect_url(request)
        )

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """Every email gets a Ukrainian HTML body too, made from its text body."""
        message = super().render_mail(template_prefix, email, context, headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            paragraphs = [
                mark_safe(_URL.sub(r'<a href="\1">\1</a>', escape(block)).replace("\n", "<br>"))
                for block in message.body.split("\n\n")
                if block.strip()
            ]
            html = render_to_string(
                "account/email/message.html",
                {"subject": message.subject, "paragraphs": paragraphs, **context},
            )
            message.attach_alternative(html, "text/html")
        return message
