"""`manage.py check --deploy`: a public medium names its publisher (Закон «Про медіа»)."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

IMPRINT_SETTINGS = {
    "SHPALTA_PUBLISHER_NAME": "PUBLISHER_NAME",
    "SHPALTA_PUBLISHER_CONTACTS": "PUBLISHER_CONTACTS",
    "SHPALTA_MEDIA_REGISTER_ID": "MEDIA_REGISTER_ID",
}


@register(Tags.compatibility, deploy=True)
def imprint_is_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    missing = [env for env, name in IMPRINT_SETTINGS.items() if not getattr(settings, name)]
    if not missing:
        return []
    return [
        Warning(
            f"The imprint is incomplete: {', '.join(missing)} not set.",
            hint="Every page's footer, /about/ and /contacts/ show the publisher's name, "
            "contacts and media register identifier, as the law on media requires.",
            id="pages.W001",
        )
    ]
