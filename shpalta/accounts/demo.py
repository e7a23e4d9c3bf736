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
    demo_bylines_load()
    return created


#: Demo staff who write, with their author pages.
DEMO_AUTHORS = {
    "author@example.com": (
        "iryna-avtorska",
        "Кореспондентка відділу «Світ». Пише про дипломатію, санкції та переговори.",
    ),
    "editor@example.com": (
        "bohdan-redaktorenko",
        "Випусковий редактор. Двадцять років у новинах, з них десять — у міжнародній журналістиці.",
    ),
}


def demo_bylines_load() -> None:
    """Author pages for the demo writers and bylines on the demo stories that have none."""
    from shpalta.news.models import Article

    writers = []
    for email, (slug, bio) in DEMO_AUTHORS.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            continue
        if not user.slug:
            User.objects.filter(pk=user.pk).update(slug=slug, bio=bio)
        writers.append(user)
    if not writers:
        return
    unsigned = Article.objects.filter(is_demo=True, authors__isnull=True).order_by("id")
    for n, article in enumerate(unsigned):
        # Every third story is written by both, the others by one of them in turn.
        article.authors.add(*(writers if n % 3 == 0 else [writers[n % len(writers)]]))
