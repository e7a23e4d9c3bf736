#!/usr/bin/env python3
"""Shpalta's sample article page measured next to nginx serving the same HTML as a file.

Run from the repository root:

    bench/article_page [--quick] [--no-page-cache] [--access-log] [--raw-dir DIR]

Environment: DURATION (seconds per run, 10), REPS (3), CONCS ("16 64"), WARMUP (3),
WORKERS (2) and THREADS (4) as in the Makefile.

The script runs `make setup`, starts gunicorn as `make run` does (on free loopback ports,
once with the page cache on and once with SHPALTA_PAGE_CACHE_SECONDS=0), saves the
article's HTML once, serves that file with nginx, measures every server with
`wrk -t1 -cC -dDs --latency`, prints one table and stops every process it started.
Standard library only; all traffic goes to 127.0.0.1.
"""

import argparse
import contextlib
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
NGINX = "/usr/sbin/nginx"
WRK = "/usr/bin/wrk"
CLK = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1
QUIET_BUSY = 0.10  # machine busy fraction regarded as idle before a run
QUIET_MAX_WAIT = 10.0  # seconds to wait for that before running anyway
OTHER_MAX = 0.10  # other processes' CPU (cores) above which a run is redone, then flagged
RETRIES = 1  # how often a run disturbed by other processes is redone
ARTICLE_LOOKUP = (
    "from shpalta.news.models import Article; "
    "print(Article.objects.get(title__startswith='США').get_absolute_url())"
)
NGINX_CONF = """\
worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; }}
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    server {{
        listen {host}:{port};
        root {d}/www;
    }}
}}
"""
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
UNITS_B = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


class BenchError(Exception):
    """A problem that stops the benchmark with a message instead of a traceback."""


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    requests: int
    read_bytes: float
    non_2xx_3xx: int
    socket_errors: dict
    server_cpu: float
    wall: float
    wrk_cpu: float
    other_cores: float


@dataclass
class System:
    name: str
    proc: subprocess.Popen
    port: int
    path: str
    log: Path
    status: int = 0
    body: bytes = b""
    raw_size: int = 0
    command: str = ""
    runs: dict = field(default_factory=dict)  # concurrency -> [Run]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}{self.path}"


# ---------------------------------------------------------------- processes


class Processes:
    """Every process the script starts, so that all of them are stopped at the end."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, cmd: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: Ctrl-C reaches only us
            )
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the master, wait, then SIGKILL whatever is left in its process group."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes, int]:
    """One GET on a fresh connection: (status, body, size of the whole response)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n"
    chunks = []
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request.encode("ascii"))
        while data := sock.recv(65536):
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.lower().split(":", 1) for line in lines[1:] if ":" in line)
    if "chunked" in headers.get("transfer-encoding", ""):
        raise BenchError(f"port {port} answered {path} chunked; expected a plain body")
    return status, body, len(raw)


def log_tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_up(system: System, timeout: float = 60.0) -> None:
    """Poll until the server answers the page; keep its status, body and size."""
    deadline = time.monotonic() + timeout
    while True:
        if system.proc.poll() is not None:
            raise BenchError(
                f"{system.name} exited with code {system.proc.returncode}:\n{log_tail(system.log)}"
            )
        with contextlib.suppress(OSError, ValueError, IndexError):
            system.status, system.body, system.raw_size = fetch(system.port, system.path, 5.0)
            return
        if time.monotonic() > deadline:
            raise BenchError(f"{system.name} did not answer in {timeout:.0f} s")
        time.sleep(0.2)


# ---------------------------------------------------------------- setting up


def run_quietly(cmd: list[str], timeout: float, env: dict | None = None) -> str:
    result = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        out = (result.stdout + result.stderr).strip()[-3000:]
        raise BenchError(f"`{shlex.join(cmd)}` failed with code {result.returncode}:\n{out}")
    return result.stdout


