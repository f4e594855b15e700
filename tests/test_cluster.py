"""The cluster end to end: real Celery worker processes and schedulers on a real redis-server,
PostgreSQL and an S3 server (tests/servers.py), building sites on loopback: 200 feeds on four
hosts with a worker killed (SIGKILL) mid-build, Redis crashing and coming back under running
workers, PostgreSQL dropping a worker's connection mid-build."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import LoopbackSite, serving
from tests.helpers import check_atom
from tests.servers import S3, Postgres, Redis, make_bucket

pytest.importorskip("celery", reason="celery is not installed: pip install -e '.[test]'")
redis = pytest.importorskip("redis", reason="redis is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.slow

FEEDS = 12


def page(feed: int) -> str:
    items = "".join(
        f'<li class="it"><a href="/f{feed}/p{n}">Feed {feed} article {n}</a></li>'
        for n in range(1, 4)
    )
    return f"<html><head><title>Site {feed}</title></head><body><ul>{items}</ul></body></html>"


def wait_for(
    what: str, check: Callable[[], bool], timeout: float = 180.0, shown: Callable[[], object] = str
) -> None:
    """Wait for ``check``; a busy machine is slow, so the limit is generous and a failure says
    what was seen (``shown``)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}: {shown()}"
        time.sleep(0.1)


class Cluster:
    def __init__(self, root: Path, config: Path, redis_server: Redis) -> None:
        self.root = root
        self.config = config
        self.client = redis.Redis.from_url(redis_server.db(0))
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: dict[str, Path] = {}

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.root / f"{name}.log"
        self.logs[name] = log
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "feedsmith", "-v", "cluster", *args, "-c", str(self.config)],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.root,
            )
        self.processes.append(process)
        return process

    def feedsmith(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "feedsmith", "cluster", *args, "-c", str(self.config)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=self.root,
        )

    def last(self) -> dict[str, dict[str, object]]:
        raw = self.client.hgetall("feedsmith:last")
        return {k.decode(): json.loads(v) for k, v in raw.items()}

    def builds(self, feed_id: str) -> int:
        try:
            return int(self.client.get(f"feedsmith:builds:{feed_id}") or 0)
        except redis.ConnectionError:  # the server is being restarted
            return 0

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.client.close()


def test_a_cluster_on_postgresql_redis_and_s3_publishes_every_feed_once(
    tmp_path: Path,
    site: LoopbackSite,
    redis_server: Redis,
    redis_url: str,
    postgres: Postgres,
    s3: S3,
    bucket: str,
) -> None:
    """Every part shared: state in PostgreSQL, cache/limits/locks in Redis, files in a bucket;
    each worker with a folder of its own (nothing shared on disk)."""
    import requests

    from feedsmith.backends.postgres import PostgresStore

    for n in range(FEEDS):
        site.add(f"/f{n}", page(n))
    state = postgres.database()
    feeds = "".join(
        f"  - {{id: f{n}, url: '{site.url(f'/f{n}')}', items: li.it,"
        " fields: {title: a, link: a}}\n"
        for n in range(FEEDS)
    )
    text = (
        "site: {base_url: 'https://feeds.example.org/'}\n"
        f"state: '{state}'\ncache: '{redis_server.db(1)}'\npublish: '{s3.url(bucket)}'\n"
        f"cluster: {{broker: '{redis_server.db(0)}', visibility_timeout: 30, lock_lease: 5}}\n"
        f"feeds:\n{feeds}"
    )
    roots = [tmp_path / "one", tmp_path / "two"]
    for root in roots:
        root.mkdir()
        (root / "feeds.yaml").write_text(text, encoding="utf-8")
    first = Cluster(roots[0], roots[0] / "feeds.yaml", redis_server)
    second = Cluster(roots[1], roots[1] / "feeds.yaml", redis_server)
    try:
        first.start("worker", "worker", "--concurrency", "2")
        second.start("worker", "worker", "--concurrency", "2")
        queued = first.feedsmith("enqueue")
        assert queued.returncode == 0 and f"queued {FEEDS} feed(s)" in queued.stdout, queued.stderr
        ids = [f"f{n}" for n in range(FEEDS)]
        wait_for("every feed", lambda: set(first.last()) == set(ids))
        assert all(first.last()[i]["status"] == "ok" for i in ids), first.last()
        assert {i: first.builds(i) for i in ids} == dict.fromkeys(ids, 1)
        assert len({str(first.last()[i]["worker"]) for i in ids}) == 2  # both took a share
        client = s3.client()

        def published() -> set[str]:
            listed = client.list_objects_v2(Bucket=bucket, Prefix="public/")
            return {item["Key"].removeprefix("public/") for item in listed.get("Contents", ())}

        wait_for("the site files", lambda: "index.html" in published())
        assert {f"{i}.{ext}" for i in ids for ext in ("xml", "atom", "json")} <= published()
        for feed_id in ids:
            body = requests.get(f"{s3.endpoint}/{bucket}/public/{feed_id}.atom", timeout=10)
            assert len(check_atom(body.content).entries) == 3
        client.close()
        store = PostgresStore(state)
        try:
            assert all(len(store.entries(i, limit=10)) == 3 for i in ids)
            assert all(store.feed_state(i)["failures"] == 0 for i in ids)
        finally:
            store.close()
        assert not any((root / "public").exists() for root in roots)
    finally:
        first.stop()
        second.stop()


