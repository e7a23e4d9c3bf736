from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(**_: object) -> None:
    """After every migrate: attach permissions that apps added since (e.g. comments)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import roles_sync

    roles_sync(group_model=Group, permission_model=Permission)


class AccountsConfig(AppConfig):
    name = "shpalta.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="accounts-roles-sync")
