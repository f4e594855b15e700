"""The HTTP cache, per-host politeness and feed locks in Redis, shared by every worker.

- `RedisPageCache`: `feedsmith.fetch.PageCache`'s policy over requests-cache's Redis storage,
  so a page fetched by one worker is revalidated (a conditional GET) by whichever fetches it
  next. Each page carries a TTL, so forgotten pages leave Redis on their own.
- `RedisLimiter`: `per_host` requests at a time and ``delay`` seconds between the starts of two
  requests to one host, for the cluster as a whole. A slot is a member of a sorted set scored
  by its lease's end, so a worker killed while holding one frees it when the lease ends; the
  next allowed start is one key per host. Both are read and written by one Lua script with
  Redis's clock, so workers on machines whose clocks differ still agree. ``Crawl-delay`` and
  ``Retry-After`` go to the same keys, so every worker honours what a site told one of them.
  A thread that finds the host's slots taken waits for one to be given back (``BLPOP`` on the
  host's list of freed slots, pushed to in the same script that gives a slot back), not by
  asking again and again.
- `SharedRobots`: robots.txt answers, fetched once per origin for every worker.
- `RedisFeedLock`: at most one build of a feed at a time: ``SET NX PX`` with a lease, renewed by
  a thread while the build runs and released only by its holder. A worker that dies stops
  renewing, and the lock frees itself within one lease.

When Redis goes away (a restart, a failover, a network cut) every client here reconnects on
its own: each command is tried again with a growing pause for about `RETRY_SECONDS`, so a
restart of a few seconds passes unnoticed. A longer outage fails the build under way with a
`StoreError` naming the URL (password masked), before anything is published; the next build
after Redis is back works as usual.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry
from requests_cache.backends.redis import RedisCache, RedisDict

from feedsmith.backends.endpoints import mask
from feedsmith.errors import Stopped, StoreError
from feedsmith.fetch import PageCache
from feedsmith.politeness import (
    DEFAULT_DELAY,
    MAX_CRAWL_DELAY,
    ROBOTS_TTL,
    RobotsAnswer,
    RobotsRules,
    host_key,
    is_loopback,
)

log = logging.getLogger(__name__)

PREFIX = "feedsmith:"
# how long a politeness slot is held at most if its worker dies holding it
SLOT_LEASE = 300.0
# a feed lock's lease, renewed every third of it while the build runs
FEED_LEASE = 60.0
# a thread waiting for a host's slot looks at the stop event (and the slots, in case a holder
# died and its lease ran out) at least this often; a slot given back wakes it at once
_WAKE = 0.25
# a command that finds Redis gone is tried again RETRIES times, the pauses growing from
# RETRY_BASE to RETRY_CAP seconds (with jitter): about RETRY_SECONDS in all, enough for a restart
RETRIES = 5
RETRY_BASE = 0.25
RETRY_CAP = 3.0
RETRY_SECONDS = sum(min(RETRY_CAP, RETRY_BASE * 2**n) for n in range(RETRIES))
UNREACHABLE = (
    "cannot reach Redis: check that it runs and that the host, port, password and "
    "database number are right"
)


def client_for(url: str) -> redis.Redis:
    """A client for ``url`` that reconnects by itself: a command meeting a lost connection (a
    restart, a failover) is tried again with a growing pause for about `RETRY_SECONDS`."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=10,
        socket_timeout=30,
        socket_keepalive=True,
        health_check_interval=30,
        retry=Retry(ExponentialWithJitterBackoff(cap=RETRY_CAP, base=RETRY_BASE), RETRIES),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
    )


def unreachable(url: str, what: str = "") -> StoreError:
    """The error for a Redis that cannot be reached (``what`` it was needed for)."""
    message = UNREACHABLE if not what else f"{UNREACHABLE} (needed for {what})"
    return StoreError(message, where=mask(url))


def url_of(client: redis.Redis) -> str:
    """The URL ``client`` was made for, as far as the error messages need it (no password)."""
    kwargs = client.connection_pool.connection_kwargs
    password = ":***@" if kwargs.get("password") else ""
    host, port, db = kwargs.get("host", "?"), kwargs.get("port", "?"), kwargs.get("db", 0)
    return f"redis://{password}{host}:{port}/{db}"


