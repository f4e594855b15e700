"""``feedsmith run --processes N``: the scheduler of `feedsmith run` in N processes, one per core.

The parent takes the state lock, forks N children and watches them. Each child is a whole
`scheduler.Daemon` keeping its *share* of the feeds: a feed belongs to child ``i`` when a hash
of its id, modulo N, is ``i`` (`owner`), so every feed is kept by exactly one process, a feed
added to feeds.yaml has an owner without asking anyone, and each child reloads the edited file
on its own (removed feeds are retired by child 0 alone). All of them use the same stores (SQLite
in WAL mode, or the servers the config names), and the politeness of one client: the per-host
limits (``per_host``, ``delay``, ``Crawl-delay``, ``Retry-After``) are counted in shared memory
(`feedsmith.hostslots`) for every request of every process, unless the config keeps them in
Redis already. ``crawl.workers`` is the machine's total, split between the processes.

A child that dies (``kill -9``, the OOM killer, a crash) is replaced: the parent gives its host
slots back and forks a new child for the same share, which builds its feeds at once, as a
starting `run` does, then keeps their schedules. A child that keeps dying is restarted after a
pause that doubles (up to `MAX_PAUSE`). SIGTERM or Ctrl-C reaches the parent: it stops every
child (each lets its builds in progress finish) and returns.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path

from feedsmith.backends import Limiter, endpoints_of
from feedsmith.config import Config, load_config
from feedsmith.errors import ConfigError
from feedsmith.hostslots import HostSlots, SharedHostLimiter
from feedsmith.lock import StateLock
from feedsmith.processes import fork_context, split
from feedsmith.scheduler import Daemon, Share

log = logging.getLogger(__name__)

# the longest pause before a child that keeps dying is started again (seconds)
MAX_PAUSE = 60.0
# a child that ran this long before dying is restarted at once (its pause starts over)
STEADY = 60.0


def owner(feed_id: str, processes: int) -> int:
    """The process (0 … processes - 1) that keeps ``feed_id``: stable across restarts and
    machines (a hash of the id, not Python's salted ``hash``)."""
    digest = hashlib.blake2b(feed_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % max(1, processes)


@dataclass
class _Child:
    index: int
    process: BaseProcess
    started: float
    pause: float = 0.0
    restart_at: float | None = None
    restarts: int = field(default=0)


def _child(
    index: int,
    processes: int,
    config_path: Path,
    config: Config,
    threads: int,
    slots: HostSlots | None,
    poll: float,
) -> None:
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    # Ctrl-C reaches every process of the terminal; SIGTERM comes from the parent
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:  # a replacement child reads the file as it is now (the parent's copy may be old)
        config = load_config(config_path)
    except (ConfigError, OSError) as exc:
        log.warning(
            "process %d: %s cannot be read (%s); using the last good version",
            index,
            config_path,
            exc,
        )
    limiter: Limiter | None = None
    if slots is not None:
        crawl = config.crawl
        limiter = SharedHostLimiter(
            slots, per_host=crawl.per_host, delay=crawl.delay, stop=stop, owner=index
        )
    share = Share(
        owns=lambda feed_id: owner(feed_id, processes) == index,
        limiter=limiter,
        retires=index == 0,
        workers=threads,
    )
    Daemon(config_path, stop=stop, poll=poll, config=config, share=share).run()


def run_in_processes(
    config_path: Path,
    config: Config,
    processes: int,
    *,
    stop: threading.Event,
    poll: float = 2.0,
    on_start: Callable[[int, int], None] | None = None,
) -> None:
    """Run the schedule in ``processes`` children until ``stop`` is set (the caller's signal
    handlers set it). Raises `LockError` when another feedsmith runs on the state folder.
    ``on_start(index, pid)`` is told of each child started (a replacement too)."""
    context = fork_context()
    local = endpoints_of(config).cache.kind == "sqlite"
    slots = HostSlots(context, processes=processes) if local else None
    threads = split(config.crawl.workers, processes)

    def start(index: int) -> BaseProcess:
        process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_child,
            args=(index, processes, config_path, config, threads[index], slots, poll),
            name=f"feedsmith-run-{index}",
        )
        process.start()
        log.info("process %d started (pid %d)", index, process.pid)
        if on_start is not None:
            on_start(index, process.pid or 0)
        return process

    with StateLock(config.state_path, public_dir=config.public_path):
        children = [_Child(i, start(i), time.monotonic()) for i in range(processes)]
        try:
            while not stop.wait(min(poll, 0.5)):
                now = time.monotonic()
                for child in children:
                    if child.restart_at is not None:
                        if now >= child.restart_at:
                            child.process = start(child.index)
                            child.started, child.restart_at = now, None
                        continue
                    if child.process.exitcode is None:
                        continue
                    _lost(child, slots, now)
        finally:
            _stop_all([c.process for c in children])


def _lost(child: _Child, slots: HostSlots | None, now: float) -> None:
    """A child ended while nothing asked it to: give its host slots back and plan its
    replacement (at once, or after a pause when it keeps dying)."""
    child.process.join()
    if slots is not None:
        slots.free(child.index)
    ran = now - child.started
    child.pause = 0.0 if ran >= STEADY else min(MAX_PAUSE, max(1.0, child.pause * 2))
    child.restarts += 1
    child.restart_at = now + child.pause
    log.error(
        "process %d (pid %d) ended with exit code %s after %.0f s; its feeds are built again "
        "by a new process%s",
        child.index,
        child.process.pid or 0,
        child.process.exitcode,
        ran,
        f" in {child.pause:.0f} s" if child.pause else "",
    )


def _stop_all(processes: list[BaseProcess]) -> None:
    """SIGTERM to every child still running, then wait for each (their builds finish)."""
    for process in processes:
        if process.exitcode is None and process.pid:
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        process.join()
    multiprocessing.active_children()  # reap
