"""The parts many workers share through Redis: the HTTP cache, per-host politeness and feed
locks. Each "worker" here is its own client (its own connection pool), on a redis-server the
tests start themselves (tests/servers.py; skipped when redis-server is not installed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith.config import parse_config
from feedsmith.errors import StoreError
from feedsmith.pipeline import Runtime, build_feed
from tests.conftest import LoopbackSite
from tests.servers import Redis, free_port

pytest.importorskip("redis", reason="the redis client is not installed: pip install -e '.[test]'")


from feedsmith.backends.redis_backend import (
    RedisFeedLock,
    RedisLimiter,
    RedisPageCache,
    connect,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PAGE = (
    "<html><head><title>Site</title></head><body><ul>"
    + "".join(f'<li class="it"><a href="/p/{n}">Article number {n}</a></li>' for n in (1, 2, 3))
    + "</ul></body></html>"
)


def feeds_yaml(site: LoopbackSite, redis_url: str) -> str:
    return (
        f"cache: '{redis_url}'\n"
        "feeds:\n"
        f"  - {{id: news, url: '{site.url('/list')}', items: li.it,"
        " fields: {title: a, link: a}}\n"
    )


def test_a_page_fetched_by_one_worker_is_revalidated_by_another(
    tmp_path: Path, site: LoopbackSite, redis_url: str
) -> None:
    site.add("/list", PAGE)
    text = feeds_yaml(site, redis_url)
    # two workers: their own folders (nothing shared on disk), the cache in Redis
    first = parse_config(text, root=tmp_path / "one")
    second = parse_config(text, root=tmp_path / "two")
    with Runtime(first) as runtime:
        assert isinstance(runtime.fetcher.pages, RedisPageCache)
        assert isinstance(runtime.fetcher.limiter, RedisLimiter)
        assert isinstance(runtime.locks, RedisFeedLock)
        assert build_feed(first.feeds[0], runtime, now=NOW, strict=True).status == "ok"
    with Runtime(second) as runtime:
        result = build_feed(second.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok" and result.from_cache and result.items == 3
    hits = site.hits_for("/list")
    assert [h.status for h in hits] == [200, 304]
    assert "If-None-Match" in hits[1].headers


def test_one_slot_per_host_holds_across_workers(redis_url: str) -> None:
    url = "http://127.0.0.1:9/x"
    limiters = [RedisLimiter(connect(redis_url), per_host=1, delay=0.0) for _ in range(3)]
    inside = 0
    most = 0
    lock = threading.Lock()

    def work(limiter: RedisLimiter) -> None:
        nonlocal inside, most
        for _ in range(5):
            with limiter.slot(url):
                with lock:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.01)
                with lock:
                    inside -= 1

    threads = [threading.Thread(target=work, args=(lim,)) for lim in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
    # another host is never held up by this one
    other = RedisLimiter(connect(redis_url), per_host=1, delay=0.0)
    with limiters[0].slot(url), other.slot("http://127.0.0.2:9/"):
        pass


def test_a_wait_for_a_slot_is_woken_when_the_slot_is_given_back(redis_url: str) -> None:
    """A thread finding the host's slot taken blocks on the host's list of freed slots (seen
    in Redis's CLIENT LIST as a BLPOP on it), not asking again every few milliseconds; giving
    the slot back wakes it."""
    url = "http://127.0.0.1:9/x"
    holder = RedisLimiter(connect(redis_url), per_host=1, delay=0.0)
    waiter = RedisLimiter(connect(redis_url), per_host=1, delay=0.0)
    watch = connect(redis_url)
    got = threading.Event()

    def wait() -> None:
        with waiter.slot(url):
            got.set()

    def blocked() -> bool:
        return any(c.get("cmd") == "blpop" for c in watch.client_list())

    with holder.slot(url):
        thread = threading.Thread(target=wait)
        thread.start()
        deadline = time.monotonic() + 60
        while not blocked():
            assert time.monotonic() < deadline, watch.client_list()
            threading.Event().wait(0.01)
        assert not got.is_set()
    assert got.wait(60)
    thread.join(60)
    watch.close()


def test_delay_crawl_delay_and_retry_after_hold_for_every_worker(redis_url: str) -> None:
    url = "http://127.0.0.1:9/x"
    one = RedisLimiter(connect(redis_url), per_host=2, delay=0.2)
    two = RedisLimiter(connect(redis_url), per_host=2, delay=0.2)
    # a slot is granted somewhere between asking and getting it, so a request may not be granted
    # sooner than `delay` after the previous one was asked for, however late the test's own
    # thread is scheduled on a busy machine
    asked, got = [], []
    for limiter in (one, two, one, two):
        asked.append(time.monotonic())
        with limiter.slot(url):
            got.append(time.monotonic())
    gaps = [later - earlier for earlier, later in zip(asked, got[1:], strict=False)]
    assert min(gaps) >= 0.19, gaps  # 10 ms for the two clocks (Redis, ours)
    # a site's Crawl-delay told to one worker spaces the other's requests too
    one.set_crawl_delay(url, 0.5)
    with two.slot(url):
        before = time.monotonic()  # late when this thread woke late: the gap below shrinks
    with two.slot(url):
        # 0.5 s apart, not the 0.2 s of the configured delay (a loaded machine wakes late)
        assert time.monotonic() - before >= 0.3
    # Retry-After: one worker was told to wait; the other waits too
    one.defer(url, 0.6)
    began = time.monotonic()
    with two.slot(url):
        assert time.monotonic() - began >= 0.5


def test_a_slot_of_a_dead_worker_frees_itself_when_its_lease_ends(redis_url: str) -> None:
    url = "http://127.0.0.1:9/x"
    dead = RedisLimiter(connect(redis_url), per_host=1, delay=0.0, lease=0.5)
    held = dead.slot(url)
    held.__enter__()  # and never left: the worker died holding it
    alive = RedisLimiter(connect(redis_url), per_host=1, delay=0.0)
    began = time.monotonic()
    with alive.slot(url):
        waited = time.monotonic() - began
    assert waited >= 0.4


def test_stopping_ends_a_wait_for_a_slot(redis_url: str) -> None:
    from feedsmith.errors import Stopped

    url = "http://127.0.0.1:9/x"
    holder = RedisLimiter(connect(redis_url), per_host=1, delay=0.0)
    stop = threading.Event()
    waiter = RedisLimiter(connect(redis_url), per_host=1, delay=0.0, stop=stop)
    with holder.slot(url):
        threading.Timer(0.2, stop.set).start()
        with pytest.raises(Stopped), waiter.slot(url):
            pass


def test_a_feed_is_built_by_one_worker_at_a_time(redis_url: str) -> None:
    first = RedisFeedLock(connect(redis_url), lease=0.3)
    second = RedisFeedLock(connect(redis_url), lease=0.3)
    with first.hold("news") as held:
        assert held
        # held far past its lease: the holder keeps renewing it
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            with second.hold("news") as again:
                assert not again
            time.sleep(0.1)
        with second.hold("sport") as other:
            assert other
    with second.hold("news") as free:
        assert free


def test_a_lock_of_a_killed_worker_frees_itself_within_its_lease(
    redis_server: Redis, redis_url: str
) -> None:
    script = (
        "import sys, time\n"
        "from feedsmith.backends.redis_backend import RedisFeedLock, connect\n"
        "with RedisFeedLock(connect(sys.argv[1]), lease=1.0).hold('news') as held:\n"
        "    print(held, flush=True)\n"
        "    time.sleep(60)\n"
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", script, redis_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "True"
        locks = RedisFeedLock(connect(redis_url))
        with locks.hold("news") as held:
            assert not held
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        began = time.monotonic()
        while True:
            with locks.hold("news") as held:
                if held:
                    break
            assert time.monotonic() - began < 10, "the lock never freed itself"
            time.sleep(0.05)
    finally:
        worker.kill()
        worker.wait()
        if worker.stdout is not None:
            worker.stdout.close()


def test_an_unreachable_redis_is_one_clear_error_with_the_password_masked() -> None:
    with pytest.raises(StoreError) as caught:
        connect(f"redis://:hunter2@127.0.0.1:{free_port()}/0")
    message = str(caught.value)
    assert "hunter2" not in message and ":***@127.0.0.1" in message
    assert "check that it runs" in message


def test_robots_txt_is_fetched_once_for_every_worker(
    tmp_path: Path, site: LoopbackSite, redis_url: str
) -> None:
    from feedsmith.backends.redis_backend import SharedRobots

    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/list", PAGE)
    site.add("/private/list", PAGE)
    text = (
        feeds_yaml(site, redis_url)
        + f"  - {{id: hidden, url: '{site.url('/private/list')}', items: li.it,"
        " fields: {title: a, link: a}}\n"
    )
    first = parse_config(text, root=tmp_path / "one")
    second = parse_config(text, root=tmp_path / "two")
    with Runtime(first) as runtime:
        assert isinstance(runtime.fetcher.robots, SharedRobots)
        assert build_feed(first.feeds[0], runtime, now=NOW).status == "ok"
    with Runtime(second) as runtime:  # another worker: robots.txt comes from Redis
        assert build_feed(second.feeds[0], runtime, now=NOW).status == "ok"
        hidden = build_feed(second.feeds[1], runtime, now=NOW)
    assert hidden.status == "failed" and hidden.error_kind == "robots"
    assert len(site.hits_for("/robots.txt")) == 1
    assert site.hits_for("/private/list") == []


def test_a_command_during_a_redis_restart_waits_for_it(redis_server: Redis, redis_url: str) -> None:
    """A restart shorter than the clients' retries passes unnoticed: the command in flight
    reconnects to the new server and goes through."""
    client = connect(redis_url)
    locks = RedisFeedLock(client)
    try:
        with locks.hold("news") as held:
            assert held
        redis_server.crash()
        thread = threading.Thread(target=redis_server.start)
        thread.start()
        with locks.hold("news") as held:  # sent while the server is down or coming back
            assert held
        thread.join()
        assert client.ping()
    finally:
        client.close()


def test_a_build_while_redis_is_down_fails_cleanly_and_the_next_one_works(
    tmp_path: Path, site: LoopbackSite, redis_server: Redis, redis_url: str
) -> None:
    from datetime import timedelta

    site.add("/list", PAGE)
    config = parse_config(feeds_yaml(site, redis_url), root=tmp_path)
    public = tmp_path / "public"
    with Runtime(config) as runtime:
        assert build_feed(config.feeds[0], runtime, now=NOW, strict=True).status == "ok"
        before = {p.name: p.read_bytes() for p in public.glob("news.*")}
        site.add("/list", PAGE.replace("Article number 1", "Article renamed"))
        redis_server.stop()
        try:
            failed = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=1))
        finally:
            redis_server.start()  # empty: this server keeps nothing on disk
        assert failed.status == "failed" and failed.error_kind == "store", failed.error
        message = failed.error or ""
        assert f"127.0.0.1:{redis_server.port}" in message and "check that it runs" in message
        assert {p.name: p.read_bytes() for p in public.glob("news.*")} == before
        # Redis is back: the same runtime (its clients reconnect) builds the change
        again = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=2), strict=True)
        assert again.status == "ok", again.error
        assert "Article renamed" in (public / "news.atom").read_text(encoding="utf-8")
