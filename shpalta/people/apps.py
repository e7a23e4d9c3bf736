from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shpalta.people"
    label = "people"
    verbose_name = _("People in the news")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
