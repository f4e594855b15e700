"""Scale: one process, ``--processes 2`` and a Celery cluster of 1, 2 and 4 worker processes,
building the same feeds of the synthetic site, in one run (issues 12 and 13).

Usage: python -m bench.scale [--feeds 2000] [--latency-ms 50] [--repeat 3] [--celery 1,2,4]

Each round builds every feed cold (empty state, cache and public folder) once per variant,
the variants one after the other, so that each round's ratios compare like with like:

- ``build``: ``feedsmith build`` in one process, ``--workers W`` (default 8);
- ``build --processes 2``: the same, W shared by the two processes;
- ``celery ×N``: N ``feedsmith cluster worker`` processes (W shared between them) on a real
  redis-server (broker, HTTP cache, per-host limits, feed locks) with the state in a real
  PostgreSQL (SQLite when PostgreSQL is not installed), public/ a local folder; the workers are
  started and ready before the clock starts, then ``feedsmith cluster enqueue`` queues every
  feed and the clock stops when the last build is recorded. Their start-up is shown apart.

Wall is the time to the last feed built; CPU is every process of the variant (the workers
and the enqueue command for Celery), whose Redis and PostgreSQL time is shown apart, with the
commands and transactions they served per feed. Items are checked against what the site
generated before any time is quoted. The machine may be shared: each figure is given as the
range over the rounds, and the ratios are taken within a round.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bench import site
from bench.measure import run
from bench.run import Site, _json_items, _served, feeds_yaml
from bench.servers import PostgresServer, RedisServer, cpu_of_tree, postgres_server, redis_server
from feedsmith.processes import split

BENCH = Path(__file__).resolve().parent
RERUN = ", unchanged rerun"
# the one-process build on the Celery variants' servers
SHARED = "build, "
ROOT = BENCH.parent


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    variant: str
    wall_s: float
    cpu_s: float
    pages: int
    items: int
    expected: int
    ok: bool
    startup_cpu_s: float | None = None
    redis_cpu_s: float | None = None
    postgres_cpu_s: float | None = None
    redis_commands: int | None = None
    postgres_transactions: int | None = None
    note: str = ""

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else float("nan")


@dataclass(slots=True)
class Servers:
    redis: RedisServer | None
    postgres: PostgresServer | None
    databases: int = 0


def _write(work: Path, doc: dict[str, Any]) -> Path:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    config = work / "feeds.yaml"
    config.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return config


def build_variant(
    name: str,
    web: Site,
    plans: Sequence[site.FeedPlan],
    work: Path,
    args: Sequence[str],
    servers: Servers | None = None,
) -> list[Row]:
    """``feedsmith build`` cold, then again with nothing changed (every page answers 304).
    With ``servers``, the one process keeps its state in PostgreSQL and its HTTP cache, host
    limits and feed locks in Redis, as the Celery workers do (like for like: those servers'
    CPU is shown apart, and is on the same cores)."""
    doc = feeds_yaml(plans, web, work)
    if servers is not None:
        _shared_backends(doc, servers)
    config = _write(work, doc)
    rows = []
    for label in (name, name + RERUN):
        before = web.stats()
        counts = _server_counts(servers)
        argv = [sys.executable, "-m", "feedsmith", "-q", "build", "-c", str(config), *args]
        measured = run(argv, cwd=work)
        spent = _server_spent(servers, counts)
        pages = _served(before, web.stats())
        expected = int(web.ready["items"])
        items = _json_items(work / "public")
        note = f"exit {measured.returncode}: {measured.stderr.strip()[-300:]}"
        rows.append(
            Row(
                variant=label,
                wall_s=measured.wall_s,
                cpu_s=measured.cpu_s,
                pages=pages,
                items=items,
                expected=expected,
                ok=measured.returncode == 0 and items == expected,
                note="" if measured.returncode == 0 else note,
                **spent,
            )
        )
    return rows


def _shared_backends(doc: dict[str, Any], servers: Servers) -> None:
    """Point a feeds file at the bench's servers: the HTTP cache (and with it the host limits
    and feed locks) in Redis database 1, emptied; the state in a new PostgreSQL database (when
    PostgreSQL is installed)."""
    assert servers.redis is not None
    import redis

    flush = redis.Redis.from_url(servers.redis.url(0))
    try:
        flush.flushall()
    finally:
        flush.close()
    doc["cache"] = servers.redis.url(1)
    if servers.postgres is not None:
        import psycopg

        servers.databases += 1
        database = f"bench_{os.getpid()}_{servers.databases}"
        with psycopg.connect(servers.postgres.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {database}")  # type: ignore[arg-type]
        doc["state"] = servers.postgres.url(database)


def _server_counts(servers: Servers | None) -> tuple[float, int, float, int] | None:
    """The servers' CPU and work so far: Redis CPU, commands, PostgreSQL CPU, transactions."""
    if servers is None or servers.redis is None:
        return None
    pg = servers.postgres
    return (
        servers.redis.cpu_s(),
        _redis_commands(servers.redis.url(0)),
        pg.cpu_s() if pg else 0.0,
        _postgres_transactions(pg.url()) if pg else 0,
    )


