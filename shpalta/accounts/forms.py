from typing import Any

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import User
from .validators import (
    DISPLAY_NAME_MAX,
    normalize_display_name,
    validate_display_name,
    validate_display_name_not_staff,
)


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Shown next to your comments. Other readers never see your email address."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


EMAIL_MAX = 254  # the database column; Django's form field would allow 320


def _limit_email(field: forms.CharField) -> None:
    field.max_length = EMAIL_MAX
    field.validators.append(MaxLengthValidator(EMAIL_MAX))
    field.widget.attrs["maxlength"] = str(EMAIL_MAX)


class SignupForm(AllauthSignupForm):
    """allauth's email + password sign-up with our public display name."""

    display_name = _display_name_field()
    field_order = ["email", "display_name", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_email(self.fields["email"])

    def clean_display_name(self) -> str:
        value = normalize_display_name(self.cleaned_data["display_name"])
        validate_display_name(value)
        validate_display_name_not_staff(value)
        return value

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        if self.account_already_exists:
            # A new account hashes its password (Argon2, ~0.1 s); without the same work a
            # taken address would answer that much sooner and so reveal the account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class AddEmailForm(AllauthAddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_email(self.fields["email"])


class ProfileForm(forms.ModelForm):
    display_name = _display_name_field()

    class Meta:
        model = User
        fields = ("display_name", "notify_replies", "notify_moderation")

    def clean_display_name(self) -> str:
        value = normalize_display_name(self.cleaned_data["display_name"])
        validate_display_name(value)
        validate_display_name_not_staff(value)
        return value


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
