"""The URL-origin rule behind the user's HTTP proxy (``HTTP_PROXY`` / ``HTTPS_PROXY``).

Through a proxy, feedsmith never connects to the site: the proxy resolves the name and
connects. So a name must resolve *here* to be checked (one that does not is refused, bar the
feed's own host), and an HTTPS tunnel is asked for by the address checked here, never by the
name: a proxy whose resolver answers otherwise (DNS rebinding, or a resolver of its own that
knows the inside) cannot be led inside.

The proxy is a small forward proxy on loopback with a resolver of its own (``rebind.test`` is
127.0.0.1 for it); feedsmith's resolver is the system's seam, where the tests answer loopback
names only, and where one test makes ``rebind2.test`` resolve to 127.0.0.2 (public for the test).
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from feedsmith import netguard
from feedsmith.errors import FetchError
from feedsmith.fetch import Fetcher, RequestOptions
from tests.conftest import LoopbackSite

PUBLIC = netguard.Origin(url="https://news.example/list", private=False)
OPTIONS = RequestOptions(user_agent="t", robots=False, keep=False)


class ForwardProxy:
    """CONNECT and absolute-form GET, resolving names from its own table; logs where it
    connected."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.connected: list[str] = []  # "address:port" of every connection it made
        self.asked: list[str] = []  # the request lines it got
        self.heads: list[dict[str, str]] = []  # and their header fields
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: Any) -> None:
        line = handler.rfile.readline().decode("latin-1").strip()
        self.asked.append(line)
        head = [line]
        while (field := handler.rfile.readline()) not in (b"\r\n", b"\n", b""):
            head.append(field.decode("latin-1").strip())
        self.heads.append(dict(f.split(": ", 1) for f in head[1:] if ": " in f))
        method, target, _ = line.split(" ", 2)
        parts = urlsplit("//" + target) if method == "CONNECT" else urlsplit(target)
        host = parts.hostname or ""
        address = self.names.get(host, host)
        port = parts.port or 80
        self.connected.append(f"{address}:{port}")
        try:
            upstream = socket.create_connection((address, port), timeout=5)
        except OSError:
            handler.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with upstream:
            if method == "CONNECT":
                handler.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _tunnel(handler.connection, upstream)
                return
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            fields = [f for f in head[1:] if not f.lower().startswith(("connection", "proxy-"))]
            request = "\r\n".join([f"{method} {path} HTTP/1.1", *fields, "Connection: close"])
            upstream.sendall(request.encode("latin-1") + b"\r\n\r\n")
            while chunk := upstream.recv(65536):
                handler.wfile.write(chunk)


def _tunnel(client: socket.socket, upstream: socket.socket) -> None:
    def copy(source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)

    back = threading.Thread(target=copy, args=(upstream, client), daemon=True)
    back.start()
    copy(client, upstream)
    back.join(timeout=10)


def resolving(monkeypatch: pytest.MonkeyPatch, name: str, address: str) -> None:
    """feedsmith's resolver (the system's, at its seam) answers ``address`` for ``name``."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == name:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


class _Where(BaseHTTPRequestHandler):
    """Answers which address served ("OUTSIDE" for 127.0.0.2) and the Host asked for."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        where = "OUTSIDE" if self.server.server_address[0] == "127.0.0.2" else "INSIDE"
        body = f"{where} {self.headers.get('Host')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def plain_site(hosts: tuple[str, ...]) -> Iterator[int]:
    """`_Where` over plain HTTP on each of ``hosts``, one port for all; yields the port."""
    servers = _on_one_port(hosts, _Where)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield servers[0].server_address[1]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@contextmanager
