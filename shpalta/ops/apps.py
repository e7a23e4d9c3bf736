from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running a site: backup and restore (no models, no pages)."""

    name = "shpalta.ops"
    verbose_name = "Operations"
