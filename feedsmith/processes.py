"""``feedsmith build --processes N``: a machine's cores, each building a share of the feeds.

One Python process uses one core for extraction and rendering. Here the feeds are split into N
shares by host (every feed of a host in the same share, so the per-host limits of one process
still hold for the machine), each share is built in a child process with a `Runtime` of its own
on the same stores (the SQLite state file is shared safely: one writer at a time, feed locks
keep a feed to one process), and the parent writes status.json, the health feed and the site
files once at the end. The builds are the same `build_feed` as everywhere.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path

from feedsmith.config import FeedConfig, load_config
from feedsmith.crawl import build_concurrently
from feedsmith.pipeline import Runtime, build_feed, publish_health, refresh_site
from feedsmith.politeness import host_key
from feedsmith.types import BuildResult

log = logging.getLogger(__name__)

_stop = threading.Event()


def shares(
    feeds: Sequence[FeedConfig], count: int, host_of: Callable[[FeedConfig], str]
) -> list[list[str]]:
    """Feed ids in ``count`` shares (fewer if there are fewer hosts): whole hosts, the largest
    first, each to the share with the fewest feeds so far."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for feed in feeds:
        by_host[host_key(host_of(feed))].append(feed.id)
    buckets: list[list[str]] = [[] for _ in range(max(1, min(count, len(by_host))))]
    for ids in sorted(by_host.values(), key=len, reverse=True):
        min(buckets, key=len).extend(ids)
    return [b for b in buckets if b]


def _child_init() -> None:
    # Ctrl-C reaches every process of the terminal: a child finishes what it is writing and
    # starts nothing new, as the parent does
    signal.signal(signal.SIGINT, lambda signum, frame: _stop.set())


def _build_share(
    config_path: str, feed_ids: list[str], now: datetime, workers: int | None
) -> list[BuildResult]:
    config = load_config(config_path)
    feeds = [config.feed(feed_id) for feed_id in feed_ids]
    with Runtime(config, stop=_stop) as runtime:

        def one(feed: FeedConfig) -> BuildResult:
            with runtime.locks.hold(feed.id) as held:
                if held:
                    return build_feed(feed, runtime, now=now, refresh_site=False)
            return BuildResult(
                feed_id=feed.id,
                status="failed",
                url=config.resolve_url(feed),
                error="being built by another process at the same time",
                error_kind="lock",
            )

        return build_concurrently(
            feeds,
            one,
            host_of=config.resolve_url,
            workers=workers or config.crawl.workers,
            lanes_per_host=config.crawl.per_host,
        )


def build_in_processes(
    config_path: Path,
    feeds: Sequence[FeedConfig],
    processes: int,
    *,
    runtime: Runtime,
    now: datetime,
    workers: int | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build ``feeds`` in up to ``processes`` child processes; results in the order of
    ``feeds``. ``runtime`` (the parent's) writes the health and site files at the end."""
    planned = shares(feeds, processes, runtime.config.resolve_url)
    done: dict[str, BuildResult] = {}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(len(planned), mp_context=context, initializer=_child_init) as pool:
        futures = [
            pool.submit(_build_share, str(config_path.resolve()), ids, now, workers)
            for ids in planned
        ]
        for future in as_completed(futures):
            for result in future.result():
                done[result.feed_id] = result
                if on_result is not None:
                    on_result(result)
    publish_health(runtime, now=now)
    refresh_site(runtime)
    return [done[feed.id] for feed in feeds]
