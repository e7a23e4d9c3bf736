from typing import Any

from django.core.management.base import BaseCommand

from shpalta.search.services import search_rebuild_index


class Command(BaseCommand):
    help = "Index every published and scheduled article again (after imports or bulk edits)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_rebuild_index()
        self.stdout.write(f"{count} articles indexed.")
