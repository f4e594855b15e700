"""``feedsmith build --processes N``: a machine's cores, each building feeds as it is free.

One Python process uses one core for extraction and rendering. Here N child processes build
the feeds with the same `build_feed`, each with a `Runtime` of its own on the same stores (its
own SQLite connections, WAL; a feed lock, an ``flock``, keeps each feed to one build at a time).

How the work is shared: the feeds are put in *lanes* as `crawl.lanes` does for one process (a
host gets at most ``per_host`` lanes; a lane's feeds are built one after another). Each lane has
one token on a queue; a process thread takes a token, builds the lane's next feed, and puts the
token back. So a host never sees more lanes at once than with one process, and a process that
is slowed down (a loaded machine) simply takes fewer feeds: nothing is split up front. The
per-host limits themselves (``per_host``, ``delay``, ``Crawl-delay``, ``Retry-After``) are kept in
shared memory (`feedsmith.hostslots`) for every request, article pages included, unless the
config shares them through Redis already. ``workers`` (feeds built at the same time) is the
machine's total, split between the processes.

The children are forked from the parent, which has loaded feedsmith and parsed the config
already (a ``forkserver`` that preloads feedsmith when the parent runs other threads), so a
child costs neither the imports nor the feeds file again. Each result goes back as its feed
ends; the parent writes status.json, the health feed and the site files once at the end.

A child that dies (``kill -9``, the OOM killer) loses nothing: its lanes' tokens go back on the
queue for the other children, and the feed it was building is built again by one of them (its
feed lock, an ``flock``, went with the dead process; its files were never half written, and its
store transaction was rolled back). A feed whose build process dies a second time is reported
failed rather than handed on again (it may be what kills them).
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.context import BaseContext
from typing import Any

from feedsmith.config import Config, FeedConfig
from feedsmith.crawl import lanes
from feedsmith.hostslots import HostSlots, SharedHostLimiter
from feedsmith.pipeline import Runtime, build_feed, publish_health, refresh_site
from feedsmith.politeness import HostLimiter
from feedsmith.types import BuildResult

log = logging.getLogger(__name__)

# how often waiting threads and the parent look up from their queue
_POLL = 0.05


def split(total: int, parts: int) -> list[int]:
    """``total`` workers over ``parts`` processes, as evenly as whole numbers allow (each ≥ 1)."""
    return [max(1, total // parts + (1 if i < total % parts else 0)) for i in range(parts)]


@dataclass
class _Shared:
    """What the parent and its children share: the lanes (feed indexes), one token per lane on
    ``tokens``, the next feed of each lane, who is building from each lane, how many lanes are
    not finished, and the results coming back."""

    lanes: list[list[int]]
    tokens: Any  # multiprocessing.Queue[int]
    cursor: Any  # RawArray('i'): next position in each lane
    holder: Any  # RawArray('i'): the child building from the lane, -1 for none
    remaining: Any  # Value('i'): lanes not finished
    results: Any  # multiprocessing.Queue[tuple[int, BuildResult | None]]
    slots: HostSlots | None


def fork_context() -> BaseContext:
    """``fork`` when this process runs no other thread (forking a process with threads can copy
    a lock held mid-operation); otherwise a fork server that loads feedsmith once."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["feedsmith.processes"])
    return context


def _finish(shared: _Shared, lane: int, *, last: bool) -> None:
    """A lane's feed was built: the token goes back, or the lane is finished."""
    shared.holder[lane] = -1
    if last:
        with shared.remaining.get_lock():
            shared.remaining.value -= 1
    else:
        shared.tokens.put(lane)


def _child(
    index: int,
    config: Config,
    feeds: Sequence[FeedConfig],
    shared: _Shared,
    now: datetime,
    threads: int,
) -> None:
    stop = threading.Event()
    # Ctrl-C reaches every process of the terminal: a child finishes what it is writing and
    # builds nothing new (each feed left reports "stopped"), as the parent does
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    limiter = None
    if shared.slots is not None:
        crawl = config.crawl
        limiter = SharedHostLimiter(
            shared.slots, per_host=crawl.per_host, delay=crawl.delay, stop=stop, owner=index
        )
    with Runtime(config, stop=stop, local_limiter=limiter) as runtime:

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

        def work() -> None:
            while True:
                try:
                    lane = shared.tokens.get(timeout=_POLL)
                except queue.Empty:
                    if shared.remaining.value <= 0:
                        return
                    continue
                shared.holder[lane] = index
                position = shared.cursor[lane]
                shared.cursor[lane] = position + 1
                feed = shared.lanes[lane][position]
                shared.results.put((feed, one(feeds[feed])))
                built[threading.get_ident()] = built.get(threading.get_ident(), 0) + 1
                _finish(shared, lane, last=position + 1 >= len(shared.lanes[lane]))

        built: dict[int, int] = {}
        workers = [
            threading.Thread(target=work, name=f"feedsmith-{index}-{n}") for n in range(threads)
        ]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    log.info(
        "build process %d: %d feed(s), %.2f s CPU",
        index,
        sum(built.values()),
        usage.ru_utime + usage.ru_stime,
    )