def feeds_file(
    path: Path, site: LoopbackSite, redis_server: Redis, ids: list[str], extra: str = ""
) -> Path:
    """A feeds.yaml with a feed per id, each the site's page ``/<id>``."""
    feeds = "".join(
        f"  - {{id: {i}, url: '{site.url(f'/{i}')}', items: li.it, fields: {{title: a, link: a}},"
        " timeout: 60}\n"
        for i in ids
    )
    path.write_text(
        "site: {base_url: 'https://feeds.example.org/'}\n"
        f"cache: '{redis_server.db(1)}'\n{extra}"
        f"cluster: {{broker: '{redis_server.db(0)}', visibility_timeout: 60, lock_lease: 10}}\n"
        "crawl: {per_host: 4, retries: 0}\n"
        f"feeds:\n{feeds}",
        encoding="utf-8",
    )
    return path


def held_page(release: threading.Event) -> Callable[[BaseHTTPRequestHandler], None]:
    """A page answered only once ``release`` is set."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        release.wait(120)
        body = page(99).encode()
        with contextlib.suppress(OSError):  # its worker may be gone
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

    return answer


def workers_seen(running: Cluster) -> list[str]:
    status = running.feedsmith("status", "--json")
    if status.returncode not in (0, 1):
        return []
    return list(json.loads(status.stdout)["workers"])


def test_workers_ride_out_a_redis_restart(
    tmp_path: Path, site: LoopbackSite, redis_server: Redis, redis_url: str
) -> None:
    """Redis crashes and comes back empty on the same port while the workers run and one builds:
    the workers reconnect on their own, the build under way ends and is recorded in the new
    Redis, and builds queued after the restart are all done."""
    quick = [f"q{n}" for n in range(6)]
    for feed_id in quick:
        site.add(f"/{feed_id}", page(int(feed_id[1:])))
    release = threading.Event()
    site.add("/held", raw=held_page(release))
    config = feeds_file(tmp_path / "feeds.yaml", site, redis_server, [*quick, "held"])
    running = Cluster(tmp_path, config, redis_server)
    try:
        workers = [running.start(f"worker{i}", "worker", "--concurrency", "2") for i in (1, 2)]
        assert running.feedsmith("enqueue", *quick).returncode == 0
        wait_for(
            "the first builds",
            lambda: all(running.builds(i) == 1 for i in quick),
            shown=lambda: {i: running.builds(i) for i in quick},
        )
        assert running.feedsmith("enqueue", "held").returncode == 0
        wait_for("the held page to be asked for", lambda: bool(site.hits_for("/held")))

        redis_server.restart()  # a crash; back on the same port and folder, empty
        release.set()
        wait_for(
            "the build under way during the restart to be recorded in the new Redis",
            lambda: running.builds("held") == 1,
            shown=lambda: running.last(),
        )
        assert [w.poll() for w in workers] == [None, None], "a worker exited"

        queued = running.feedsmith("enqueue", *quick, "held")
        assert queued.returncode == 0 and "queued 7 feed(s)" in queued.stdout, queued.stderr
        wait_for(
            "every build queued after the restart",
            lambda: all(running.builds(i) == 1 for i in quick) and running.builds("held") == 2,
            shown=lambda: {i: running.builds(i) for i in [*quick, "held"]},
        )
        last = running.last()
        # the pages have not changed: built again, the same files
        assert all(last[i]["status"] == "unchanged" for i in [*quick, "held"]), last
        assert [w.poll() for w in workers] == [None, None], "a worker exited"
        wait_for("both workers to answer a ping", lambda: len(workers_seen(running)) == 2)
    finally:
        release.set()
        running.stop()


HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
SCALE = 200
HELD = 6  # feeds whose page is answered only after a worker was killed


@pytest.fixture
def hosts() -> Iterator[list[LoopbackSite]]:
    """One site on each of four loopback addresses (four hosts to the per-host limits)."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(serving(host)) for host in HOSTS]


