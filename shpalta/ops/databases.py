"""Databases for backup and restore: a consistent snapshot with exact row counts, a check
that a target is empty, and the restore itself.

SQLite goes through the online backup API (never a file copy, which would miss what is
still in the WAL); PostgreSQL through ``pg_dump -Fc`` and ``pg_restore``. Databases are
described by Django settings dicts (``DATABASES[...]`` or ``dj_database_url.parse``).
"""

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dj_database_url
from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from .errors import BackupError

if TYPE_CHECKING:
    from psycopg import Connection, Cursor

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
#: Connection settings handed to pg_dump and pg_restore through the environment (never the
#: command line, where other users could read a password).
PG_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}


@dataclass
class Snapshot:
    """A database written to a file, with the rows each model's table held at that moment."""

    engine: str
    path: Path
    counts: dict[str, int | None]
    details: dict = field(default_factory=dict)


def parse_url(url: str) -> dict[str, Any]:
    return dict(dj_database_url.parse(url))


def engine_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if engine.endswith(("postgresql", "postgis")):
        return POSTGRESQL
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def model_tables() -> dict[str, str]:
    """Every installed model (many-to-many tables too) → its table."""
    return {
        model._meta.label: model._meta.db_table
        for model in sorted(apps.get_models(include_auto_created=True), key=_label)
        if model._meta.managed and not model._meta.proxy
    }


def _label(model: type[Model]) -> str:
    return model._meta.label


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count(
    cursor: "sqlite3.Cursor | Cursor[tuple[Any, ...]]", existing: set[str], tables: dict[str, str]
) -> dict[str, int | None]:
    """Rows per model; None for a table the database does not have."""
    counts: dict[str, int | None] = {}
    for label, table in tables.items():
        if table not in existing:
            counts[label] = None
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (quoted name)
        row = cursor.fetchone()
        assert row is not None  # COUNT(*) always returns a row
        counts[label] = row[0]
    return counts


# SQLite


def _sqlite_path(settings_dict: dict) -> Path:
    name = str(settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be restored into.")
    return Path(name)


def _sqlite_tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def _sqlite_snapshot(connection: BaseDatabaseWrapper, path: Path) -> Snapshot:
    # Django's own parameters: the same file (or the test run's shared in-memory database).
    source = sqlite3.connect(**connection.get_connection_params())
    target = sqlite3.connect(path)
    try:
        # One step: the copy is one consistent moment, WAL content included.
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        counts = _count(target.cursor(), _sqlite_tables(target), model_tables())
    finally:
        target.close()
        source.close()
    return Snapshot(SQLITE, path, counts, {"server_version": sqlite3.sqlite_version})


def _sqlite_tables_with_rows(settings_dict: dict) -> list[str]:
    path = _sqlite_path(settings_dict)
    if not path.exists() or path.stat().st_size == 0:
        return []
    db = sqlite3.connect(path)
    try:
        return [
            table
            for table in sorted(_sqlite_tables(db))
            if db.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(table)})").fetchone()[0]  # noqa: S608
        ]
    finally:
        db.close()


def _sqlite_restore(settings_dict: dict, dump: Path) -> None:
    """Move the unpacked file (beside the target) into place in one step."""
    path = _sqlite_path(settings_dict)
    with open(dump, "rb") as handle:
        os.fsync(handle.fileno())
    # A stale WAL would be replayed onto the restored file and corrupt it.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(dump, path)


def _sqlite_counts(settings_dict: dict, tables: dict[str, str]) -> dict[str, int | None]:
    db = sqlite3.connect(_sqlite_path(settings_dict))
    try:
        return _count(db.cursor(), _sqlite_tables(db), tables)
    finally:
        db.close()


# PostgreSQL


def _pg_params(settings_dict: dict) -> dict:
    params = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    options = settings_dict.get("OPTIONS") or {}
    params.update({key: options[key] for key in PG_ENVIRONMENT if key in options})
    return {key: value for key, value in params.items() if value is not None}


def _pg_connect(settings_dict: dict) -> "Connection[tuple[Any, ...]]":
    import psycopg

    try:
        return psycopg.connect(**_pg_params(settings_dict), autocommit=True)
    except psycopg.OperationalError as error:
        name = settings_dict["NAME"]
        raise BackupError(
            f"Cannot connect to the PostgreSQL database {name!r}: {str(error).strip()}\n"
            f"(A restore needs the database to exist: createdb {name})"
        ) from error


