"""`feedsmith build --processes N`: the same feeds built in several processes, the same files,
and one client's politeness towards each host (counted at the loopback server)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_all
from feedsmith.processes import build_in_processes, split
from feedsmith.supervise import owner
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_atom

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
PROCESSES = ("--processes", "2", "--workers", "2")  # one thread each
FEEDS = 8


def page(n: int, article_base: str = "") -> str:
    # every other item without a date: its first-seen time (the build's `now`) is published
    items = "".join(
        f'<li class="it"><a href="{article_base}/f{n}/p{i}">Feed {n} article {i}</a>'
        + (f'<span class="d">2025-10-{10 + i}</span>' if i % 2 else "")
        + "</li>"
        for i in range(4)
    )
    return f"<html><head><title>Site {n}</title></head><body><ul>{items}</ul></body></html>"


def feeds_yaml(site: LoopbackSite, extra: str = "") -> str:
    lines = []
    for n in range(FEEDS):
        # two hosts: 127.0.0.1 and localhost (the same server)
        url = site.url(f"/f{n}")
        if n % 2:
            url = url.replace("127.0.0.1", "localhost")
        lines.append(
            f"  - {{id: f{n}, url: '{url}', items: li.it, fields: {{title: a, link: a, date: .d}}"
            f"{extra}}}"
        )
    return "site: {base_url: 'https://feeds.example.org/'}\nfeeds:\n" + "\n".join(lines) + "\n"


def test_workers_are_shared_between_the_processes() -> None:
    assert split(8, 2) == [4, 4]
    assert split(7, 2) == [4, 3]
    assert split(1, 3) == [1, 1, 1]


def test_two_processes_write_byte_for_byte_what_one_process_writes(
    tmp_path: Path, site: LoopbackSite
) -> None:
    for n in range(FEEDS):
        site.add(f"/f{n}", page(n))
    outputs = []
    arrived: list[str] = []  # the feeds reported one by one as they end
    for name in ("one", "two"):
        root = tmp_path / name
        root.mkdir()
        config = parse_config(feeds_yaml(site), root=root)
        with Runtime(config) as runtime:
            if name == "one":
                results = build_all(config.feeds, runtime, now=NOW)
            else:
                results = build_in_processes(
                    config.feeds,
                    2,
                    runtime=runtime,
                    now=NOW,
                    on_result=lambda r: arrived.append(r.feed_id),
                )
                assert sorted(arrived) == sorted(f.id for f in config.feeds)
        assert [r.feed_id for r in results] == [f.id for f in config.feeds]
        assert {r.status for r in results} == {"ok"}, [r.error for r in results]
        public = root / "public"
        outputs.append({p.name: p.read_bytes() for p in public.iterdir() if p.is_file()})
    one, two = outputs
    assert set(one) == set(two)
    assert {name for name in one if one[name] != two[name]} == set()
    for n in range(FEEDS):
        assert len(check_atom(two[f"f{n}.atom"]).entries) == 4
    assert b"f7.atom" in two["index.html"] and b"f7.xml" in two["feeds.opml"]


class InFlight:
    """Requests being answered at once, per Host header; each answer is held open a moment (or
    until a second request to its host shows up), so that overlapping requests are seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self.overlap = threading.Event()

    def route(self, body: str) -> object:
        data = body.encode()

        def answer(handler: BaseHTTPRequestHandler) -> None:
            host = handler.headers.get("Host", "")
            with self.lock:
                self.now[host] += 1
                self.most[host] = max(self.most[host], self.now[host])
                if self.now[host] > 1:
                    self.overlap.set()
            self.overlap.wait(0.05)  # a window for a second request to arrive in
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            # done before the body goes: the client, having read it, may ask again at once
            with self.lock:
                self.now[host] -= 1
            handler.wfile.write(data)

        return answer


