from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "shpalta.comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from . import exports

        exports.register()
