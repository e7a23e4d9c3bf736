"""/healthz and /readyz: what a load balancer, Varnish's probe or systemd sees."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READYZ = (
    "import django, json; django.setup(); from django.test import Client; "
    "r = Client().get('/readyz'); print(r.status_code, r['Cache-Control'], r.content.decode())"
)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def readyz_in_a_new_process(tmp_path, **env: str) -> tuple[int, str, dict]:
    """Ask /readyz in a fresh process started with these settings (as a deployment would)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", READYZ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "shpalta.settings", "LOG_LEVEL": "ERROR"}
        | {"SHPALTA_DATA_DIR": str(tmp_path)}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, cache_control, body = result.stdout.strip().splitlines()[-1].split(" ", 2)
    return int(status), cache_control, json.loads(body)


def test_healthz_says_ok_without_touching_the_database_whatever_the_host(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies and "Vary" not in response


@pytest.mark.django_db
def test_readyz_lists_every_check_when_all_parts_answer(client, settings, tmp_path):
    response = client.get("/readyz", HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies and "Vary" not in response
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "limits", "media"}
    assert all(check["ok"] for check in body["checks"].values())
    assert not any((tmp_path / "media" / "health").iterdir())  # the probe file is gone


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    url = f"postgres://postgres@127.0.0.1:{closed_port()}/shpalta"
    status, cache_control, body = readyz_in_a_new_process(tmp_path, DATABASE_URL=url)
    assert status == 503 and cache_control == "no-store"
    assert body["status"] == "failing"
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["checks"]["cache"]["ok"] and body["checks"]["media"]["ok"]


def test_readyz_reports_a_page_cache_outage_but_stays_in_the_pool(tmp_path):
    # Without the page cache pages are served uncached: slower, not broken.
    url = f"redis://127.0.0.1:{closed_port()}/0"
    status, _, body = readyz_in_a_new_process(tmp_path, REDIS_URL=url)
    assert status == 200
    assert body["status"] == "degraded"
    assert not body["checks"]["cache"]["ok"]
    assert body["checks"]["database"]["ok"] and body["checks"]["media"]["ok"]


def test_readyz_reports_a_limits_store_outage_but_stays_in_the_pool(tmp_path):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    status, _, body = readyz_in_a_new_process(tmp_path, SHPALTA_LIMITS_REDIS_URL=url)
    assert status == 200
    assert body["status"] == "degraded"
    assert not body["checks"]["limits"]["ok"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


@pytest.mark.django_db
def test_readyz_is_503_when_media_cannot_be_stored(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["media"]["ok"] is False
