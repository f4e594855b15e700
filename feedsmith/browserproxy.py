"""A forward proxy on 127.0.0.1 through which headless Chromium makes every connection.

Chromium resolves names and follows redirects by itself, out of feedsmith's reach: checking a
URL before the browser asks for it cannot see the hops of a redirect, nor the address a name
resolves to when the browser connects (DNS rebinding). Given this proxy (``--proxy-server``,
loopback included), the browser hands every connection to feedsmith instead: each request and
each redirect hop (plain HTTP), each tunnel (``CONNECT`` for HTTPS and WebSockets) is opened by
`netguard.connect`, which resolves the name here, connects only to addresses the feed's origin
allows and checks the peer it got. TLS stays end to end between Chromium and the site.

Plain HTTP is forwarded one request per connection (``Connection: close`` both ways), so a
connection the browser keeps open can never carry a request to another host past the check.
What was refused or unreachable is kept per ``host:port`` (`failure`), for the error message.

Behind the user's own HTTP proxy (``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY``, as for plain
fetches), connections go on through it: a tunnel is asked for by the address checked here
(`netguard.proxy_target`), and plain HTTP names that address in its URL, the site still
asked for by name (``Host``), as for the fetcher.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import selectors
import socket
import socketserver
import threading
from types import TracebackType
from urllib.parse import unquote, urlsplit

from requests.utils import get_environ_proxies, select_proxy

from feedsmith import netguard

log = logging.getLogger(__name__)

_MAX_HEAD = 64 * 1024
_HOP_BY_HOP = frozenset(
    {b"connection", b"proxy-connection", b"keep-alive", b"proxy-authorization", b"upgrade"}
)
_CHUNK = 64 * 1024


class _BadRequest(Exception):
    pass


class GuardProxy:
    """``with GuardProxy(origin, timeout=...) as proxy:`` then ``proxy.address`` for Chromium."""

    def __init__(
        self, origin: netguard.Origin | None, *, timeout: float, feed_id: str = ""
    ) -> None:
        self.origin = origin
        self.timeout = timeout
        self.feed_id = feed_id
        self._failures: dict[str, str] = {}
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._server: socketserver.ThreadingTCPServer | None = None

    @property
    def address(self) -> str:
        assert self._server is not None, "use GuardProxy as a context manager"
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def failure(self, url: str) -> str | None:
        """Why the proxy did not connect to the host of ``url`` (refused by the origin rule,
        or unreachable), or None."""
        try:
            parts = urlsplit(url)
            key = _key(parts.hostname or "", parts.port or _DEFAULT_PORTS.get(parts.scheme, 80))
        except ValueError:
            return None
        with self._lock:
            return self._failures.get(key)

    def __enter__(self) -> GuardProxy:
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.request)

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        threading.Thread(target=server.serve_forever, name="browser-proxy", daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            still_open, self._open = list(self._open), set()
        for sock in still_open:
            _close(sock)

    def _track(self, sock: socket.socket, on: bool) -> None:
        with self._lock:
            if on:
                self._open.add(sock)
            else:
                self._open.discard(sock)

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(self.timeout)
        self._track(client, True)
        try:
            try:
                head, rest = _read_head(client)
                method, host, port, head, absolute = _target(head)
            except (_BadRequest, OSError, UnicodeDecodeError, ValueError):
                _answer(client, 400, "Bad Request", "not a request this proxy forwards")
                return
            scheme = "https" if method == "CONNECT" else "http"
            onward = select_proxy(
                f"{scheme}://{_authority(host, port)}/",
                get_environ_proxies(f"{scheme}://{_authority(host, port)}/"),
            )
            try:
                if onward is None:
                    upstream = netguard.connect(host, port, self.origin, self.timeout)
                else:
                    target = netguard.proxy_target(host, port, self.origin)
                    upstream = _through(onward, method, target, port, self.timeout)
                    if method != "CONNECT":  # a forwarding proxy takes the whole URL
                        whole = absolute if target == host else _naming(absolute, target)
                        head = whole[:-2] + _proxy_auth(onward) + b"\r\n"
            except netguard.Refused as exc:
                self._failed(host, port, str(exc))
                log.warning("feed=%s browser request to %s:%s %s", self.feed_id, host, port, exc)
                _answer(client, 403, "Forbidden", str(exc))
                return
            except OSError as exc:
                self._failed(host, port, _unreachable(host, exc))
                _answer(client, 502, "Bad Gateway", _unreachable(host, exc))
                return
            self._track(upstream, True)
            try:
                upstream.settimeout(self.timeout)
                if method == "CONNECT":
                    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    _pipe(client, upstream, rest, b"", self.timeout)
                else:
                    _forward(client, upstream, head + rest, self.timeout)
            finally:
                self._track(upstream, False)
                _close(upstream)
        finally:
            self._track(client, False)
            _close(client)

    def _failed(self, host: str, port: int, reason: str) -> None:
        with self._lock:
            self._failures[_key(host, port)] = reason


_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _key(host: str, port: int) -> str:
    return f"{host.lower().strip('[]')}:{port}"


def _unreachable(host: str, exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host {host}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "could not connect in time"
    return f"cannot connect to {host} ({exc.strerror or exc})"


def _read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    """The request head (up to its blank line) and what came after it."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > _MAX_HEAD:
            raise _BadRequest("request head too long")
        chunk = sock.recv(_CHUNK)
        if not chunk:
            raise _BadRequest("connection closed before the request")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _through(proxy: str, method: str, host: str, port: int, timeout: float) -> socket.socket:
    """A connection through the user's HTTP proxy: a tunnel to ``host`` (CONNECT), or a
    connection to the proxy for it to forward plain HTTP. Raises `OSError`."""
    parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    if parts.scheme != "http" or not parts.hostname:
        raise OSError(f"only http:// proxies are supported for the browser, not {proxy}")
    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
    if method != "CONNECT":
        return sock
    authority = _authority(host, port)
    request = f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n".encode("ascii")
    try:
        sock.sendall(request + _proxy_auth(proxy) + b"\r\n")
        answer, _ = _read_head(sock)
        status = answer.split(b" ", 2)[1] if answer.count(b" ") >= 1 else b""
        if status != b"200":
            first = answer.split(b"\r\n", 1)[0].decode("latin-1")
            raise OSError(f"the proxy {parts.hostname} refused the tunnel: {first}")
    except (OSError, _BadRequest) as exc:
        sock.close()
        raise OSError(str(exc)) from exc
    return sock


