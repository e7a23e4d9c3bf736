"""`make run` as a newcomer uses it: it serves the demo site, and Ctrl+C stops the web
server, the task worker and the scheduler at once and quietly (under dash, the old
`trap 'kill 0' …` signalled its own shell, re-entered the trap and ended in «Segmentation
fault»)."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def group_members(group: int) -> dict[int, str]:
    """The live processes of a process group, with their command lines."""
    members = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state != "Z":
            members[int(entry.name)] = command
    return members


def serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_ctrl_c_stops_the_server_the_worker_and_the_scheduler_quietly(tmp_path):
    port = free_port()
    # A clean environment: SQLite and files in a temporary folder, never the test databases.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "SHPALTA_DATA_DIR": str(tmp_path / "data"),
    }
    log = tmp_path / "make.log"
    with log.open("wb") as output:
        # A session of its own, like a terminal's foreground job: Ctrl+C signals its group.
        make = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while not serving(port):
                assert make.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
            commands = " ".join(group_members(make.pid).values())
            for part in ("gunicorn", "db_worker", "publish_scheduled"):
                assert part in commands

            os.killpg(make.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
            pressed = time.monotonic()
            status = make.wait(timeout=20)
            took = time.monotonic() - pressed
            time.sleep(0.2)  # the group's last members are reaped by init
            left = group_members(make.pid)
        finally:
            if make.poll() is None or group_members(make.pid):
                os.killpg(make.pid, signal.SIGKILL)
                make.wait()

    said = log.read_text()
    assert "Segmentation fault" not in said
    # The shell's job notice (a line ending in «Terminated»); the task worker's own
    # «Received Terminated - shutting down gracefully…» is a clean stop and may appear.
    assert not [line for line in said.splitlines() if line.rstrip().endswith("Terminated")]
    assert "Traceback" not in said
    assert status in (0, 130, -signal.SIGINT), said
    assert left == {}, left
    assert took < 10
    assert not serving(port)
