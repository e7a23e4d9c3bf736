from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shpalta.ops.backup import backup_create, default_archive_folder
from shpalta.ops.errors import BackupError


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) of the database, the media files and a manifest with row "
        "counts and checksums. See docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="the archive (a name ending in .tar.gz), or a folder for a timestamped one "
            f"(default: {default_archive_folder()}/shpalta-YYYYmmdd-HHMMSS.tar.gz)",
        )

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        try:
            summary = backup_create(path=path, report=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = summary.manifest
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {summary.path} ({summary.size} bytes)")
        )
        self.stdout.write(
            f"  {manifest['database']['engine']} database, {manifest['media']['files']} media "
            f"files, {len(manifest['files'])} files checksummed in manifest.json"
        )
