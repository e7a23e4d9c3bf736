"""Read replicas against a real PostgreSQL streaming replica.

The fixture takes a base backup of the test server (``pg_basebackup -R -X stream``, after
the test database exists, so the copy has it and streams every later change) and starts it
on a spare port. PostgreSQL only: skipped on SQLite with the reason; in CI a replica that
cannot start fails the run.
"""

import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import service_missing
from shpalta.lib.dbrouter import (
    PRIMARY_HEADER,
    ReplicaMiddleware,
    replica_health_forget,
    replica_reads,
)
from shpalta.news.models import Article
from shpalta.testing import make_article, make_reader, make_staff

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


class Replica:
    def __init__(self, bin_dir: Path, data: Path, port: int, primary: dict) -> None:
        self.bin_dir, self.data, self.port, self.primary = bin_dir, data, port, primary

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args]
        return _run(command)

    def start(self) -> None:
        result = self.pg_ctl("-l", str(self.data / "replica.log"), "-w", "-t", "60", "start")
        if result.returncode:
            log = (self.data / "replica.log").read_text(errors="replace")[-2000:]
            service_missing("PostgreSQL replica", result.stderr + log)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")

    def sql(self, query: str, *params):
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.primary["USER"], dbname="postgres"
        ) as conn:
            conn.autocommit = True
            return conn.execute(query, params).fetchone()

    def primary_lsn(self) -> str:
        with psycopg.connect(
            host=self.primary["HOST"] or "127.0.0.1",
            port=self.primary["PORT"] or 5432,
            user=self.primary["USER"],
            dbname="postgres",
        ) as conn:
            return conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]

    def wait_for(self, what: str) -> None:
        """Until the replica streams and has received (or replayed) all the primary wrote
        so far."""
        lsn = self.primary_lsn()
        streaming = " AND EXISTS (SELECT FROM pg_stat_wal_receiver WHERE status = 'streaming')"
        query = {
            "received": "SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn" + streaming,
            "replayed": "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn" + streaming,
        }[what]
        deadline = time.monotonic() + 30
        while not self.sql(query, lsn)[0]:
            assert time.monotonic() < deadline, f"the replica never {what} {lsn}"
            time.sleep(0.05)


