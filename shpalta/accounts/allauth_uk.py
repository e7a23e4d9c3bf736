"""Where django-allauth's Ukrainian reads oddly (English Title Case, Django's own
«Email» winning over allauth's), our catalogue translates these msgids again.

Listed here so that ``makemessages`` keeps them in locale/uk; nothing imports it."""

from django.utils.translation import gettext_noop

ALLAUTH_OVERRIDES = [
    gettext_noop("Email"),
    gettext_noop("Remember Me"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Account Inactive"),
    gettext_noop("Make Primary"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Email Address"),
    gettext_noop("Cancel Change"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Change Password"),
    gettext_noop("Reset My Password"),
    gettext_noop("Bad Token"),
    gettext_noop("Set Password"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Sign Up Closed"),
    gettext_noop("Verify Your Email Address"),
]