def _pg_tool(name: str) -> tuple[str, int]:
    """The tool's path on PATH and its major version."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) or put them on PATH."
        )
    output = _run([path, "--version"], {}).stdout
    found = re.search(r"(\d+)(?:\.\d+)*", output)
    if found is None:
        raise BackupError(f"Cannot tell the version of {path}: {output.strip()!r}")
    return path, int(found.group(1))


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    # Only ours: a stray PGHOST or PGDATABASE in the environment must not redirect the tools.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, value in _pg_params(settings_dict).items():
        if key in PG_ENVIRONMENT:
            env[PG_ENVIRONMENT[key]] = value
    return env


def _pg_dbname(settings_dict: dict) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dbname=settings_dict["NAME"])


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 (our tools, arguments as a list)
        command, capture_output=True, text=True, env=env or None, check=False
    )
    if result.returncode:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit {result.returncode}):\n{result.stderr.strip()}"
        )
    return result


def _pg_tables(cursor: "Cursor[tuple[Any, ...]]") -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {name for (name,) in cursor.fetchall()}


def _pg_snapshot(settings_dict: dict, path: Path) -> Snapshot:
    from psycopg import IsolationLevel

    pg_dump, tool_major = _pg_tool("pg_dump")
    with _pg_connect(settings_dict) as db:
        server = db.info.server_version
        if tool_major < server // 10000:
            raise BackupError(
                f"pg_dump {tool_major} cannot dump a PostgreSQL {server // 10000} server: install "
                f"the version {server // 10000} client tools (postgresql-client-{server // 10000})."
            )
        db.isolation_level = IsolationLevel.REPEATABLE_READ
        db.read_only = True
        with db.transaction(), db.cursor() as cursor:
            # pg_dump joins this transaction's snapshot, so the dump and the counts are one
            # and the same moment, whatever is written meanwhile.
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None  # a SELECT without FROM returns a row
            snapshot = row[0]
            counts = _count(cursor, _pg_tables(cursor), model_tables())
            command = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"]
            command += [f"--file={path}", f"--dbname={_pg_dbname(settings_dict)}"]
            _run(command, _pg_environment(settings_dict))
    details = {"server_version": _pg_version(server), "pg_dump_major": tool_major}
    return Snapshot(POSTGRESQL, path, counts, details)


def _pg_version(number: int) -> str:
    return f"{number // 10000}.{number % 10000}"


def _pg_tables_with_rows(settings_dict: dict) -> list[str]:
    with _pg_connect(settings_dict) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        )
        found = []
        for schema, table in cursor.fetchall():
            name = f"{_quote(schema)}.{_quote(table)}"
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")  # noqa: S608 (quoted)
            row = cursor.fetchone()
            assert row is not None  # SELECT EXISTS always returns a row
            if row[0]:
                found.append(table if schema == "public" else f"{schema}.{table}")
        return found


def _pg_restore(settings_dict: dict, dump: Path, *, clean: bool, dumped_with: int) -> None:
    pg_restore, tool_major = _pg_tool("pg_restore")
    if tool_major < dumped_with:
        raise BackupError(
            f"pg_restore {tool_major} cannot read a dump made by pg_dump {dumped_with}: install "
            f"the version {dumped_with} client tools (postgresql-client-{dumped_with})."
        )
    # One transaction: a failed restore leaves the database as it was.
    command = [pg_restore, "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
    command += ["--no-password", f"--dbname={_pg_dbname(settings_dict)}"]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(dump)], _pg_environment(settings_dict))


def _pg_counts(settings_dict: dict, tables: dict[str, str]) -> dict[str, int | None]:
    with _pg_connect(settings_dict) as db, db.cursor() as cursor:
        return _count(cursor, _pg_tables(cursor), tables)


# One entry point per job, whatever the engine


def database_snapshot(connection: BaseDatabaseWrapper, path: Path) -> Snapshot:
    """Write the database behind a Django connection to ``path``, counting every model's rows
    at the same moment."""
    if engine_of(connection.settings_dict) == SQLITE:
        return _sqlite_snapshot(connection, path)
    return _pg_snapshot(connection.settings_dict, path)


def database_tables_with_rows(settings_dict: dict) -> list[str]:
    """The target's tables that hold rows (empty: safe to restore into)."""
    if engine_of(settings_dict) == SQLITE:
        return _sqlite_tables_with_rows(settings_dict)
    return _pg_tables_with_rows(settings_dict)


def database_restore(settings_dict: dict, dump: Path, *, clean: bool, details: dict) -> None:
    if engine_of(settings_dict) == SQLITE:
        _sqlite_restore(settings_dict, dump)
    else:
        _pg_restore(settings_dict, dump, clean=clean, dumped_with=details["pg_dump_major"])


def database_counts(settings_dict: dict, tables: dict[str, str]) -> dict[str, int | None]:
    if engine_of(settings_dict) == SQLITE:
        return _sqlite_counts(settings_dict, tables)
    return _pg_counts(settings_dict, tables)


def database_name(settings_dict: dict) -> str:
    if engine_of(settings_dict) == SQLITE:
        return str(settings_dict["NAME"])
    params = _pg_params(settings_dict)
    return f"{params.get('host', 'local socket')}:{params.get('port', 5432)}/{params['dbname']}"