def ensure_tools() -> None:
    if Path(NGINX).exists() and Path(WRK).exists():
        return
    if os.geteuid() != 0:
        raise BenchError(
            f"{NGINX} or {WRK} is missing and this is not root, so they cannot be installed.\n"
            "Install them once with: sudo apt-get install -y nginx-light wrk"
        )
    print("installing nginx-light and wrk with apt-get ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "nginx-light", "wrk"]
    try:
        run_quietly(cmd, 600, env)
    except BenchError:
        run_quietly(["apt-get", "update"], 600, env)
        run_quietly(cmd, 600, env)


def server_env(page_cache: bool) -> dict:
    env = dict(os.environ)
    env.pop("DEBUG", None)  # production-like, as `make run` with a clean environment
    if page_cache:
        env.pop("SHPALTA_PAGE_CACHE_SECONDS", None)  # the app's default
    else:
        env["SHPALTA_PAGE_CACHE_SECONDS"] = "0"
    return env


def article_path() -> str:
    out = run_quietly([str(BIN / "python"), "manage.py", "shell", "-c", ARTICLE_LOOKUP], 120)
    paths = [line.strip() for line in out.splitlines() if line.startswith("/news/")]
    if not paths:
        raise BenchError(f"could not find the sample article's URL in:\n{out}")
    return paths[-1]


def start_shpalta(procs: Processes, tmp: Path, path: str, page_cache: bool, args) -> System:
    port = free_port()
    cmd = [
        str(BIN / "gunicorn"),
        "shpalta.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        os.environ.get("WORKERS", "2"),
        "--threads",
        os.environ.get("THREADS", "4"),
        "--forwarded-allow-ips=",
        # gunicorn 27's default control socket is one path per user: a second server
        # would take it over from (and on exit delete it for) the developer's server.
        "--control-socket",
        str(tmp / f"gunicorn-{port}.ctl"),
    ]
    if args.access_log:
        cmd += ["--access-logfile", "-"]
    log = tmp / f"gunicorn-{port}.log"
    name = "Shpalta cached" if page_cache else "Shpalta uncached"
    proc = procs.start(cmd, log, server_env(page_cache))
    return System(name, proc, port, path, log, command=shlex.join(cmd))


def start_nginx(procs: Processes, tmp: Path, html: bytes) -> System:
    root = tmp / "nginx"
    (root / "www").mkdir(parents=True)
    (root / "tmp").mkdir()
    page = root / "www" / "article.html"
    page.write_bytes(html)
    # nginx workers started by root run as nobody: they must be able to read the page.
    for folder in (tmp, root, root / "www", root / "tmp"):
        folder.chmod(0o755)
    page.chmod(0o644)
    port = free_port()
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(d=root, host=HOST, port=port))
    cmd = [NGINX, "-p", str(root), "-e", str(root / "error.log"), "-c", str(conf)]
    cmd += ["-g", "daemon off;"]
    proc = procs.start(cmd, root / "stdout.log")
    return System("nginx static", proc, port, "/article.html", root / "error.log", shlex.join(cmd))


# ---------------------------------------------------------------- measuring


def proc_snapshot() -> dict:
    """{pid: (ppid, start time, user+system ticks)} of every process."""
    snap = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        snap[int(entry.name)] = (int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12]))
    return snap


def tree(snap: dict, root: int) -> set:
    children: dict = {}
    for pid, (ppid, _, _) in snap.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return found


def cpu_seconds(before: dict, after: dict, pids) -> float:
    """CPU time `pids` used between two snapshots (a process new in `after` counts whole)."""
    ticks = 0
    for pid in pids:
        if pid in after:
            _, start, now = after[pid]
            old = before.get(pid)
            ticks += now - old[2] if old and old[1] == start else now
    return ticks / CLK


