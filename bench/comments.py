#!/usr/bin/env python3
"""A 100,000-comment thread: Shpalta beside Isso, on the same data, in the same run.

Run from the repository root (after `make install-dev`):

    bench/comments                       # N=100000 REPS=50
    N=5000 REPS=10 bench/comments        # a quick look

What it does (loopback only, ports 8610–8611):

1. **Shpalta**: a scratch data folder with SQLite; migrate; one published article; N
   top-level comments (every tenth with two replies) inserted in bulk with the article's
   count kept; gunicorn (1 sync worker, DEBUG off, page cache off so every request is
   computed) on 127.0.0.1:8610. A verified reader's session and a CSRF cookie are made
   up front so posting goes through the real endpoint and every rule.
2. **Isso** (`pip install isso` into /tmp/comments-isso-venv; its built-in server on
   127.0.0.1:8611, guard and moderation off as the peers are measured): one comment
   through its API creates the thread, then the same N comment texts are inserted into its
   SQLite table directly (its HTTP API would take most of an hour).
3. Sequential requests with urllib, REPS each after a warm-up, p50/p99 in ms:
   - first page: ours `GET /comments/<id>/` (20 top-level comments with their first
     replies); Isso `GET /?uri=…&limit=20&nested_limit=3`;
   - deep page (page 500: comments 9,981–10,000 from the newest): ours with the keyset
     cursor; Isso with `after=<created of the 10,000th oldest>&limit=20` (Isso pages from
     the oldest);
   - posting: ours `POST /comments/<id>/post/`; Isso `POST /new?uri=…`.
   Isso's whole-thread `GET /?uri=…` (what its embed asks for by default) is timed once.
"""

import json
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ISSO_VENV = Path(os.environ.get("ISSO_VENV", "/tmp/comments-isso-venv"))  # noqa: S108
OURS_PORT, ISSO_PORT = 8610, 8611
N = int(os.environ.get("N", "100000"))
REPS = int(os.environ.get("REPS", "50"))
PER_PAGE, DEEP_PAGE = 20, 500
sys.path.insert(0, str(Path(__file__).resolve().parent))
from comments_seed import text  # noqa: E402


def request(url: str, *, data: bytes | None = None, headers: dict | None = None) -> float:
    started = time.perf_counter()
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status >= 400:
        raise RuntimeError(f"{url} answered {status}")
    return time.perf_counter() - started


def timed(label: str, call, reps: int = REPS) -> tuple[float, float]:
    call(0)  # warm-up
    times = [call(i + 1) for i in range(reps)]
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))] * 1000
    print(f"    {label:12} p50 {p50:9.1f} ms   p99 {p99:9.1f} ms", flush=True)
    return p50, p99


def wait_for(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=60).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:  # not listening yet
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


# ---------------------------------------------------------------- Shpalta


