"""Publish scheduled stories whose time has come: once, or every N seconds (a worker)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from shpalta.news.services import articles_publish_due


class Command(BaseCommand):
    help = "Publish scheduled stories whose time has come (cron every minute, or --every 60)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Keep running and check every N seconds instead of once.",
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            done = articles_publish_due()
            for article in done:
                self.stdout.write(f"published {article.pk} {article.title}")
            if every <= 0:
                return
            close_old_connections()
            time.sleep(every)
