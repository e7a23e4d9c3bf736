"""Print the site's part of deploy/varnish/shpalta.vcl (backend, purgers, purge secret)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shpalta.news.edge import varnish_site_vcl


class Command(BaseCommand):
    help = (
        "Print /etc/varnish/shpalta-site.vcl: the origin's address, who may purge and the "
        "purge secret (SHPALTA_VARNISH_PURGE_SECRET)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", default="127.0.0.1:8000", help="gunicorn's host:port")
        parser.add_argument(
            "--purger",
            action="append",
            help="an address or network allowed to purge (repeat; default: loopback)",
        )

    def handle(self, *args: Any, backend: str, purger: list[str] | None, **options: Any) -> None:
        try:
            text = varnish_site_vcl(
                backend=backend,
                purgers=purger or ["127.0.0.1", "::1"],
                secret=settings.VARNISH_PURGE_SECRET,
            )
        except ValueError as error:
            raise CommandError(f"{error} (set SHPALTA_VARNISH_PURGE_SECRET)") from error
        self.stdout.write(text, ending="")