def _server_spent(
    servers: Servers | None, before: tuple[float, int, float, int] | None
) -> dict[str, Any]:
    """What the servers spent since `_server_counts` gave ``before`` (Row's fields)."""
    if servers is None or servers.redis is None or before is None:
        return {}
    after = _server_counts(servers)
    assert after is not None
    pg = servers.postgres is not None
    return {
        "redis_cpu_s": after[0] - before[0],
        "redis_commands": after[1] - before[1] - 1,  # not the INFO itself
        "postgres_cpu_s": after[2] - before[2] if pg else None,
        "postgres_transactions": after[3] - before[3] if pg else None,
    }


def _redis_commands(url: str) -> int:
    import redis

    client = redis.Redis.from_url(url)
    try:
        return int(client.info("stats")["total_commands_processed"])
    finally:
        client.close()


def _postgres_transactions(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database"
        ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def celery_variant(
    processes: int,
    web: Site,
    plans: Sequence[site.FeedPlan],
    work: Path,
    servers: Servers,
    workers: int,
    timeout: float,
) -> list[Row]:
    assert servers.redis is not None
    redis_url = servers.redis.url
    name = f"celery ×{processes}"
    doc = feeds_yaml(plans, web, work)
    _shared_backends(doc, servers)
    doc["cluster"] = {"broker": redis_url(0)}
    config = _write(work, doc)
    import redis

    logs, started = [], []
    with ExitStack() as stack:
        for i, threads in enumerate(split(workers, processes)):
            log = work / f"worker-{i}.log"
            out = stack.enter_context(log.open("wb"))
            argv = [sys.executable, "-m", "feedsmith", "-v", "cluster", "worker", "-c", str(config)]
            argv += ["--concurrency", str(threads), "--name", f"bench{i}"]
            proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=work)
            stack.callback(_stop, proc)
            logs.append(log)
            started.append(proc)
        _wait_ready(redis_url(0), started, logs)
        startup = sum(cpu_of_tree(p.pid) for p in started)
        client = redis.Redis.from_url(redis_url(0))
        stack.callback(client.close)
        rows = [
            _celery_pass(label, config, work, web, plans, servers, client, started, timeout)
            for label in (name, name + RERUN)
        ]
    return [replace(r, startup_cpu_s=startup) for r in rows]


def _celery_pass(
    name: str,
    config: Path,
    work: Path,
    web: Site,
    plans: Sequence[site.FeedPlan],
    servers: Servers,
    client: Any,
    started: Sequence[subprocess.Popen[bytes]],
    timeout: float,
) -> Row:
    """Every feed queued once; measured until the last build is recorded."""
    assert servers.redis is not None
    url = servers.redis.url(0)
    client.delete("feedsmith:last")
    before_pages = web.stats()
    workers_before = sum(cpu_of_tree(p.pid) for p in started)
    redis_before, commands_before = servers.redis.cpu_s(), _redis_commands(url)
    pg_before = servers.postgres.cpu_s() if servers.postgres else 0.0
    xacts_before = _postgres_transactions(servers.postgres.url()) if servers.postgres else 0
    clock = time.perf_counter()
    enqueue = run(
        [sys.executable, "-m", "feedsmith", "cluster", "enqueue", "-c", str(config)], cwd=work
    )
    if enqueue.returncode != 0:
        raise RuntimeError(f"enqueue failed: {enqueue.stderr[-400:]}")
    deadline = time.monotonic() + timeout
    while client.hlen("feedsmith:last") < len(plans) and time.monotonic() < deadline:
        time.sleep(0.02)
    wall = time.perf_counter() - clock
    cpu = sum(cpu_of_tree(p.pid) for p in started) - workers_before + enqueue.cpu_s
    redis_cpu = servers.redis.cpu_s() - redis_before
    commands = _redis_commands(url) - commands_before - 1  # not the INFO itself
    pg_cpu = servers.postgres.cpu_s() - pg_before if servers.postgres else None
    xacts = (
        _postgres_transactions(servers.postgres.url()) - xacts_before if servers.postgres else None
    )
    pages = _served(before_pages, web.stats())
    built = int(client.hlen("feedsmith:last"))
    expected = int(web.ready["items"])
    items = _json_items(work / "public")
    note = "" if built == len(plans) else f"{built} of {len(plans)} feeds built in {timeout:g} s"
    note += "" if servers.postgres else "state: a shared SQLite file, not PostgreSQL"
    return Row(
        variant=name,
        wall_s=wall,
        cpu_s=cpu,
        pages=pages,
        items=items,
        expected=expected,
        ok=built == len(plans) and items == expected,
        redis_cpu_s=redis_cpu,
        postgres_cpu_s=pg_cpu,
        redis_commands=commands,
        postgres_transactions=xacts,
        note=note,
    )


