"""A real varnishd with deploy/varnish/shpalta.vcl in front of the live Shpalta origin.

Varnish talks to the origin through :class:`Relay`, a plain TCP forwarder the tests can
stop and start again: a stopped relay refuses connections exactly as a stopped gunicorn
would (pytest-django's live server itself lives for the whole session).
"""

import contextlib
import http.client
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import service_missing
from shpalta.news.edge import varnish_site_vcl

ROOT = Path(__file__).resolve().parents[2]
VCL_DIR = ROOT / "deploy" / "varnish"
VMOD = Path("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so")
SECRET = "edge-tests-purge-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """Forwards TCP connections from its port to the origin until stopped."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.open: set[socket.socket] = set()
        self.start()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, as a stopped origin does."""
        if self.listener is not None:
            # close() alone does not wake a thread blocked in accept(): on Linux the socket
            # would go on accepting. shutdown() does.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.listener is not listener:  # stopped meanwhile
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            self.open |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


class Varnish:
    def __init__(self, workdir: Path, origin: Relay):
        self.workdir = workdir
        self.origin = origin
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        (workdir / "shpalta-site.vcl").write_text(
            varnish_site_vcl(
                backend=f"127.0.0.1:{origin.port}",
                purgers=["127.0.0.1", "::1"],
                secret=SECRET,
                probe="0.5s",
            )
        )
        self.log = open(workdir / "varnishd.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                shutil.which("varnishd") or "varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                str(workdir / "n"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "127.0.0.1:0",
                "-s",
                "malloc,64m",
                "-p",
                f"vcl_path={workdir}:{VCL_DIR}",
                "-f",
                "shpalta.vcl",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"varnishd did not start:\n{self.log_text()}")
            time.sleep(0.1)

    def log_text(self) -> str:
        return (self.workdir / "varnishd.log").read_text(errors="replace")[-3000:]

    def request(self, path: str, method: str = "GET", headers=None, source: str = ""):
        """One request on a fresh connection: (status, headers, body as text)."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0) if source else None
        )
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        finally:
            connection.close()

    def counter(self, name: str) -> int:
        out = subprocess.run(
            ["varnishstat", "-n", str(self.workdir / "n"), "-1", "-f", name],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        return int(out.split()[1])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def varnish(live_server, tmp_path_factory):
    if not shutil.which("varnishd"):
        service_missing("Varnish", "varnishd is not installed (apt-get install varnish)")
    if not VMOD.exists():
        service_missing(
            "Varnish's xkey vmod", f"{VMOD} is missing (apt-get install varnish-modules)"
        )
    host, port = live_server.thread.host, live_server.thread.port
    relay = Relay((host, port))
    server = Varnish(tmp_path_factory.mktemp("varnish"), relay)
    yield server
    server.stop()
    relay.stop()


@pytest.fixture
def purge_through_varnish(settings, varnish):
    """The purge hook as production configures it, aimed at the test's varnishd."""
    settings.VARNISH_URLS = [varnish.url]
    settings.VARNISH_PURGE_SECRET = SECRET
    settings.PURGE_HOOKS = ["shpalta.news.edge.varnish_purge"]
    return varnish
