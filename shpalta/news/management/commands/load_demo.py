from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shpalta.frontpage.demo import frontpage_demo_load
from shpalta.news.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo newsroom (the sample article and 50 more). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = demo_load()
            frontpage_demo_load()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo content: {created} articles created.")