def connect(url: str, what: str = "") -> redis.Redis:
    """A client for ``url`` (`client_for`), checked with a PING. Raises `StoreError`
    (password masked; ``what`` the server is needed for)."""
    client = client_for(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        raise unreachable(url, what) from exc
    return client


class _Pages(RedisDict):
    """requests-cache's Redis storage, each page stored with its TTL by ``SET … EX`` (its own
    uses ``SETEX``, which the Redis client deprecates)."""

    def __setitem__(self, key: str, item: Any) -> None:
        expires_delta = getattr(item, "expires_delta", None)
        data = self.serialize(item)
        if expires_delta is not None and expires_delta + self.ttl_offset > 0:
            seconds = int(expires_delta + self.ttl_offset)
            self.connection.set(self._bkey(key), data, ex=seconds)
        else:
            self.connection.set(self._bkey(key), data)


class RedisPageCache(PageCache):
    """`PageCache` (the same policy) with its pages in Redis."""

    errors = (redis.RedisError, sqlite3.Error, OSError)

    def __init__(self, client: redis.Redis, *, namespace: str = PREFIX + "http") -> None:
        backend = RedisCache(namespace=namespace, connection=client, ttl=True)
        backend.responses = _Pages(namespace, connection=client, ttl=True)
        self._backend = backend  # type: ignore[assignment]
        self._opening = threading.Lock()
        self._pruned = time.monotonic()

    @property
    def db_path(self) -> Path:
        raise AttributeError("the HTTP cache is in Redis, not in a file")

    def _prune(self) -> None:
        self._pruned = time.monotonic()  # each page has a TTL: Redis forgets them itself

    def close(self) -> None:
        pass  # the client is shared; `Parts` closes it


# KEYS: slots zset, next-start key, crawl-delay key, waiting flag
# ARGV: token, per_host, base delay, lease seconds
# → {1, wait seconds} with the slot taken (start no sooner than now + wait), or {0, 0} (the
# waiting flag set: whoever gives a slot back in the next second wakes a waiter)
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[4], '1', 'PX', 1000)
  return {0, '0'}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[4])) + 60)
local delay = tonumber(ARGV[3])
local crawl = tonumber(redis.call('GET', KEYS[3]) or '0')
if crawl > delay then delay = crawl end
local start = tonumber(redis.call('GET', KEYS[2]) or '0')
if start < now then start = now end
redis.call('SET', KEYS[2], tostring(start + delay), 'EX', math.ceil(delay) + 3600)
return {1, tostring(start - now)}
"""

# KEYS: next-start key; ARGV: seconds → pushes the next start to at least now + seconds
_DEFER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local until_ = now + tonumber(ARGV[1])
local start = tonumber(redis.call('GET', KEYS[1]) or '0')
if start < until_ then
  redis.call('SET', KEYS[1], tostring(until_), 'EX', math.ceil(tonumber(ARGV[1])) + 3600)
end
return 1
"""

# KEYS: slots zset, freed list, waiting flag; ARGV: token → the slot given back, and one
# waiter woken if any waits (nothing more to do when nobody does)
_FREE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('LPUSH', KEYS[2], '1')
  redis.call('PEXPIRE', KEYS[2], 5000)
