"""The Celery app and its two tasks: build one feed, refresh the site files.

Delivery: a job is acknowledged only after it ran (``acks_late``). A worker killed mid-build
(even ``kill -9``) never acknowledges it, so Redis hands it to another worker once the
*visibility timeout* has passed (``cluster.visibility_timeout``: set it longer than the longest
build, or a slow build is started a second time; the feed lock then makes the second one wait).

At most one build of a feed at a time: a job takes the feed's lock (a Redis lease renewed while
building, `feedsmith.backends.redis_backend.RedisFeedLock`). A job that finds the feed locked
is put back to run after the holder (or its lease, if the holder died). A job delivered twice
(its first worker was slow, not dead) builds once: each feed keeps the id of its last finished
job, and a copy of that job is skipped however late it runs (a copy that found the feed locked
waits behind a queue of other builds, sometimes long after the first copy finished).

When Redis goes away (restarted, failed over), a worker keeps running: Celery reconnects to
the broker for ever (``broker_connection_retry`` and ``…_on_startup``, no
``broker_connection_max_retries``), with pauses growing to 30 s, and feedsmith's own clients
(locks, limits, cache, the marks below) try each command again for a few seconds
(`feedsmith.backends.redis_backend.client_for`). A build that cannot reach Redis fails before
it publishes anything and is logged with the URL (password masked); the feed is queued again by
the scheduler once Redis is back. There is no result backend (results are ignored), so nothing
else needs Redis to finish a job.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis
from celery import Celery, Task
from celery.exceptions import CPendingDeprecationWarning
from celery.signals import celeryd_after_setup, worker_shutdown

from feedsmith.backends import endpoints_of, mask
from feedsmith.backends.redis_backend import client_for, connect
from feedsmith.config import Cluster, Config, FeedConfig, load_config
from feedsmith.errors import FeedsmithError
from feedsmith.pipeline import Runtime, build_feed, publish_health, refresh_site
from feedsmith.politeness import host_key

log = logging.getLogger(__name__)

QUEUE = "feedsmith"
BUILD = "feedsmith.build"
SITE = "feedsmith.site"
PREFIX = "feedsmith:"
# seconds after a build before the site files are refreshed (builds finishing meanwhile share it)
SITE_DELAY = 5.0
CONFIG_ENV = "FEEDSMITH_CONFIG"
# how long a feed remembers its last finished job (one small key per feed)
DONE_TTL = 7 * 24 * 3600

app = Celery("feedsmith")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_default_queue=QUEUE,
    worker_hijack_root_logger=False,
    worker_redirect_stdouts=False,
    # a lost broker is reconnected to, at start and later, for ever (pauses grow to 30 s)
    broker_connection_retry=True,
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,
    # builds under way when Redis goes away run to their end (their files are published; only
    # the acknowledgement is lost, and a job redelivered after that is skipped by its mark)
    worker_cancel_long_running_tasks_on_connection_loss=False,
)


def cluster_of(config: Config) -> Cluster:
    """The config's ``cluster:`` settings; without the key, the defaults and the broker named
    by ``FEEDSMITH_BROKER``."""
    return config.cluster or Cluster(broker="${FEEDSMITH_BROKER}")


def configure(config: Config) -> Celery:
    """Point the app at the config's broker, with its visibility timeout."""
    ends = endpoints_of(config)
    if ends.broker is None:
        raise ValueError("feeds.yaml has no cluster.broker")
    cluster = cluster_of(config)
    app.conf.broker_url = ends.broker.url
    # kombu's Redis transport, with the fix that keeps a worker running when Redis restarts
    app.conf.broker_transport = "feedsmith.cluster.transport:Transport"
    timeout = cluster.visibility_timeout
    app.conf.broker_transport_options = {
        "visibility_timeout": timeout,
        # look for jobs whose worker died every few seconds (at most every 10 s), not every
        # 100 s as kombu would: a job is handed on within visibility_timeout + this
        "unacked_restore_interval": max(1, min(10, timeout // 2)),
        "unacked_restore_throttle": 1,
        "socket_timeout": 60,
        "socket_connect_timeout": 10,
        "socket_keepalive": True,
        # a dead connection (Redis restarted) is noticed by a PING before it is used
        "health_check_interval": 10,
    }
    return app


def pending_key(feed_id: str) -> str:
    """Set while a feed is queued or building: the scheduler does not queue it again."""
    return PREFIX + "pending:" + feed_id


def broker_client(config: Config, *, check: bool = False) -> redis.Redis:
    """A client of the broker's Redis that reconnects by itself (`client_for`); with
    ``check``, one that answered a PING (else `StoreError`: the URL masked, what to check)."""
    if check:
        return connect(broker_url(config), "the queue, cluster.broker")
    return client_for(broker_url(config))


def broker_url(config: Config) -> str:
    ends = endpoints_of(config)
    assert ends.broker is not None
    return ends.broker.url


def enqueue(config: Config, feed_ids: list[str], *, client: redis.Redis, force: bool) -> list[str]:
    """Queue a build of each feed not already queued or building (all of them with
    ``force``), the hosts taking turns (`hosts_in_turn`); return the ids queued. The marks
    go first, in one round trip; a send that fails takes the marks of the feeds not sent away,
    and a process killed between the two leaves marks that expire (twice the visibility
    timeout), after which the scheduler queues those feeds again."""
    ttl = int(cluster_of(config).visibility_timeout * 2)
    ordered = hosts_in_turn(config, feed_ids)
    # the pending marks in one round trip: a feed already marked is queued or building
    pipe = client.pipeline(transaction=False)
    for feed_id in ordered:
        pipe.set(pending_key(feed_id), "1", ex=ttl, nx=not force)
    marked = pipe.execute()
    queued = [feed_id for feed_id, new in zip(ordered, marked, strict=True) if new]
    for sent, feed_id in enumerate(queued):
        try:
            app.send_task(BUILD, args=[feed_id], queue=QUEUE)
        except BaseException:
            # the feeds not queued lose their marks, so the scheduler queues them next time
            with contextlib.suppress(redis.RedisError):
                client.delete(*(pending_key(f) for f in queued[sent:]))
            raise
    return queued


def hosts_in_turn(config: Config, feed_ids: list[str]) -> list[str]:
    """``feed_ids`` reordered so that their hosts take turns: the first feed of each host, then
    the second of each, and so on (each host's feeds in their own order). A feeds file lists a
    site's feeds together; queued in that order, a worker's threads would all take feeds of one
    host and wait for its few slots (``per_host``) while the other hosts' feeds wait behind."""
    feeds = {feed.id: feed for feed in config.feeds}  # (`Config.feed` looks through a list)
    by_host: dict[str, list[str]] = {}
    for feed_id in feed_ids:
        feed = feeds.get(feed_id)
        url = config.resolve_url(feed) if feed is not None else ""  # unknown: the worker says so
        by_host.setdefault(host_key(url), []).append(feed_id)
    turns = list(by_host.values())
    return [
        turn[n]
        for n in range(max((len(t) for t in turns), default=0))
        for turn in turns
        if n < len(turn)
    ]


@dataclass
class _Worker:
    """What one worker process keeps between jobs: its config and open parts."""

    config: Config
    runtime: Runtime
    client: redis.Redis
    # the config's feeds by id (`Config.feed` looks through the list: 100,000 feeds a job)
    feeds: dict[str, FeedConfig]


_worker: _Worker | None = None
_worker_lock = threading.Lock()


def _current() -> _Worker:
    global _worker
    with _worker_lock:
        if _worker is None:
            path = Path(os.environ[CONFIG_ENV])
            config = load_config(path)
            feeds = {feed.id: feed for feed in config.feeds}
            _worker = _Worker(config, Runtime(config), broker_client(config), feeds)
        return _worker


@celeryd_after_setup.connect
def _quiet(**_: Any) -> None:
    """Celery warns at every lost connection that the default of
    ``worker_cancel_long_running_tasks_on_connection_loss`` changes in Celery 6; we set it on
    purpose, and the warning would bury the reconnect messages operators look for. (Set here:
    Celery's logging setup turns its warnings back on.)"""
    warnings.filterwarnings(
        "ignore",
        message=r"\s*In Celery 5.1 we introduced an optional breaking change",
        category=CPendingDeprecationWarning,
    )


@worker_shutdown.connect
def _close(**_: Any) -> None:
    global _worker
    with _worker_lock:
        if _worker is not None:
            _worker.runtime.close()
            _worker.client.close()
            _worker = None


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@app.task(name=BUILD, bind=True, max_retries=None, acks_late=True)
def build(self: Task, feed_id: str) -> dict[str, Any]:
    worker = _current()
    try:
        return _build(self, worker, feed_id)
    except redis.RedisError as exc:
        # Redis went away for longer than the clients' retries: nothing was published after
        # the build failed; the scheduler queues the feed again once Redis is back
        log.error(
            "feed=%s: cannot reach Redis (%s): %s; check that it runs; the feed is built "
            "again on its next turn",
            feed_id,
            mask(broker_url(worker.config)),
            exc,
        )
        return {"feed": feed_id, "status": "failed", "error": f"Redis unreachable: {exc}"}


def _build(self: Task, worker: _Worker, feed_id: str) -> dict[str, Any]:
    done = PREFIX + "done:" + feed_id
    if _text(worker.client.get(done)) == str(self.request.id):
        log.info("feed=%s job %s already built: skipped", feed_id, self.request.id)
        return {"feed": feed_id, "status": "duplicate"}
    feed = worker.feeds.get(feed_id)
    if feed is None:
        log.warning("feed=%s is not in this worker's feeds file: skipped", feed_id)
        worker.client.delete(pending_key(feed_id))
        return {"feed": feed_id, "status": "unknown"}
    cluster = cluster_of(worker.config)
    with worker.runtime.locks.hold(feed_id) as held:
        if not held:
            log.info("feed=%s is being built elsewhere; this job waits for it", feed_id)
            raise self.retry(countdown=max(1.0, cluster.lock_lease / 2))
        building = PREFIX + "building:" + feed_id
        worker.client.set(building, holder_name(), ex=max(10, int(cluster.lock_lease * 5)))
        try:
            result = build_feed(feed, worker.runtime, refresh_site=False)
        except BaseException:
            worker.client.delete(building)
            raise
        summary = {
            "feed": feed_id,
            "status": result.status,
            "items": result.items,
            "new": result.new_items,
            "error": result.error,
            "worker": holder_name(),
            "failures": _failures(worker, feed_id, result.status),
            "at": datetime.now(UTC).isoformat(),
        }
        # the build's records in one round trip (a transaction): its mark, the feed no longer
        # pending nor building, its summary and count, and whether the site files are due
        pipe = worker.client.pipeline()
        pipe.set(done, str(self.request.id), ex=DONE_TTL)
        pipe.delete(pending_key(feed_id), building)
        pipe.hset(PREFIX + "last", feed_id, json.dumps(summary))
        pipe.incr(PREFIX + "builds:" + feed_id)
        pipe.set(PREFIX + "site-due", "1", nx=True, ex=int(SITE_DELAY * 6))
        site_due = pipe.execute()[-1]
    if site_due:
        app.send_task(SITE, queue=QUEUE, countdown=SITE_DELAY)
    return summary


def _failures(worker: _Worker, feed_id: str, status: str) -> int:
    """The feed's failures in a row, for the scheduler's backoff: none after a build that did
    not fail (no need to ask the state store), else what the build recorded."""
    if status != "failed":
        return 0
    try:
        return int(worker.runtime.store.feed_state(feed_id).get("failures", 1))
    except FeedsmithError as exc:  # the store is what failed: at least this failure
        log.warning("feed=%s cannot read its failures in a row: %s", feed_id, exc)
        return 1


@app.task(name=SITE, acks_late=True)
def site() -> None:
    """Refresh the index page, OPML, status.json and health feed once for the builds of the
    last few seconds."""
    worker = _current()
    worker.client.delete(PREFIX + "site-due")
    publish_health(worker.runtime)
    refresh_site(worker.runtime)


def _text(value: object) -> str | None:
    return value.decode() if isinstance(value, bytes) else None
