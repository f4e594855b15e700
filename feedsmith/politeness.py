"""Treat the sites we read politely: per-host limits and robots.txt.

`HostLimiter` is the gate every HTTP request passes through: at most ``per_host`` requests to one
host at a time and at least ``delay`` seconds between the starts of two requests to it. Different
hosts never wait for each other. A host that answered ``429``/``503`` with ``Retry-After`` is left
alone until then (`HostLimiter.defer`), by every feed, not just the one that was told.

`RobotsRules` keeps one parsed robots.txt per origin (scheme, host, port) for a day. The rules
follow RFC 9309: a robots.txt that is missing (4xx) allows everything, one that fails with 5xx
forbids everything until it can be read (and is asked again next run, not cached).

Every wait listens to a stop event, so shutting down never waits out a delay.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from ipaddress import ip_address
from urllib.parse import urlsplit

from feedsmith.errors import Stopped

log = logging.getLogger(__name__)

DEFAULT_DELAY = 1.0
ROBOTS_TTL = 24 * 3600.0
MAX_CRAWL_DELAY = 60.0


def host_key(url: str) -> str:
    """The host a request counts against: ``host:port`` (lower case)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class _Gate:
    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    # monotonic time before which no request to the host may start
    next_at: float = 0.0
    # a longer delay asked for by the site (robots.txt Crawl-delay)
    delay: float | None = None


class HostLimiter:
    """Per-host concurrency and spacing of requests; thread-safe.

    ``delay=None`` means the default: `DEFAULT_DELAY` for remote hosts and none for this machine
    (127.0.0.1, ::1, localhost), which is yours to hammer. An explicit value applies to every host.
    """

    def __init__(
        self,
        *,
        per_host: int = 1,
        delay: float | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.per_host = max(1, per_host)
        self.delay = delay
        self.stop = stop or threading.Event()
        self._gates: dict[str, _Gate] = {}
        self._lock = threading.Lock()

    def _gate(self, host: str) -> _Gate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _Gate(slots=threading.Semaphore(self.per_host))
            return gate

    def delay_for(self, url: str) -> float:
        gate = self._gate(host_key(url))
        base = self.delay
        if base is None:
            base = 0.0 if is_loopback(url) else DEFAULT_DELAY
        return max(base, gate.delay or 0.0)

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its delay allows."""
        gate = self._gate(host_key(url))
        while not gate.slots.acquire(timeout=0.1):
            if self.stop.is_set():
                raise Stopped()
        try:
            delay = self.delay_for(url)
            with gate.lock:
                now = time.monotonic()
                start = max(now, gate.next_at)
                gate.next_at = start + delay
            self.sleep(start - now)
            yield
        finally:
            gate.slots.release()

    def defer(self, url: str, seconds: float) -> None:
        """Start nothing on the URL's host for ``seconds`` (the site asked us to wait)."""
        gate = self._gate(host_key(url))
        with gate.lock:
            gate.next_at = max(gate.next_at, time.monotonic() + seconds)

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        self._gate(host_key(url)).delay = min(seconds, MAX_CRAWL_DELAY)

    def sleep(self, seconds: float) -> None:
        """Wait, unless feedsmith is stopping (then raise `Stopped`)."""
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped()
        if self.stop.is_set():
            raise Stopped()


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """robots.txt as fetched: its status and text (empty when there was no body)."""

    status: int
    text: str


@dataclass
class _Rules:
    parser: urllib.robotparser.RobotFileParser | None
    # None: everything allowed (no robots.txt); parser set: its rules
    allow_all: bool
    disallow_reason: str | None
    expires: float


class RobotsRules:
    """robots.txt per origin, cached; thread-safe."""

    def __init__(self, *, ttl: float = ROBOTS_TTL) -> None:
        self._ttl = ttl
        self._cache: dict[str, _Rules] = {}
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def check(
        self, url: str, user_agent: str, fetch: Callable[[str], RobotsAnswer]
    ) -> tuple[bool, str, float | None]:
        """(allowed, reason when not, Crawl-delay asked for) for ``url``.

        ``fetch`` gets a ``/robots.txt`` URL when the origin's rules are not cached; it may raise.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules(origin, fetch)
        agent = product_token(user_agent)
        if rules.disallow_reason is not None:
            return False, rules.disallow_reason, None
        if rules.allow_all or rules.parser is None:
            return True, "", None
        allowed = rules.parser.can_fetch(agent, url)
        delay = rules.parser.crawl_delay(agent)
        reason = "" if allowed else f"robots.txt of {parts.netloc} disallows it for {agent}"
        return allowed, reason, float(delay) if delay is not None else None

    def _rules(self, origin: str, fetch: Callable[[str], RobotsAnswer]) -> _Rules:
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin, even with many feeds on it
            cached = self._cache.get(origin)
            now = time.monotonic()
            if cached is not None and cached.expires > now:
                return cached
            answer = fetch(origin + "/robots.txt")
            rules = _parse(answer, now + self._ttl)
            if answer.status < 500:
                self._cache[origin] = rules
            else:
                self._cache.pop(origin, None)
            return rules


def _parse(answer: RobotsAnswer, expires: float) -> _Rules:
    if answer.status >= 500:
        reason = f"robots.txt answered HTTP {answer.status}: not crawling until it can be read"
        return _Rules(None, False, reason, expires)
    if answer.status >= 400 or not answer.text.strip():
        return _Rules(None, True, None, expires)
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(answer.text.splitlines())
    return _Rules(parser, False, None, expires)


def product_token(user_agent: str) -> str:
    """``feedsmith/0.1 (+https://...)`` → ``feedsmith``, the name robots.txt groups match."""
    token = user_agent.strip().split(" ")[0].split("/")[0]
    return token or "*"
