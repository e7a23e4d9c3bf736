import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shpalta.accounts import roles, services
from shpalta.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create the first administrator (verified email, role Адміністратор). The password "
        "is asked for, or read from SHPALTA_ADMIN_PASSWORD for scripted setups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--display-name", required=True)

    def handle(self, *args: Any, email: str, display_name: str, **options: Any) -> None:
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} already exists.")
        password = os.environ.get("SHPALTA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password)
            user = services.user_create_staff(
                email=email,
                display_name=display_name,
                password=password,
                role_names=[roles.ADMINISTRATOR],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Administrator {user.email} created.")
