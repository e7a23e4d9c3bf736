#!/usr/bin/env python3
"""How many view beacons per second Shpalta counts on this machine, and that none is lost.

Run from the repository root:

    bench/beacon [--duration 10] [--connections 32] [--redis redis://127.0.0.1:6379/9]

It migrates a scratch data folder, loads the demo stories, starts gunicorn as `make run`
does (WORKERS, THREADS), POSTs beacons for all the demo stories with `wrk` (a browser's
User-Agent), then compares the views stored (after a flush, with --redis a limits Redis)
with the 204 answers wrk saw. Prints the figure; exits 2 below 1,000 beacons/s or on a
lost count. Needs `wrk` (apt-get install wrk). All traffic goes to 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET = 1000
LUA = """
ids = {%s}
n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/metrics/view/" .. ids[(n %% #ids) + 1] .. "/", {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
    ["Content-Length"] = "0"})
end
"""
STORED = (
    "from django.db.models import Sum; from shpalta.metrics.counting import views_flush; "
    "from shpalta.metrics.models import ViewCount; views_flush(); "
    "print(ViewCount.objects.aggregate(n=Sum('views'))['n'] or 0)"
)
IDS = (
    "from shpalta.news.models import Article; "
    "print(','.join(str(i) for i in Article.objects.published().values_list('id', flat=True)))"
)


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis", help="count in this limits Redis (noeviction), then flush")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench/beacon needs wrk: apt-get install wrk", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="shpalta-beacon-"))
    env = dict(os.environ, SHPALTA_DATA_DIR=str(tmp))
    env.pop("DEBUG", None)
    if args.redis:
        env["SHPALTA_LIMITS_REDIS_URL"] = args.redis
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
        ids = manage(env, "shell", "-c", IDS)
        (tmp / "beacon.lua").write_text(LUA % ids)
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "shpalta.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", os.environ.get("WORKERS", "2"), "--threads",
             os.environ.get("THREADS", "4"), "--forwarded-allow-ips=", "--control-socket",
             str(tmp / "gunicorn.ctl")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        out = subprocess.run(
            ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "-s",
             str(tmp / "beacon.lua"), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
        sent = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errors = int(bad.group(1)) if bad else 0
        time.sleep(1)  # the last answers wrk did not wait for
        stored = int(manage(env, "shell", "-c", STORED))
        lost = sent - errors - stored
        store = f"limits Redis {args.redis}" if args.redis else "database"
        print(f"beacons: {sent:,} in {args.duration} s over {args.connections} connections")
        print(f"counted in the {store}: {stored:,} (errors {errors}, lost {max(0, lost)})")
        print(f"beacons/s: {rate:,.0f} (target {TARGET:,})")
        return 0 if rate >= TARGET and lost <= 0 and errors == 0 else 2
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
