"""Where a URL found in fetched content may lead: the URL-origin rule.

A URL the user wrote in feeds.yaml may be anything the README documents: ``file://``, a relative
path, a local address. A URL that comes from fetched content (an item's link read for full
text, a ``next`` link, ``<base href>``, a sitemap's ``<loc>``, a feed entry's link, a JSON
``next``, a redirect) may only be http(s), and may only reach a loopback, private, link-local or
otherwise non-public address when the feed's own configured URL is on such an address (its
`Origin`).

Two checks, both needed:

- `check_url`, before a request: the scheme, and a host written as an address in any of its
  numeric forms (``127.0.0.1``, ``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]``);
- the connection itself (`GuardedHTTPConnection`, mounted in the fetcher's HTTP adapter): the
  host name is resolved here, only allowed addresses are connected to, and the address actually
  connected to is checked again, for every redirect hop and every reused connection. A name
  that resolves to an internal address (``localhost``, ``intranet.example``, DNS rebinding) is
  refused there.

The origin in force is kept per thread (`guarding`), because one HTTP session serves every feed.
Tests mark a second loopback address as public with `treat_as_public`, to exercise the rule on
loopback without the internet.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

__all__ = [
    "GuardedHTTPConnection",
    "GuardedHTTPSConnection",
    "Origin",
    "Refused",
    "check_url",
    "connect",
    "current",
    "guarding",
    "is_public",
    "literal_address",
    "origin_of",
    "proxy_target",
    "treat_as_public",
]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

PUBLISHABLE_SCHEMES = ("http", "https")
LOCAL_FILE = "refused: link points to a local file"
# how long the addresses of a feed's own host are remembered when judging its origin
_RESOLVED_FOR = 60.0
# a host written as an IPv4 address in the forms inet_aton accepts: 2130706433, 0x7f.1, 0177.0.0.1
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# IPv6 ranges no public host is on that Python counts as global: IPv4-compatible (::a.b.c.d,
# deprecated, tunnelled to the IPv4 address where a sit interface is up), IPv4-translated
# (::ffff:0:a.b.c.d, SIIT) and local-use NAT64 (RFC 8215: translated to any IPv4 address,
# internal ones included)
_NOT_PUBLIC_V6 = (
    ipaddress.ip_network("::/96"),
    ipaddress.ip_network("::ffff:0:0:0/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)


class Refused(Exception):
    """A URL or connection the origin rule does not allow; the message says why.

    Deliberately not an `OSError`: urllib3 and requests would take it for a network failure and
    retry it or wrap it beyond recognition.
    """


@dataclass(frozen=True, slots=True)
class Origin:
    """What content read for one feed may reach."""

    # the feed's own configured URL (or the first of them)
    url: str
    # the configured URL is a local file or on a non-public address: content may reach
    # non-public addresses too (never local files)
    private: bool


_public_for_tests: set[Address] = set()
_state = threading.local()
_resolved: dict[str, tuple[float, tuple[Address, ...]]] = {}
_resolved_lock = threading.Lock()


@contextmanager
def treat_as_public(*addresses: str) -> Iterator[None]:
    """Count these addresses as public while the block runs: the tests' hook for exercising the
    rule on a second loopback address (say 127.0.0.2 as "the internet", 127.0.0.1 as "inside")."""
    added = {ipaddress.ip_address(a) for a in addresses} - _public_for_tests
    _public_for_tests.update(added)
    try:
        yield
    finally:
        _public_for_tests.difference_update(added)


def is_public(address: Address) -> bool:
    """True for an address on the public internet; loopback, private, link-local, shared,
    reserved, multicast and unspecified addresses are not (nor IPv6 forms embedding them)."""
    if address in _public_for_tests:
        return True
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
        )
        if embedded is not None:
            return is_public(embedded)
        if any(address in network for network in _NOT_PUBLIC_V6):
            return False
        sixtofour = address.sixtofour
        if sixtofour is not None and not is_public(sixtofour):
            return False
        teredo = address.teredo
        if teredo is not None and not is_public(teredo[1]):
            return False
    return address.is_global and not address.is_multicast


def literal_address(host: str) -> Address | None:
    """The address a URL's host names when it is written as one, in any form a resolver
    accepts (dotted, one number, hex, octal, IPv6 with or without brackets); else None."""
    host = host.strip().strip("[]")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _resolve(host: str, port: int | None = None) -> tuple[Address, ...]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    literal = literal_address(host)
    if literal is not None:
        return (literal,)
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    found: list[Address] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        try:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        except ValueError:
            continue
        if address not in found:
            found.append(address)
    return tuple(found)


def origin_of(*configured: str) -> Origin:
    """The origin of a feed from the URLs the user configured (the first is its URL): private
    when any of them is a local file or on a non-public address."""
    return Origin(url=configured[0], private=any(_is_private_place(u) for u in configured))


def _is_private_place(url: str) -> bool:
    if url.startswith("file:") or "://" not in url:
        return True
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    return any(not is_public(a) for a in _resolve_cached(host))


def _resolve_cached(host: str) -> tuple[Address, ...]:
    """`_resolve`, remembered for a minute (for judging origins and browser requests)."""
    now = time.monotonic()
    with _resolved_lock:
        cached = _resolved.get(host)
    if cached is None or now - cached[0] > _RESOLVED_FOR:
        cached = (now, _resolve(host))
        with _resolved_lock:
            if len(_resolved) > 4096:
                _resolved.clear()
            _resolved[host] = cached
    return cached[1]


def check_url(url: str, origin: Origin, *, resolve: bool = False) -> str | None:
    """Why content may not lead to ``url`` (``refused: ...``), or None when it may.

    Checks the scheme and a host written as an address; with ``resolve``, also the addresses
    a host name resolves to (for fetches the connection check cannot see, as a browser's).
    """
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        _port = parts.port  # reading it checks it: ValueError for a port that is not one
    except ValueError:
        return "refused: not a valid URL"
    if scheme == "file" or not scheme or (len(scheme) == 1 and scheme.isalpha()):
        return LOCAL_FILE  # file:, a bare path, a Windows drive letter
    if scheme not in PUBLISHABLE_SCHEMES:
        return f"refused: link is not http(s) but {scheme}:"
    if not host:
        return "refused: link has no host"
    if origin.private:
        return None
    literal = literal_address(host)
    addresses = _resolve_cached(host) if resolve else (literal,) if literal is not None else ()
    if resolve and not addresses and not _own_host(origin, host):
        # what cannot be resolved here cannot be checked: whoever resolves it next (a proxy, a
        # browser) may find an internal address
        return f"refused: cannot resolve {host} here to check where it leads"
    for address in addresses:
        if not is_public(address):
            return f"refused: link points to an internal address ({address})"
    return None


def _own_host(origin: Origin, host: str) -> bool:
    """``host`` is the one the user wrote for the feed."""
    try:
        return (urlsplit(origin.url).hostname or "") == host.lower()
    except ValueError:
        return False


@contextmanager
def guarding(origin: Origin) -> Iterator[None]:
    """Connections made by this thread while the block runs obey ``origin``."""
    previous = getattr(_state, "origin", None)
    _state.origin = origin
    try:
        yield
    finally:
        _state.origin = previous


def current() -> Origin | None:
    """The origin connections made by this thread must obey, or None (no rule in force)."""
    origin: Origin | None = getattr(_state, "origin", None)
    return origin


def _check_address(host: str, address: Address) -> None:
    origin = current()
    if origin is None or origin.private or is_public(address):
        return
    raise Refused(f"refused: {host} is an internal address ({address})")


def _allowed(host: str, addresses: tuple[Address, ...], origin: Origin | None) -> list[Address]:
    """The addresses of ``host`` that ``origin`` may connect to; `Refused` when none."""
    if origin is None or origin.private:
        return list(addresses)
    allowed = [a for a in addresses if is_public(a)]
    if not allowed:
        raise Refused(f"refused: {host} is an internal address ({addresses[0]})")
    return allowed


def proxy_target(host: str, port: int, origin: Origin | None) -> str:
    """The host to ask a proxy to connect to for ``host``: the address checked here, so the
    proxy cannot resolve the name elsewhere (DNS rebinding, a resolver that knows the inside);
    the name itself where the origin lets content go anywhere, or for the feed's own host when
    only the proxy can resolve it. Raises `Refused`."""
    if origin is None or origin.private:
        return host
    literal = literal_address(host)
    if literal is not None:
        _allowed(host, (literal,), origin)
        return host
    addresses = _resolve(host, port)
    if not addresses:
        if _own_host(origin, host):
            return host  # as the user wrote it: the proxy resolves it
        raise Refused(f"refused: cannot resolve {host} here to check where it leads")
    return str(_allowed(host, addresses, origin)[0])


def connect(host: str, port: int, origin: Origin | None, timeout: float) -> socket.socket:
    """A TCP connection to ``host``, for connections made outside urllib3 (the browser's
    proxy, `feedsmith.browserproxy`): the name is resolved here, only addresses ``origin``
    allows are connected to, and the peer of the socket is checked again. Raises `Refused`,
    `socket.gaierror` (the name does not resolve) or `OSError`."""
    addresses = _resolve(host, port)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"cannot resolve host {host}")
    last: OSError | None = None
    for address in _allowed(host, addresses, origin):
        try:
            sock = socket.create_connection((str(address), port), timeout=timeout)
        except OSError as exc:
            last = exc
            continue
        peer = _peer(sock)
        if peer is not None and origin is not None and not origin.private and not is_public(peer):
            sock.close()
            raise Refused(f"refused: {host} is an internal address ({peer})")
        return sock
    assert last is not None
    raise last


def _peer(sock: Any) -> Address | None:
    try:
        peer = sock.getpeername()
    except (OSError, AttributeError):
        return None
    try:
        return ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
    except (ValueError, IndexError, TypeError):
        return None


class _Guarded:
    """What both connection classes add to urllib3's: resolve here, connect only to allowed
    addresses, check the peer of every new and every reused connection."""

    host: str
    port: int
    _dns_host: str
    _tunnel_host: str | None
    _tunnel_port: int | None
    server_hostname: str | None
    sock: Any
    proxy: Any

    def _new_conn(self) -> socket.socket:
        origin = current()
        if origin is None or origin.private:
            return super()._new_conn()  # type: ignore[misc,no-any-return]
        if self.proxy is not None:
            # the peer is the user's proxy; a tunnel (HTTPS) is asked for by checked address
            if self._tunnel_host is not None:
                self._pin_tunnel(origin)
            return super()._new_conn()  # type: ignore[misc,no-any-return]
        addresses = _resolve(self._dns_host, self.port)
        if not addresses:
            return super()._new_conn()  # type: ignore[misc,no-any-return]  # its resolver error
        name = self._dns_host
        last: Exception | None = None
        for address in _allowed(self.host, addresses, origin):
            self._dns_host = str(address)
            try:
                sock: socket.socket = super()._new_conn()  # type: ignore[misc]
            except NewConnectionError as exc:
                last = exc
                continue
            finally:
                self._dns_host = name
            peer = _peer(sock)
            if peer is not None and not is_public(peer):
                sock.close()
                raise Refused(f"refused: {self.host} is an internal address ({peer})")
            return sock
        assert last is not None
        raise last

    def _pin_tunnel(self, origin: Origin) -> None:
        """Ask the proxy for a tunnel to the address checked here, not to the name (which the
        proxy would resolve again, perhaps elsewhere: DNS rebinding); TLS still checks the
        certificate against the name."""
        name = self._tunnel_host
        assert name is not None
        target = proxy_target(name, self._tunnel_port or 443, origin)
        if target == name:
            return
        if self.server_hostname is None:
            self.server_hostname = name
        port = self._tunnel_port
        # the site is still asked for by name (http.client would name the tunnel's address)
        default = getattr(self, "default_port", 443)
        self._pinned_host = name if port in (None, default) else f"{name}:{port}"
        self._tunnel_host = target

    def unfit_tunnel(self) -> bool:
        """A tunnel kept from before, asked for by name (for a feed that may go anywhere), now
        wanted for content that must reach only checked addresses."""
        origin = current()
        name = self._tunnel_host
        if self.sock is None or origin is None or origin.private or name is None:
            return False
        return literal_address(name) is None and not _own_host(origin, name)

    def request(self, *args: Any, **kwargs: Any) -> Any:
        # request(method, url, body=None, headers=None, ...)
        if self.sock is not None and self.proxy is None:  # a connection kept from before
            peer = _peer(self.sock)
            if peer is not None:
                _check_address(self.host, peer)
        pinned = getattr(self, "_pinned_host", None)
        if self.proxy is not None and self._tunnel_host is None:
            # forwarded through the proxy (plain http): asked for by the checked address too
            url = kwargs["url"] if "url" in kwargs else args[1]
            forwarded = _pin_forwarded(url, current())
            if forwarded is not None:
                url, pinned = forwarded
                if "url" in kwargs:
                    kwargs["url"] = url
                else:
                    args = (args[0], url, *args[2:])
        if pinned is not None:
            given = kwargs.get("headers", args[3] if len(args) > 3 else None) or {}
            if not any(k.lower() == "host" for k in given):
                if len(args) > 3:
                    args = (*args[:3], {**given, "Host": pinned}, *args[4:])
                else:
                    kwargs["headers"] = {**given, "Host": pinned}
        return super().request(*args, **kwargs)  # type: ignore[misc]


def _pin_forwarded(url: str, origin: Origin | None) -> tuple[str, str] | None:
    """For a plain-http request a proxy forwards (``GET http://name/path``): the URL naming
    the address checked here instead of the name, and the Host the site is asked for (the
    name, as written); None when the URL goes as it is. The proxy would otherwise resolve the
    name itself, perhaps to an internal address (DNS rebinding, a resolver that knows the
    inside). Raises `Refused`."""
    if origin is None or origin.private or not url.lower().startswith("http://"):
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    target = proxy_target(host, parts.port or 80, origin)
    if target == host:
        return None
    shown = f"[{target}]" if ":" in target else target
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    asked = parts._replace(netloc=netloc, fragment="").geturl()
    return asked, parts.netloc.rpartition("@")[2]


class GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _GuardedPool:
    """Hands out no kept tunnel the origin in force could not have opened: it is closed, and
    the pool opens a new one (to a checked address)."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        if isinstance(conn, _Guarded) and conn.unfit_tunnel():
            conn.close()  # type: ignore[attr-defined]
        return conn


class GuardedHTTPConnectionPool(_GuardedPool, HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(_GuardedPool, HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {
    "http": GuardedHTTPConnectionPool,
    "https": GuardedHTTPSConnectionPool,
}