end
return 1
"""

# compare-and-delete / compare-and-extend: only the holder's token may
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class RedisLimiter:
    """`feedsmith.politeness.HostLimiter`'s rules, kept in Redis for every worker at once."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        per_host: int = 1,
        delay: float | None = None,
        stop: threading.Event | None = None,
        lease: float = SLOT_LEASE,
    ) -> None:
        self.client = client
        self.per_host = max(1, per_host)
        self.delay = delay
        self.stop = stop or threading.Event()
        self.lease = lease
        self._acquire = client.register_script(_ACQUIRE)
        self._defer = client.register_script(_DEFER)
        self._free = client.register_script(_FREE)

    @staticmethod
    def _keys(url: str) -> tuple[str, str, str]:
        host = PREFIX + "host:" + host_key(url)
        return host + ":slots", host + ":next", host + ":crawl-delay"

    @staticmethod
    def _waiting(slots_key: str) -> tuple[str, str]:
        """The host's list of slots given back, and its flag "a thread waits for a slot"."""
        host = slots_key.removesuffix(":slots")
        return host + ":freed", host + ":waiting"

    def _base_delay(self, url: str) -> float:
        if self.delay is not None:
            return self.delay
        return 0.0 if is_loopback(url) else DEFAULT_DELAY

    @contextlib.contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold one of the host's slots (cluster-wide), started no sooner than its delay
        allows. Raises `Stopped` when feedsmith stops while waiting."""
        keys = self._keys(url)
        freed, waiting = self._waiting(keys[0])
        token = uuid.uuid4().hex
        while True:
            try:
                got, wait = self._acquire(
                    keys=[*keys, waiting],
                    args=[token, self.per_host, self._base_delay(url), self.lease],
                )
            except redis.RedisError as exc:
                raise unreachable(url_of(self.client), "the per-host limits") from exc
            if int(got):
                break
            if self.stop.is_set():
                raise Stopped()
            try:  # until a slot is given back (or a while, to look at the stop event)
                self.client.blpop([freed], timeout=_WAKE)
            except redis.RedisError as exc:
                raise unreachable(url_of(self.client), "the per-host limits") from exc
        try:
            self.sleep(float(wait))
            yield
        finally:
            with contextlib.suppress(redis.RedisError):
                self._free(keys=[keys[0], freed, waiting], args=[token])

    def defer(self, url: str, seconds: float) -> None:
        try:
            self._defer(keys=[self._keys(url)[1]], args=[seconds])
        except redis.RedisError as exc:
            raise unreachable(url_of(self.client), "the per-host limits") from exc

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        try:
            self.client.set(self._keys(url)[2], min(seconds, MAX_CRAWL_DELAY), ex=24 * 3600)
        except redis.RedisError as exc:
            raise unreachable(url_of(self.client), "the per-host limits") from exc

    def sleep(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped()
        if self.stop.is_set():
            raise Stopped()

    def close(self) -> None:
        pass


class RedisFeedLock:
    """One build of a feed at a time across the cluster (see the module docstring)."""

    def __init__(self, client: redis.Redis, *, lease: float = FEED_LEASE) -> None:
        self.client = client
        self.lease = lease
        self._release = client.register_script(_RELEASE)
        self._renew = client.register_script(_RENEW)

    @staticmethod
    def key(feed_id: str) -> str:
        return PREFIX + "feed-lock:" + feed_id

    def holder(self, feed_id: str) -> str | None:
        value = self.client.get(self.key(feed_id))
        return value.decode() if isinstance(value, bytes) else None

    @contextlib.contextmanager
    def hold(self, feed_id: str) -> Iterator[bool]:
        key = self.key(feed_id)
        token = uuid.uuid4().hex
        lease_ms = int(self.lease * 1000)
        if not self.client.set(key, token, nx=True, px=lease_ms):
            yield False
            return
        done = threading.Event()

        def renew() -> None:
            failing = False
            while not done.wait(self.lease / 3):
                try:
                    if not self._renew(keys=[key], args=[token, lease_ms]):
                        log.warning("feed=%s lost its build lock (lease ran out)", feed_id)
                        return
                except redis.RedisError as exc:
                    if not failing:  # once per outage; the client keeps reconnecting
                        log.warning("feed=%s cannot renew its build lock: %s", feed_id, exc)
                    failing = True
                else:
                    failing = False

        renewer = threading.Thread(target=renew, name=f"lease-{feed_id}", daemon=True)
        renewer.start()
        try:
            yield True
        finally:
            done.set()
            renewer.join()
            with contextlib.suppress(redis.RedisError):
                self._release(keys=[key], args=[token])

    def close(self) -> None:
        pass


class SharedRobots(RobotsRules):
    """robots.txt answers shared through Redis: one worker fetches an origin's robots.txt and
    every worker uses that answer for a day (a 5xx answer is never kept: asked again next time).
    Each process still keeps the parsed rules for the day."""

    def __init__(self, client: redis.Redis, *, ttl: float = ROBOTS_TTL) -> None:
        super().__init__(ttl=ttl)
        self.client = client

    def _rules(self, origin: str, fetch: Callable[[str], RobotsAnswer]) -> Any:
        key = PREFIX + "robots:" + origin

        def shared(url: str) -> RobotsAnswer:
            try:
                raw = self.client.get(key)
            except redis.RedisError:
                raw = None
            if isinstance(raw, bytes):
                data = json.loads(raw)
                return RobotsAnswer(status=int(data["status"]), text=str(data["text"]))
            answer = fetch(url)
            if answer.status < 500:
                with contextlib.suppress(redis.RedisError):
                    value = json.dumps({"status": answer.status, "text": answer.text})
                    self.client.set(key, value, ex=int(self._ttl))
            return answer

        return super()._rules(origin, shared)


def shared_parts(
    url: str,
    *,
    per_host: int,
    delay: float | None,
    stop: threading.Event,
    lock_lease: float = FEED_LEASE,
) -> tuple[redis.Redis, RedisPageCache, RedisLimiter, RedisFeedLock, SharedRobots]:
    """One client, and the parts that use it. Raises `StoreError`."""
    client = connect(url)
    return (
        client,
        RedisPageCache(client),
        RedisLimiter(client, per_host=per_host, delay=delay, stop=stop),
        RedisFeedLock(client, lease=lock_lease),
        SharedRobots(client),
    )