def tls_site(
    tmp_path: Path, name: str, hosts: tuple[str, ...] = ("127.0.0.2",)
) -> Iterator[tuple[int, Path]]:
    """HTTPS servers on ``hosts``, all on one port, with a certificate for ``name`` alone
    (self-signed by openssl), answering which address served and the Host asked for (keeping
    connections open); yields the port and the certificate, to trust as the CA."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}"),
            *("-addext", f"subjectAltName=DNS:{name}"),
        ],
        check=True,
        capture_output=True,
    )

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    servers = _on_one_port(hosts, _Where)
    for server in servers:
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield servers[0].server_address[1], cert
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _on_one_port(hosts: tuple[str, ...], handler: Any) -> list[ThreadingHTTPServer]:
    """Servers on each of ``hosts`` with the same free port (tried until one is free on all)."""
    for _attempt in range(50):
        first = ThreadingHTTPServer((hosts[0], 0), handler)
        servers = [first]
        try:
            for host in hosts[1:]:
                servers.append(ThreadingHTTPServer((host, first.server_address[1]), handler))
        except OSError:
            for server in servers:
                server.server_close()
            continue
        return servers
    raise OSError("no port free on every address")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    forward = ForwardProxy({"rebind.test": "127.0.0.1", "rebind2.test": "127.0.0.1"})
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, forward.url)
    yield forward
    forward.close()


@pytest.fixture
def inside(site: LoopbackSite) -> LoopbackSite:
    site.add("/admin", "INSIDE")
    return site


@pytest.fixture
def fetcher(tmp_path: Path) -> Iterator[Fetcher]:
    fetcher = Fetcher(tmp_path / "state")
    yield fetcher
    fetcher.close()


def test_a_name_that_does_not_resolve_here_is_not_handed_to_the_proxy(
    inside: LoopbackSite, proxy: ForwardProxy, fetcher: Fetcher
) -> None:
    port = inside.base_url.rsplit(":", 1)[1]
    for scheme in ("http", "https"):
        url = f"{scheme}://rebind.test:{port}/admin"
        with pytest.raises(FetchError, match=r"cannot resolve rebind\.test here"):
            fetcher.fetch(url, OPTIONS, origin=PUBLIC, trusted=False)
    assert proxy.connected == []
    assert inside.hits_for("/admin") == []


def test_a_tunnel_is_asked_for_by_the_address_checked_here(
    tmp_path: Path,
    proxy: ForwardProxy,
    fetcher: Fetcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """feedsmith resolves rebind2.test to a public address, the proxy to 127.0.0.1: the
    tunnel goes where feedsmith checked, and TLS still checks the certificate by name."""
    resolving(monkeypatch, "rebind2.test", "127.0.0.2")
    with tls_site(tmp_path, "rebind2.test") as (port, cert), netguard.treat_as_public("127.0.0.2"):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        url = f"https://rebind2.test:{port}/story"
        page = fetcher.fetch(url, OPTIONS, origin=PUBLIC, trusted=False)
    assert page.text == f"OUTSIDE rebind2.test:{port}"
    assert proxy.asked == [f"CONNECT 127.0.0.2:{port} HTTP/1.0"]
    assert proxy.connected == [f"127.0.0.2:{port}"]


def test_plain_http_is_forwarded_to_the_address_checked_here_with_the_name_as_host(
    proxy: ForwardProxy, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy forwards ``GET http://name/...`` by resolving the name itself: feedsmith
    resolves rebind2.test to a public address, the proxy to 127.0.0.1 (the inside). The
    request names the address checked here; the site is still asked for by name (Host), and
    every redirect hop is pinned the same way."""
    resolving(monkeypatch, "rebind2.test", "127.0.0.2")
    with plain_site(("127.0.0.2", "127.0.0.1")) as port, netguard.treat_as_public("127.0.0.2"):
        url = f"http://rebind2.test:{port}/story#part"
        page = fetcher.fetch(url, OPTIONS, origin=PUBLIC, trusted=False)
    assert page.text == f"OUTSIDE rebind2.test:{port}"
    assert proxy.asked == [f"GET http://127.0.0.2:{port}/story HTTP/1.1"]
    assert proxy.heads[0]["Host"] == f"rebind2.test:{port}"
    assert proxy.connected == [f"127.0.0.2:{port}"]


def test_a_tunnel_kept_from_a_feed_that_may_go_anywhere_is_not_reused_for_content(
    tmp_path: Path,
    proxy: ForwardProxy,
    fetcher: Fetcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One session serves every feed. An intranet feed's tunnel, asked for by name (the
    proxy resolved it inside), is not handed to a public feed's content naming the same host:
    that one gets its own tunnel, to the address checked here."""
    resolving(monkeypatch, "rebind2.test", "127.0.0.2")
    hosts = ("127.0.0.2", "127.0.0.1")
    with tls_site(tmp_path, "rebind2.test", hosts) as (port, cert):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        url = f"https://rebind2.test:{port}/story"
        intranet = netguard.Origin(url=url, private=True)
        assert fetcher.fetch(url, OPTIONS, origin=intranet).text.startswith("INSIDE")
        with netguard.treat_as_public("127.0.0.2"):
            page = fetcher.fetch(url, OPTIONS, origin=PUBLIC, trusted=False)
    assert page.text == f"OUTSIDE rebind2.test:{port}"
    assert proxy.asked == [
        f"CONNECT rebind2.test:{port} HTTP/1.0",
        f"CONNECT 127.0.0.2:{port} HTTP/1.0",
    ]


def test_the_feeds_own_host_goes_to_the_proxy_as_written(
    inside: LoopbackSite, proxy: ForwardProxy, fetcher: Fetcher
) -> None:
    """What the user wrote is the user's: a host only the proxy knows is fine for the feed's
    own URL (here the proxy's table leads it to a page on loopback)."""
    port = inside.base_url.rsplit(":", 1)[1]
    url = f"http://rebind.test:{port}/admin"
    page = fetcher.fetch(url, OPTIONS, origin=netguard.Origin(url=url, private=False))
    assert page.text == "INSIDE"
    assert proxy.connected == [f"127.0.0.1:{port}"]