def ours_seed(env: dict) -> dict:
    deep_offset = min((DEEP_PAGE - 1) * PER_PAGE - 1, N // 2)  # page 500, or mid-thread
    out = subprocess.run(
        [PYTHON, Path(__file__).resolve().parent / "comments_seed.py", str(N), str(deep_offset)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def ours(results: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="comments-bench-") as data:
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="shpalta.settings",
            SHPALTA_DATA_DIR=data,
            SHPALTA_PAGE_CACHE_SECONDS="0",
            SHPALTA_COMMENTS_MIN_INTERVAL="0",
            SHPALTA_COMMENTS_PER_HOUR="1000000",
            SHPALTA_COMMENTS_PROBATION="0",
            SHPALTA_COMMENTS_CLOSE_DAYS="0",
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1",
        )
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        started = time.perf_counter()
        seed = ours_seed(env)
        print(
            f"  Shpalta (SQLite): {seed['rows']:,} rows seeded in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        server = subprocess.Popen(
            [
                ROOT / ".venv/bin/gunicorn",
                "shpalta.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{OURS_PORT}",
                "--control-socket",
                f"{data}/gunicorn.ctl",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{OURS_PORT}/comments/{seed['article']}/"
            wait_for(base)
            csrf = secrets.token_hex(16)
            cookies = {
                "Cookie": f"sessionid={seed['session']}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            results["Shpalta"] = {
                "first page": timed("first page", lambda i: request(base)),
                "deep page": timed("page 500", lambda i: request(f"{base}?after={seed['deep']}")),
                "posting": timed(
                    "posting",
                    lambda i: request(
                        f"{base}post/",
                        headers=cookies,
                        data=f"body=Новий+коментар+{i}+{time.time_ns()}".encode(),
                    ),
                ),
            }
        finally:
            server.terminate()
            server.wait()


# ---------------------------------------------------------------- Isso

ISSO_CFG = """[general]
dbpath = {db}
host = http://127.0.0.1
notify = stdout
gravatar = false
latest-enabled = false
[moderation]
enabled = false
[server]
listen = http://127.0.0.1:{port}
reload = false
profile = false
[guard]
enabled = false
[admin]
enabled = false
"""


def isso(results: dict) -> None:
    if not (ISSO_VENV / "bin" / "isso").exists():
        subprocess.run([sys.executable, "-m", "venv", ISSO_VENV], check=True)
        subprocess.run([ISSO_VENV / "bin/pip", "install", "-q", "isso"], check=True)
    with tempfile.TemporaryDirectory(prefix="isso-bench-") as folder:
        db = f"{folder}/comments.db"
        cfg = Path(folder, "isso.cfg")
        cfg.write_text(ISSO_CFG.format(db=db, port=ISSO_PORT))
        server = subprocess.Popen(
            [ISSO_VENV / "bin/isso", "-c", cfg, "run"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{ISSO_PORT}"
            wait_for(f"{base}/info")
            headers = {
                "Content-Type": "application/json",
                "Origin": "http://127.0.0.1",
                "Referer": "http://127.0.0.1/article-1",
            }
            body = json.dumps({"text": text(0), "author": "Читач", "title": "Стаття 1"}).encode()
            request(f"{base}/new?uri=%2Farticle-1", data=body, headers=headers)
            started = time.perf_counter()
            with sqlite3.connect(db) as conn:
                row = conn.execute("SELECT * FROM comments LIMIT 1").fetchone()
                columns = [d[0] for d in conn.execute("SELECT * FROM comments LIMIT 1").description]
                template = dict(zip(columns, row, strict=True))
                now = time.time()
                rows = []
                for i in range(1, N):
                    r = dict(
                        template,
                        id=None,
                        text=text(i),
                        created=now - N + i,
                        author=f"Читач {i % 20}",
                    )
                    rows.append(tuple(r[c] for c in columns))
                marks = ",".join("?" * len(columns))
                conn.executemany(f"INSERT INTO comments VALUES ({marks})", rows)
                tops = [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id")][::10]
                replies = []
                for t in tops:
                    for k in range(2):
                        r = dict(
                            template, id=None, parent=t, text=f"Відповідь {t}", created=now + k
                        )
                        replies.append(tuple(r[c] for c in columns))
                conn.executemany(f"INSERT INTO comments VALUES ({marks})", replies)
                total = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
                deep_created = conn.execute(
                    "SELECT created FROM comments WHERE parent IS NULL ORDER BY created "
                    "LIMIT 1 OFFSET ?",
                    [min((DEEP_PAGE - 1) * PER_PAGE - 1, N // 2)],
                ).fetchone()[0]
            print(
                f"  Isso: {total:,} rows seeded in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            q = "uri=%2Farticle-1"
            results["Isso"] = {
                "first page": timed(
                    "first page", lambda i: request(f"{base}/?{q}&limit=20&nested_limit=3")
                ),
                "deep page": timed(
                    "page 500",
                    lambda i: request(f"{base}/?{q}&limit=20&nested_limit=3&after={deep_created}"),
                ),
                "posting": timed(
                    "posting",
                    lambda i: request(
                        f"{base}/new?{q}",
                        headers=headers,
                        data=json.dumps({"text": f"Новий {i} {time.time_ns()}"}).encode(),
                    ),
                ),
            }
            try:
                whole = f"{request(f'{base}/?{q}') * 1000:,.0f} ms"
            except (OSError, RuntimeError) as error:  # a timeout after 120 s
                whole = f"failed: {error}"
            print(f"    whole thread (one GET, no limit): {whole}", flush=True)
        finally:
            server.terminate()
            server.wait()


def main() -> None:
    print(
        f"bench/comments: {N:,} top-level comments (+2 replies on every tenth), "
        f"{REPS} requests each, sequential, loopback; {os.cpu_count()} cores",
        flush=True,
    )
    results: dict = {}
    ours(results)
    isso(results)
    print("\n| system | first page p50 / p99 ms | page 500 p50 / p99 ms | posting p50 / p99 ms |")
    print("|---|---|---|---|")
    for name, row in results.items():
        cells = [
            f"{row[k][0]:.1f} / {row[k][1]:.1f}" for k in ("first page", "deep page", "posting")
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
