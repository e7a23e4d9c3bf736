#!/usr/bin/env python3
"""The sample article through Varnish (deploy/varnish/shpalta.vcl) beside nginx serving
the same HTML from a file, the time from an edit to the fresh page at the edge, and the
origin's share of a run with 1 % cache misses.

Run from the repository root:

    bench/edge [--quick]

Environment: DURATION (seconds per wrk run, 10), REPS (3), CONCS ("16 64"), MISS_DURATION (60),
EDITS (50), WORKERS (2) and THREADS (4) as in the Makefile; VARNISH_PARAMS adds varnishd
options (e.g. "-p thread_pools=1").

It sets up a throw-away data folder (`make setup` with SHPALTA_DATA_DIR in a temp dir),
starts gunicorn as `make run` does, the task worker (`db_worker --interval 0.2`, as
deploy/systemd runs it) with the Varnish purge hook, varnishd with our VCL in front, and
nginx with the article saved as a file (plus its .gz, served by gzip_static: wrk asks
both for gzip, as browsers do). Needs varnish, varnish-modules, nginx-light and wrk.
"""

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import article_page as ap  # the shared helpers of bench/article_page

ROOT = ap.ROOT
HOST = ap.HOST
SECRET = "bench-edge-purge-secret"  # noqa: S105 (a throw-away varnishd)
GZIP = {"Accept-Encoding": "gzip"}
NGINX_CONF = ap.NGINX_CONF.replace("sendfile on;", "sendfile on;\n    gzip_static on;")
MISS_LUA = """\
counter = 0
request = function()
  counter = counter + 1
  if counter % 100 == 0 then
    return wrk.format(nil, "{path}?miss=" .. counter .. "-" .. math.random(1, 1000000000))
  end
  return wrk.format(nil, "{path}")
end
"""


def env_for(data: Path, varnish_port: int) -> dict:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    env.pop("SHPALTA_PAGE_CACHE_SECONDS", None)
    env.update(
        SHPALTA_DATA_DIR=str(data),
        SHPALTA_VARNISH_URLS=f"http://{HOST}:{varnish_port}/",
        SHPALTA_VARNISH_PURGE_SECRET=SECRET,
    )
    return env


