"""Purge hooks for Varnish, Fastly and Cloudflare against local stand-ins speaking their
protocols: each checks the request shape the real service needs (method, path, headers,
body) and answers as the real one does."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from shpalta.news import caching, edge

ROOT = Path(__file__).resolve().parents[3]


class StandIn:
    """An HTTP server on a free loopback port that records every request."""

    def __init__(self, answer=lambda request: (200, b"")):
        self.requests: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = {
                    "method": self.command,
                    "path": self.path,
                    "headers": self.headers,
                    "body": self.rfile.read(length) if length else b"",
                }
                stand_in.requests.append(request)
                status, body = answer(request)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PURGE = _record

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in():
    servers = []

    def start(**kwargs):
        servers.append(StandIn(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


MANY = [f"article-{n}" for n in range(2000)]


def test_varnish_hook_soft_purges_every_host_with_the_secret_in_chunks(settings, stand_in):
    first, second = stand_in(), stand_in()
    settings.VARNISH_URLS = [first.url + "/", second.url + "/"]
    settings.VARNISH_PURGE_SECRET = "s3cret-for-tests"
    settings.PURGE_HOOKS = ["shpalta.news.edge.varnish_purge"]
    caching.cache_purge(MANY)
    for varnish in (first, second):
        assert {r["method"] for r in varnish.requests} == {"PURGE"}
        assert {r["headers"]["X-Shpalta-Purge-Secret"] for r in varnish.requests} == {
            "s3cret-for-tests"
        }
        headers = [r["headers"]["xkey-purge"] for r in varnish.requests]
        assert len(headers) > 1 and all(len(h) <= edge.VARNISH_HEADER_BYTES for h in headers)
        assert sorted(" ".join(headers).split()) == sorted(MANY)


def test_one_varnish_down_still_purges_the_others_and_the_task_fails(settings, stand_in):
    alive = stand_in()
    down = stand_in()
    down.close()
    settings.VARNISH_URLS = [down.url, alive.url]
    settings.VARNISH_PURGE_SECRET = "s3cret-for-tests"
    with pytest.raises(edge.PurgeFailed, match=down.url):
        edge.varnish_purge(["home", "article-1"])
    assert [r["headers"]["xkey-purge"] for r in alive.requests] == ["home article-1"]


def fastly_answer(request):
    keys = request["headers"].get("Surrogate-Key", "").split()
    return 200, json.dumps({key: f"id-{key}" for key in keys} or {"status": "ok"}).encode()


def test_fastly_hook_soft_purges_by_surrogate_key_at_most_256_per_call(settings, stand_in):
    fastly = stand_in(answer=fastly_answer)
    settings.FASTLY_API_URL = fastly.url
    settings.FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.FASTLY_TOKEN = "fastly-token"
    settings.PURGE_HOOKS = ["shpalta.news.edge.fastly_purge"]
    caching.cache_purge(MANY[:600])
    assert {(r["method"], r["path"]) for r in fastly.requests} == {
        ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    }
    assert all(r["headers"]["Fastly-Key"] == "fastly-token" for r in fastly.requests)
    assert all(r["headers"]["Fastly-Soft-Purge"] == "1" for r in fastly.requests)
    sizes = [len(r["headers"]["Surrogate-Key"].split()) for r in fastly.requests]
    assert sizes == [256, 256, 88]
    sent = " ".join(r["headers"]["Surrogate-Key"] for r in fastly.requests).split()
    assert sorted(sent) == sorted(MANY[:600])


def test_fastly_hook_purges_everything_for_the_implicit_all_key(settings, stand_in):
    fastly = stand_in(answer=fastly_answer)
    settings.FASTLY_API_URL = fastly.url
    settings.FASTLY_SERVICE_ID = "svc"
    settings.FASTLY_TOKEN = "fastly-token"
    edge.fastly_purge([caching.ALL])
    assert [(r["method"], r["path"]) for r in fastly.requests] == [
        ("POST", "/service/svc/purge_all")
    ]


def cloudflare_answer(request):
    ok = request["headers"]["Authorization"] == "Bearer cf-token"
    body = {"success": ok, "errors": [] if ok else [{"code": 10000}], "messages": []}
    if ok:
        body["result"] = {"id": "023e105f4ecef8ad9ca31a8372d0c353"}
    return (200 if ok else 403), json.dumps(body).encode()


def test_cloudflare_hook_purges_tags_at_most_100_per_call(settings, stand_in):
    cloudflare = stand_in(answer=cloudflare_answer)
    settings.CLOUDFLARE_API_URL = cloudflare.url + "/client/v4"
    settings.CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.CLOUDFLARE_TOKEN = "cf-token"
    settings.PURGE_HOOKS = ["shpalta.news.edge.cloudflare_purge"]
    caching.cache_purge(MANY[:250])
    assert {(r["method"], r["path"]) for r in cloudflare.requests} == {
        ("POST", "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")
    }
    assert all(r["headers"]["Content-Type"] == "application/json" for r in cloudflare.requests)
    bodies = [json.loads(r["body"]) for r in cloudflare.requests]
    assert [len(b["tags"]) for b in bodies] == [100, 100, 50]
    assert sorted(t for b in bodies for t in b["tags"]) == sorted(MANY[:250])


def test_cloudflare_hook_purges_everything_for_all_and_fails_on_a_refusal(settings, stand_in):
    cloudflare = stand_in(answer=cloudflare_answer)
    settings.CLOUDFLARE_API_URL = cloudflare.url + "/client/v4"
    settings.CLOUDFLARE_ZONE_ID = "zone"
    settings.CLOUDFLARE_TOKEN = "cf-token"
    edge.cloudflare_purge([caching.ALL, "home"])
    assert json.loads(cloudflare.requests[0]["body"]) == {"purge_everything": True}
    settings.CLOUDFLARE_TOKEN = "wrong"
    with pytest.raises(Exception, match="403"):
        edge.cloudflare_purge(["home"])


def settings_in_a_new_process(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.PURGE_HOOKS)"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "shpalta.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_naming_a_varnish_turns_its_hook_on_and_needs_the_purge_secret():
    on = settings_in_a_new_process(
        SHPALTA_VARNISH_URLS="http://10.0.0.5:6081/,http://10.0.0.6:6081/",
        SHPALTA_VARNISH_PURGE_SECRET="s3cret",
        SHPALTA_CLOUDFLARE_ZONE_ID="zone",
    )
    assert on.returncode == 0, on.stderr
    assert "shpalta.news.edge.varnish_purge" in on.stdout
    assert "shpalta.news.edge.cloudflare_purge" in on.stdout
    assert "fastly_purge" not in on.stdout
    refused = settings_in_a_new_process(SHPALTA_VARNISH_URLS="http://10.0.0.5:6081/")
    assert refused.returncode != 0
    assert "SHPALTA_VARNISH_PURGE_SECRET" in refused.stderr


def test_the_site_vcl_refuses_an_unsafe_secret_or_backend():
    with pytest.raises(ValueError, match="secret"):
        edge.varnish_site_vcl(backend="127.0.0.1:8000", purgers=["127.0.0.1"], secret='a"b')
    with pytest.raises(ValueError, match="host:port"):
        edge.varnish_site_vcl(backend="127.0.0.1", purgers=["127.0.0.1"], secret="s")
