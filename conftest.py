"""Shared test setup: isolated media/data folders, plain static storage, and a rule
for real services (Redis, PostgreSQL, Chromium): missing in CI is a failure, missing
on a laptop is a clearly explained skip."""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def service_missing(what: str, why: str) -> None:
    """Fail in CI, skip with a reason elsewhere, when a real service is not there."""
    message = f"{what} unavailable: {why}"
    if IN_CI:
        pytest.fail(f"{message} (CI must provide it)", pytrace=False)
    pytest.skip(f"{message} — these tests were skipped on this machine")


def pytest_configure(config):
    # WhiteNoise warns at start-up when collectstatic has not run yet; tests need no files there.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.PAGE_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, in the test's own transaction; tests of the worker
    # itself switch to the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PURGE_HOOKS = []
    # Each test starts with an empty page cache; the limits store is the database, which
    # each test's transaction rolls back.
    caches["pages"].clear()


@pytest.fixture
def redis_url():
    """A real Redis for cache tests (database 15 unless TEST_REDIS_URL says otherwise)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    where = urlsplit(url)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=1).close()
    except OSError as error:
        service_missing(f"Redis at {where.hostname}:{where.port}", str(error))
    return url


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen

    def database(self, number: int) -> str:
        return f"{self.url}/{number}"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_server(tmp_path):
    """Start Redis servers of the test's own (``redis_server("--maxmemory", "1mb")``), on
    spare ports, so a test may fill or kill them; all are killed at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        service_missing("redis-server", "not installed (apt-get install redis-server)")
    started: list[RedisServer] = []

    def start(*options: str) -> RedisServer:
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603 (our own arguments)
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
                *options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = RedisServer(url=f"redis://127.0.0.1:{port}", process=process)
        started.append(server)
        deadline = time.monotonic() + 10
        while not _answers(port):  # wait for the process to listen, not for a clock
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server on port {port} did not start")
            time.sleep(0.02)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.kill()