def request(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    import http.client

    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def wait_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                what = shlex.join(proc.args)
                raise ap.BenchError(f"{what} did not start:\n{ap.log_tail(log)}") from None
            time.sleep(0.2)


def varnish_counters(workdir: Path) -> dict:
    out = subprocess.run(
        ["varnishstat", "-n", str(workdir), "-j"], capture_output=True, text=True, check=True
    ).stdout
    data = json.loads(out)
    counters = data.get("counters", data)
    return {k: v["value"] for k, v in counters.items() if isinstance(v, dict) and "value" in v}


def start_all(procs: ap.Processes, tmp: Path, args) -> dict:
    data = tmp / "data"
    gunicorn_port, varnish_port = ap.free_port(), ap.free_port()
    env = env_for(data, varnish_port)
    print("make setup (fresh data folder) ...", flush=True)
    ap.run_quietly(["make", "setup"], 1800, env)
    path = ap.run_quietly(
        [str(ap.BIN / "python"), "manage.py", "shell", "-c", ap.ARTICLE_LOOKUP], 120, env
    )
    path = [line for line in path.splitlines() if line.startswith("/news/")][-1].strip()
    gunicorn = [
        str(ap.BIN / "gunicorn"), "shpalta.wsgi", "--bind", f"{HOST}:{gunicorn_port}",
        "--workers", os.environ.get("WORKERS", "2"), "--threads", os.environ.get("THREADS", "4"),
        "--forwarded-allow-ips=", "--control-socket", str(tmp / "gunicorn.ctl"),
    ]  # fmt: skip
    log = tmp / "gunicorn.log"
    wait_port(gunicorn_port, procs.start(gunicorn, log, env), log)
    worker = [str(ap.BIN / "python"), "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]
    procs.start(worker, tmp / "worker.log", env)
    backend = ["--backend", f"{HOST}:{gunicorn_port}"]
    site = ap.run_quietly(
        [str(ap.BIN / "python"), "manage.py", "varnish_site_vcl", *backend], 60, env
    )
    vdir = tmp / "varnish"
    vdir.mkdir()
    (vdir / "shpalta-site.vcl").write_text(site)
    varnishd = [
        "varnishd", "-F", "-j", "none", "-n", str(vdir / "n"), "-a", f"{HOST}:{varnish_port}",
        "-T", f"{HOST}:0", "-s", "malloc,256m",
        "-p", f"vcl_path={vdir}:{ROOT / 'deploy' / 'varnish'}", "-f", "shpalta.vcl",
        *shlex.split(os.environ.get("VARNISH_PARAMS", "")),
    ]  # fmt: skip
    log = vdir / "varnishd.log"
    wait_port(varnish_port, procs.start(varnishd, log), log)
    # The HTML nginx serves: exactly what Varnish gives a reader, plain and gzipped.
    request(varnish_port, path)
    status, headers, html = request(varnish_port, path)
    if status != 200 or headers.get("X-Cache") != "HIT":
        raise ap.BenchError(f"Varnish answered {status} {headers.get('X-Cache')} for {path}")
    _, gz_headers, gz = request(varnish_port, path, GZIP)
    if gz_headers.get("Content-Encoding") != "gzip":
        raise ap.BenchError("Varnish did not answer gzip for Accept-Encoding: gzip")
    nroot = tmp / "nginx"
    (nroot / "www").mkdir(parents=True)
    (nroot / "tmp").mkdir()
    (nroot / "www" / "article.html").write_bytes(html)
    (nroot / "www" / "article.html.gz").write_bytes(gz)
    for folder in (tmp, nroot, nroot / "www", nroot / "tmp"):
        folder.chmod(0o755)
    nginx_port = ap.free_port()
    (nroot / "nginx.conf").write_text(NGINX_CONF.format(d=nroot, host=HOST, port=nginx_port))
    nginx = [ap.NGINX, "-p", str(nroot), "-e", str(nroot / "error.log"),
             "-c", str(nroot / "nginx.conf"), "-g", "daemon off;"]  # fmt: skip
    wait_port(nginx_port, procs.start(nginx, nroot / "stdout.log"), nroot / "error.log")
    return {
        "path": path,
        "env": env,
        "varnish": varnish_port,
        "varnish_dir": vdir / "n",
        "nginx": nginx_port,
        "gz_bytes": len(gz),
        "html_bytes": len(html),
    }


def wrk(url: str, conc: int, duration: int, script: Path | None = None) -> dict:
    cmd = [ap.WRK, "-t1", f"-c{conc}", f"-d{duration}s", "--latency", "-H", "Accept-Encoding: gzip"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(
        [*cmd, url], capture_output=True, text=True, timeout=duration + 60, check=True
    ).stdout
    return ap.parse_wrk(out)


def hits(setup: dict, cfg: dict) -> list[tuple]:
    """Both servers in turn, run by run, so drift on a shared machine hits both alike."""
    systems = (
        ("nginx static", setup["nginx"], "/article.html"),
        ("Varnish", setup["varnish"], setup["path"]),
    )
    rows = []
    for conc in cfg["concs"]:
        runs: dict[str, list] = {name: [] for name, _, _ in systems}
        for _name, port, path in systems:
            wrk(f"http://{HOST}:{port}{path}", conc, 1)  # warm-up
        for _ in range(cfg["reps"]):
            for name, port, path in systems:
                time.sleep(1)
                run = wrk(f"http://{HOST}:{port}{path}", conc, cfg["duration"])
                print(f"  {name:13} c{conc:<3} {run['rps']:9.0f} req/s  p99 {run['p99']:6.2f} ms  "
                      f"non-2xx {run['non_2xx_3xx']}", flush=True)  # fmt: skip
                runs[name].append(run)
        for name, found in runs.items():
            rows.append((name, conc, found))
    return rows


def publish_to_edge(setup: dict, cfg: dict) -> list[float]:
    """Edits through the service in a Django process; each is timed until Varnish shows it."""
    cmd = [str(ap.BIN / "python"), __file__, "--edits-child", str(cfg["edits"]),
           "--varnish-port", str(setup["varnish"]), "--path", setup["path"]]  # fmt: skip
    out = ap.run_quietly(cmd, 600, setup["env"])
    return json.loads(out.strip().splitlines()[-1])


def edits_child(count: int, port: int, path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shpalta.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from shpalta.accounts.models import User
    from shpalta.news.models import Article
    from shpalta.news.services import article_snapshot, article_update, content_from_snapshot

    editor = User.objects.get(email="editor@example.com")
    article = Article.objects.get(pk=int(path.split("/")[2].split("-")[0]))
    original = article.title
    times = []
    try:
        for n in range(count + 1):
            content = content_from_snapshot(article_snapshot(article))
            content.title = f"{original} (правка {n})" if n < count else original
            request(port, path)  # the current version is in Varnish
            started = time.monotonic()
            article = article_update(
                article=article, content=content, user=editor, base_version=article.version
            )
            needle = content.title.encode()
            while needle not in request(port, path)[2]:
                if time.monotonic() - started > 30:
                    raise SystemExit(f"edit {n} not at the edge after 30 s")
                time.sleep(0.01)
            if n < count:
                times.append(time.monotonic() - started)
    finally:
        print(json.dumps(times))


def misses(setup: dict, cfg: dict, tmp: Path) -> dict:
    script = tmp / "miss.lua"
    script.write_text(MISS_LUA.replace("{path}", setup["path"]))
    before = varnish_counters(setup["varnish_dir"])
    run = wrk(f"http://{HOST}:{setup['varnish']}{setup['path']}", 16, cfg["miss_duration"], script)
    time.sleep(2)  # worker threads add their counters to the totals when their session ends
    after = varnish_counters(setup["varnish_dir"])

    def delta(name: str) -> int:
        return after.get(name, 0) - before.get(name, 0)

    run["backend_req"] = delta("MAIN.backend_req")
    run["hit"] = delta("MAIN.cache_hit")
    run["miss"] = delta("MAIN.cache_miss")
    return run


def config(args) -> dict:
    cfg = {
        "duration": int(os.environ.get("DURATION", "10")),
        "concs": [int(c) for c in os.environ.get("CONCS", "16 64").split()],
        "reps": int(os.environ.get("REPS", "3")),
        "miss_duration": int(os.environ.get("MISS_DURATION", "60")),
        "edits": int(os.environ.get("EDITS", "50")),
    }
    if args.quick:
        cfg.update(duration=3, reps=1, miss_duration=10, edits=20)
    return cfg


def report(setup: dict, cfg: dict, rows: list, latencies: list[float], miss: dict) -> None:
    size = f"{setup['html_bytes']:,} B, {setup['gz_bytes']:,} B gzipped"
    print(f"\nsample article {setup['path']}: {size}")
    print("medians of the runs (req/s of each run in brackets):")
    print("| system | conc | req/s | p99 ms | vs nginx |\n|---|---|---|---|---|")
    median = {(n, c): statistics.median(r["rps"] for r in runs) for n, c, runs in rows}
    for name, conc, runs in rows:
        rps = median[name, conc]
        each = " / ".join(f"{r['rps']:,.0f}" for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        ratio = rps / median["nginx static", conc]
        print(f"| {name} | {conc} | {rps:,.0f} ({each}) | {p99:.2f} | {ratio:.2f} |")
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"\npublish to edge over {len(ordered)} edits (service call -> fresh page from Varnish): "
        f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )
    total, origin, seconds = miss["requests"], miss["backend_req"], cfg["miss_duration"]
    print(
        f"\n1 % misses, c16, {seconds} s: {total:,} requests, {miss['rps']:,.0f} req/s, "
        f"p99 {miss['p99']:.2f} ms; origin requests {origin:,} ({origin / seconds:.1f}/s, "
        f"{origin / max(1, total):.2%}); Varnish hits {miss['hit']:,}, misses {miss['miss']:,}; "
        f"non-2xx {miss['non_2xx_3xx']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="one 3 s run each, 10 s of misses, 20 edits"
    )
    parser.add_argument("--edits-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--varnish-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.edits_child is not None:
        edits_child(args.edits_child, args.varnish_port, args.path)
        return 0
    if not shutil.which("varnishd"):
        print(
            "bench/edge: varnishd is missing: apt-get install varnish varnish-modules",
            file=sys.stderr,
        )
        return 1
    cfg = config(args)
    procs = ap.Processes()
    tmp = Path(tempfile.mkdtemp(prefix="shpalta-edge-"))
    signal.signal(signal.SIGTERM, ap._interrupt)
    try:
        ap.ensure_tools()
        setup = start_all(procs, tmp, args)
        print(f"settings: {cfg}", flush=True)
        rows = hits(setup, cfg)
        print("publish to edge ...", flush=True)
        latencies = publish_to_edge(setup, cfg)
        print("1 % misses ...", flush=True)
        miss = misses(setup, cfg, tmp)
        report(setup, cfg, rows, latencies, miss)
        return 0
    except ap.BenchError as error:
        print(f"\nbench/edge: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
