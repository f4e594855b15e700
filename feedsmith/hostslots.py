"""Per-host politeness shared by the processes of one machine (`feedsmith build --processes N`).

`politeness.HostLimiter` keeps its counts in one process. When several processes build feeds of
the same hosts (a host's feeds handed out to whichever process is free, article pages on any
host), they must count together: `HostSlots` holds every host's requests in flight, the time
before which the next may not start, and its robots.txt ``Crawl-delay`` in shared memory, made
before the processes start; `SharedHostLimiter` is the `backends.Limiter` each process uses on
it, with the same rules as `HostLimiter` (at most ``per_host`` at once, ``delay`` between two
starts, ``Retry-After`` for every feed).

Hosts are kept in a fixed table by a hash of their ``host:port``: two hosts that land in one
cell share their limits, which is stricter, never looser. Each process notes the cells it holds
slots of (`HELD` at most); when one is killed (``kill -9``, the OOM killer) the parent gives its
slots back (`HostSlots.free`), so its hosts are not closed to the others for the rest of the
build. (A process killed in the microseconds it holds the table's lock would still stop the
others: a POSIX semaphore does not know its holder died.)
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from typing import Any

from feedsmith.errors import Stopped
from feedsmith.politeness import DEFAULT_DELAY, MAX_CRAWL_DELAY, host_key, is_loopback

CELLS = 1 << 16
# slots one process notes as held at once (one a thread at a time; a few nested at most)
HELD = 256


class HostSlots:
    """The shared table; made in the parent and handed to each process as it starts."""

    def __init__(self, context: BaseContext, cells: int = CELLS, processes: int = 1) -> None:
        self.cells = cells
        self.condition = context.Condition(context.Lock())
        self.in_use: Any = context.RawArray("i", cells)
        self.next_at: Any = context.RawArray("d", cells)  # time.monotonic(): one clock per machine
        self.crawl_delay: Any = context.RawArray("d", cells)
        # the cells each process holds slots of: HELD entries a process, -1 for none
        self.held: Any = context.RawArray("i", [-1] * (HELD * max(1, processes)))
        self.processes = max(1, processes)

    def _note(self, owner: int, cell: int, old: int, new: int) -> None:
        """Under the lock: replace one ``old`` entry of ``owner``'s with ``new``."""
        if not 0 <= owner < self.processes:
            return
        for i in range(owner * HELD, (owner + 1) * HELD):
            if self.held[i] == old:
                self.held[i] = new
                return

    def free(self, owner: int) -> int:
        """Give back every slot process ``owner`` held (it died); return how many."""
        freed = 0
        with self.condition:
            for i in range(owner * HELD, (owner + 1) * HELD):
                cell = self.held[i]
                if cell >= 0:
                    self.in_use[cell] = max(0, self.in_use[cell] - 1)
                    self.held[i] = -1
                    freed += 1
            self.condition.notify_all()
        return freed

    def cell(self, url: str) -> int:
        digest = hashlib.blake2b(host_key(url).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.cells


class SharedHostLimiter:
    """A `HostLimiter` whose counts are in a `HostSlots` table, so the processes that share it
    are one client to each host. Thread-safe and process-safe."""

    # how often a wait for a slot looks at the stop event
    POLL = 0.1

    def __init__(
        self,
        slots: HostSlots,
        *,
        per_host: int = 1,
        delay: float | None = None,
        stop: threading.Event | None = None,
        owner: int = -1,
    ) -> None:
        self.slots = slots
        self.per_host = max(1, per_host)
        self.delay = delay
        self.stop = stop or threading.Event()
        # this process's number among the table's users (its slots are noted; -1: not noted)
        self.owner = owner

    def _base_delay(self, url: str) -> float:
        if self.delay is not None:
            return self.delay
        return 0.0 if is_loopback(url) else DEFAULT_DELAY

    def delay_for(self, url: str) -> float:
        return max(self._base_delay(url), float(self.slots.crawl_delay[self.slots.cell(url)]))

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its delay allows."""
        slots, cell = self.slots, self.slots.cell(url)
        base = self._base_delay(url)
        with slots.condition:
            while slots.in_use[cell] >= self.per_host:
                if self.stop.is_set():
                    raise Stopped()
                slots.condition.wait(self.POLL)
            slots.in_use[cell] += 1
            slots._note(self.owner, cell, -1, cell)
            now = time.monotonic()
            start = max(now, slots.next_at[cell])
            slots.next_at[cell] = start + max(base, slots.crawl_delay[cell])
        try:
            self.sleep(start - now)
            yield
        finally:
            with slots.condition:
                slots.in_use[cell] -= 1
                slots._note(self.owner, cell, cell, -1)
                slots.condition.notify_all()

    def defer(self, url: str, seconds: float) -> None:
        """Start nothing on the URL's host for ``seconds``, in any process."""
        slots, cell = self.slots, self.slots.cell(url)
        with slots.condition:
            slots.next_at[cell] = max(slots.next_at[cell], time.monotonic() + seconds)

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        slots = self.slots
        with slots.condition:
            slots.crawl_delay[slots.cell(url)] = min(seconds, MAX_CRAWL_DELAY)

    def sleep(self, seconds: float) -> None:
        """Wait, unless feedsmith is stopping (then raise `Stopped`)."""
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped()
        if self.stop.is_set():
            raise Stopped()
