"""How django-allauth fits Shpalta: our messages, our site name, HTML emails, roles."""

import re
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from shpalta.accounts.models import User

_URL = re.compile(r"(https?://[^\s<>\"']+)")


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
        request = context.get("request") or getattr(self, "request", None)
        domain = request.get_host() if request is not None else "localhost"
        site = SimpleNamespace(name=settings.SITE_NAME, domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

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
