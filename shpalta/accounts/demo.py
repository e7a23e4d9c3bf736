"""Demo accounts, one per role, for `make run` (never in production mode)."""

from django.conf import settings

from . import roles, services
from .models import User

DEMO_PASSWORD = "demo-shpalta-2026"  # noqa: S105 (listed in the README on purpose)
DEMO_ACCOUNTS = [
    ("reader@example.com", "Оксана Читачка", roles.READER),
    ("moderator@example.com", "Марко Модерович", roles.MODERATOR),
    ("author@example.com", "Ірина Авторська", roles.AUTHOR),
    ("editor@example.com", "Богдан Редакторенко", roles.EDITOR),
    ("admin@example.com", "Галина Адмінчук", roles.ADMINISTRATOR),
]


def demo_accounts_load() -> int:
    """Create the missing demo accounts; returns how many were created."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo accounts are never created in production mode.")
    created = 0
    for email, name, role in DEMO_ACCOUNTS:
        if User.objects.filter(email__iexact=email).exists():
            continue
        services.user_create_staff(
            email=email, display_name=name, password=DEMO_PASSWORD, role_names=[role]
        )
        created += 1
    return created