def test_three_workers_build_200_feeds_once_each_when_one_is_killed_mid_build(
    tmp_path: Path,
    hosts: list[LoopbackSite],
    redis_server: Redis,
    redis_url: str,
    postgres: Postgres,
    s3_apart: S3,
    request: pytest.FixtureRequest,
) -> None:
    """200 feeds on four hosts, three worker processes, two schedulers (one stands by), state in
    PostgreSQL, files in a bucket. A worker is killed with SIGKILL while it builds: its jobs go
    to the others. Each feed is built exactly once in the tick (counted by the workers' records
    in Redis and by the requests each site saw), no entry is stored twice, and every object in
    the bucket is whole (its bytes match the hash it was put with)."""
    import hashlib

    import requests

    from feedsmith.backends.postgres import PostgresStore

    s3 = s3_apart
    bucket = make_bucket(s3, request)

    ids = [f"f{n}" for n in range(SCALE)]
    site_of = {feed_id: hosts[n % len(hosts)] for n, feed_id in enumerate(ids)}
    release = threading.Event()
    held = ids[:HELD]
    for n, feed_id in enumerate(ids):
        if feed_id in held:
            site_of[feed_id].add(f"/{feed_id}", raw=held_page(release))
        else:
            site_of[feed_id].add(f"/{feed_id}", page(n))
    state = postgres.database()
    # one format: the test is about delivery, and the machine is shared (fewer PUTs)
    feeds = "".join(
        f"  - {{id: {i}, url: '{site_of[i].url(f'/{i}')}', items: li.it,"
        " fields: {title: a, link: a}, timeout: 60, formats: [atom]}\n"
        for i in ids
    )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "site: {base_url: 'https://feeds.example.org/'}\n"
        f"state: '{state}'\ncache: '{redis_server.db(1)}'\npublish: '{s3.url(bucket)}'\n"
        # long enough that a loaded machine's build is not taken for a dead worker's, short
        # enough that the dead worker's jobs are handed on within the test
        f"cluster: {{broker: '{redis_server.db(0)}', visibility_timeout: 10, lock_lease: 8}}\n"
        "crawl: {per_host: 4, retries: 0}\n"
        f"feeds:\n{feeds}",
        encoding="utf-8",
    )
    running = Cluster(tmp_path, config, redis_server)
    try:
        workers = [running.start(f"worker{i}", "worker", "--concurrency", "3") for i in (1, 2, 3)]
        # two schedulers started by mistake: one leads, the other stands by
        running.start("scheduler1", "scheduler", "--poll", "0.2")
        running.start("scheduler2", "scheduler", "--poll", "0.2")

        def asked(feed_id: str) -> int:
            return len(site_of[feed_id].hits_for(f"/{feed_id}"))

        def building() -> dict[str, int]:
            """The feeds being built now, and the PID of the worker building each."""
            found = {}
            for feed_id in held:
                holder = running.client.get(f"feedsmith:building:{feed_id}")
                if holder is not None:
                    found[feed_id] = int(holder.decode().rsplit(":", 1)[1])
            return found

        # a worker waiting for a held page is killed
        wait_for("a held page to be asked for", lambda: any(asked(i) for i in held))
        wait_for("a held feed's build to be recorded", lambda: bool(building()))
        pid = next(iter(building().values()))
        victims = {i for i, p in building().items() if p == pid}
        victim = next(w for w in workers if w.pid == pid)
        os.kill(pid, signal.SIGKILL)
        victim.wait()
        release.set()

        # the others build everything, the dead worker's jobs too (visibility timeout, lease)
        wait_for(  # (HLEN: a cheap question, asked often)
            f"every one of {SCALE} feeds to be built",
            lambda: running.client.hlen("feedsmith:last") >= SCALE,
            timeout=240,
            shown=lambda: f"missing: {sorted(set(ids) - set(running.last()), key=len)[:20]}",
        )
        last = running.last()
        assert all(last[i]["status"] == "ok" for i in ids), {
            i: (v["status"], v.get("error")) for i, v in last.items() if v["status"] != "ok"
        }
        assert not any(str(last[i]["worker"]).endswith(f":{pid}") for i in victims)
        # exactly once: neither the second scheduler nor the redelivery built a feed twice
        counts = {i: running.builds(i) for i in ids}
        assert counts == dict.fromkeys(ids, 1), {i: n for i, n in counts.items() if n != 1}
        # the sites agree: one request per feed, two only for the few the dead worker had begun
        # (it may have been killed between taking a feed and asking for its page)
        seen = {i: asked(i) for i in ids}
        twice = {i for i, n in seen.items() if n == 2}
        assert set(seen.values()) <= {1, 2}, {i: n for i, n in seen.items() if n > 2}
        assert twice <= victims and len(twice) <= 3, (victims, twice)  # 3 threads per worker

        # no entry stored twice
        store = PostgresStore(state)
        try:
            for feed_id in ids:
                links = [e.link for e in store.entries(feed_id, limit=10)]
                assert len(links) == 3 == len(set(links)), (feed_id, links)
        finally:
            store.close()
        # every object whole: its bytes are those it was put with
        client = s3.client()
        try:
            keys = [
                item["Key"]
                for listing in client.get_paginator("list_objects_v2").paginate(
                    Bucket=bucket, Prefix="public/"
                )
                for item in listing.get("Contents", ())
            ]
            names = {key.removeprefix("public/") for key in keys}
            assert {f"{i}.atom" for i in ids} <= names
        finally:
            client.close()
        with requests.Session() as http:  # read as the public reads them
            for key in keys:
                got = http.get(f"{s3.endpoint}/{bucket}/{key}", timeout=30)
                assert got.status_code == 200, key
                digest = hashlib.sha256(got.content).hexdigest()
                assert got.headers.get("x-amz-meta-sha256") == digest, key
                if key.endswith(".atom") and not key.endswith("/_health.atom"):
                    assert len(check_atom(got.content).entries) == 3, key

        standing_by = [
            name
            for name in ("scheduler1", "scheduler2")
            if "another scheduler leads" in running.logs[name].read_text(encoding="utf-8")
        ]
        assert len(standing_by) == 1
        # status: the two surviving workers, nothing queued, nothing failing
        status = running.feedsmith("status", "--json")
        assert status.returncode == 0, status.stderr
        report = json.loads(status.stdout)
        assert report["queued"] == 0 and report["failing"] == [], report
    finally:
        release.set()
        running.stop()