def build_in_processes(
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
    config = runtime.config
    planned = lanes(feeds, config.resolve_url, config.crawl.per_host)
    if not planned:
        return []
    context = fork_context()
    # the limits live here unless the config keeps them on a server all processes reach
    local = isinstance(runtime.parts.limiter, HostLimiter)
    count = max(1, min(processes, len(planned)))
    shared = _Shared(
        lanes=planned,
        tokens=context.Queue(),
        cursor=context.RawArray("i", len(planned)),
        holder=context.RawArray("i", [-1] * len(planned)),
        remaining=context.Value("i", len(planned)),
        results=context.Queue(),
        slots=HostSlots(context, processes=count) if local else None,
    )
    threads = split(workers or config.crawl.workers, count)
    children = [
        context.Process(  # type: ignore[attr-defined]
            target=_child,
            args=(i, config, feeds, shared, now, threads[i]),
            name=f"feedsmith-build-{i}",
        )
        for i in range(count)
    ]
    for child in children:
        child.start()
    # the tokens go in once the children are forked (a queue's writer thread is not copied)
    for lane in range(len(planned)):
        shared.tokens.put(lane)
    done: dict[int, BuildResult] = {}

    def arrived(position: int, result: BuildResult) -> None:
        if position not in done:
            done[position] = result
            if on_result is not None:
                on_result(result)

    lost: set[int] = set()
    retried: set[int] = set()  # feeds handed on once already after their process died
    try:
        while len(done) < len(feeds):
            try:
                position, result = shared.results.get(timeout=_POLL)
            except queue.Empty:
                for i, child in enumerate(children):
                    if i not in lost and child.exitcode not in (None, 0):
                        lost.add(i)
                        _hand_on(shared, i, child.exitcode, feeds, config, done, arrived, retried)
                if all(child.exitcode is not None for child in children):
                    _drain(shared, arrived)
                    break
                continue
            arrived(position, result)
    finally:
        for child in children:
            child.join()
    _drain(shared, arrived)
    for position, feed in enumerate(feeds):
        if position not in done:  # every child ended before building it
            arrived(position, _died(feed, config, "its build process ended before building it"))
    publish_health(runtime, now=now)
    refresh_site(runtime)
    return [done[position] for position in range(len(feeds))]


def _drain(shared: _Shared, arrived: Callable[[int, BuildResult], None]) -> None:
    while True:
        try:
            position, result = shared.results.get(timeout=_POLL)
        except queue.Empty:
            return
        arrived(position, result)


def _hand_on(
    shared: _Shared,
    child: int,
    exitcode: int,
    feeds: Sequence[FeedConfig],
    config: Config,
    done: dict[int, BuildResult],
    arrived: Callable[[int, BuildResult], None],
    retried: set[int],
) -> None:
    """A child died: its lanes go to the others, the feed it was building first (once; a
    second death fails it)."""
    log.error("build process %d ended with exit code %d", child, exitcode)
    if shared.slots is not None and shared.slots.free(child):
        log.info("build process %d's host slots given back", child)
    _drain(shared, arrived)
    for lane, indexes in enumerate(shared.lanes):
        if shared.holder[lane] != child:
            continue
        position = shared.cursor[lane]
        feed = indexes[position - 1] if position else None
        if feed is not None and feed not in done:
            if feed not in retried:
                retried.add(feed)
                log.warning("feed=%s is built again by another process", feeds[feed].id)
                shared.cursor[lane] = position - 1
                _finish(shared, lane, last=False)
                continue
            arrived(feed, _died(feeds[feed], config, f"its build process died (exit {exitcode})"))
        _finish(shared, lane, last=position >= len(indexes))


def _died(feed: FeedConfig, config: Config, why: str) -> BuildResult:
    return BuildResult(
        feed_id=feed.id,
        status="failed",
        url=config.resolve_url(feed),
        error=why,
        error_kind="unexpected",
    )
