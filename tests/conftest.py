"""Shared test fixtures: a real HTTP server on 127.0.0.1, temporary project folders, a guard
that fails any connection leaving the machine."""

from __future__ import annotations

import ctypes
import hashlib
import ipaddress
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LAST_MODIFIED = 1_700_000_000  # what the test server says its pages' Last-Modified is
# PostgreSQL and Redis servers the tests start themselves (skipped when not installed)
pytest_plugins = ("tests.servers",)


@dataclass
class Route:
    """What the test server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # send ETag and Last-Modified and answer If-None-Match with 304 (True); send Last-Modified
    # only and answer If-Modified-Since with 304 ("last-modified"); send neither (False)
    validators: bool | Literal["last-modified"] = True
    # a handler that writes the whole response itself, for misbehaving servers
    raw: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Hit:
    path: str
    status: int
    headers: dict[str, str]


class LoopbackSite:
    """Routes and a request log, shared by the server thread and the test."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.base_url = ""

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, body: bytes | str = b"", **kwargs: Any) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)
        return self.url(path)

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def reset(self) -> None:
        with self.lock:
            self.routes.clear()
            self.hits.clear()


class _Handler(BaseHTTPRequestHandler):
    site: LoopbackSite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        route = self.site.routes.get(path)
        if route is not None and route.raw is not None:
            self._record(path, 0)
            route.raw(self)
            return
        if route is None:
            route = Route(body=b"not found", status=404, content_type="text/plain")
        status, body = route.status, route.body
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.validators == "last-modified" and status == 200:
            headers["Last-Modified"] = formatdate(LAST_MODIFIED, usegmt=True)
            since = self.headers.get("If-Modified-Since")
            when = parsedate_to_datetime(since).timestamp() if since else None
            if when is not None and when >= LAST_MODIFIED:
                status, body = 304, b""
        elif route.validators and status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = formatdate(LAST_MODIFIED, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        self._record(path, status)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def _record(self, path: str, status: int) -> None:
        with self.site.lock:
            self.site.hits.append(Hit(path, status, dict(self.headers.items())))


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[LoopbackSite]:
    """A `LoopbackSite` served from a thread on ``host`` (a loopback address), port 0."""
    site = LoopbackSite()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    site.base_url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def _server() -> Iterator[LoopbackSite]:
    with serving() as site:
        yield site


@pytest.fixture
def site(_server: LoopbackSite) -> Iterator[LoopbackSite]:
    """The loopback web server, with no routes."""
    _server.reset()
    yield _server
    _server.reset()


LOOPBACK_NAMES = frozenset({"localhost"})


def _is_loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _may_resolve(host: object) -> bool:
    """Only loopback names and address literals: a lookup of any other name would ask the
    system's resolver, off this machine."""
    if host is None:
        return True
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    if name in LOOPBACK_NAMES:  # answered from /etc/hosts
        return True
    try:
        ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return False
    return True  # a literal needs no resolver; connecting to it is checked on its own


def _not_resolved(host: object) -> socket.gaierror:
    return socket.gaierror(
        socket.EAI_NONAME, f"Name or service not known: {host!r} (tests resolve loopback only)"
    )


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything connects to an address off this machine, and answer every name
    lookup that is not for a loopback name as "not found" without asking a resolver (so a
    DNS failure is simulated here, at the resolver's seam)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family == socket.AF_UNIX:
            return
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host == "localhost" or _is_loopback_address(host)):
            raise OSError(f"tests may not connect to {host!r}: only loopback addresses")

    def connect(self: socket.socket, address: Any) -> Any:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        check(self, address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> Any:
        check(self, args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _may_resolve(host):
            raise _not_resolved(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        if not _may_resolve(host):
            raise _not_resolved(host)
        return real_gethostbyname(host)

    def gethostbyname_ex(host: str) -> Any:
        if not _may_resolve(host):
            raise _not_resolved(host)
        return real_gethostbyname_ex(host)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "gethostbyname", gethostbyname)
    monkeypatch.setattr(socket, "gethostbyname_ex", gethostbyname_ex)


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """Write a feeds.yaml into a fresh folder; return its path."""

    def make(text: str) -> Path:
        path = tmp_path / "feeds.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def require_program(path: str, package: str) -> None:
    """Skip when a system program is missing on a developer's machine; fail in CI, where
    .ci/run installs it, so a missing install step never passes as a skip."""
    if os.access(path, os.X_OK):
        return
    message = f"{path} is not installed (apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_chromium() -> str:
    """The Chromium feedsmith would drive (`feedsmith.browser.chromium_path`); skip (or, in CI,
    fail) when there is none."""
    from feedsmith.browser import chromium_path

    path = chromium_path()
    if path is not None and os.access(path, os.X_OK):
        return path
    message = "Chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _drop_root_powers() -> None:  # pragma: no cover - runs in the child, before exec
    """As root, drop the capabilities that ignore file permissions (from the bounding set:
    they are gone after exec), so a read-only folder is read-only for the child too."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_unprivileged(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command for which file permissions hold, even when the tests run as root."""
    return subprocess.run(
        args, preexec_fn=_drop_root_powers, capture_output=True, text=True, check=False, **kwargs
    )