@pytest.mark.parametrize("command", ["build", "run"])
def test_per_host_holds_across_processes(tmp_path: Path, site: LoopbackSite, command: str) -> None:
    """The feeds of 127.0.0.1 and of localhost are built by two processes at once, and the
    article pages of both are on 127.0.0.1: with ``per_host: 1`` the server never sees two
    requests to one host at a time, whichever process sends them (``build --processes`` and the
    first tick of ``run --processes``)."""
    gauge = InFlight()
    articles = site.url("")  # on 127.0.0.1, for the feeds of both hosts
    for n in range(FEEDS):
        site.add(f"/f{n}", raw=gauge.route(page(n, articles)))
        for i in range(4):
            site.add(
                f"/f{n}/p{i}",
                raw=gauge.route(
                    f"<html><head><title>Feed {n} article {i}</title></head><body><article>"
                    f"<h1>Feed {n} article {i}</h1><p>{'Texte complet. ' * 30}</p>"
                    "</article></body></html>"
                ),
            )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "crawl: {per_host: 1, retries: 0, workers: 2}\n"  # run: one thread a process
        + feeds_yaml(site, ", full_text: true, content: article p"),
        encoding="utf-8",
    )
    if command == "build":
        done = subprocess.run(
            [*(sys.executable, "-m", "feedsmith", "-q", "build", "-c", str(config)), *PROCESSES],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        _run_first_tick(config, tmp_path / "run.log")
    host = articles.removeprefix("http://")
    assert gauge.most[host] == 1, gauge.most
    assert not gauge.overlap.is_set()
    assert len(site.hits_for("/f1/p3")) == 1  # every article page was read, once
    for n in range(FEEDS):
        feed = check_atom((tmp_path / "public" / f"f{n}.atom").read_bytes())
        assert len(feed.entries) == 4
        assert all(
            "Texte complet" in (e.get("content") or [{}])[0].get("value", "") for e in feed.entries
        )


def _run_first_tick(config: Path, log: Path) -> None:
    """``feedsmith run --processes 2`` until both processes have built their feeds once."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "feedsmith", "run", "-c", str(config), "--processes", "2"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=config.parent,
        )
    try:
        _wait_for(log, r"scheduled \d+ feed\(s\)", 2, proc)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(120) == 0, log.read_text("utf-8", "replace")[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class Held:
    """The first request of each of ``paths`` is held until `release`; `asked` is set once all
    of them are being held (their build processes are then mid-build)."""

    def __init__(self, paths: list[str], bodies: dict[str, str]) -> None:
        self.waiting: set[str] = set()
        self.paths = set(paths)
        self.bodies = bodies
        self.lock = threading.Lock()
        self.asked = threading.Event()
        self.release = threading.Event()

    def route(self, path: str) -> Callable[[BaseHTTPRequestHandler], None]:
        data = self.bodies[path].encode()

        def answer(handler: BaseHTTPRequestHandler) -> None:
            with self.lock:
                first = path not in self.waiting
                self.waiting.add(path)
                if self.waiting == self.paths:
                    self.asked.set()
            if first:
                self.release.wait(120)
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            with contextlib.suppress(OSError):  # the asker may have been killed meanwhile
                handler.wfile.write(data)

        return answer


def test_a_build_process_killed_mid_build_loses_no_feed(tmp_path: Path, site: LoopbackSite) -> None:
    """``kill -9`` of a child while it builds a feed: that feed is built again by the other
    process, and so is every feed after it in its lane (no lane token is lost: the build ends,
    every feed built and published), on the host whose slot the dead child held (it is given
    back). Before, the feed failed, and its host's slot stayed taken for the rest of the build."""
    bodies = {f"/f{n}": page(n) for n in range(FEEDS)}
    # each process (one thread each) holds one host's lane; the first feed of each is held
    held = Held(["/f0", "/f1"], bodies)
    for n in range(FEEDS):
        path = f"/f{n}"
        site.add(path, raw=held.route(path) if path in held.paths else None, body=bodies[path])
    config = parse_config(feeds_yaml(site), root=tmp_path)
    results: list[BuildResult] = []
    with Runtime(config) as runtime:
        builder = threading.Thread(
            target=lambda: results.extend(
                build_in_processes(config.feeds, 2, runtime=runtime, now=NOW, workers=2)
            )
        )
        builder.start()
        try:
            assert held.asked.wait(120), "the two processes never asked for their first pages"
            children = multiprocessing.active_children()
            assert len(children) == 2, children
            os.kill(children[0].pid or 0, signal.SIGKILL)
            children[0].join(60)
            assert children[0].exitcode == -signal.SIGKILL
            held.release.set()
            builder.join(180)
            assert not builder.is_alive(), "the build never ended: a lane's token was lost"
        finally:
            held.release.set()
            for child in multiprocessing.active_children():
                child.kill()
            builder.join(60)
    assert [r.feed_id for r in results] == [f.id for f in config.feeds]
    assert {r.status for r in results} == {"ok"}, [(r.feed_id, r.error) for r in results]
    for n in range(FEEDS):
        assert len(check_atom((tmp_path / "public" / f"f{n}.atom").read_bytes()).entries) == 4
    # the killed process's feed was asked for twice (once by each process), the others once
    asked = sorted(len(site.hits_for(f"/f{n}")) for n in range(FEEDS))
    assert asked == [1] * (FEEDS - 1) + [2], asked


def _wait_for(log: Path, pattern: str, count: int, proc: subprocess.Popen[bytes]) -> list[str]:
    """The log's lines matching ``pattern`` once there are ``count`` of them (the process is
    still running), within two minutes."""
    deadline = time.monotonic() + 120
    while True:
        found = re.findall(pattern, log.read_text("utf-8", "replace"))
        if len(found) >= count:
            return found
        assert proc.poll() is None, log.read_text("utf-8", "replace")[-2000:]
        assert time.monotonic() < deadline, (pattern, log.read_text("utf-8", "replace")[-2000:])
        time.sleep(0.05)


def test_run_in_processes_builds_each_feed_once_and_a_killed_process_feeds_again(
    tmp_path: Path, site: LoopbackSite
) -> None:
    """``feedsmith run --processes 2``: the first tick builds every feed once across the two
    processes (each page asked for once); after ``kill -9`` of one process a new one takes its
    place and builds that process's feeds again, and only those; SIGTERM stops them all."""
    for n in range(FEEDS):
        site.add(f"/f{n}", page(n))
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "run: {jitter: 0}\n" + feeds_yaml(site, ", schedule: 1d"),  # one tick in the test
        encoding="utf-8",
    )
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "feedsmith", "run", "-c", str(config), "--processes", "2"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    try:
        started = dict(_wait_for(log, r"process (\d) started \(pid (\d+)\)", 2, proc))
        _wait_for(log, r"scheduled \d+ feed\(s\)", 2, proc)  # both first builds are done
        asked = {n: len(site.hits_for(f"/f{n}")) for n in range(FEEDS)}
        assert asked == dict.fromkeys(range(FEEDS), 1), asked
        for n in range(FEEDS):
            assert len(check_atom((tmp_path / "public" / f"f{n}.atom").read_bytes()).entries) == 4
        shares = {i: {n for n in range(FEEDS) if owner(f"f{n}", 2) == i} for i in (0, 1)}
        assert shares[0] and shares[1]  # each process keeps some of the feeds
        os.kill(int(started["0"]), signal.SIGKILL)
        _wait_for(log, r"process 0 started \(pid \d+\)", 2, proc)  # its replacement
        _wait_for(log, r"scheduled \d+ feed\(s\)", 3, proc)
        asked = {n: len(site.hits_for(f"/f{n}")) for n in range(FEEDS)}
        assert asked == {n: 2 if n in shares[0] else 1 for n in range(FEEDS)}, asked
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(120) == 0, log.read_text("utf-8", "replace")[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    pids = re.findall(r"process \d started \(pid (\d+)\)", log.read_text("utf-8", "replace"))
    assert len(pids) == 3
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)  # no child left behind
