"""Backup and restore of a whole site: the database, the media files and a manifest in one
archive (docs/operations.md). The ``backup`` and ``restore`` commands only parse and print.

The database is snapshotted first, then the media folder is read: files uploaded meanwhile
may be in the archive without a row pointing to them, but no row points to a missing file.
"""

import posixpath
import secrets
import shutil
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from .archive import ArchiveWriter, archive_extract, archive_verify
from .databases import (
    POSTGRESQL,
    SQLITE,
    database_counts,
    database_name,
    database_restore,
    database_snapshot,
    database_tables_with_rows,
    engine_of,
    model_tables,
    parse_url,
)
from .errors import BackupError

ARCHIVE_FORMAT = 1
DATABASE_FILES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
MEDIA = "media/"

Report = Callable[[str], object]


def _quiet(message: str) -> None:
    pass


def shpalta_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def default_archive_name() -> str:
    return f"shpalta-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


def default_archive_folder() -> Path:
    return Path(settings.DATA_DIR) / "backups"


@dataclass
class BackupSummary:
    path: Path
    manifest: dict
    size: int


@dataclass
class RestoreSummary:
    manifest: dict
    counts: dict[str, int | None]
    mismatches: list[str]
    media_files: int


# Backup


def _archive_path(path: Path | None) -> Path:
    """A file name ending in .tar.gz is the archive; anything else is a folder for one."""
    if path is None:
        path = default_archive_folder() / default_archive_name()
    elif not path.name.endswith(".tar.gz"):
        path = path / default_archive_name()
    if path.exists():
        raise BackupError(f"{path} already exists: name another file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every media file through the storage API (any storage). Hidden entries are left out:
    half-written files (``.part-…``) and what an interrupted restore left (``.restoring-…``);
    Shpalta never names a media file with a leading dot."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if not name.startswith("."):
            yield posixpath.join(folder, name)
    for name in sorted(folders):
        if not name.startswith("."):
            yield from _media_names(storage, posixpath.join(folder, name))


def _add_media(writer: ArchiveWriter, storage: Storage, report: Report) -> dict:
    files = size = 0
    for name in _media_names(storage):
        try:
            with storage.open(name, "rb") as handle:
                size += writer.add(MEDIA + name, handle)
        except FileNotFoundError:
            continue  # deleted since it was listed (an old crop, say)
        files += 1
        if files % 1000 == 0:
            report(f"  {files} files…")
    storage_class = f"{type(storage).__module__}.{type(storage).__qualname__}"
    return {"storage": storage_class, "files": files, "bytes": size}


def backup_create(*, path: Path | None = None, report: Report = _quiet) -> BackupSummary:
    """Write one archive: the database, every media file, and manifest.json."""
    path = _archive_path(path)
    connection = connections[DEFAULT_DB_ALIAS]
    engine = engine_of(connection.settings_dict)
    storage = storages["default"]
    created_at = timezone.now()
    with TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        report(f"Database: {engine}, {database_name(connection.settings_dict)}")
        snapshot = database_snapshot(connection, Path(work) / DATABASE_FILES[engine])
        rows = sum(count or 0 for count in snapshot.counts.values())
        report(f"  snapshot taken: {rows} rows in {len(snapshot.counts)} models")
        writer = ArchiveWriter(path, Path(work))
        try:
            with open(snapshot.path, "rb") as handle:
                writer.add(DATABASE_FILES[engine], handle)
            report(f"Media: {getattr(storage, 'location', type(storage).__name__)}")
            media = _add_media(writer, storage, report)
            report(f"  {media['files']} files, {media['bytes']} bytes")
            manifest = {
                "format": ARCHIVE_FORMAT,
                "shpalta_version": shpalta_version(),
                "created_at": created_at.isoformat(),
                "database": {"engine": engine, "file": DATABASE_FILES[engine], **snapshot.details},
                "media": media,
                "models": {
                    label: {"table": table, "rows": snapshot.counts[label]}
                    for label, table in model_tables().items()
                },
            }
            writer.close(manifest)
        except OSError as error:
            writer.abandon()
            raise BackupError(f"Could not write {path}: {error}") from error
        except BaseException:
            writer.abandon()
            raise
    return BackupSummary(path, {**manifest, "files": writer.files}, path.stat().st_size)


# Restore


def _media_folder(media_root: Path | None) -> Path:
    if media_root is not None:
        return Path(media_root)
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            f"The media storage ({type(storage).__name__}) is not a folder: pass --media-root "
            "DIR to unpack the files there, then copy them into the storage with its own tools."
        )
    return Path(storage.location)


