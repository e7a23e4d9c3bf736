from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Section


def site(request: HttpRequest) -> dict:
    """Site name and the section menu (queried only if a template shows it)."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.only("name", "slug"))),
    }
