from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shpalta.pages.demo import pages_demo_load


class Command(BaseCommand):
    help = "Load the demo imprint pages (about, contacts, policies). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = pages_demo_load()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo pages: {created} created.")