def _some_files(folder: Path, limit: int = 3) -> list[str]:
    found: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() or path.is_symlink():
                found.append(str(path.relative_to(folder)))
                if len(found) == limit:
                    break
    return found


def _refuse_non_empty(target: dict, media_root: Path, force: bool, report: Report) -> None:
    tables = database_tables_with_rows(target)
    files = _some_files(media_root)
    if not (tables or files):
        return
    found = []
    if tables:
        found.append(f"the database {database_name(target)} holds rows ({', '.join(tables[:5])})")
    if files:
        found.append(f"the media folder {media_root} holds files ({', '.join(files)})")
    if not force:
        raise BackupError(
            "Refusing to restore over existing data: "
            + "; ".join(found)
            + ". Restore into an empty database and media folder, or pass --force to replace them."
        )
    report("Replacing existing data (--force): " + "; ".join(found))


def _swap_in_media(staging: Path, media_root: Path) -> int:
    """Replace what the media folder holds by the unpacked files (the folder itself stays:
    it may be a mount point)."""
    try:
        return _move_media(staging, media_root)
    except OSError as error:
        raise BackupError(
            f"The database is restored, but the media files could not be put in place "
            f"({error}); the unpacked files are in {staging}."
        ) from error


def _move_media(staging: Path, media_root: Path) -> int:
    for entry in media_root.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if not staging.exists():
        return 0
    for entry in staging.iterdir():
        entry.rename(media_root / entry.name)
    staging.rmdir()
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def _work_folder(target: dict) -> Path | None:
    """Unpack an SQLite database beside its target, so it can be moved into place in one step."""
    if engine_of(target) != SQLITE:
        return None
    folder = Path(str(target["NAME"])).parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def backup_restore(
    *,
    archive: Path,
    database_url: str | None = None,
    media_root: Path | None = None,
    force: bool = False,
    report: Report = _quiet,
) -> RestoreSummary:
    """Bring an archive back into an empty database and media folder (``force``: replace
    what they hold). The archive is verified first; a refusal changes nothing."""
    report(f"Checking {archive}…")
    manifest = archive_verify(Path(archive))
    report(
        f"  {len(manifest['files'])} files match their checksums (made {manifest['created_at']}"
        f" by Shpalta {manifest['shpalta_version']})"
    )
    target = parse_url(database_url) if database_url else dict(settings.DATABASES["default"])
    engine, source = engine_of(target), manifest["database"]["engine"]
    if engine != source:
        raise BackupError(
            f"This archive holds a {source} database and the target is {engine}: restore it "
            f"into {source} (moving a site between database engines is not supported)."
        )
    media_root = _media_folder(media_root)
    if Path(archive).resolve().is_relative_to(media_root.resolve()):
        raise BackupError(f"The archive lies inside the media folder {media_root}: move it out.")
    _refuse_non_empty(target, media_root, force, report)

    database_file = manifest["database"]["file"]
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / f".restoring-{secrets.token_hex(4)}"
    with TemporaryDirectory(dir=_work_folder(target), prefix=".restore-") as work:
        dump = Path(work) / database_file

        def destination(name: str) -> Path | None:
            if name == database_file:
                return dump
            return staging / name.removeprefix(MEDIA) if name.startswith(MEDIA) else None

        try:
            report("Unpacking…")
            archive_extract(Path(archive), manifest, destination)
            report(f"Restoring the database into {database_name(target)}…")
            database_restore(target, dump, clean=force, details=manifest["database"])
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    media_files = _swap_in_media(staging, media_root)
    report(f"Media: {media_files} files in {media_root}")

    tables = {label: entry["table"] for label, entry in manifest["models"].items()}
    counts = database_counts(target, tables)
    mismatches = [
        label for label, entry in manifest["models"].items() if counts[label] != entry["rows"]
    ]
    if media_files != manifest["media"]["files"]:
        mismatches.append("media files")
    return RestoreSummary(manifest, counts, mismatches, media_files)
