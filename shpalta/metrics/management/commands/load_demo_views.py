from typing import Any

from django.core.management.base import BaseCommand

from shpalta.metrics.demo import demo_views_load


class Command(BaseCommand):
    help = "Record demo page views for «Найпопулярніше» (once; never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{demo_views_load()} demo views recorded")
