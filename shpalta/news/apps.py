from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "shpalta.news"
    verbose_name = _("News")

    def ready(self) -> None:
        from . import caching, images

        caching.connect_invalidation()
        images.connect_file_cleanup()
