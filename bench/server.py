"""A real server for the benchmarks: gunicorn with DEBUG off on the bench database, and a small
HTTP client that signs in and keeps its connection alive, as a browser does.

Loopback only: the server binds 127.0.0.1 on a free port and the client talks to nothing else.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
# The production shape (docker-compose.yml) without TLS in front: cookies may travel over http.
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "SECURE_COOKIES": "False",
    "SECURE_SSL_REDIRECT": "False",
    "SECURE_HSTS_SECONDS": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}
READY_TIMEOUT_S = 60
# Exports are written by a Celery worker (the `exports` queue), which needs a broker shared with
# the server; and the server and the worker must share MEDIA_ROOT.
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT", str(ROOT / "media" / "bench"))
EXPORT_POLL_S = 2.0  # as the export's page polls (htmx, every 2 s)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict[str, str]:
    """The server's environment: the caller's (REDIS_URL, CACHE_URL...) with the bench's on top."""
    return os.environ | SERVER_ENV | {"CELERY_BROKER_URL": BROKER_URL, "MEDIA_ROOT": MEDIA_ROOT}


EXPORTS_NICENESS = 10


@contextmanager
def exports_worker(concurrency: int = 1):
    """A Celery worker on the `exports` queue beside the server, as in production; on the same
    cores, at a lower priority (`nice`), so that files wait for requests rather than the reverse."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "exports", "--concurrency", str(concurrency),
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT,
        env=server_environment(),
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: os.nice(EXPORTS_NICENESS),
    )
    try:
        time.sleep(3)  # up before anything is measured
        if worker.poll() is not None:
            raise RuntimeError("the exports worker stopped")
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=60)


@contextmanager
def gunicorn(workers: int = 2, threads: int = 1):
    """Serve the portal on 127.0.0.1 with `workers` processes; yields the port. Static files are
    collected first (with DEBUG off, pages name their files through the manifest)."""
    env = server_environment()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_serving(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {READY_TIMEOUT_S} s")


class Browser:
    """One user's keep-alive connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = None  # the last response's

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        """(status, body bytes, milliseconds from sending to the last byte)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            self.connection.close()  # the server closed an idle connection: reconnect once
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            started = time.perf_counter()
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
        try:
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a worker killed mid-answer: the next request reconnects
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            raise
        elapsed = (time.perf_counter() - started) * 1000
        self.headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content, elapsed

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", path, body=data, headers={"X-CSRFToken": self.cookies.get("csrftoken", "")})

    def sign_in(self, username: str, password: str) -> None:
        self.get("/login/")  # the CSRF cookie
        status, _, _ = self.post("/login/", {"username": username, "password": password})
        if status != 302:
            raise RuntimeError(f"signing in as {username} answered {status}")

    def account_use(self, code: str) -> None:
        status, _, _ = self.post("/accounts/switch/", {"account": code, "next": "/"})
        if status != 302:
            raise RuntimeError(f"switching account answered {status}")

    def export(self, query: str, until: float | None = None, timed=None, poll_s: float = EXPORT_POLL_S) -> float | None:
        """Asks for an export of the status list with `query`, polls its page every `poll_s` (as
        the browser does, by default) until the file is written, and downloads it. `timed(label, status, ms)` is told each
        request ("export: ask", "export: progress", "export: download"). Returns the seconds from
        asking to the file being ready, or None when it was not ready by `until` (monotonic) or a
        request failed."""
        timed = timed or (lambda label, status, ms: None)
        status, _, elapsed = self.post(f"/invoices/status/export/?{query}", {})
        timed("export: ask", 302 if status == 302 else status, elapsed)
        if status != 302:
            return None
        page = self.headers["Location"]
        asked = time.monotonic()
        while True:
            status, content, elapsed = self.get(page, **{"HX-Request": "true"})
            timed("export: progress", status, elapsed)
            found = re.search(rb'href="([^"]+/download)"', content)
            if status != 200 or b"text-danger" in content:
                return None
            if found:
                ready = time.monotonic() - asked
                break
            if until is not None and time.monotonic() + poll_s > until:
                return None
            time.sleep(poll_s)
        status, _, elapsed = self.get(found.group(1).decode())
        timed("export: download", status, elapsed)
        return ready if status == 200 else None
