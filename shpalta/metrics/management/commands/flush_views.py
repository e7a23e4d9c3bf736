from typing import Any

from django.core.management.base import BaseCommand

from shpalta.metrics.counting import views_flush


class Command(BaseCommand):
    help = "Move page views counted in the limits Redis to the database now."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{views_flush()} views moved")
