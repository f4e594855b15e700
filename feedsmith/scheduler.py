"""`feedsmith run`: keep every feed fresh on its own schedule, for months.

At start every enabled feed is built once (concurrently, host by host), then each feed becomes
one APScheduler job (id = feed id) on its own trigger: an interval (``schedule: 30m``) or a cron
expression (``schedule: "cron: 0 7 * * 1-5"``), with random jitter so feeds do not all fire in
the same second. A job never runs twice at once (``max_instances=1``); runs missed during a
sleep or suspend are coalesced into one, however late (``misfire_grace_time=None``).

A failing feed is retried after ``run.retry_min`` seconds, doubled after each further failure
up to ``run.retry_max``; after a success its trigger takes over again.

``feeds.yaml`` is re-read when it changes: feeds added, removed or rescheduled without a
restart; a failing feed whose entry changed (its URL or selectors fixed) is tried at once, not
after its backoff. Editors save in ways that leave the file empty or half-written for a moment, so a
change is read only once the file has settled (the same size, mtime and inode at two polls in a
row); an edit that would remove every feed at once is logged loudly and applied only once it has
stayed so for `EMPTY_CONFIRM` seconds. A broken edit is logged with every problem and the last
good config keeps running; so does a deleted feeds.yaml.

Stopping (the ``stop`` event; the CLI sets it on SIGTERM and Ctrl-C) lets runs in progress
finish their writes, starts no new request, and releases the state lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from feedsmith.backends import Limiter
from feedsmith.config import (
    Config,
    FeedConfig,
    Run,
    crontab_fields,
    load_config,
    parse_config,
    parse_interval,
)
from feedsmith.errors import ConfigError
from feedsmith.lock import StateLock
from feedsmith.pipeline import Runtime, build_all, build_feed, publish_health, retire_removed

log = logging.getLogger(__name__)

DEFAULT_SCHEDULE = "1h"
# seconds an edit that removes every feed must stay unchanged before it is applied
EMPTY_CONFIRM = 10.0
_CRON_JITTER_MAX = 60.0


def schedule_of(feed: FeedConfig) -> str:
    return feed.schedule or DEFAULT_SCHEDULE


def make_trigger(schedule: str, *, jitter: float) -> BaseTrigger:
    """The APScheduler trigger for a feed's ``schedule`` (jitter at most a tenth of it)."""
    if schedule.startswith("cron:"):
        cron = CronTrigger(**crontab_fields(schedule.removeprefix("cron:").strip()), timezone=UTC)
        cron.jitter = int(min(jitter, _CRON_JITTER_MAX)) or None
        return cron
    seconds = parse_interval(schedule)
    return IntervalTrigger(seconds=seconds, jitter=int(min(jitter, seconds / 10)) or None)


def retry_delay(failures: int, run: Run) -> float:
    """Seconds before a feed that failed ``failures`` times in a row is tried again."""
    if failures <= 0:
        return 0.0
    return float(min(run.retry_min * 2 ** (failures - 1), run.retry_max))


