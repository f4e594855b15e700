"""The cluster end to end: two real Celery worker processes and two schedulers on a real
redis-server (tests/servers.py), building a multi-feed site on loopback; one worker is killed
with SIGKILL in the middle of a build."""

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

from tests.conftest import LoopbackSite
from tests.helpers import check_atom
from tests.servers import S3, Postgres, Redis

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


@pytest.fixture
def cluster(
    tmp_path: Path, site: LoopbackSite, redis_server: Redis, redis_url: str
) -> Iterator[tuple[Cluster, threading.Event]]:
    release = threading.Event()

    def slow(handler: BaseHTTPRequestHandler) -> None:
        release.wait(60)  # until the worker building it has been killed
        body = page(99).encode()
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass  # its worker is gone

    for n in range(FEEDS):
        site.add(f"/f{n}", page(n))
    site.add("/slow", raw=slow)
    feeds = "".join(
        f"  - {{id: f{n}, url: '{site.url(f'/f{n}')}', items: li.it,"
        " fields: {title: a, link: a}}\n"
        for n in range(FEEDS)
    )
    feeds += (
        f"  - {{id: slow, url: '{site.url('/slow')}', items: li.it, "
        "fields: {title: a, link: a}, timeout: 60}\n"
    )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "site: {base_url: 'https://feeds.example.org/'}\n"
        f"cache: '{redis_server.db(1)}'\n"
        # short enough to keep the test quick, long enough that a loaded machine's slow build is
        # not taken for a dead worker's
        f"cluster: {{broker: '{redis_server.db(0)}', visibility_timeout: 6, lock_lease: 4}}\n"
        "crawl: {per_host: 4, retries: 0}\n"
        f"feeds:\n{feeds}",
        encoding="utf-8",
    )
    running = Cluster(tmp_path, config, redis_server)
    try:
        yield running, release
    finally:
        release.set()
        running.stop()


def test_workers_build_every_feed_once_even_when_one_is_killed_mid_build(
    cluster: tuple[Cluster, threading.Event], site: LoopbackSite
) -> None:
    running, release = cluster
    ids = [f"f{n}" for n in range(FEEDS)] + ["slow"]
    workers = [running.start(f"worker{i}", "worker", "--concurrency", "2") for i in (1, 2)]
    # two schedulers started by mistake: one leads, the other stands by
    running.start("scheduler1", "scheduler", "--poll", "0.2")
    running.start("scheduler2", "scheduler", "--poll", "0.2")

    # the worker building "slow" is killed while it waits for the page
    wait_for("the slow page to be asked for", lambda: bool(site.hits_for("/slow")))
    wait_for("its build lock", lambda: running.client.get("feedsmith:building:slow") is not None)
    holder = running.client.get("feedsmith:building:slow")
    assert holder is not None
    pid = int(holder.decode().rsplit(":", 1)[1])
    victim = next(w for w in workers if w.pid == pid)
    os.kill(pid, signal.SIGKILL)
    victim.wait()
    release.set()

    # another worker takes its job over (visibility timeout, then the lock's lease)
    wait_for(
        "every feed to be built",
        lambda: set(running.last()) == set(ids),
        shown=lambda: sorted(set(ids) - set(running.last())),
    )
    last = running.last()
    assert all(last[i]["status"] == "ok" for i in ids), {
        i: (v["status"], v.get("error")) for i, v in last.items() if v["status"] != "ok"
    }
    assert last["slow"]["worker"] != holder.decode()
    # each feed built exactly once: neither the second scheduler nor the redelivery doubled it
    assert {i: running.builds(i) for i in ids} == dict.fromkeys(ids, 1)
    public = running.root / "public"
    for feed_id in ids:
        parsed = check_atom((public / f"{feed_id}.atom").read_bytes())
        links = [e.link for e in parsed.entries]
        assert len(links) == 3 == len(set(links))
    index = public / "index.html"
    # the site files are refreshed a few seconds after builds finish, once for those together
    wait_for(
        "the index to list the slow feed",
        lambda: index.is_file() and "slow.atom" in index.read_text(encoding="utf-8"),
    )
    standing_by = [
        name
        for name in ("scheduler1", "scheduler2")
        if "another scheduler leads" in running.logs[name].read_text(encoding="utf-8")
    ]
    assert len(standing_by) == 1

    # status sees the surviving worker, an empty queue and no failing feed
    status = running.feedsmith("status", "--json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["queued"] == 0 and report["failing"] == [] and len(report["workers"]) == 1

    # enqueue: build some now, at once; a feed already queued is not queued twice
    queued = running.feedsmith("enqueue", "f1", "f2")
    assert queued.returncode == 0 and "queued 2 feed(s)" in queued.stdout, queued.stderr
    wait_for("the enqueued builds", lambda: running.builds("f1") == running.builds("f2") == 2)


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
