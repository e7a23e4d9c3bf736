from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shpalta.accounts.demo import demo_accounts_load


class Command(BaseCommand):
    help = "Create one verified demo account per role (never in production). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = demo_accounts_load()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo accounts: {created} created.")
