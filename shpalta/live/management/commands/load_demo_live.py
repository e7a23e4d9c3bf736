from typing import Any

from django.core.management.base import BaseCommand

from shpalta.live.demo import demo_live_load


class Command(BaseCommand):
    help = "Add a running demo live blog with entries. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_live_load()
        self.stdout.write(f"Demo live blog: {created} entries created.")
