from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shpalta.ops.backup import backup_restore
from shpalta.ops.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restore an archive made by «backup» into an empty database and media folder, after "
        "checking every checksum. See docs/operations.md."
    )
    # The target may be empty or not exist yet: nothing may touch it before the checks.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-url",
            help="restore into this database (default: the site's DATABASE_URL or SQLite file)",
        )
        parser.add_argument(
            "--media-root", type=Path, help="restore media here (default: the site's MEDIA_ROOT)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds rows and a media folder that holds files",
        )

    def handle(
        self,
        *args: Any,
        archive: Path,
        database_url: str | None,
        media_root: Path | None,
        force: bool,
        **options: Any,
    ) -> None:
        try:
            summary = backup_restore(
                archive=archive,
                database_url=database_url,
                media_root=media_root,
                force=force,
                report=self.stdout.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        models = summary.manifest["models"]
        self.stdout.write("Rows per model (restored / manifest):")
        for label, entry in models.items():
            mark = "ok" if label not in summary.mismatches else "MISMATCH"
            self.stdout.write(
                f"  {label:<40} {summary.counts[label]!s:>9} / {entry['rows']!s:<9} {mark}"
            )
        if summary.mismatches:
            raise CommandError(
                "The restored data does not match the manifest: " + ", ".join(summary.mismatches)
            )
        rows = sum(entry["rows"] or 0 for entry in models.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows in {len(models)} models and {summary.media_files} media "
                "files; all match the manifest. Run «manage.py migrate» if the archive comes "
                "from an older Shpalta, then start the site."
            )
        )
