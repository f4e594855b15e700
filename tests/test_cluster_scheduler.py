"""`feedsmith cluster scheduler`, one pass at a time on a real redis-server: what it queues,
when, and what it leaves alone (no workers: the queue itself is read)."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.servers import Redis

pytest.importorskip("celery", reason="celery is not installed: pip install -e '.[test]'")
redis = pytest.importorskip("redis", reason="redis is not installed: pip install -e '.[test]'")

from feedsmith.cluster import tasks  # noqa: E402
from feedsmith.cluster.scheduler import ClusterScheduler  # noqa: E402

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def write(path: Path, broker: str, *feeds: tuple[str, str]) -> None:
    lines = [
        f"  - {{id: {fid}, url: 'https://example.org/{fid}', schedule: {every}}}"
        for fid, every in feeds
    ]
    path.write_text(
        f"run: {{jitter: 0, retry_min: 600}}\ncluster: {{broker: '{broker}'}}\n"
        "feeds:\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )


def queued(client: redis.Redis) -> list[str]:
    """The feed ids of the build jobs waiting in the queue, oldest first."""
    out = []
    for raw in reversed(client.lrange(tasks.QUEUE, 0, -1)):
        message = json.loads(raw)
        out.append(json.loads(base64.b64decode(message["body"]))[0][0])
    return out


def test_feeds_are_queued_on_schedule_once_and_reloaded(
    tmp_path: Path, redis_server: Redis, redis_url: str
) -> None:
    path = tmp_path / "feeds.yaml"
    write(path, redis_url, ("a", "10m"), ("b", "1h"))
    scheduler = ClusterScheduler(path)
    tasks.configure(scheduler.config)
    client = redis.Redis.from_url(redis_url)
    try:
        assert scheduler.tick(client, NOW) == ["a", "b"]  # everything once at the start
        assert scheduler.tick(client, NOW + timedelta(seconds=1)) == []
        # "a" is due again, but still queued (no worker took it): not queued twice
        assert scheduler.tick(client, NOW + timedelta(minutes=11)) == []
        client.delete(tasks.pending_key("a"))  # a worker built it
        assert scheduler.tick(client, NOW + timedelta(minutes=21)) == ["a"]
        assert queued(client) == ["a", "b", "a"]

        # a failed build reported by a worker: the next try waits for the backoff
        client.delete(tasks.pending_key("a"))
        summary = {
            "status": "failed",
            "failures": 2,
            "at": (NOW + timedelta(minutes=21)).isoformat(),
        }
        client.hset(tasks.PREFIX + "last", "a", json.dumps(summary))
        assert scheduler.tick(client, NOW + timedelta(minutes=32)) == []  # 20 min backoff
        assert scheduler.tick(client, NOW + timedelta(minutes=42)) == ["a"]

        # feeds.yaml edited: a new feed is queued at once, a removed one no more
        write(path, redis_url, ("a", "10m"), ("c", "1h"))
        stamp = path.stat()
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
        scheduler.tick(client, NOW + timedelta(minutes=43))  # seen changed: waits to settle
        assert scheduler.tick(client, NOW + timedelta(minutes=44)) == ["c"]
        assert "b" not in scheduler._next

        # another scheduler taking over: each feed one interval after the cluster last built it
        client.hset(tasks.PREFIX + "last", "c", json.dumps({"status": "ok", "at": NOW.isoformat()}))
        client.delete(tasks.pending_key("a"), tasks.pending_key("c"))
        heir = ClusterScheduler(path)
        assert heir.tick(client, NOW + timedelta(minutes=30)) == []
        # "a" failed twice (its backoff, 20 minutes from then); "c" an hour after its build
        assert heir.tick(client, NOW + timedelta(minutes=42)) == ["a"]
        assert heir.tick(client, NOW + timedelta(minutes=59)) == []
        assert heir.tick(client, NOW + timedelta(minutes=61)) == ["c"]
    finally:
        client.close()


def test_a_second_scheduler_stands_by_while_the_first_leads(
    tmp_path: Path, redis_server: Redis, redis_url: str
) -> None:
    path = tmp_path / "feeds.yaml"
    write(path, redis_url, ("a", "1h"))
    first_stop, second_stop = threading.Event(), threading.Event()
    first = ClusterScheduler(path, stop=first_stop, poll=0.05, lease=1.0)
    second = ClusterScheduler(path, stop=second_stop, poll=0.05, lease=1.0)
    client = redis.Redis.from_url(redis_url)
    threads = [threading.Thread(target=s.run) for s in (first, second)]
    try:
        threads[0].start()
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while client.get("feedsmith:scheduler-leader") is None:
            assert datetime.now(UTC) < deadline
            time.sleep(0.02)
        threads[1].start()
        while not queued(client):
            assert datetime.now(UTC) < deadline
            time.sleep(0.02)
        assert client.get("feedsmith:scheduler-leader") == first.token.encode()
        first_stop.set()  # the leader goes: the other takes over within a lease
        threads[0].join()
        while client.get("feedsmith:scheduler-leader") != second.token.encode():
            assert datetime.now(UTC) < deadline
            time.sleep(0.02)
        assert queued(client) == ["a"]  # "a" still queued: the new leader does not add it
    finally:
        first_stop.set()
        second_stop.set()
        for thread in threads:
            if thread.is_alive() or thread.ident:
                thread.join()
        client.close()


def test_the_scheduler_rides_out_a_redis_restart(
    tmp_path: Path, redis_server: Redis, redis_url: str
) -> None:
    path = tmp_path / "feeds.yaml"
    write(path, redis_url, ("a", "1h"))
    stop = threading.Event()
    scheduler = ClusterScheduler(path, stop=stop, poll=0.05, lease=0.6)
    thread = threading.Thread(target=scheduler.run)
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 30
    try:
        thread.start()
        while not _queued_safely(client):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        redis_server.stop()  # emptied: this server keeps nothing on disk
        redis_server.start()
        # the scheduler leads again and, with no record of the queue or the builds, queues "a"
        while _queued_safely(client) != ["a"]:
            assert time.monotonic() < deadline
            assert thread.is_alive()
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
        client.close()


def _queued_safely(client: redis.Redis) -> list[str]:
    try:
        return queued(client)
    except redis.ConnectionError:
        return []


def test_the_hosts_take_turns_in_the_queue(
    tmp_path: Path, redis_server: Redis, redis_url: str
) -> None:
    """A feeds file lists a site's feeds together; the queue gets the hosts in turn (one feed of
    each, then the next of each), so a worker's threads do not all wait for one host's slot.
    Feeds already queued are not queued again (their marks set in one round trip)."""
    path = tmp_path / "feeds.yaml"
    feeds = ["a1", "a2", "a3", "b1", "b2", "c1"]
    path.write_text(
        f"cluster: {{broker: '{redis_url}'}}\nfeeds:\n"
        + "".join(f"  - {{id: {f}, url: 'https://{f[0]}.example.org/{f}'}}\n" for f in feeds),
        encoding="utf-8",
    )
    config = ClusterScheduler(path).config
    tasks.configure(config)
    client = redis.Redis.from_url(redis_url)
    try:
        turns = ["a1", "b1", "c1", "a2", "b2", "a3"]
        assert tasks.enqueue(config, feeds, client=client, force=False) == turns
        assert queued(client) == turns
        assert tasks.enqueue(config, feeds, client=client, force=False) == []
        assert tasks.enqueue(config, ["b2", "a1"], client=client, force=True) == ["b2", "a1"]
        assert queued(client) == [*turns, "b2", "a1"]
    finally:
        client.close()
