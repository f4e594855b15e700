"""A feed taken out of feeds.yaml: its files leave public/ on the next build (and the build says
so), its history stays a while so that putting it back floods no reader, then it is forgotten."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedsmith.cli import cli
from feedsmith.config import load_config
from feedsmith.pipeline import Runtime, retire_removed
from feedsmith.retire import KEEP_REMOVED
from feedsmith.scheduler import Daemon
from tests.conftest import LoopbackSite, wait_until
from tests.helpers import check_public

LIST = """<html><body><ul>
<li class="it"><a href="/p/1">Le port rouvre</a><span class="d">2025-10-29</span></li>
<li class="it"><a href="/p/2">Le phare repeint</a><span class="d">2025-10-30</span></li>
</ul></body></html>"""
FEED = """  - id: {id}
    url: {url}
    items: li.it
    fields: {{title: a, link: a, date: .d}}
"""
PATIENCE = 60.0


def write(path: Path, site: LoopbackSite, *ids: str) -> Path:
    text = "crawl: {delay: 0}\nrun: {jitter: 0}\nfeeds:\n"
    text += "".join(FEED.format(id=i, url=site.url("/list")) for i in ids)
    path.write_text(text, encoding="utf-8")
    return path


def build(config: Path) -> str:
    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # as said, whatever the terminal's width


def test_a_removed_feed_leaves_public_and_comes_back_without_a_flood(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    public = tmp_path / "public"
    config = write(tmp_path / "feeds.yaml", site, "keep", "gone")
    build(config)
    before = check_public(public, "gone")
    assert "gone.xml" in (public / "index.html").read_text()

    write(config, site, "keep")
    output = build(config)
    assert "removed gone (no longer in the feeds file)" in output
    assert "deleted gone.atom, gone.html, gone.json, gone.xml" in output
    assert not any(public.glob("gone.*"))
    check_public(public, "keep")
    assert "gone" not in (public / "index.html").read_text()
    status = json.loads((public / "status.json").read_text())
    assert [f["id"] for f in status["feeds"]] == ["keep"]
    assert "removed gone" not in build(config)  # said once

    # put back: the same entries, ids and dates; nothing new for readers
    write(config, site, "keep", "gone")
    result = CliRunner().invoke(cli, ["build", "-c", str(config), "--", "gone"])
    assert result.exit_code == 0, result.output
    assert "1 feed(s): 1 built, 0 failed, 0 new item(s)" in result.output
    after = check_public(public, "gone")
    assert [(e.id, e.published) for e in after["atom"].entries] == [
        (e.id, e.published) for e in before["atom"].entries
    ]


def test_a_feeds_file_with_no_feed_takes_nothing_down(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", LIST)
    public = tmp_path / "public"
    config = write(tmp_path / "feeds.yaml", site, "one", "two")
    build(config)
    kept = {p.name: p.read_bytes() for p in public.glob("*.*") if p.stem in ("one", "two")}
    assert len(kept) == 8

    config.write_text("crawl: {delay: 0}\nfeeds: []\n", encoding="utf-8")  # emptied by mistake
    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert "lists no feed" in " ".join(result.output.split())
    assert {p.name: p.read_bytes() for p in public.glob("*.*") if p.stem in ("one", "two")} == kept

    # one feed listed again: the other is taken down as usual
    write(config, site, "one")
    assert "removed two (no longer in the feeds file)" in build(config)
    assert not any(public.glob("two.*"))
    check_public(public, "one")


def test_a_removed_feed_is_forgotten_after_a_while(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", LIST)
    config = write(tmp_path / "feeds.yaml", site, "keep", "gone")
    build(config)
    write(config, site, "keep")
    now = datetime.now(UTC)
    with Runtime(load_config(config)) as runtime:
        first = retire_removed(runtime, now=now)
        assert [(r.feed_id, r.forgotten) for r in first] == [("gone", False)]
        assert retire_removed(runtime, now=now + KEEP_REMOVED - timedelta(hours=1)) == ()
        assert runtime.store.entries("gone", limit=10)  # kept for a while
        later = retire_removed(runtime, now=now + KEEP_REMOVED + timedelta(hours=1))
        assert [(r.feed_id, r.forgotten) for r in later] == [("gone", True)]
        assert runtime.store.entries("gone", limit=10) == ()
        assert "gone" not in runtime.store.all_feed_states()
        assert runtime.store.entries("keep", limit=10)


@pytest.mark.slow
def test_run_removes_the_files_of_a_feed_taken_out_while_it_runs(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    public = tmp_path / "public"
    config = write(tmp_path / "feeds.yaml", site, "keep", "gone")
    daemon = Daemon(config, poll=0.05)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        assert daemon.started.wait(PATIENCE)
        assert (public / "gone.xml").exists()
        write(config, site, "keep")
        assert wait_until(lambda: not any(public.glob("gone.*")), timeout=PATIENCE)
        assert (public / "keep.xml").exists()
    finally:
        daemon.stop.set()
        thread.join(timeout=PATIENCE)
