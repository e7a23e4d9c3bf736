from typing import Any

from django.core.management.base import BaseCommand

from shpalta.people.services import mentions_rebuild


class Command(BaseCommand):
    help = "Find again the people every published story names (after imports or bulk edits)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = mentions_rebuild()
        self.stdout.write(f"{count} mentions found.")