def _signature(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FileStamp = tuple[int, int, int]  # size, mtime (ns), inode


def _stamp(path: Path) -> FileStamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


class ConfigWatch:
    """When to read an edited feeds.yaml, and when to believe it.

    `poll` returns the new bytes once the file has changed and then stayed the same (size,
    mtime and inode) from one poll to the next, so a file an editor is still writing (emptied,
    then filled; or renamed into place) is not read half-way. `confirm_empty` holds back an edit
    that would leave no feed running: it must stay unchanged for ``empty_after`` seconds.
    """

    def __init__(self, path: Path, data: bytes | None, *, empty_after: float = EMPTY_CONFIRM):
        self.path = path
        self.empty_after = empty_after
        self._applied = _stamp(path)
        self._signature = _signature(data) if data is not None else None
        self._pending: FileStamp | None = None
        self._empty_since: tuple[str, float] | None = None
        self._missing = False

    def poll(self) -> bytes | None:
        """The file's bytes if it changed and has settled since the last poll, else None."""
        stamp = _stamp(self.path)
        if stamp is None:
            if not self._missing:
                log.warning("%s is gone; still running the last version read", self.path)
            self._missing, self._pending = True, None
            return None
        if self._missing:
            log.info("%s is back", self.path)
            self._missing = False
        if stamp == self._applied:
            self._pending, self._empty_since = None, None
            return None
        if stamp != self._pending:  # changed since the last poll: wait for it to settle
            self._pending = stamp
            return None
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if _stamp(self.path) != stamp:  # written to while being read
            return None
        if _signature(data) == self._signature:  # touched, or saved with the same bytes
            self.done(data)
            return None
        return data

    def confirm_empty(self, data: bytes) -> bool:
        """True once an edit that leaves no feed has stayed unchanged for ``empty_after`` s."""
        signature, now = _signature(data), time.monotonic()
        if self._empty_since is None or self._empty_since[0] != signature:
            self._empty_since = (signature, now)
        waited = now - self._empty_since[1]
        if waited >= self.empty_after:
            return True
        if waited == 0:
            log.error(
                "%s now lists no feed to run: every feed would stop. Still running the last "
                "version; if this is meant, it applies after %g s unchanged",
                self.path,
                self.empty_after,
            )
        return False

    def done(self, data: bytes) -> None:
        """These bytes were dealt with (applied, or reported as broken): wait for the next edit."""
        self._applied = self._pending or _stamp(self.path)
        self._signature = _signature(data)
        self._pending, self._empty_since = None, None


@dataclass(frozen=True, slots=True)
class Share:
    """One daemon's part of the feeds when several processes run them (`run --processes N`):
    the feeds it keeps, the host limiter the processes share (None: the config's own, e.g. in
    Redis), and whether it is the one that forgets removed feeds. The state lock is the
    parent's."""

    owns: Callable[[str], bool]
    limiter: Limiter | None = None
    retires: bool = False
    # feeds this process builds at once (its part of ``crawl.workers``); None: all of them
    workers: int | None = None


class Daemon:
    """Runs the schedule until ``stop`` is set. Use `run` from the main thread or any other."""

    def __init__(
        self,
        config_path: Path,
        *,
        stop: threading.Event | None = None,
        poll: float = 2.0,
        config: Config | None = None,
        empty_after: float = EMPTY_CONFIRM,
        share: Share | None = None,
    ) -> None:
        self.config_path = config_path
        # the part of the feeds this daemon keeps (`run --processes N`), else every feed
        self.share = share
        self.stop = stop or threading.Event()
        self.poll = poll
        try:
            data: bytes | None = config_path.read_bytes()
        except OSError:
            data = None
        self.config = config or load_config(config_path)
        # the feeds by id (`Config.feed` looks through the list, at every run of a feed)
        self._by_id = {f.id: f for f in self.config.feeds}
        self.watch = ConfigWatch(config_path, data, empty_after=empty_after)
        self.runtime: Runtime | None = None
        self.scheduler: BackgroundScheduler | None = None
        # feed id → (schedule, jitter) its job was made with
        self._triggers: dict[str, tuple[str, float]] = {}
        self.started = threading.Event()

    # -- running --------------------------------------------------------------------------

    def run(self) -> None:
        """Build everything, then keep to the schedule until stopped. Raises `LockError`."""
        config = self.config
        with contextlib.ExitStack() as stack:
            if self.share is None:
                stack.enter_context(StateLock(config.state_path, public_dir=config.public_path))
            limiter = self.share.limiter if self.share is not None else None
            runtime = stack.enter_context(Runtime(config, stop=self.stop, local_limiter=limiter))
            self._serve(runtime)

    def _mine(self, config: Config) -> list[FeedConfig]:
        """The enabled feeds this daemon keeps."""
        share = self.share
        return [f for f in config.feeds if f.enabled and (share is None or share.owns(f.id))]

    def _retire(self, runtime: Runtime) -> None:
        """Forget feeds removed from feeds.yaml (one daemon of a share does it)."""
        if self.share is None or self.share.retires:
            retire_removed(runtime)

    def _serve(self, runtime: Runtime) -> None:
        config = self.config
        self.runtime = runtime
        feeds = self._mine(config)
        log.info("starting: %d feed(s); first build of all of them", len(feeds))
        self._retire(runtime)
        workers = (self.share.workers if self.share else None) or config.crawl.workers
        results = build_all(feeds, runtime, workers=workers)
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        scheduler.add_listener(self._on_job_error, EVENT_JOB_ERROR)
        self.scheduler = scheduler
        for feed in feeds:
            self._add_job(feed)
        scheduler.start()
        for result in results:
            if result.status == "failed" and result.error_kind != "stopped":
                self._retry_later(result.feed_id)
        self.started.set()
        log.info("scheduled %d feed(s); watching %s", len(feeds), self.config_path)
        try:
            while not self.stop.wait(self.poll):
                if self.config.run.watch:
                    self.reload_if_changed()
        finally:
            log.info("stopping: letting runs in progress finish")
            self.stop.set()
            scheduler.shutdown(wait=True)
            log.info("stopped")

    def _on_job_error(self, event: JobExecutionEvent) -> None:
        log.error("feed=%s job failed unexpectedly: %r", event.job_id, event.exception)

    def _add_job(self, feed: FeedConfig, *, now: datetime | None = None) -> None:
        assert self.scheduler is not None
        schedule = schedule_of(feed)
        jitter = self.config.run.jitter
        kwargs: dict[str, Any] = {}
        if now is not None:
            kwargs["next_run_time"] = now
        self.scheduler.add_job(
            self._run_feed,
            make_trigger(schedule, jitter=jitter),
            args=(feed.id,),
            id=feed.id,
            name=feed.id,
            replace_existing=True,
            **kwargs,
        )
        self._triggers[feed.id] = (schedule, jitter)

    def _run_feed(self, feed_id: str) -> None:
        runtime, scheduler = self.runtime, self.scheduler
        if runtime is None or scheduler is None or self.stop.is_set():
            return
        feed = self._by_id.get(feed_id)
        if feed is None:
            return
        result = build_feed(feed, runtime)
        publish_health(runtime)
        if result.status != "failed" or result.error_kind == "stopped":
            return
        self._retry_later(feed_id)

    def _retry_later(self, feed_id: str) -> None:
        """Move a failed feed's next run to its backoff time."""
        runtime, scheduler = self.runtime, self.scheduler
        if runtime is None or scheduler is None:
            return
        with runtime.lock:
            failures = int(runtime.store.feed_state(feed_id).get("failures", 1))
        delay = retry_delay(failures, self.config.run)
        when = datetime.now(UTC) + timedelta(seconds=delay)
        job = scheduler.get_job(feed_id)
        if job is not None and not self.stop.is_set():
            job.modify(next_run_time=when)
            log.info("feed=%s failure %d in a row; next try in %.0f s", feed_id, failures, delay)

    # -- reloading ------------------------------------------------------------------------

    def reload_if_changed(self) -> bool:
        """Apply feeds.yaml if it changed and has settled; True if a new config was applied."""
        data = self.watch.poll()
        if data is None:
            return False
        try:
            new = parse_config(
                data.decode("utf-8"),
                file=str(self.config_path),
                root=self.config_path.resolve().parent,
            )
        except UnicodeDecodeError as exc:
            log.error(
                "%s changed but is not UTF-8 (%s); still running the last good version",
                self.config_path,
                exc,
            )
            self.watch.done(data)
            return False
        except ConfigError as exc:
            log.error(
                "%s changed but has %d problem(s); still running the last good version:\n%s",
                self.config_path,
                len(exc.issues),
                "\n".join(f"  {issue}" for issue in exc.issues),
            )
            self.watch.done(data)
            return False
        old = self.config
        if not any(f.enabled for f in new.feeds) and any(f.enabled for f in old.feeds):
            if not self.watch.confirm_empty(data):
                return False
            log.warning(
                "%s lists no feed for %g s: stopping every feed",
                self.config_path,
                self.watch.empty_after,
            )
        self.watch.done(data)
        if (new.state_path, new.public_path) != (old.state_path, old.public_path):
            log.error("state_dir/public_dir changed: restart `feedsmith run` to apply it")
            return False
        if new.crawl != old.crawl:
            log.warning("crawl settings changed: they apply after a restart")
        self.apply(new)
        return True

    def apply(self, new: Config) -> None:
        """Swap in a new config: add, remove and reschedule jobs to match it."""
        assert self.scheduler is not None and self.runtime is not None
        before = {f.id: f for f in self.config.feeds}
        self.config = new
        self._by_id = {f.id: f for f in new.feeds}
        self.runtime.config = new
        wanted = {f.id: f for f in self._mine(new)}
        for feed_id in list(self._triggers):
            if feed_id not in wanted:
                self.scheduler.remove_job(feed_id)
                del self._triggers[feed_id]
                log.info("feed=%s removed from the schedule", feed_id)
        now = datetime.now(UTC)
        for feed_id, feed in wanted.items():
            made_with = self._triggers.get(feed_id)
            if made_with is None:
                self._add_job(feed, now=now)
                log.info("feed=%s added; building it now", feed_id)
            elif made_with != (schedule_of(feed), new.run.jitter):
                self.scheduler.reschedule_job(
                    feed_id, trigger=make_trigger(schedule_of(feed), jitter=new.run.jitter)
                )
                self._triggers[feed_id] = (schedule_of(feed), new.run.jitter)
                log.info("feed=%s rescheduled: %s", feed_id, schedule_of(feed))
            if made_with is not None and before.get(feed_id) != feed and self._failing(feed_id):
                # the user edited a failing feed (its URL, its selectors): try the fix at once
                job = self.scheduler.get_job(feed_id)
                if job is not None:
                    job.modify(next_run_time=now)
                    log.info("feed=%s changed while failing: trying it now", feed_id)
        self._retire(self.runtime)
        log.info("reloaded %s: %d feed(s) scheduled", self.config_path, len(wanted))

    def _failing(self, feed_id: str) -> bool:
        assert self.runtime is not None
        with self.runtime.lock:
            return bool(self.runtime.store.feed_state(feed_id).get("failures"))

    def next_run(self, feed_id: str) -> datetime | None:
        job = self.scheduler.get_job(feed_id) if self.scheduler is not None else None
        return job.next_run_time if job is not None else None
