from typing import Any

from django.core.management.base import BaseCommand

from shpalta.comments.demo import demo_comments_load


class Command(BaseCommand):
    help = "Add a demo thread of comments to the sample article. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_comments_load()
        self.stdout.write(f"Demo comments: {created} created.")
