"""The stateful parts of a build, and the one place that picks their implementations.

    part              interface     on one machine (default)        shared by many machines
    state store       StateStore    store.Store, a SQLite file      PostgreSQL (``state:``)
    HTTP cache        PageStore     fetch.PageCache, SQLite file    Redis (``cache:``)
    publisher         Publisher     FolderPublisher, public/        S3-compatible (``publish:``)
    per-host limiter  Limiter       politeness.HostLimiter          Redis (``cache:``)
    feed lock         FeedLock      FileFeedLock, flock             Redis (``cache:``)

`assemble` reads the config (and the environment: `endpoints.ENV`) and returns the parts; the
pipeline, scheduler and cluster only see the interfaces in `interfaces`. Nothing else in
feedsmith asks which engine is behind a part.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from feedsmith.backends.endpoints import Endpoints, mask, resolve
from feedsmith.backends.interfaces import FeedLock, Limiter, PageStore, Publisher, StateStore
from feedsmith.backends.local import FileFeedLock, FolderPublisher, KeptRobots

if TYPE_CHECKING:
    from feedsmith.config import Config
    from feedsmith.fetch import CrawlSettings
    from feedsmith.politeness import RobotsRules
    from feedsmith.store import Store

__all__ = [
    "FeedLock",
    "Limiter",
    "PageStore",
    "Parts",
    "Publisher",
    "StateStore",
    "assemble",
    "endpoints_of",
    "mask",
    "open_store",
]

log = logging.getLogger(__name__)


def endpoints_of(config: Config, env: Mapping[str, str] | None = None) -> Endpoints:
    """Where each part of this config lives. Raises `ConfigError` (a bad or unset value)."""
    return resolve(
        root=config.root,
        state_dir=config.state_path,
        public_dir=config.public_path,
        state=config.state,
        cache=config.cache,
        publish=config.publish,
        broker=config.cluster.broker if config.cluster else None,
        env=env,
    )


def open_store(config: Config, env: Mapping[str, str] | None = None) -> Store | None:
    """The state store alone (for reading it: `feedsmith status`), or None when it is a
    SQLite file that does not exist yet. Raises `ConfigError`, `StoreError`."""
    from feedsmith.store import Store

    ends = endpoints_of(config, env)
    if ends.state.kind == "sqlite":
        assert ends.state.path is not None
        return Store(ends.state.path) if ends.state.path.exists() else None
    postgres = _optional("feedsmith.backends.postgres", "psycopg", "state")
    store: Store = postgres.PostgresStore(ends.state.url)
    return store


@dataclass(slots=True)
class Parts:
    """The stateful parts of one run, open; `close` closes them all."""

    endpoints: Endpoints
    store: Store
    pages: PageStore
    limiter: Limiter
    publisher: Publisher
    locks: FeedLock
    # server connections the parts share, closed after them
    connections: tuple[Any, ...] = ()
    # robots.txt answers shared by every worker (None: each process keeps its own)
    robots: RobotsRules | None = None

    def close(self) -> None:
        for part in (self.locks, self.publisher, self.pages, self.store, *self.connections):
            with contextlib.suppress(Exception):  # closing never hides what went before
                part.close()


def assemble(
    config: Config,
    *,
    settings: CrawlSettings,
    stop: threading.Event,
    env: Mapping[str, str] | None = None,
    local_limiter: Limiter | None = None,
) -> Parts:
    """Open every stateful part the config names. Raises `ConfigError` for a bad value and
    `StoreError` / `PublishError` for a server that cannot be reached (its URL masked).

    ``local_limiter`` stands in for the one-process `HostLimiter` when the limits live on this
    machine (no ``cache:`` server): the processes of ``build --processes`` share one."""
    from feedsmith.fetch import PageCache
    from feedsmith.politeness import HostLimiter
    from feedsmith.store import Store

    ends = endpoints_of(config, env)
    opened: list[object] = []
    try:
        if ends.state.kind == "sqlite":
            assert ends.state.path is not None
            store: Store = Store(ends.state.path)
        else:
            postgres = _optional("feedsmith.backends.postgres", "psycopg", "state")
            store = postgres.PostgresStore(ends.state.url)
        opened.append(store)
        if ends.cache.kind == "sqlite":
            assert ends.cache.path is not None
            ends.cache.path.parent.mkdir(parents=True, exist_ok=True)
            # robots.txt answers kept for a day, as a cluster keeps them in Redis
            robots: RobotsRules | None = KeptRobots(ends.cache.path.with_name("robots.json"))
            pages: PageStore = PageCache(ends.cache.path)
            limiter: Limiter = local_limiter or HostLimiter(
                per_host=settings.per_host, delay=settings.delay, stop=stop
            )
            locks: FeedLock = FileFeedLock(config.state_path)
        else:
            shared = _optional("feedsmith.backends.redis_backend", "redis", "cache")
            lease = config.cluster.lock_lease if config.cluster else shared.FEED_LEASE
            client, pages, limiter, locks, robots = shared.shared_parts(
                ends.cache.url,
                per_host=settings.per_host,
                delay=settings.delay,
                stop=stop,
                lock_lease=lease,
            )
            opened.append(client)
        opened += [pages, locks]
        if ends.publish.kind == "folder":
            assert ends.publish.path is not None
            publisher: Publisher = FolderPublisher(ends.publish.path)
        else:
            s3 = _optional("feedsmith.backends.s3", "boto3", "publish")
            publisher = s3.S3Publisher(
                ends.publish.url, staging=config.state_path / "publish-staging"
            )
    except BaseException:
        for part in reversed(opened):
            with contextlib.suppress(Exception):
                part.close()  # type: ignore[attr-defined]
        raise
    log.debug(
        "state=%s cache=%s publish=%s", ends.state.shown, ends.cache.shown, ends.publish.shown
    )
    connections = tuple(part for part in opened if part not in (store, pages, locks))
    return Parts(ends, store, pages, limiter, publisher, locks, connections, robots)


def _optional(module: str, package: str, key: str) -> Any:
    """Import the module of a shared backend; a missing library is a config error saying
    what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name != package:
            raise
        from feedsmith.errors import ConfigError, ConfigIssue

        message = f"needs {package}: pip install 'feedsmith[cluster]'"
        raise ConfigError((ConfigIssue("feeds.yaml", None, None, key, message),)) from exc
