"""Readers and staff: one user model, email as the login, a public display name."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import DISPLAY_NAME_MAX, validate_display_name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Emails are unique regardless of case, so sign-in ignores case too.
        return self.get(email__iexact=username or "")

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX,
        blank=True,
        validators=[validate_display_name],
        help_text=_("Shown to readers next to articles and comments."),
    )
    notify_replies = models.BooleanField(
        _("email me about replies"),
        default=True,
        help_text=_("Send an email when someone replies to my comment."),
    )
    notify_moderation = models.BooleanField(
        _("email me about moderation"),
        default=True,
        help_text=_("Send an email when a moderator hides or restores my comment."),
    )
    deleted_at = models.DateTimeField(
        _("deleted at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the reader deleted the account: the row stays (so comments keep "
            "their author) but holds no personal data."
        ),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the newsroom back office."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting accounts."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The author page (/author/<slug>/): staff who write get a slug; readers have none.
    slug = models.SlugField(
        _("author page address"),
        max_length=90,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Latin letters: /author/<address>/. Empty: no author page, no link."),
    )
    bio = models.TextField(
        _("about the author"),
        max_length=600,
        blank=True,
        help_text=_("A few sentences shown on the author page."),
    )
    photo = models.ImageField(
        _("author photo"),
        upload_to="authors/%Y/",
        blank=True,
        help_text=_("A portrait for the author page, JPEG, PNG or WebP."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name readers see: «Видалений користувач» once the account is deleted.

        Only ``display_name`` is read (deleted accounts have none; live ones must), so
        lists that load ``only("id", "display_name")`` need no extra query.
        """
        return self.display_name or str(_("Deleted user"))

    def get_absolute_url(self) -> str:
        """The author page; only for users with a slug (check ``slug`` first)."""
        return reverse("news:author", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        self.slug = self.slug or None  # blank means "no page", and NULLs never clash
        self.email = UserManager.normalize_email(self.email)
        if not self.deleted_at and not self.display_name:
            raise ValidationError({"display_name": _("Please enter a display name.")})

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name
