"""``feedsmith cluster …``: the commands of a cluster (see `feedsmith.cluster`)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from feedsmith.errors import ConfigError, FeedsmithError

if TYPE_CHECKING:  # loaded by the commands that run (`feedsmith --help` loads neither)
    from feedsmith.config import Config

log = logging.getLogger(__name__)

_config_option = click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default="feeds.yaml",
    show_default=True,
    help="The feeds file.",
)


def _load(path: Path) -> Config:
    from feedsmith.backends import endpoints_of
    from feedsmith.config import load_config

    try:
        config = load_config(path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if config.cluster is None and not os.environ.get("FEEDSMITH_BROKER"):
        click.echo(
            f"error: {path} has no `cluster: {{broker: redis://…}}` (nor FEEDSMITH_BROKER)",
            err=True,
        )
        sys.exit(2)
    try:
        ends = endpoints_of(config)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if not ends.shared:
        log.warning(
            "state=%s cache=%s publish=%s: not all on servers; workers on other machines "
            "will not share them",
            ends.state.shown,
            ends.cache.shown,
            ends.publish.shown,
        )
    return config


@click.group()
def cluster() -> None:
    """Build feeds on many machines: Celery workers, Redis, PostgreSQL, S3 (see README)."""


@cluster.command()
@_config_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=None,
    help="Feeds built at once by this worker (default: crawl.workers).",
)
@click.option("--name", default=None, help="This worker's name (default: host and PID).")
def worker(config_path: Path, concurrency: int | None, name: str | None) -> None:
    """Build feeds as they are queued, until stopped (SIGTERM: finish the builds under way)."""
    from feedsmith.cluster import tasks

    config = _load(config_path)
    os.environ[tasks.CONFIG_ENV] = str(config_path.resolve())
    app = tasks.configure(config)
    threads = concurrency or config.crawl.workers
    node = name or f"feedsmith-{socket.gethostname()}-{os.getpid()}"
    app.worker_main(
        [
            "worker",
            "--pool=threads",
            f"--concurrency={threads}",
            "--queues",
            tasks.QUEUE,
            "--hostname",
            f"{node}@%h",
            "--loglevel",
            logging.getLevelName(logging.getLogger().getEffectiveLevel()) or "INFO",
            "--without-mingle",
            "--without-gossip",
        ]
    )


@cluster.command()
@_config_option
@click.option(
    "--poll",
    type=click.FloatRange(0.05, 60),
    default=1.0,
    show_default=True,
    help="Seconds between passes over the schedules.",
)
def scheduler(config_path: Path, poll: float) -> None:
    """Queue each feed on its schedule (one scheduler leads; others stand by)."""
    from feedsmith.cluster.scheduler import ClusterScheduler

    _load(config_path)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("feedsmith").setLevel(logging.INFO)
    ClusterScheduler(config_path, stop=stop, poll=poll).run()


@cluster.command()
@_config_option
@click.argument("feed_ids", nargs=-1)
@click.option("--force", is_flag=True, help="Queue even feeds already queued or building.")
def enqueue(config_path: Path, feed_ids: tuple[str, ...], force: bool) -> None:
    """Queue builds of FEED_IDS (default: every enabled feed) and return at once."""
    from feedsmith.cluster import tasks
    from feedsmith.config import select_feeds

    config = _load(config_path)
    try:
        feeds = select_feeds(config, list(feed_ids))
    except KeyError as exc:
        click.echo(f"error: no feed with id {exc.args[0]!r}", err=True)
        sys.exit(2)
    tasks.configure(config)
    client = tasks.broker_client(config, check=True)
    try:
        queued = tasks.enqueue(config, [f.id for f in feeds], client=client, force=force)
    finally:
        client.close()
    skipped = len(feeds) - len(queued)
    note = f" ({skipped} already queued or building)" if skipped else ""
    click.echo(f"queued {len(queued)} feed(s){note}")


@cluster.command()
@_config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(config_path: Path, as_json: bool) -> None:
    """Queue depth, workers seen, feeds late or failing and their last errors.

    Exit 1 if a feed is failing."""
    from feedsmith.backends import open_store
    from feedsmith.cluster import tasks
    from feedsmith.health import status_document

    config = _load(config_path)
    app = tasks.configure(config)
    client = tasks.broker_client(config, check=True)
    try:
        queued = int(client.llen(tasks.QUEUE))
        unacked = int(client.hlen("unacked"))
        building = sorted(
            _text(key).removeprefix(tasks.PREFIX + "building:")
            for key in client.scan_iter(tasks.PREFIX + "building:*")
        )
        last = {_text(k): json.loads(v) for k, v in client.hgetall(tasks.PREFIX + "last").items()}
        leader = client.get(tasks.PREFIX + "scheduler-leader")
    finally:
        client.close()
    replies = app.control.inspect(timeout=1.0).ping() or {}
    try:
        store = open_store(config)
    except FeedsmithError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    states: dict[str, dict[str, Any]] = {}
    if store is not None:
        try:
            states = store.all_feed_states()
        finally:
            store.close()
    document = status_document([(f.id, f.enabled) for f in config.feeds], states)
    now = datetime.now(UTC)
    late = []
    from feedsmith.config import parse_interval
    from feedsmith.scheduler import schedule_of

    for feed in config.feeds:
        schedule = schedule_of(feed)
        success = states.get(feed.id, {}).get("last_success")
        if not feed.enabled or schedule.startswith("cron:"):
            continue
        if success is None or (
            now - datetime.fromisoformat(success)
        ).total_seconds() > 2 * parse_interval(schedule):
            late.append(feed.id)
    failing = [r for r in document["feeds"] if r["health"] == "failing"]
    report = {
        "queued": queued,
        "unacknowledged": unacked,
        "building": building,
        "workers": sorted(replies),
        "scheduler": _text(leader) if leader else None,
        "late": late,
        "failing": [{"id": r["id"], "error": r["last_error"]} for r in failing],
        "last": last,
    }
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(f"queue: {queued} waiting, {unacked} taken by a worker and not finished")
        click.echo(
            f"workers seen: {len(replies)}" + (": " + ", ".join(sorted(replies)) if replies else "")
        )
        click.echo(f"scheduler: {report['scheduler'] or 'none leading'}")
        click.echo(f"building now: {', '.join(building) or 'nothing'}")
        click.echo(f"late (no success in two intervals): {', '.join(late) or 'none'}")
        click.echo(f"failing: {len(failing)}")
        for row in failing:
            click.echo(f"  {row['id']}: {row['last_error']}")
    sys.exit(1 if failing else 0)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@cluster.command("copy-state")
@_config_option
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="The SQLite state file to copy from (e.g. .feedsmith/state.sqlite).",
)
def copy_state_command(config_path: Path, source: Path) -> None:
    """Copy a SQLite state file into the `state:` store (PostgreSQL): entries keep their ids
    and dates. Rows already there are kept; safe to run again."""
    from feedsmith.backends import open_store
    from feedsmith.backends.migrate import copy_state
    from feedsmith.config import load_config
    from feedsmith.store import Store

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        target = open_store(config)
        if target is None or target.where == str(source.resolve()):
            click.echo("error: `state:` must name another store (a PostgreSQL URL)", err=True)
            sys.exit(2)
        origin = Store(source)
        try:
            copied = copy_state(origin, target)
        finally:
            origin.close()
            target.close()
    except FeedsmithError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {table}" for table, n in copied.items())
    click.echo(f"copied {counts} from {source} to {target.where}")
