"""Shared test setup: isolated media/data folders, plain static storage, and a rule
for real services (Redis, PostgreSQL, Chromium): missing in CI is a failure, missing
on a laptop is a clearly explained skip."""

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache

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
    cache.clear()
    yield
    cache.clear()


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
