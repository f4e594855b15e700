"""`feedsmith run`: scheduling, backoff, reloading, clean stop, and the state lock."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
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
from feedsmith.scheduler import ConfigWatch, Daemon, make_trigger, retry_delay
from tests.conftest import LoopbackSite, wait_until
from tests.test_faults import GOOD_1

FEED = """  - id: {id}
    url: {url}
    schedule: {schedule}
    items: li.it
    fields: {{title: a, link: a}}
"""


def write(path: Path, site: LoopbackSite, feeds: dict[str, tuple[str, str]]) -> None:
    path.write_text(feeds_text(site, feeds), encoding="utf-8")


# waits are for events; this only bounds how long a broken daemon makes a test hang
PATIENCE = 60.0


def feeds_text(site: LoopbackSite, feeds: dict[str, tuple[str, str]]) -> str:
    text = "crawl: {delay: 0, backoff: 0}\nrun: {jitter: 0, retry_min: 1, retry_max: 4}\nfeeds:\n"
    for feed_id, (route, schedule) in feeds.items():
        text += FEED.format(id=feed_id, url=site.url(route), schedule=schedule)
    return text


@contextmanager
def running(config: Path, **options: float) -> Iterator[Daemon]:
    daemon = Daemon(config, poll=0.05, **options)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        assert daemon.started.wait(PATIENCE), "the daemon did not start"
        yield daemon
    finally:
        daemon.stop.set()
        thread.join(timeout=PATIENCE)
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
        assert wait_until(lambda: len(site.hits_for("/a")) >= 2, timeout=PATIENCE)  # then scheduled
        with pytest.raises(LockError, match=f"process {os.getpid()}"):
            StateLock(tmp_path / ".feedsmith").acquire()

        write(config, site, {"a": ("/a", "1s"), "b": ("/b", "1h")})
        assert wait_until(lambda: (tmp_path / "public" / "b.xml").exists(), timeout=PATIENCE)
        assert daemon.next_run("b") is not None

        config.write_text("feeds: [this is: not valid", encoding="utf-8")
        seen = len(site.hits_for("/a"))
        assert wait_until(lambda: len(site.hits_for("/a")) > seen, timeout=PATIENCE)
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
        assert wait_until(lambda: daemon.next_run("b") is None, timeout=PATIENCE)
        assert wait_until(lambda: len(site.hits_for("/a")) >= 3, timeout=PATIENCE)
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
        assert wait_until(lambda: len(site.hits_for("/flaky")) >= 2, timeout=PATIENCE)
        site.add("/flaky", GOOD_1)
        # the second failure waits 2 s; then it builds and its 1 h schedule takes over
        assert wait_until(lambda: (tmp_path / "public" / "flaky.xml").exists(), timeout=PATIENCE)
        next_run = daemon.next_run("flaky")
        assert next_run is not None
        assert (next_run - datetime.now(UTC)).total_seconds() > 1800


# --- editors saving feeds.yaml ----------------------------------------------------------------


def test_a_change_is_read_once_the_file_has_settled(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_bytes(b"feeds: []\n")
    watch = ConfigWatch(path, path.read_bytes())
    assert watch.poll() is None  # unchanged
    with path.open("r+b") as f:  # an editor: emptied...
        f.truncate(0)
        f.flush()
        assert watch.poll() is None  # ...changed since the last poll: not read yet
        f.write(b"feeds: [] # saved\n")  # ...then filled before the next poll
    assert watch.poll() is None  # changed again: still settling
    assert watch.poll() == b"feeds: [] # saved\n"  # the same at two polls in a row
    watch.done(b"feeds: [] # saved\n")
    assert watch.poll() is None

    replacement = tmp_path / ".feeds.yaml.swp"
    replacement.write_bytes(b"feeds: [] # renamed\n")
    os.replace(replacement, path)  # an editor that saves by rename
    assert watch.poll() is None
    assert watch.poll() == b"feeds: [] # renamed\n"
    watch.done(b"feeds: [] # renamed\n")

    os.utime(path, ns=(1, 1))  # touched, same bytes: nothing to read
    assert watch.poll() is None
    assert watch.poll() is None
    assert watch.poll() is None


def test_an_edit_that_leaves_no_feed_must_stay_so_before_it_counts(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    watch = ConfigWatch(path, None, empty_after=0.3)
    assert not watch.confirm_empty(b"")
    assert not watch.confirm_empty(b"")
    assert not watch.confirm_empty(b"feeds: []\n")  # another empty version: the wait restarts
    time.sleep(0.1)
    assert not watch.confirm_empty(b"feeds: []\n")
    assert wait_until(lambda: watch.confirm_empty(b"feeds: []\n"), timeout=PATIENCE)


def hits_keep_coming(site: LoopbackSite, path: str, more: int = 2) -> bool:
    seen = len(site.hits_for(path))
    return wait_until(lambda: len(site.hits_for(path)) >= seen + more, timeout=PATIENCE)


@pytest.mark.slow
def test_a_half_saved_feeds_yaml_never_stops_the_feeds(
    tmp_path: Path, site: LoopbackSite, caplog: pytest.LogCaptureFixture
) -> None:
    """Saved in place (emptied, then written with a typo) and by rename: the feeds run on."""
    caplog.set_level(logging.INFO, logger="feedsmith.scheduler")
    site.add("/a", GOOD_1)
    site.add("/b", GOOD_1)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"a": ("/a", "1s")})
    with running(config) as daemon:
        assert hits_keep_coming(site, "/a")
        with config.open("r+", encoding="utf-8") as f:  # an editor saving in place
            f.truncate(0)
            f.flush()
            # the empty file is read once it has settled, and is not applied
            assert wait_until(lambda: "lists no feed to run" in caplog.text, timeout=PATIENCE)
            f.write(feeds_text(site, {"a": ("/a", "1s")}).replace("items:", "itemz:"))
        assert wait_until(lambda: "problem(s); still running" in caplog.text, timeout=PATIENCE)
        assert hits_keep_coming(site, "/a")  # the last good version runs on
        assert daemon.next_run("a") is not None
        assert "stopping every feed" not in caplog.text

        swap = tmp_path / ".feeds.yaml.new"  # an editor saving by rename
        swap.write_text(feeds_text(site, {"a": ("/a", "1s"), "b": ("/b", "1h")}), encoding="utf-8")
        os.replace(swap, config)
        assert wait_until(lambda: (tmp_path / "public" / "b.xml").exists(), timeout=PATIENCE)
        assert hits_keep_coming(site, "/a")


@pytest.mark.slow
def test_no_feed_at_all_applies_once_it_has_stayed_so(
    tmp_path: Path, site: LoopbackSite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="feedsmith.scheduler")
    site.add("/a", GOOD_1)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"a": ("/a", "1s")})
    with running(config, empty_after=1.0) as daemon:
        config.write_text("crawl: {delay: 0}\nfeeds: []\n", encoding="utf-8")
        assert wait_until(lambda: daemon.next_run("a") is None, timeout=PATIENCE)
        assert "lists no feed to run" in caplog.text  # said loudly first
        assert "lists no feed for 1 s: stopping every feed" in caplog.text


@pytest.mark.slow
def test_a_deleted_feeds_yaml_keeps_the_feeds_running(
    tmp_path: Path, site: LoopbackSite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="feedsmith.scheduler")
    site.add("/a", GOOD_1)
    site.add("/b", GOOD_1)
    config = tmp_path / "feeds.yaml"
    write(config, site, {"a": ("/a", "1s")})
    with running(config) as daemon:
        config.unlink()
        assert wait_until(lambda: "is gone; still running" in caplog.text, timeout=PATIENCE)
        assert hits_keep_coming(site, "/a")
        assert caplog.text.count("is gone") == 1  # said once, not at every poll
        write(config, site, {"a": ("/a", "1s"), "b": ("/b", "1h")})
        assert wait_until(lambda: daemon.next_run("b") is not None, timeout=PATIENCE)
        assert wait_until(lambda: (tmp_path / "public" / "b.xml").exists(), timeout=PATIENCE)


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
