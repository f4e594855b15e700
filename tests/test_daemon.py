"""`feedsmith run`: scheduling, backoff, reloading, clean stop, and the state lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedsmith.cli import cli
from feedsmith.config import Run
from feedsmith.errors import LockError
from feedsmith.lock import StateLock
from feedsmith.scheduler import Daemon, make_trigger, retry_delay
from tests.conftest import LoopbackSite, wait_until
from tests.test_faults import GOOD_1

FEED = """  - id: {id}
    url: {url}
    schedule: {schedule}
    items: li.it
    fields: {{title: a, link: a}}
"""


def write(path: Path, site: LoopbackSite, feeds: dict[str, tuple[str, str]]) -> None:
    text = "crawl: {delay: 0, backoff: 0}\nrun: {jitter: 0, retry_min: 1, retry_max: 4}\nfeeds:\n"
    for feed_id, (route, schedule) in feeds.items():
        text += FEED.format(id=feed_id, url=site.url(route), schedule=schedule)
    path.write_text(text, encoding="utf-8")


@contextmanager
def running(config: Path) -> Iterator[Daemon]:
    daemon = Daemon(config, poll=0.05)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        assert daemon.started.wait(10), "the daemon did not start"
        yield daemon
    finally:
        daemon.stop.set()
        thread.join(timeout=15)
        assert not thread.is_alive(), "the daemon did not stop"


def test_retry_delay_grows_and_is_capped() -> None:
    run = Run(retry_min=60, retry_max=600)
    assert [retry_delay(n, run) for n in range(6)] == [0, 60, 120, 240, 480, 600]


def test_triggers_for_intervals_and_cron() -> None:
    interval = make_trigger("30m", jitter=600)
    assert interval.interval_length == 1800 and interval.jitter == 180  # type: ignore[attr-defined]
    cron = make_trigger("cron: 0 7 * * 1-5", jitter=600)
    first = cron.get_next_fire_time(None, datetime(2025, 11, 1, 12, tzinfo=UTC))  # a Saturday
    assert first is not None and (first.weekday(), first.hour) == (0, 7)
    assert cron.jitter == 60
    weekend = make_trigger("cron: 30 9 * * 0,6", jitter=0)
    sunday = weekend.get_next_fire_time(None, datetime(2025, 11, 1, 12, tzinfo=UTC))
    assert sunday is not None and (sunday.weekday(), sunday.hour, sunday.minute) == (6, 9, 30)


@pytest.mark.slow
def test_daemon_builds_schedules_reloads_and_stops(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/a", GOOD_1)
    site.add("/b", GOOD_1)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"a": ("/a", "1s")})
    with running(config) as daemon:
        assert (tmp_path / "public" / "a.xml").exists()  # the first build happens at start
        assert wait_until(lambda: len(site.hits_for("/a")) >= 2, timeout=10)  # then scheduled
        with pytest.raises(LockError, match=f"process {os.getpid()}"):
            StateLock(tmp_path / ".feedsmith").acquire()

        write(config, site, {"a": ("/a", "1s"), "b": ("/b", "1h")})
        assert wait_until(lambda: (tmp_path / "public" / "b.xml").exists(), timeout=10)
        assert daemon.next_run("b") is not None

        config.write_text("feeds: [this is: not valid", encoding="utf-8")
        seen = len(site.hits_for("/a"))
        assert wait_until(lambda: len(site.hits_for("/a")) > seen, timeout=10)
        assert daemon.config.feed("b").id == "b"  # the last good config keeps running
        status = (tmp_path / "public" / "status.json").read_text()
        assert '"id": "b"' in status
    with StateLock(tmp_path / ".feedsmith"):
        pass  # released on stop


@pytest.mark.slow
def test_an_edited_feed_is_rescheduled_and_a_removed_one_unscheduled(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/a", GOOD_1)
    site.add("/b", GOOD_1)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"a": ("/a", "1h"), "b": ("/b", "1h")})
    with running(config) as daemon:
        first = daemon.next_run("a")
        assert first is not None and len(site.hits_for("/a")) == 1  # built once at start
        write(config, site, {"a": ("/a", "1s")})  # a: every second now; b: gone
        assert wait_until(lambda: daemon.next_run("b") is None, timeout=10)
        assert wait_until(lambda: len(site.hits_for("/a")) >= 3, timeout=10)
        next_a = daemon.next_run("a")
        assert next_a is not None and next_a < first
        assert daemon.config.feed("a").schedule == "1s"


@pytest.mark.slow
def test_failing_feed_backs_off_then_returns_to_its_schedule(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/flaky", "down", status=404)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"flaky": ("/flaky", "1h")})
    with running(config) as daemon:
        # failed at start: tried again after retry_min (1 s), not after its 1 h schedule
        assert wait_until(lambda: len(site.hits_for("/flaky")) >= 2, timeout=10)
        site.add("/flaky", GOOD_1)
        # the second failure waits 2 s; then it builds and its 1 h schedule takes over
        assert wait_until(lambda: (tmp_path / "public" / "flaky.xml").exists(), timeout=10)
        next_run = daemon.next_run("flaky")
        assert next_run is not None
        assert (next_run - datetime.now(UTC)).total_seconds() > 1800


def test_build_refuses_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds: []\n", encoding="utf-8")
    with StateLock(tmp_path / ".feedsmith"):
        result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 2
    assert f"process {os.getpid()} is already running feedsmith" in result.output
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0


@pytest.mark.slow
def test_run_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(GOOD_1, encoding="utf-8")
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "feeds:\n  - {id: local, url: page.html, schedule: 1h, items: li.it}\n", encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "run", "-c", str(config), "--poll", "0.1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_until(lambda: (tmp_path / "public" / "status.json").exists(), timeout=20)
        second = subprocess.run(
            [sys.executable, "-m", "feedsmith", "build", "-c", str(config)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 2
        assert f"process {proc.pid}" in second.stderr
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output
    assert "feed=local items=3" in output and "stopped" in output