def test_a_dropped_database_connection_fails_one_build_cleanly_and_the_next_one_works(
    tmp_path: Path,
    site: LoopbackSite,
    redis_server: Redis,
    redis_url: str,
    postgres: Postgres,
    s3: S3,
    bucket: str,
) -> None:
    """PostgreSQL drops the worker's connection (pg_terminate_backend, as a restart or a
    failover would) while it writes the feed's entries: that build fails with the database's
    URL (password masked), the published objects stay as they were, and the next build
    reconnects. Dropped while idle, between builds, the next build simply works."""
    site.add("/f0", page(0))
    # trust authentication: the password is never checked, only kept out of every message
    state = postgres.database().replace("feedsmith@", "feedsmith:s3cret@")
    config = feeds_file(
        tmp_path / "feeds.yaml",
        site,
        redis_server,
        ["f0"],
        extra=f"state: '{state}'\npublish: '{s3.url(bucket)}'\n",
    )
    running = Cluster(tmp_path, config, redis_server)
    client = s3.client()

    def published() -> bytes:
        got = client.get_object(Bucket=bucket, Key="public/f0.atom")
        body: bytes = got["Body"].read()
        return body

    try:
        running.start("worker", "worker", "--concurrency", "2")
        assert running.feedsmith("enqueue", "f0").returncode == 0
        wait_for("the first build", lambda: running.builds("f0") == 1)
        assert running.last()["f0"]["status"] == "ok", running.last()
        # the site files of that build are out: no other job will touch the database meanwhile
        wait_for(
            "the index", lambda: bool(client.list_objects_v2(Bucket=bucket, Prefix="public/index"))
        )
        before = published()

        plain = state.replace(":s3cret@", "@")
        assert postgres.drop_connections(plain) >= 1  # idle between builds: reconnected
        site.add("/f0", page(1))
        assert running.feedsmith("enqueue", "f0").returncode == 0
        wait_for("the second build", lambda: running.builds("f0") == 2, shown=running.last)
        assert running.last()["f0"]["status"] == "ok", running.last()
        before = published()

        site.add("/f0", page(2))
        with postgres.feed_held(plain, "f0"):  # the build waits in its transaction
            assert running.feedsmith("enqueue", "f0").returncode == 0
            assert postgres.drop_waiting(plain) == 1
        wait_for("the build to end", lambda: running.builds("f0") == 3, shown=running.last)
        failed = running.last()["f0"]
        assert failed["status"] == "failed", failed
        masked = state.replace(":s3cret@", ":***@")
        assert masked in str(failed["error"]) and "s3cret" not in str(failed["error"]), failed
        assert published() == before  # the feed's objects as they were

        assert running.feedsmith("enqueue", "f0").returncode == 0
        wait_for("the next build", lambda: running.builds("f0") == 4, shown=running.last)
        assert running.last()["f0"]["status"] == "ok", running.last()
        assert published() != before
    finally:
        client.close()
        running.stop()


