"""The five stateful parts of a build, each as a small interface.

Every part has the local implementation feedsmith has always had (one machine: a SQLite file,
a folder, locks inside the process) and one that a cluster of machines can share. Which one a
run gets is decided in one place, `feedsmith.backends.assemble`, from the config; the pipeline
only ever sees these interfaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import threading

    import requests
    from requests_cache.models.response import CachedResponse

    from feedsmith.store import ArticleRecord
    from feedsmith.types import Entry, Rendered


class StateStore(Protocol):
    """Entry history and per-feed state (`feedsmith.store.Store` says what is guaranteed)."""

    def update(
        self, feed_id: str, entries: Sequence[Entry], *, now: datetime, max_items: int
    ) -> tuple[tuple[Entry, ...], int, int]: ...

    def entries(self, feed_id: str, *, limit: int) -> tuple[Entry, ...]: ...

    def articles(self, feed_id: str, ids: Iterable[str]) -> dict[str, ArticleRecord]: ...

    def save_article(self, feed_id: str, record: ArticleRecord, *, now: datetime) -> None: ...

    def reuse_records(self, feed_id: str) -> dict[str, str]: ...

    def save_reuse(self, feed_id: str, stale: Iterable[str], fresh: dict[str, str]) -> None: ...

    def feed_state(self, feed_id: str) -> dict[str, Any]: ...

    def save_feed_state(self, feed_id: str, data: dict[str, Any]) -> None: ...

    def all_feed_states(self) -> dict[str, dict[str, Any]]: ...

    def forget(self, feed_id: str) -> None: ...

    def close(self) -> None: ...


class PageStore(Protocol):
    """The HTTP cache: pages fetched before, kept with their validators for conditional GETs."""

    def key(self, url: str, headers: Mapping[str, str]) -> str: ...

    def get(self, key: str) -> CachedResponse | None: ...

    def update(
        self, key: str, stored: CachedResponse | None, response: requests.Response
    ) -> requests.Response: ...

    def close(self) -> None: ...


class Limiter(Protocol):
    """Per-host politeness: how many requests at once, how far apart, and waits asked for."""

    stop: threading.Event

    def slot(self, url: str) -> AbstractContextManager[None]: ...

    def defer(self, url: str, seconds: float) -> None: ...

    def set_crawl_delay(self, url: str, seconds: float) -> None: ...

    def sleep(self, seconds: float) -> None: ...


class Publisher(Protocol):
    """Where the feed files and the site files go.

    ``folder`` is the local folder the site files (index page, OPML, status.json, health feed)
    are written into: public/ itself, or a mirror of a remote store. After writing there,
    `sync` is given the names that changed, once per batch.
    """

    folder: Path

    def publish(self, files: Iterable[Rendered], *, max_age: int | None = None) -> tuple[str, ...]:
        """Put every changed file; return the names put. ``max_age``: how long a reader or
        cache may keep them (seconds), where the store can say so. Raises `PublishError`."""
        ...

    def names(self) -> frozenset[str]:
        """The names of the files published now."""
        ...

    def has(self, names: Iterable[str]) -> bool:
        """Whether every one of these files is published."""
        ...

    def sync(self, names: Iterable[str]) -> tuple[str, ...]:
        """Put these files from ``folder``; return the names put. Raises `PublishError`."""
        ...

    def remove(self, names: Iterable[str]) -> tuple[str, ...]:
        """Take these files down (a feed no longer in the feeds file); return the names that
        were there. Raises `PublishError`."""
        ...

    def describe(self) -> str:
        """Where the files go, for people (any password masked)."""
        ...

    def close(self) -> None: ...


class FeedLock(Protocol):
    """At most one build of a feed at a time, wherever builds run."""

    def hold(self, feed_id: str) -> AbstractContextManager[bool]:
        """Hold the feed's lock while inside; yields False (and holds nothing) when another
        build holds it."""
        ...

    def close(self) -> None: ...
