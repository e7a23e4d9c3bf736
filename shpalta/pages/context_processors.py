from django.conf import settings
from django.http import HttpRequest


def publisher(request: HttpRequest) -> dict:
    """The imprint every page shows in its footer (settings, so no query)."""
    return {
        "publisher": {
            "name": settings.PUBLISHER_NAME,
            "contacts": [c.strip() for c in settings.PUBLISHER_CONTACTS.split(";") if c.strip()],
            "register_id": settings.MEDIA_REGISTER_ID,
        }
    }
