"""Backup and restore on the database the suite runs on (SQLite, or PostgreSQL when
DATABASE_URL is set), into a separate empty target: an SQLite file, or a scratch PostgreSQL
database created for the test."""

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import tarfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections

from shpalta.comments import services
from shpalta.comments.models import Comment
from shpalta.testing import make_article, make_image, make_reader

pytestmark = pytest.mark.django_db(transaction=True)


# The target database, reached without our code


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or ''}:{db['PORT'] or 5432}/{name}"


def _pg_admin():
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    )


class Target:
    """An empty database and media folder to restore into."""

    def __init__(self, url: str, media: Path) -> None:
        self.url = url
        self.media = media

    def options(self) -> list[str]:
        return ["--database-url", self.url, "--media-root", str(self.media)]

    def query(self, sql: str) -> list[tuple]:
        if self.url.startswith("sqlite"):
            db = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            try:
                rows = db.execute(sql).fetchall()
                db.commit()
                return rows
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def tables(self) -> list[str]:
        if self.url.startswith("sqlite"):
            if not Path(self.url.removeprefix("sqlite:///")).exists():
                return []
            return [name for (name,) in self.query("SELECT name FROM sqlite_master")]
        return [
            n for (n,) in self.query("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]

    def media_files(self) -> dict[str, str]:
        return {
            str(path.relative_to(self.media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in self.media.rglob("*")
            if path.is_file()
        }


@pytest.fixture
def target(tmp_path):
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        yield Target(f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}", media)
        return
    from psycopg import sql

    name = f"test_restore_{os.getpid()}_{secrets.token_hex(3)}"
    with _pg_admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield Target(_pg_url(name), media)
    with _pg_admin() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def site(settings):
    """A little newsroom: an article with comments, photos with their renditions on disk."""
    settings.COMMENTS_MIN_INTERVAL = 0
    settings.COMMENTS_PER_HOUR = 1_000_000
    settings.COMMENTS_PROBATION = 0
    article = make_article()
    readers = [make_reader() for _ in range(3)]
    for n in range(4):
        services.comment_post(article=article, author=readers[n % 3], body=f"Перший коментар {n}")
    make_image(width=700, height=400)
    make_image(width=500, height=500)
    return article, readers


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def backup(path: Path, stdout=None) -> str:
    out = stdout or io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(archive: Path, target: Target, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *target.options(), *extra, stdout=out)
    return out.getvalue()


# Round trip while readers comment


class Commenters(threading.Thread):
    """Readers posting comments through the service, one after another, until stopped."""

    def __init__(self, article, readers) -> None:
        super().__init__()
        self.article, self.readers = article, readers
        self.stop = threading.Event()
        self.posted: list[int] = []
        self.errors: list[BaseException] = []
        self.progress = threading.Condition()

    def run(self) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                comment = self._post(n)
                with self.progress:
                    self.posted.append(comment.pk)
                    self.progress.notify_all()
        except BaseException as error:
            self.errors.append(error)
        finally:
            connections.close_all()

    def _post(self, n: int):
        # The suite's in-memory SQLite shares one cache between threads and locks whole
        # tables («database table is locked») while the backup reads them; a file database
        # in WAL mode (as the site runs) does not. A refused post is tried again, like a
        # reader pressing the button once more; only what was stored counts.
        for _ in range(500):
            try:
                return services.comment_post(
                    article=self.article,
                    author=self.readers[n % len(self.readers)],
                    body=f"Коментар під час резервного копіювання №{n}",
                )
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.01)
        raise RuntimeError("the comments table stayed locked")

    def wait_for(self, count: int) -> None:
        with self.progress:
            done = self.progress.wait_for(lambda: len(self.posted) >= count, timeout=30)
        assert done, f"readers stopped posting: {self.errors!r}"


class WaitsAfterTheSnapshot(io.StringIO):
    """The command's output: once the snapshot is taken, waits until readers have posted
    another comment, so some comments surely land while the backup runs."""

    def __init__(self, commenters: Commenters) -> None:
        super().__init__()
        self.commenters = commenters

    def write(self, text: str) -> int:
        if "snapshot taken" in text:
            self.commenters.wait_for(len(self.commenters.posted) + 2)
        return super().write(text)


def test_a_backup_taken_while_readers_comment_restores_exactly_what_it_counted(
    settings, site, tmp_path, target
):
    article, readers = site
    commenters = Commenters(article, readers)
    commenters.start()
    try:
        commenters.wait_for(5)
        before = set(Comment.objects.values_list("pk", flat=True))
        printed = backup(tmp_path / "site.tar.gz", WaitsAfterTheSnapshot(commenters))
        commenters.wait_for(len(commenters.posted) + 1)
    finally:
        commenters.stop.set()
        commenters.join()
    assert not commenters.errors
    assert "Backup written:" in printed

    manifest = manifest_of(tmp_path / "site.tar.gz")
    counted = manifest["models"]["comments.Comment"]["rows"]
    source = dict(Comment.objects.values_list("pk", "body"))
    assert len(before) <= counted < len(source)  # the snapshot's moment, not the end's
    assert manifest["database"]["engine"] == connection.vendor

    printed = restore(tmp_path / "site.tar.gz", target)

    assert "all match the manifest" in printed
    restored = dict(target.query("SELECT id, body FROM comments_comment"))
    assert len(restored) == counted
    assert before <= set(restored)
    assert all(source[pk] == body for pk, body in restored.items())
    for label, entry in manifest["models"].items():
        (rows,) = target.query(f'SELECT COUNT(*) FROM "{entry["table"]}"')[0]  # noqa: S608
        assert rows == entry["rows"], label
    media = {
        name.removeprefix("media/"): file["sha256"]
        for name, file in manifest["files"].items()
        if name.startswith("media/")
    }
    site_media = Target("", Path(settings.MEDIA_ROOT)).media_files()
    assert len(site_media) > 2  # originals, renditions and crops
    assert target.media_files() == media == site_media


def test_the_manifest_records_the_version_time_counts_and_every_checksum(settings, site, tmp_path):
    # A photo being written right now (shpalta.lib.storage): not a file of the site yet.
    (Path(settings.MEDIA_ROOT) / "images" / ".part-0123abcd").write_bytes(b"half a photo")
    backup(tmp_path / "site.tar.gz")

    manifest = manifest_of(tmp_path / "site.tar.gz")
    assert manifest["shpalta_version"] == "0.1.0"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", manifest["created_at"])
    assert manifest["models"]["comments.Comment"]["rows"] == 4
    assert manifest["models"]["news.Image"]["rows"] == 2
    assert manifest["models"]["news.Article_tags"]["table"] == "news_article_tags"
    with tarfile.open(tmp_path / "site.tar.gz") as tar:
        for member in tar.getmembers():
            if member.name != "manifest.json":
                data = tar.extractfile(member).read()
                assert manifest["files"][member.name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert len(tar.getmembers()) == len(manifest["files"]) + 1
    assert not [name for name in manifest["files"] if ".part-" in name]


def test_without_a_path_the_archive_goes_to_data_backups_with_the_time_in_its_name(settings, site):
    out = io.StringIO()
    call_command("backup", stdout=out)
    (archive,) = (Path(settings.DATA_DIR) / "backups").iterdir()
    assert re.fullmatch(r"shpalta-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert str(archive) in out.getvalue()


def test_given_a_folder_the_archive_gets_a_timestamped_name_in_it(site, tmp_path):
    backup(tmp_path / "nightly")
    (archive,) = (tmp_path / "nightly").iterdir()
    assert re.fullmatch(r"shpalta-\d{8}-\d{6}\.tar\.gz", archive.name)


def test_a_backup_never_overwrites_an_archive(site, tmp_path):
    (tmp_path / "site.tar.gz").write_bytes(b"older backup")
    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path / "site.tar.gz")
    assert (tmp_path / "site.tar.gz").read_bytes() == b"older backup"


# Refusals


def test_a_target_holding_data_is_refused_without_force_and_replaced_with_it(
    site, tmp_path, target
):
    backup(tmp_path / "site.tar.gz")
    restore(tmp_path / "site.tar.gz", target)
    (target.media / "keep-me.txt").write_text("a file of the target's own")
    target.query("UPDATE comments_comment SET body = 'Змінено в цілі'")

    with pytest.raises(CommandError, match=r"Refusing to restore over existing data.*--force"):
        restore(tmp_path / "site.tar.gz", target)
    assert (target.media / "keep-me.txt").exists()
    assert target.query("SELECT DISTINCT body FROM comments_comment") == [("Змінено в цілі",)]

    printed = restore(tmp_path / "site.tar.gz", target, "--force")
    assert "all match the manifest" in printed
    assert not (target.media / "keep-me.txt").exists()
    bodies = sorted(body for (body,) in target.query("SELECT body FROM comments_comment"))
    assert bodies == [f"Перший коментар {n}" for n in range(4)]


def test_a_media_folder_holding_files_is_refused_even_with_an_empty_database(
    site, tmp_path, target
):
    backup(tmp_path / "site.tar.gz")
    target.media.mkdir()
    (target.media / "old.jpg").write_bytes(b"old")

    with pytest.raises(CommandError, match=r"media folder .* holds files \(old.jpg\)"):
        restore(tmp_path / "site.tar.gz", target)
    assert target.tables() == []
    assert target.media_files() == {"old.jpg": hashlib.sha256(b"old").hexdigest()}


def test_a_truncated_archive_is_refused_and_nothing_is_touched(site, tmp_path, target):
    backup(tmp_path / "site.tar.gz")
    data = (tmp_path / "site.tar.gz").read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(data[: len(data) // 2])

    with pytest.raises(CommandError, match="damaged or truncated"):
        restore(tmp_path / "cut.tar.gz", target)
    assert target.tables() == []
    assert not target.media.exists()


def test_an_archive_with_a_changed_file_is_refused_by_its_checksum(site, tmp_path, target):
    backup(tmp_path / "site.tar.gz")
    with (
        tarfile.open(tmp_path / "site.tar.gz") as original,
        tarfile.open(tmp_path / "changed.tar.gz", "w:gz") as changed,
    ):
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("media/images/"):
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit of one photo
            changed.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError, match=r"media/images/.* does not match its checksum"):
        restore(tmp_path / "changed.tar.gz", target)
    assert target.tables() == []
    assert not target.media.exists()


def test_a_restore_into_the_other_database_engine_is_refused(site, tmp_path):
    backup(tmp_path / "site.tar.gz")
    other = (
        "postgres://postgres@127.0.0.1:5432/nowhere"
        if connection.vendor == "sqlite"
        else f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    with pytest.raises(CommandError, match="moving a site between database engines"):
        call_command(
            "restore", str(tmp_path / "site.tar.gz"), "--database-url", other,
            "--media-root", str(tmp_path / "media2"),
        )  # fmt: skip
    assert not (tmp_path / "db.sqlite3").exists()


# PostgreSQL's tools


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is only used with PostgreSQL (DATABASE_URL)")


def test_without_pg_dump_on_path_the_backup_says_what_to_install(site, tmp_path, monkeypatch):
    _postgresql_only()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match=r"pg_dump was not found on PATH.*postgresql-client"):
        backup(tmp_path / "site.tar.gz")
    assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob(".*"))


def test_a_pg_dump_older_than_the_server_is_refused(site, tmp_path, monkeypatch):
    _postgresql_only()
    tools = tmp_path / "bin"
    tools.mkdir()
    old = tools / "pg_dump"  # a stand-in that answers like pg_dump 9.6 would
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    with pytest.raises(CommandError, match=r"pg_dump 9 cannot dump a PostgreSQL \d+ server"):
        backup(tmp_path / "site.tar.gz")
    assert not (tmp_path / "site.tar.gz").exists()
    assert shutil.which("pg_dump") == str(old)
