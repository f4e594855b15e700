"""`feedsmith cluster scheduler`: queue each feed on its schedule, once, for the whole cluster.

The same schedules as ``feedsmith run`` (`feedsmith.scheduler.make_trigger`: intervals with
jitter, cron lines) and the same failure backoff (`feedsmith.scheduler.retry_delay`, from the
failures in a row the workers report). A feed still queued or building is not queued again
(`tasks.enqueue`). feeds.yaml is read again when it changes (`feedsmith.scheduler.ConfigWatch`).

Only one scheduler queues at a time: it holds a leader lease in Redis, renewed on every pass;
a second scheduler started by mistake waits, and takes over within one lease if the first one
stops or dies. A scheduler that takes over queues each feed one interval after the cluster last
built it (workers record each build in Redis), not every feed at once.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import redis
from apscheduler.triggers.base import BaseTrigger

from feedsmith.cluster import tasks
from feedsmith.config import Config, load_config, parse_config, parse_interval
from feedsmith.errors import ConfigError
from feedsmith.scheduler import ConfigWatch, make_trigger, retry_delay, schedule_of

log = logging.getLogger(__name__)

LEADER_KEY = tasks.PREFIX + "scheduler-leader"
LEADER_LEASE = 15.0

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class ClusterScheduler:
    def __init__(
        self,
        config_path: Path,
        *,
        stop: threading.Event | None = None,
        poll: float = 1.0,
        lease: float = LEADER_LEASE,
    ) -> None:
        self.config_path = config_path
        self.config = load_config(config_path)
        self.stop = stop or threading.Event()
        self.poll = poll
        self.lease = lease
        self.token = f"{tasks.holder_name()}:{uuid.uuid4().hex[:8]}"
        self.watch = ConfigWatch(config_path, _read(config_path))
        self._next: dict[str, datetime] = {}
        self._triggers: dict[str, tuple[str, BaseTrigger]] = {}
        self._seen_results: dict[str, str] = {}

    def run(self) -> None:
        tasks.configure(self.config)
        client = tasks.broker_client(self.config)
        renew = client.register_script(_RENEW)
        lease_ms = int(self.lease * 1000)
        waiting_said = False
        try:
            while not self.stop.is_set():
                try:
                    waiting_said = self._round(client, renew, lease_ms, waiting_said)
                except redis.RedisError as exc:
                    # Redis restarting, or out of reach: try again; leadership is won anew
                    log.warning("Redis: %s; trying again in %g s", exc, self.lease / 3)
                    self.stop.wait(self.lease / 3)
        finally:
            try:
                if client.get(LEADER_KEY) == self.token.encode():
                    client.delete(LEADER_KEY)
            except redis.RedisError:
                pass
            client.close()

    def _round(self, client: redis.Redis, renew: Any, lease_ms: int, waiting_said: bool) -> bool:
        """Win the lease, or stand by; while it holds, queue what is due. Raises RedisError."""
        if not client.set(LEADER_KEY, self.token, nx=True, px=lease_ms):
            if not waiting_said:
                holder = client.get(LEADER_KEY)
                log.info("another scheduler leads (%s); standing by", _text(holder))
            self.stop.wait(min(self.poll, self.lease / 3))
            return True
        log.info("leading: queueing %d feed(s) on their schedules", self._enabled())
        self._next.clear()
        while not self.stop.is_set():
            if not renew(keys=[LEADER_KEY], args=[self.token, lease_ms]):
                log.warning("lost the scheduler lease; standing by")
                break
            self.tick(client, datetime.now(UTC))
            self.stop.wait(self.poll)
        return False

    def _enabled(self) -> int:
        return sum(1 for f in self.config.feeds if f.enabled)

    def tick(self, client: redis.Redis, now: datetime) -> list[str]:
        """One pass: reload the config if it changed, move failing feeds to their backoff
        time, queue every feed that is due; return the ids queued."""
        self._reload()
        jitter = self.config.run.jitter
        wanted = {f.id: f for f in self.config.feeds if f.enabled}
        for feed_id in list(self._next):
            if feed_id not in wanted:
                del self._next[feed_id]
                self._triggers.pop(feed_id, None)
        last: dict[str, dict[str, object]] | None = None
        for feed_id, feed in wanted.items():
            schedule = schedule_of(feed)
            made = self._triggers.get(feed_id)
            if made is None or made[0] != schedule:
                trigger = make_trigger(schedule, jitter=jitter)
                self._triggers[feed_id] = (schedule, trigger)
            if feed_id not in self._next:
                if last is None:
                    last = _last_builds(client)
                self._next[feed_id] = _first_run(
                    schedule, self._triggers[feed_id][1], last.get(feed_id), now
                )
        self._backoff(client)
        due = [fid for fid, when in self._next.items() if when <= now]
        queued = tasks.enqueue(self.config, due, client=client, force=False) if due else []
        for feed_id in due:
            trigger = self._triggers[feed_id][1]
            following = trigger.get_next_fire_time(self._next[feed_id], now)
            self._next[feed_id] = following or now + timedelta(days=365)
        if queued:
            log.info("queued %d feed(s): %s", len(queued), ", ".join(queued))
        return queued

    def _backoff(self, client: redis.Redis) -> None:
        """A feed whose last build failed is tried again after `retry_delay`."""
        for raw_id, raw in client.hgetall(tasks.PREFIX + "last").items():
            feed_id, text = _text(raw_id), _text(raw)
            if self._seen_results.get(feed_id) == text or feed_id not in self._next:
                continue
            self._seen_results[feed_id] = text
            summary = json.loads(text)
            if summary.get("status") != "failed":
                continue
            delay = retry_delay(int(summary.get("failures") or 1), self.config.run)
            when = datetime.fromisoformat(summary["at"]) + timedelta(seconds=delay)
            self._next[feed_id] = when
            log.info("feed=%s failing; next try in %.0f s", feed_id, delay)

    def _reload(self) -> None:
        data = self.watch.poll()
        if data is None:
            return
        self.watch.done(data)
        try:
            new = parse_config(
                data.decode("utf-8"),
                file=str(self.config_path),
                root=self.config_path.resolve().parent,
            )
        except (UnicodeDecodeError, ConfigError) as exc:
            log.error(
                "%s changed but cannot be used (%s); keeping the last good one",
                self.config_path,
                exc,
            )
            return
        self.config = new
        log.info("reloaded %s: %d feed(s)", self.config_path, self._enabled())


def _last_builds(client: redis.Redis) -> dict[str, dict[str, object]]:
    raw = client.hgetall(tasks.PREFIX + "last")
    return {_text(k): json.loads(v) for k, v in raw.items()}


def _first_run(
    schedule: str, trigger: BaseTrigger, last: dict[str, object] | None, now: datetime
) -> datetime:
    """When a feed is first due under this leader: one interval after its last build by the
    cluster (a new leader, or a restarted one, does not rebuild everything at once), or now
    when it was never built (or Redis lost the record)."""
    at = last.get("at") if last else None
    if not isinstance(at, str):
        return now
    built = datetime.fromisoformat(at)
    if schedule.startswith("cron:"):
        following = trigger.get_next_fire_time(None, built)
        return following or now
    return max(now, built + timedelta(seconds=parse_interval(schedule)))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def config_of(path: Path) -> Config:
    return load_config(path)