def machine_busy(interval: float) -> float:
    """Busy fraction of all cores over `interval` seconds."""

    def read() -> tuple[int, int]:
        with open("/proc/stat") as f:
            values = [int(x) for x in f.readline().split()[1:9]]
        return sum(values), values[3] + values[4]

    total0, idle0 = read()
    time.sleep(interval)
    total1, idle1 = read()
    return 1.0 - (idle1 - idle0) / max(1, total1 - total0)


def wait_quiet() -> float:
    """Wait (bounded) for a nearly idle machine; returns the last busy fraction seen."""
    deadline = time.monotonic() + QUIET_MAX_WAIT
    while True:
        busy = machine_busy(1.0)
        if busy <= QUIET_BUSY or time.monotonic() >= deadline:
            return busy


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise BenchError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(text: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)([KMGT]?B) read", text)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"cannot read wrk output:\n{text}")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(rps.group(1)),
        "p50": to_ms(p50.group(1)),
        "p99": to_ms(p99.group(1)),
        "requests": int(total.group(1)),
        "read_bytes": float(total.group(2)) * UNITS_B[total.group(3)],
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True)
        )
        if errors
        else {},
    }


def wrk(url: str, conc: int, duration: int) -> tuple[str, float]:
    """Run wrk once; returns the command with its output, and wrk's CPU time."""
    cmd = [WRK, "-t1", f"-c{conc}", f"-d{duration}s", "--latency", url]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=duration + 60)
    finally:  # also on Ctrl-C or a timeout: never leave wrk running or unreaped
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise BenchError(f"`{shlex.join(cmd)}` failed:\n{out}{err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return f"$ {shlex.join(cmd)}\n{out}", cpu


def measure(system: System, conc: int, duration: int, raw_dir: Path | None, tag: str) -> Run:
    time.sleep(1.0)  # let the previous run's connections drain
    wait_quiet()
    snap0 = proc_snapshot()
    start = time.monotonic()
    text, wrk_cpu = wrk(system.url, conc, duration)
    wall = time.monotonic() - start
    snap1 = proc_snapshot()
    server = tree(snap0, system.proc.pid) | tree(snap1, system.proc.pid)
    ours = tree(snap1, os.getpid()) | tree(snap1, 2) | {2}  # this script, kernel threads
    other = set(snap1) - server - ours
    run = Run(
        **parse_wrk(text),
        server_cpu=cpu_seconds(snap0, snap1, server),
        wall=wall,
        wrk_cpu=wrk_cpu,
        other_cores=cpu_seconds(snap0, snap1, other) / wall,
    )
    if raw_dir:
        name = re.sub(r"\W+", "-", system.name)
        (raw_dir / f"{name}-c{conc}-{tag}.txt").write_text(text)
    flag = "  [other processes busy]" if run.other_cores > OTHER_MAX else ""
    print(
        f"  {system.name:17} c{conc:<3} {tag:5}: {run.rps:9.1f} req/s  p50 {run.p50:7.2f} ms  "
        f"p99 {run.p99:7.2f} ms  server {run.server_cpu / wall:.2f} cores  "
        f"wrk {wrk_cpu / wall:.2f}  other {run.other_cores:.2f}{flag}",
        flush=True,
    )
    return run


def benchmark(systems: list[System], cfg: dict, raw_dir: Path | None) -> None:
    """Interleave the systems run by run, so slow drift on the machine hits all alike."""
    for conc in cfg["concs"]:
        for system in systems:
            if cfg["warmup"] > 0:
                wrk(system.url, conc, cfg["warmup"])
        for rep in range(1, cfg["reps"] + 1):
            for system in systems:
                for attempt in range(RETRIES + 1):
                    tag = f"r{rep}" + (f"a{attempt + 1}" if attempt else "")
                    run = measure(system, conc, cfg["duration"], raw_dir, tag)
                    if run.other_cores <= OTHER_MAX:
                        break
                system.runs.setdefault(conc, []).append(run)


# ---------------------------------------------------------------- reporting


def num(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def row(system: System, conc: int, nginx: System | None) -> list[str]:
    runs = system.runs[conc]
    rps = statistics.median(r.rps for r in runs)
    per_run = " / ".join(num(r.rps) + ("*" if r.other_cores > OTHER_MAX else "") for r in runs)
    cpu_ms = statistics.median(r.server_cpu * 1000 / r.requests for r in runs if r.requests)
    ratio = "n/a"
    if nginx is not None and nginx.runs.get(conc):
        ratio = f"{rps / statistics.median(r.rps for r in nginx.runs[conc]):.3f}"
    return [
        system.name,
        str(conc),
        num(rps),
        per_run,
        num(statistics.median(r.p50 for r in runs)),
        num(statistics.median(r.p99 for r in runs)),
        num(cpu_ms),
        num(statistics.median(r.server_cpu / r.wall for r in runs)),
        num(statistics.median(r.wrk_cpu / r.wall for r in runs)),
        f"{len(system.body):,}",
        ratio,
    ]


def print_table(systems: list[System], concs: list[int]) -> None:
    header = [
        "system",
        "conc",
        "req/s (median)",
        "req/s per run",
        "p50 ms",
        "p99 ms",
        "server CPU ms/req",
        "server cores",
        "wrk cores",
        "page B",
        "req/s vs nginx",
    ]
    nginx = next((s for s in systems if s.name.startswith("nginx")), None)
    rows = [row(s, c, nginx) for c in concs for s in systems]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def check(system: System) -> bool:
    """Print what was verified for one system; True when every answer looked like a 200."""
    runs = [r for rs in system.runs.values() for r in rs]
    requests = sum(r.requests for r in runs)
    non_2xx = sum(r.non_2xx_3xx for r in runs)
    errors = {k: sum(r.socket_errors.get(k, 0) for r in runs) for k in ("connect", "read", "write")}
    errors["timeout"] = sum(r.socket_errors.get("timeout", 0) for r in runs)
    per_response = sum(r.read_bytes for r in runs) / max(1, requests)
    # wrk's "Non-2xx or 3xx" line counts only statuses above 399. A 3xx answer would be far
    # smaller than the page, so the bytes read per response must also match a full 200.
    size_ok = per_response >= 0.97 * system.raw_size
    ok = system.status == 200 and non_2xx == 0 and size_ok
    problems = [f"{k} {v}" for k, v in errors.items() if v]
    print(
        f"  {system.name:17} single GET {system.path}: HTTP {system.status}, "
        f"{len(system.body):,} B body ({system.raw_size:,} B with headers); "
        f"wrk: {requests:,} responses, Non-2xx/3xx {non_2xx}, "
        f"socket errors {', '.join(problems) or 'none'}, "
        f"{per_response:,.0f} B read per response -> {'all 2xx' if ok else 'NOT all 2xx'}"
    )
    return ok


def log_problems(system: System) -> str:
    text = ""
    with contextlib.suppress(OSError):
        text = system.log.read_text(errors="replace")
    hits = [w for w in ("Traceback", "WORKER TIMEOUT", "[ERROR]", "[emerg]", "[crit]") if w in text]
    return ", ".join(hits)


def report(systems: list[System], cfg: dict) -> bool:
    print()
    print(
        f"wrk -t1 -c{{{','.join(map(str, cfg['concs']))}}} -d{cfg['duration']}s --latency; "
        f"median of {cfg['reps']} run(s) after a {cfg['warmup']} s warm-up; "
        f"{NCPU} CPUs shared by servers and wrk"
    )
    print_table(systems, cfg["concs"])
    if any(r.other_cores > OTHER_MAX for s in systems for rs in s.runs.values() for r in rs):
        print(
            f"* other processes used more than {OTHER_MAX} core during this run (also when redone)"
        )
    print("\nChecks:")
    all_ok = True
    for system in systems:
        ok = check(system)
        all_ok = all_ok and (ok or system.name.startswith("nginx"))
        if problems := log_problems(system):
            print(f"    {system.name} log mentions: {problems} (see {system.log})")
    shpalta = [s for s in systems if s.name.startswith("Shpalta")]
    print(f"  Shpalta answers all 2xx: {'yes' if all_ok else 'NO'}")
    # Canonical and Open Graph URLs hold the server's own address.
    bodies = {re.sub(rb"127\.0\.0\.1:\d+", b"HOST", s.body) for s in systems}
    same = "yes" if len(bodies) == 1 else "NO"
    print(f"  same HTML from every server (apart from host:port): {same}")
    for s in shpalta:
        print(f"  {s.name}: {s.command}")
    return all_ok


# ---------------------------------------------------------------- main


def config(args) -> dict:
    try:
        cfg = {
            "duration": int(os.environ.get("DURATION", "10")),
            "reps": int(os.environ.get("REPS", "3")),
            "concs": [int(c) for c in os.environ.get("CONCS", "16 64").split()],
            "warmup": int(os.environ.get("WARMUP", "3")),
        }
    except ValueError as error:
        raise BenchError(f"DURATION, REPS, WARMUP and CONCS must be integers: {error}") from error
    if args.quick:
        cfg.update(duration=3, reps=1, warmup=1)
    if cfg["duration"] < 1 or cfg["reps"] < 1 or not cfg["concs"] or min(cfg["concs"]) < 1:
        raise BenchError("DURATION and REPS must be at least 1 and CONCS must list concurrencies")
    if cfg["duration"] > 600 or cfg["reps"] > 20 or max(cfg["concs"]) > 1000:
        raise BenchError("refusing a run this long: DURATION <= 600, REPS <= 20, CONCS <= 1000")
    return cfg


def describe(cfg: dict, path: str) -> None:
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    nginx = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=False).stderr
    wrk_out = subprocess.run([WRK, "-v"], capture_output=True, text=True, check=False).stdout
    wrk_version = wrk_out.split("\n")[0].split(" Copyright")[0]
    print(f"Shpalta {commit or '?'}; {nginx.strip()}; {wrk_version}")
    print(f"page: {path}; settings: {cfg}", flush=True)


def run(args, tmp: Path, procs: Processes) -> int:
    cfg = config(args)
    ensure_tools()
    print("make setup ...", flush=True)
    run_quietly(["make", "setup"], 1800)
    if "--control-socket" not in run_quietly([str(BIN / "gunicorn"), "--help"], 60):
        raise BenchError("this gunicorn has no --control-socket option; update the script")
    path = article_path()
    describe(cfg, path)
    variants = [False] if args.no_page_cache else [True, False]
    shpalta = [start_shpalta(procs, tmp, path, cached, args) for cached in variants]
    for system in shpalta:
        wait_up(system)
        if system.status != 200:
            raise BenchError(f"{system.name} answered {system.status} for {path}")
    nginx = start_nginx(procs, tmp, shpalta[0].body)
    wait_up(nginx)
    systems = [nginx, *shpalta]
    raw_dir = Path(args.raw_dir).resolve() if args.raw_dir else None
    if raw_dir:
        raw_dir.mkdir(parents=True, exist_ok=True)
    benchmark(systems, cfg, raw_dir)
    return 0 if report(systems, cfg) else 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="DURATION=3 REPS=1 WARMUP=1")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="measure only Shpalta with SHPALTA_PAGE_CACHE_SECONDS=0 (default: cached and not)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="log every request as `make run` does (--access-logfile -, into a temp file)",
    )
    parser.add_argument("--raw-dir", help="keep wrk's raw output here (e.g. bench/results)")
    return parser.parse_args()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    if not (ROOT / "manage.py").exists():
        print(f"not a Shpalta checkout: {ROOT}", file=sys.stderr)
        return 1
    procs = Processes()
    tmp = Path(tempfile.mkdtemp(prefix="shpalta-bench-"))
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        return run(args, tmp, procs)
    except BenchError as error:
        print(f"\nbench/article_page: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        procs.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
