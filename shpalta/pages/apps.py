from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "shpalta.pages"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        from . import checks, services  # noqa: F401 (checks register themselves)

        services.connect_invalidation()
