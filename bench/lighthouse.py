#!/usr/bin/env python3
"""Lighthouse (mobile) on the demo's home page, sample article, стрічка, live blog, an author
page and «Про нас».

    bench/lighthouse                  # prints performance, accessibility, best practices, SEO
    LIGHTHOUSE=/path/to/lighthouse bench/lighthouse

It loads the demo into a temporary data folder, serves it with gunicorn as `make run` does
(DEBUG off, whitenoise) on a free loopback port and runs the npm package `lighthouse`
(`npx --yes lighthouse@12` unless LIGHTHOUSE names a binary) against Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium; no browser is downloaded). Exits 1 when a score
is below 95. Too slow for the test suite (about 20 s a page), so it is a script.
"""

import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95
SAMPLE_ARTICLE = (
    "from shpalta.news.demo import SAMPLE_TITLE; from shpalta.news.models import Article; "
    "print(Article.objects.get(title=SAMPLE_TITLE).get_absolute_url())"
)
LIVE_BLOG = (
    "from shpalta.live.demo import TITLE; from shpalta.news.models import Article; "
    "print(Article.objects.get(title=TITLE).get_absolute_url())"
)
AUTHOR_PAGE = "/author/iryna-avtorska/"  # shpalta.accounts.demo.DEMO_AUTHORS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def lighthouse(url: str, out: Path) -> dict[str, int]:
    command = shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@12"))
    subprocess.run(
        [
            *command,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
        env["SHPALTA_DATA_DIR"] = tmp
        for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
            manage(env, *step, "--verbosity", "0")
        for step in ("load_demo", "load_demo_accounts", "load_demo_pages", "load_demo_live"):
            manage(env, step)
        article = manage(env, "shell", "-c", SAMPLE_ARTICLE).strip().splitlines()[-1]
        live = manage(env, "shell", "-c", LIVE_BLOG).strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "shpalta.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--control-socket",
                f"{tmp}/gunicorn.ctl",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        failed = False
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base + "/")
            print(f"{'page':<40} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            for path in ("/", article, "/news/", live, AUTHOR_PAGE, "/about/"):
                scores = lighthouse(base + path, Path(tmp) / "report.json")
                failed |= any(score < MINIMUM for score in scores.values())
                print(f"{path[:40]:<40} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"every score at least {MINIMUM}: {'no' if failed else 'yes'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