def _wait_ready(broker: str, started: Sequence[subprocess.Popen[bytes]], logs: list[Path]) -> None:
    """Until every worker answers a ping (it consumes from the queue). An app of its own:
    feedsmith's is left pointing where it was."""
    from celery import Celery

    app = Celery("feedsmith-bench", broker=broker)
    try:
        deadline = time.monotonic() + 300
        while len(app.control.ping(timeout=1.0) or []) < len(started):
            if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                tail = logs[0].read_text("utf-8", "replace")[-400:]
                raise RuntimeError(f"the Celery workers did not start: {tail}")
    finally:
        app.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------------------------
# the report


def _range(values: Sequence[float], digits: int = 1) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "-"
    low, high = min(values), max(values)
    if len(values) == 1 or f"{low:.{digits}f}" == f"{high:.{digits}f}":
        return f"{low:.{digits}f}"
    return f"{low:.{digits}f}–{high:.{digits}f}"


@dataclass(slots=True)
class Report:
    feeds: int
    hosts: int
    latency_ms: float
    workers: int
    rounds: list[dict[str, Row]] = field(default_factory=list)


def _verdict(ratios: Sequence[float]) -> str:
    if max(ratios) <= 0.6:
        return "met"
    return "met in some rounds" if min(ratios) <= 0.6 else "missed"


