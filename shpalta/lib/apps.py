from django.apps import AppConfig


class LibConfig(AppConfig):
    """Shared helpers; its one model is the database backend of the limits store."""

    name = "shpalta.lib"
    label = "lib"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the deployment check)