def _proxy_auth(proxy: str) -> bytes:
    """The ``Proxy-Authorization`` line for the user and password in the proxy's URL."""
    parts = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    if parts.username is None:
        return b""
    user = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return b"Proxy-Authorization: Basic " + base64.b64encode(user) + b"\r\n"


def _target(head: bytes) -> tuple[str, str, int, bytes, bytes]:
    """Method, host and port a request is for; for plain HTTP, its head rewritten for the
    site (origin-form target, one request per connection) and for a forwarding proxy
    (absolute form, the same fields)."""
    first, _, fields = head.partition(b"\r\n")
    method, target, version = first.decode("ascii").split(" ")
    if method == "CONNECT":
        parts = urlsplit("//" + target)
        if not parts.hostname or parts.port is None:
            raise _BadRequest(target)
        return method, parts.hostname, parts.port, b"", b""
    parts = urlsplit(target)
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise _BadRequest(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kept = [
        line
        for line in fields.split(b"\r\n")
        if line and line.split(b":", 1)[0].strip().lower() not in _HOP_BY_HOP
    ]
    tail = [*kept, b"Connection: close"]
    site = b"\r\n".join([f"{method} {path} {version}".encode("ascii"), *tail]) + b"\r\n\r\n"
    whole = b"\r\n".join([f"{method} {target} {version}".encode("ascii"), *tail]) + b"\r\n\r\n"
    return method, parts.hostname, parts.port or 80, site, whole


def _naming(whole: bytes, address: str) -> bytes:
    """A forwarding proxy's request (absolute form) naming ``address`` in place of the URL's
    host, so the proxy cannot resolve the name elsewhere; the name stays in ``Host``."""
    first, _, rest = whole.partition(b"\r\n")
    method, url, version = first.decode("ascii").split(" ")
    parts = urlsplit(url)
    shown = f"[{address}]" if ":" in address else address
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    line = f"{method} {parts._replace(netloc=netloc).geturl()} {version}".encode("ascii")
    fields = rest.split(b"\r\n")
    if not any(f.split(b":", 1)[0].strip().lower() == b"host" for f in fields):
        rest = b"Host: " + parts.netloc.rpartition("@")[2].encode("ascii") + b"\r\n" + rest
    return line + b"\r\n" + rest


def _forward(client: socket.socket, upstream: socket.socket, request: bytes, idle: float) -> None:
    """One plain HTTP exchange: the request out, the answer back with ``Connection: close``
    (the browser opens a new connection, so a new check, for its next request)."""
    upstream.sendall(request)
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = upstream.recv(_CHUNK)
        if not chunk or len(answer) > _MAX_HEAD:
            client.sendall(answer)
            return
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    first, _, fields = head.partition(b"\r\n")
    kept = [
        line
        for line in fields.split(b"\r\n")
        if line and line.split(b":", 1)[0].strip().lower() not in _HOP_BY_HOP
    ]
    client.sendall(b"\r\n".join([first, *kept, b"Connection: close"]) + b"\r\n\r\n")
    _pipe(client, upstream, b"", body, idle)


def _pipe(
    client: socket.socket,
    upstream: socket.socket,
    to_upstream: bytes,
    to_client: bytes,
    idle: float,
) -> None:
    """Bytes both ways until both sides are done, or nothing moves for ``idle`` seconds."""
    if to_upstream:
        upstream.sendall(to_upstream)
    if to_client:
        client.sendall(to_client)
    with selectors.DefaultSelector() as selector:
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        open_sides = 2
        while open_sides:
            events = selector.select(idle)
            if not events:
                return
            for key, _ in events:
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                target: socket.socket = key.data
                try:
                    data = source.recv(_CHUNK)
                except OSError:
                    data = b""
                if not data:
                    selector.unregister(source)
                    open_sides -= 1
                    if source is upstream:
                        return  # the site is done: so is this connection
                    with contextlib.suppress(OSError):
                        target.shutdown(socket.SHUT_WR)
                    continue
                try:
                    target.sendall(data)
                except OSError:
                    return


def _answer(client: socket.socket, status: int, phrase: str, reason: str) -> None:
    body = reason.encode("utf-8", "replace")
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):
        client.sendall(head.encode("ascii") + body)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.close()
