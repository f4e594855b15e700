"""The browser's proxy (`feedsmith.browserproxy`) on its own, spoken to over a socket as
Chromium speaks to it: plain HTTP in absolute form, and ``CONNECT`` tunnels (HTTPS, WebSockets).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from feedsmith import netguard
from feedsmith.browserproxy import GuardProxy
from tests.conftest import LoopbackSite, serving
from tests.test_proxy_guard import ForwardProxy, resolving

PUBLIC = netguard.Origin(url="https://example.org/", private=False)


@pytest.fixture
def admin(site: LoopbackSite) -> LoopbackSite:
    site.add("/admin", "INSIDE")
    return site


def exchange(proxy: GuardProxy, data: bytes) -> bytes:
    host, port = proxy.address.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def public_proxy() -> Iterator[GuardProxy]:
    with GuardProxy(PUBLIC, timeout=10) as proxy:
        yield proxy


def test_plain_http_to_an_internal_address_is_refused(
    admin: LoopbackSite, public_proxy: GuardProxy
) -> None:
    url = admin.url("/admin")
    answer = exchange(public_proxy, f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert b"internal address (127.0.0.1)" in answer
    assert admin.hits_for("/admin") == []
    assert public_proxy.failure(url) is not None


@pytest.mark.parametrize("host", ["localhost", "2130706433", "[::ffff:127.0.0.1]"])
def test_a_tunnel_to_an_internal_address_is_refused(
    admin: LoopbackSite, public_proxy: GuardProxy, host: str
) -> None:
    port = admin.base_url.rsplit(":", 1)[1]
    answer = exchange(public_proxy, f"CONNECT {host}:{port} HTTP/1.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 403 ")
    assert b"internal address" in answer


def test_a_private_origin_reaches_its_own_addresses_one_request_per_connection(
    admin: LoopbackSite,
) -> None:
    private = netguard.origin_of(admin.url("/list"))
    with GuardProxy(private, timeout=10) as proxy:
        url = admin.url("/admin")
        # a second request on the same connection is never forwarded: each is checked anew
        request = f"GET {url} HTTP/1.1\r\nHost: x\r\nProxy-Connection: keep-alive\r\n\r\n"
        answer = exchange(proxy, (request + request).encode())
        assert answer.startswith(b"HTTP/1.0 200 ") or answer.startswith(b"HTTP/1.1 200 ")
        assert answer.endswith(b"INSIDE") and answer.count(b"INSIDE") == 1
        assert b"\r\nConnection: close\r\n" in answer
        assert len(admin.hits_for("/admin")) == 1
        assert admin.hits_for("/admin")[0].headers.get("Connection") == "close"
        assert "Proxy-Connection" not in admin.hits_for("/admin")[0].headers

        port = admin.base_url.rsplit(":", 1)[1]
        tunnel = f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n\r\nGET /admin HTTP/1.1\r\n"
        answer = exchange(proxy, (tunnel + "Host: x\r\nConnection: close\r\n\r\n").encode())
        assert answer.startswith(b"HTTP/1.1 200 Connection established\r\n\r\n")
        assert answer.endswith(b"INSIDE")


def test_what_is_not_a_proxy_request_is_refused(public_proxy: GuardProxy) -> None:
    for request in (b"GET /relative HTTP/1.1\r\n\r\n", b"GET file:///etc/passwd HTTP/1.1\r\n\r\n"):
        assert exchange(public_proxy, request).startswith(b"HTTP/1.1 400 ")


def test_an_unreachable_site_is_named(public_proxy: GuardProxy) -> None:
    with netguard.treat_as_public("127.0.0.2"):
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
            port = s.getsockname()[1]  # nothing listens there once closed
        url = f"http://127.0.0.2:{port}/"
        answer = exchange(public_proxy, f"GET {url} HTTP/1.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 502 ")
    assert public_proxy.failure(url) == "connection refused"


# --- behind the user's own proxy ----------------------------------------------------------------


@pytest.fixture
def user_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    forward = ForwardProxy({"rebind2.test": "127.0.0.1"})
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, forward.url.replace("://", "://user:p%40ss@"))
    yield forward
    forward.close()


def test_behind_the_users_proxy_a_tunnel_goes_to_the_address_checked_here(
    user_proxy: ForwardProxy, public_proxy: GuardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """feedsmith resolves rebind2.test to 127.0.0.2 (public here), the user's proxy would
    resolve it to 127.0.0.1: the tunnel is asked for by the address feedsmith checked."""
    resolving(monkeypatch, "rebind2.test", "127.0.0.2")
    with serving("127.0.0.2") as outside, netguard.treat_as_public("127.0.0.2"):
        outside.add("/story", "OUTSIDE")
        port = outside.base_url.rsplit(":", 1)[1]
        tunnel = f"CONNECT rebind2.test:{port} HTTP/1.1\r\n\r\n"
        inner = "GET /story HTTP/1.1\r\nHost: rebind2.test\r\nConnection: close\r\n\r\n"
        answer = exchange(public_proxy, (tunnel + inner).encode())
    assert answer.startswith(b"HTTP/1.1 200 Connection established\r\n\r\n")
    assert answer.endswith(b"OUTSIDE")
    assert user_proxy.asked == [f"CONNECT 127.0.0.2:{port} HTTP/1.1"]
    assert user_proxy.connected == [f"127.0.0.2:{port}"]
    assert user_proxy.heads[0].get("Proxy-Authorization") == "Basic dXNlcjpwQHNz"  # user:p@ss


def test_behind_the_users_proxy_plain_http_names_the_address_checked_here(
    user_proxy: ForwardProxy, public_proxy: GuardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for tunnels: the user's proxy would resolve rebind2.test to 127.0.0.1, feedsmith
    resolves it to 127.0.0.2; the forwarded request names 127.0.0.2, Host keeps the name."""
    resolving(monkeypatch, "rebind2.test", "127.0.0.2")
    with serving("127.0.0.2") as outside, netguard.treat_as_public("127.0.0.2"):
        outside.add("/story", "OUTSIDE")
        port = outside.base_url.rsplit(":", 1)[1]
        request = f"GET http://rebind2.test:{port}/story HTTP/1.1\r\nHost: rebind2.test:{port}"
        answer = exchange(public_proxy, f"{request}\r\n\r\n".encode())
        assert outside.hits_for("/story")[0].headers["Host"] == f"rebind2.test:{port}"
    assert answer.endswith(b"OUTSIDE")
    assert user_proxy.asked == [f"GET http://127.0.0.2:{port}/story HTTP/1.1"]
    assert user_proxy.connected == [f"127.0.0.2:{port}"]


def test_behind_the_users_proxy_a_name_unknown_here_is_refused(
    user_proxy: ForwardProxy, public_proxy: GuardProxy
) -> None:
    for request in ("CONNECT rebind2.test:443 HTTP/1.1", "GET http://rebind2.test/x HTTP/1.1"):
        answer = exchange(public_proxy, f"{request}\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 403 "), answer
        assert b"cannot resolve rebind2.test here" in answer
    assert user_proxy.asked == []


def test_behind_the_users_proxy_plain_http_is_forwarded_whole(
    admin: LoopbackSite, user_proxy: ForwardProxy
) -> None:
    with GuardProxy(netguard.origin_of(admin.url("/list")), timeout=10) as proxy:
        url = admin.url("/admin")
        answer = exchange(proxy, f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.endswith(b"INSIDE")
    assert user_proxy.asked == [f"GET {url} HTTP/1.1"]
    assert user_proxy.heads[0].get("Proxy-Authorization") == "Basic dXNlcjpwQHNz"