def table(report: Report) -> str:
    names = list(report.rounds[0]) if report.rounds else []
    head = (
        f"### {report.feeds} feeds · {report.hosts} hosts · {report.latency_ms:g} ms latency · "
        f"{report.workers} workers in all · {len(report.rounds)} round(s), ranges over them; "
        "ratios within a round, to `build` in one process (a rerun to its rerun)\n\n"
        "| variant | wall s | CPU s | CPU ms/page | wall ÷ build | CPU ÷ build "
        "| items ok | start-up CPU s | Redis CPU s | Redis cmds/feed | PostgreSQL CPU s "
        "| PG xacts/feed | CPU with servers s | wall ÷ build on the servers |\n"
        "|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    on_servers = next((n for n in names if n.startswith(SHARED) and not n.endswith(RERUN)), None)
    for name in names:
        rows = [r[name] for r in report.rounds if name in r]
        rerun = RERUN if name.endswith(RERUN) else ""
        floor = "build" + rerun
        base = [r.get(floor) for r in report.rounds if name in r]
        wall_ratio = [x.wall_s / b.wall_s for x, b in zip(rows, base, strict=True) if b]
        cpu_ratio = [x.cpu_s / b.cpu_s for x, b in zip(rows, base, strict=True) if b]
        like = [r.get((on_servers or "") + rerun) for r in report.rounds if name in r]
        like_ratio = [
            x.wall_s / b.wall_s
            for x, b in zip(rows, like, strict=True)
            if b and x.redis_cpu_s is not None
        ]
        with_servers = [
            x.cpu_s + (x.redis_cpu_s or 0.0) + (x.postgres_cpu_s or 0.0)
            for x in rows
            if x.redis_cpu_s is not None
        ]

        def opt(values: list[float | None], digits: int = 1) -> str:
            return _range([v for v in values if v is not None], digits)

        per_feed = report.feeds or 1
        lines.append(
            f"| {name} | {_range([r.wall_s for r in rows])} | {_range([r.cpu_s for r in rows])} "
            f"| {_range([r.cpu_ms_per_page for r in rows])} | {_range(wall_ratio, 2)}× "
            f"| {_range(cpu_ratio, 2)}× | {'yes' if all(r.ok for r in rows) else 'NO'} "
            f"| {opt([r.startup_cpu_s for r in rows])} | {opt([r.redis_cpu_s for r in rows])} "
            "| "
            + opt(
                [
                    r.redis_commands / per_feed if r.redis_commands is not None else None
                    for r in rows
                ]
            )
            + f" | {opt([r.postgres_cpu_s for r in rows])} | "
            + opt(
                [
                    r.postgres_transactions / per_feed
                    if r.postgres_transactions is not None
                    else None
                    for r in rows
                ]
            )
            + f" | {_range(with_servers)} | "
            + (f"{_range(like_ratio, 2)}×" if like_ratio else "-")
            + " |"
        )
    notes = sorted(
        {f"- {r.variant}: {r.note}" for rnd in report.rounds for r in rnd.values() if r.note}
    )
    target = ""
    two = [
        r["build --processes 2"].wall_s / r["build"].wall_s
        for r in report.rounds
        if "build --processes 2" in r
    ]
    if two:
        target = (
            f"\n\ntarget (issues 12, 13): `--processes 2` cold wall ≤ 0.6× one process: "
            f"{_range(two, 2)}× ({_verdict(two)}; "
            f"median {statistics.median(two):.2f}×; load average at the end "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s))"
        )
    for name in names:
        if not name.startswith("celery ×2") or name.endswith(RERUN):
            continue
        for floor in ("build", on_servers):
            ratios = [
                r[name].wall_s / r[floor].wall_s
                for r in report.rounds
                if floor and name in r and floor in r
            ]
            if ratios:
                target += (
                    f"\n\ntarget (issue 12): `{name}` cold wall ≤ 0.6× `{floor}`: "
                    f"{_range(ratios, 2)}× ({_verdict(ratios)})"
                )
    return head + "\n".join(lines) + target + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=8, help="loopback hosts the site spans")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=8, help="feeds built at once, in all")
    parser.add_argument("--repeat", type=int, default=2, help="rounds")
    parser.add_argument("--processes", type=int, default=2, help="for build --processes")
    parser.add_argument(
        "--celery", default="1,2,4", help="Celery worker processes to try ('' for none)"
    )
    parser.add_argument(
        "--no-postgres",
        dest="postgres",
        action="store_false",
        help="Celery workers keep the state in a shared SQLite file",
    )
    parser.add_argument(
        "--grouped",
        action="store_true",
        help="list each host's feeds together in feeds.yaml (default: the hosts in turn)",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="per Celery variant")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=BENCH / ".work" / "scale")
    parser.add_argument("--json", type=Path, help="also write every round's rows here")
    args = parser.parse_args(argv)

    celery = [int(n) for n in args.celery.split(",") if n.strip()]
    hosts = min(args.hosts, args.feeds)
    plans = site.plan(args.feeds, hosts)
    if args.grouped:  # a feeds file listing each site's feeds together
        plans = sorted(plans, key=lambda plan: plan.host)
    report = Report(args.feeds, hosts, args.latency_ms, args.workers)
    with ExitStack() as stack:
        web = stack.enter_context(Site(args.feeds, hosts, args.latency_ms, args.seed))
        servers = Servers(None, None)
        if celery:
            servers.redis = stack.enter_context(redis_server())
            if args.postgres:
                servers.postgres = stack.enter_context(postgres_server())
            if servers.redis is None:
                print("celery: skipped, redis-server is not installed", file=sys.stderr)
                celery = []
        work = args.work.resolve()
        for number in range(args.repeat):
            rows: dict[str, Row] = {}
            variants: list[tuple[str, Any]] = [
                (
                    "build",
                    lambda w: build_variant(
                        "build", web, plans, w, ["--workers", str(args.workers)]
                    ),
                ),
                (
                    f"build --processes {args.processes}",
                    lambda w: build_variant(
                        f"build --processes {args.processes}",
                        web,
                        plans,
                        w,
                        ["--workers", str(args.workers), "--processes", str(args.processes)],
                    ),
                ),
            ]
            if servers.redis is not None:
                shared = SHARED + ("PostgreSQL + Redis" if servers.postgres else "Redis")
                variants.append(
                    (
                        shared,
                        lambda w, shared=shared: build_variant(
                            shared, web, plans, w, ["--workers", str(args.workers)], servers
                        ),
                    )
                )
            for n in celery:
                variants.append(
                    (
                        f"celery ×{n}",
                        lambda w, n=n: celery_variant(
                            n, web, plans, w, servers, args.workers, args.timeout
                        ),
                    )
                )
            for name, measure in variants:
                print(f"… round {number + 1}: {name}", file=sys.stderr, flush=True)
                for row in measure(work / name.replace(" ", "_").replace("×", "x")):
                    rows[row.variant] = row
                    print(
                        f"    {row.variant}: wall {row.wall_s:.1f} s, CPU {row.cpu_s:.1f} s, "
                        f"items {'ok' if row.ok else 'NOT ok'} {row.note}",
                        file=sys.stderr,
                        flush=True,
                    )
            report.rounds.append(rows)
    print(table(report), flush=True)
    if args.json:
        from dataclasses import asdict

        args.json.write_text(
            json.dumps([{k: asdict(v) for k, v in r.items()} for r in report.rounds], indent=2),
            "utf-8",
        )
    return 0 if all(r.ok for rnd in report.rounds for r in rnd.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