def _run(command: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    # PostgreSQL refuses to run as root: its files and processes belong to «postgres».
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    # Our own fixed commands and temporary paths only.
    return subprocess.run(  # noqa: S603
        command, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def pg_replica(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("read replicas are PostgreSQL only: run with DATABASE_URL=postgres://…")
    primary = copy.deepcopy(connections["default"].settings_dict)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections',"
            " 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',"
            " 'max_locks_per_transaction')"
        )
        # A hot standby needs at least the primary's values of these.
        limits = dict(cursor.fetchall())
    bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
    if not (bin_dir / "pg_basebackup").exists():
        service_missing("PostgreSQL server programs", f"{bin_dir}/pg_basebackup not found")
    parent = Path(tempfile.mkdtemp(prefix="shpalta-replica-"))
    if os.geteuid() == 0:
        shutil.chown(parent, "postgres", "postgres")
    data, port = parent / "data", _spare_port()
    backup = _run(
        [
            str(bin_dir / "pg_basebackup"),
            *("-h", primary["HOST"] or "127.0.0.1", "-p", str(primary["PORT"] or 5432)),
            *("-U", primary["USER"], "-D", str(data), "-R", "-X", "stream"),
            "--checkpoint=fast",
        ]
    )
    if backup.returncode:
        shutil.rmtree(parent, ignore_errors=True)
        service_missing(
            "A streaming replica (pg_basebackup; pg_hba.conf must allow local replication)",
            backup.stderr.strip(),
        )
    # Debian keeps the configuration outside the data folder: the copy gets its own.
    settings_lines = [
        f"port = {port}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{parent}'",
        "hot_standby = on",
        "fsync = off",
        "shared_buffers = 16MB",
        *(f"{name} = {value}" for name, value in limits.items()),
    ]
    _run(["tee", str(data / "postgresql.conf")], "\n".join(settings_lines) + "\n")
    _run(
        ["tee", str(data / "pg_hba.conf")], "local all all trust\nhost all all 127.0.0.1/32 trust\n"
    )
    _run(["tee", str(data / "pg_ident.conf")], "")
    replica = Replica(bin_dir, data, port, primary)
    replica.start()
    connections.settings["replica1"] = {
        **copy.deepcopy(primary),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "OPTIONS": {"connect_timeout": 2},
        "TEST": {**primary.get("TEST", {}), "MIRROR": "default"},
    }
    try:
        yield replica
    finally:
        connections["replica1"].close()
        del connections["replica1"]
        del connections.settings["replica1"]
        replica.stop()
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def replica(pg_replica, settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    replica_health_forget()
    pg_replica.wait_for("replayed")
    yield pg_replica
    replica_health_forget()


class Reads:
    """Which server ran which SQL during a request."""

    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica1"])

    def __enter__(self) -> "Reads":
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def _touching(captured: CaptureQueriesContext, table: str) -> list[str]:
        return [q["sql"] for q in captured.captured_queries if f'"{table}"' in q["sql"]]

    def on_primary(self, table: str) -> list[str]:
        return self._touching(self.primary, table)

    def on_replica(self, table: str) -> list[str]:
        return self._touching(self.replica, table)


def test_a_reader_page_reads_the_replica(replica, client):
    article = make_article("Новина з репліки")
    replica.wait_for("replayed")
    with Reads() as reads:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Новина з репліки" in response.content.decode()
    assert reads.on_replica("news_article")
    assert not reads.on_primary("news_article")
    # The server that answered really is the replica: it is in recovery.
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        assert cursor.fetchone() == (True, replica.port)


def test_the_desk_reads_the_primary(replica, client):
    make_article("Новина для редакції")
    client.force_login(make_staff("Редактор"))
    with Reads() as reads:
        response = client.get("/desk/")
    assert response.status_code == 200
    assert reads.on_primary("news_article")
    assert not reads.replica.captured_queries


def test_a_post_reads_the_primary(replica, client, settings):
    settings.COMMENTS_PROBATION = 0
    article = make_article()
    client.force_login(make_reader())
    with Reads() as reads:
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            {"body": "Дякую за новину!"},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 201
    assert not reads.replica.captured_queries
    # The answer tells our script how long to ask for the primary.
    assert response["X-Shpalta-Primary-Seconds"] == str(settings.PRIMARY_AFTER_WRITE)


def test_a_reader_sees_their_own_comment_at_once_though_the_replica_lags(replica, client, settings):
    settings.COMMENTS_PROBATION = 0
    settings.REPLICA_MAX_LAG = 3600  # the replica stays «usable» while it is behind
    article = make_article()
    client.force_login(make_reader())
    replica.wait_for("replayed")
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        client.post(
            reverse("comments:post", args=[article.pk]),
            {"body": "Мій свіжий коментар"},
            HTTP_ACCEPT="application/json",
        )
        replica.wait_for("received")
        thread = reverse("comments:thread", args=[article.pk])
        # Anyone else reads the replica, which has not replayed the comment yet...
        assert "Мій свіжий коментар" not in client.get(thread).json()["html"]
        # ...the writer's script sends the header for a few seconds: the primary has it.
        with Reads() as reads:
            mine = client.get(thread, headers={PRIMARY_HEADER: "1"})
        assert "Мій свіжий коментар" in mine.json()["html"]
        assert not reads.replica.captured_queries
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")


def test_reads_inside_a_transaction_use_the_primary(replica):
    make_article()
    replica.wait_for("replayed")
    seen = {}

    @replica_reads
    def view(request):
        with transaction.atomic(), Reads() as inside:
            list(Article.objects.all())
        with Reads() as outside:
            list(Article.objects.all())
        seen.update(inside=inside, outside=outside)
        return HttpResponse("ok")

    def handler(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaMiddleware(handler)
    assert middleware(RequestFactory().get("/")).status_code == 200
    assert seen["inside"].on_primary("news_article")
    assert not seen["inside"].replica.captured_queries
    assert seen["outside"].on_replica("news_article")


def test_a_lagging_replica_is_skipped(replica, client, settings):
    settings.REPLICA_MAX_LAG = 0  # any replay behind what it received is too much
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        make_article("Свіжа новина на головній")
        replica.wait_for("received")  # it has the change but has not applied it
        with Reads() as reads:
            home = client.get("/")
        assert "Свіжа новина на головній" in home.content.decode()
        assert not reads.on_replica("news_article")  # asked how far behind, then skipped
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    # Caught up again, it serves readers again (once its health is checked anew). Other
    # databases on the same server keep writing, so allow the usual few seconds of lag.
    replica.wait_for("replayed")
    settings.REPLICA_MAX_LAG = 5
    replica_health_forget()
    with Reads() as reads:
        assert client.get("/").status_code == 200
    assert reads.on_replica("news_article")


def test_a_page_cached_from_a_lagging_replica_is_not_kept_past_the_purge(replica, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.REPLICA_MAX_LAG = 60  # behind, but allowed
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        make_article("Щойно опублікована новина")  # purges the home page
        replica.wait_for("received")
        stale = client.get("/")  # rendered from the replica, without the story
        assert "Щойно опублікована новина" not in stale.content.decode()
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    replica.wait_for("replayed")
    # The cached copy may predate the purge, so it is not served: readers get the story.
    assert "Щойно опублікована новина" in client.get("/").content.decode()


def test_a_replica_that_is_down_is_skipped(replica, client):
    make_article("Новина без репліки")
    replica.wait_for("replayed")
    assert client.get("/").status_code == 200  # the connection to it is open now
    replica.stop()
    try:
        replica_health_forget()
        home = client.get("/")
        assert home.status_code == 200
        assert "Новина без репліки" in home.content.decode()
    finally:
        replica.start()
