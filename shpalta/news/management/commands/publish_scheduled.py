"""Publish scheduled stories whose time has come: once, or every N seconds (a worker)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from shpalta.news.services import articles_publish_due


class Command(BaseCommand):
    help = "Publish scheduled stories whose time has come (cron every minute, or --every 60)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            help="Keep running and check every N seconds instead of once.",
        )

    def handle(self, *args, every: int = 0, **options) -> None:
        while True:
            done = articles_publish_due()
            for article in done:
                self.stdout.write(f"published {article.pk} {article.title}")
            if every <= 0:
                return
            close_old_connections()
            time.sleep(every)
