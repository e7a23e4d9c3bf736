"""Account rules as plain functions: who may comment, profile, deletion, export, roles."""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import roles
from .models import User

#: Name → function(user) returning JSON-ready data; other apps add theirs (comments, reports).
_EXPORT_SECTIONS: dict[str, Callable[[User], Any]] = {}


def export_section_register(name: str, provider: Callable[[User], Any]) -> None:
    """Let another app add its part (e.g. ``comments``) to a reader's data export."""
    _EXPORT_SECTIONS[name] = provider


def user_email_verified(*, user: User) -> bool:
    """Whether the account's current email address has been verified."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def user_can_comment(*, user: Any) -> bool:
    """Signed in, active, not deleted, with a verified email address."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.deleted_at:
        return False
    return user_email_verified(user=user)


def user_add_reader_role(*, user: User) -> None:
    """Every new reader belongs to the Читач group."""
    group, _ = Group.objects.get_or_create(name=roles.READER)
    user.groups.add(group)


@transaction.atomic
def user_set_roles(*, user: User, role_names: list[str]) -> User:
    """Give a staff member exactly these roles (and back-office access if any is staff)."""
    unknown = set(role_names) - set(roles.ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    user.groups.set(Group.objects.filter(name__in=role_names))
    user.is_staff = any(name in roles.STAFF_ROLES for name in role_names)
    user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def user_mark_email_verified(*, user: User) -> None:
    """Record the account's email as verified (accounts an administrator vouches for)."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def user_create_staff(
    *, email: str, display_name: str, password: str | None, role_names: list[str]
) -> User:
    """A staff account made by an administrator: email verified, roles given."""
    superuser = roles.ADMINISTRATOR in role_names
    maker = User.objects.create_superuser if superuser else User.objects.create_user
    user = maker(email, password, display_name=display_name)
    user_mark_email_verified(user=user)
    user_set_roles(user=user, role_names=role_names)
    return user


@transaction.atomic
def user_update_profile(
    *, user: User, display_name: str, notify_replies: bool, notify_moderation: bool
) -> User:
    """Change the public name and the notification choices."""
    user.display_name = display_name
    user.notify_replies = notify_replies
    user.notify_moderation = notify_moderation
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "notify_replies", "notify_moderation"])
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account by anonymising its row.

    The row stays so that comments keep a valid author (shown as «Видалений
    користувач»); everything personal goes: email, name, password, addresses,
    roles, sessions.
    """
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = ""
    # An author page is personal too: its address, text and portrait go.
    user.slug = None
    user.bio = ""
    if user.photo:
        user.photo.delete(save=False)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.notify_replies = False
    user.notify_moderation = False
    user.last_login = None
    user.deleted_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    # Other sessions end by themselves: the new (unusable) password changes the session
    # hash Django checks on every request, and inactive users are never authenticated.


def user_export(*, user: User) -> dict[str, Any]:
    """Everything we hold about a reader, as JSON-ready data."""
    data: dict[str, Any] = {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "notify_replies": user.notify_replies,
            "notify_moderation": user.notify_moderation,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "comments": [],
        "reports": [],
    }
    for name, provider in _EXPORT_SECTIONS.items():
        data[name] = provider(user)
    return data