TICKED = 24  # feeds of the two-tick test
EVERY = 20  # their schedule, seconds


def test_the_second_scheduler_tick_builds_each_feed_once_more_when_a_worker_is_killed(
    tmp_path: Path, site: LoopbackSite, redis_server: Redis, redis_url: str
) -> None:
    """Two schedulers (one leads) and two workers; every feed on a 20 s schedule. The first
    tick builds each feed once; in the second, a worker is killed with SIGKILL while it builds:
    each feed is built exactly once more (the dead worker's jobs by the other, after the
    visibility timeout; nothing built a third time by a late copy), as the workers' records in
    Redis and the site's request log both say. The schedulers are stopped once the second
    tick is queued, so no third tick can come."""
    ids = [f"f{n}" for n in range(TICKED)]
    for n, feed_id in enumerate(ids):
        site.add(f"/{feed_id}", page(n))
    feeds = "".join(
        f"  - {{id: {i}, url: '{site.url(f'/{i}')}', items: li.it, fields: {{title: a, link: a}},"
        f" schedule: {EVERY}s, timeout: 60, formats: [atom]}}\n"
        for i in ids
    )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "site: {base_url: 'https://feeds.example.org/'}\nrun: {jitter: 0}\n"
        f"cache: '{redis_server.db(1)}'\n"
        f"cluster: {{broker: '{redis_server.db(0)}', visibility_timeout: 10, lock_lease: 8}}\n"
        "crawl: {per_host: 4, retries: 0}\n"
        f"feeds:\n{feeds}",
        encoding="utf-8",
    )
    running = Cluster(tmp_path, config, redis_server)
    release = threading.Event()

    def asked(feed_id: str) -> int:
        return len(site.hits_for(f"/{feed_id}"))

    def pending(feed_id: str) -> bool:
        return bool(running.client.exists(f"feedsmith:pending:{feed_id}"))

    try:
        workers = [running.start(f"worker{i}", "worker", "--concurrency", "3") for i in (1, 2)]
        schedulers = [running.start(f"scheduler{i}", "scheduler", "--poll", "0.2") for i in (1, 2)]
        wait_for(
            "the first tick",
            lambda: all(running.builds(i) == 1 for i in ids),
            shown=lambda: {i: running.builds(i) for i in ids},
        )
        assert {i: asked(i) for i in ids} == dict.fromkeys(ids, 1)
        site.add("/f0", raw=held_page(release))  # its second build waits for the page

        # the second tick queued (built, or waiting): no scheduler may queue a third
        wait_for(
            "the second tick to be queued",
            lambda: all(running.builds(i) == 2 or pending(i) for i in ids),
            timeout=3 * EVERY + 120,
        )
        for scheduler in schedulers:
            scheduler.send_signal(signal.SIGTERM)
        for scheduler in schedulers:
            scheduler.wait(60)

        def building() -> dict[str, int]:
            found = {}
            for feed_id in ids:
                holder = running.client.get(f"feedsmith:building:{feed_id}")
                if holder is not None:
                    found[feed_id] = int(holder.decode().rsplit(":", 1)[1])
            return found

        wait_for("f0's second build to start", lambda: "f0" in building())
        pid = building()["f0"]
        victims = {i for i, p in building().items() if p == pid}
        victim = next(w for w in workers if w.pid == pid)
        os.kill(pid, signal.SIGKILL)
        victim.wait()
        release.set()

        wait_for(
            "the second tick to be built",
            lambda: all(running.builds(i) >= 2 for i in ids),
            timeout=240,
            shown=lambda: {i: running.builds(i) for i in ids if running.builds(i) != 2},
        )
        # nothing left to run that could build a feed a third time: no job queued, none
        # delivered and unacknowledged (kombu's "unacked"), no retry waiting its turn
        wait_for(
            "the queue to empty",
            lambda: (
                running.client.llen("feedsmith") == 0
                and running.client.hlen("unacked") == 0
                and not any(pending(i) for i in ids)
            ),
            timeout=120,
        )
        counts = {i: running.builds(i) for i in ids}
        assert counts == dict.fromkeys(ids, 2), {i: n for i, n in counts.items() if n != 2}
        last = running.last()
        assert all(last[i]["status"] in ("ok", "unchanged") for i in ids), last
        assert not any(str(last[i]["worker"]).endswith(f":{pid}") for i in victims)
        seen = {i: asked(i) for i in ids}
        thrice = {i for i, n in seen.items() if n == 3}
        assert set(seen.values()) <= {2, 3}, seen
        assert "f0" in thrice and thrice <= victims, (victims, thrice)
        standing_by = [
            name
            for name in ("scheduler1", "scheduler2")
            if "another scheduler leads" in running.logs[name].read_text(encoding="utf-8")
        ]
        assert len(standing_by) == 1
    finally:
        release.set()
        running.stop()
