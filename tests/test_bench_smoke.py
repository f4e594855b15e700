"""The benchmark harness works end to end on a tiny site. No timing is asserted here."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bench import scale, site, startup
from bench.run import Capabilities, run_size, table


def test_a_page_one_item_later_has_one_new_item_on_top_and_loses_its_oldest() -> None:
    feed = site.plan(3, 2)[0]
    before, after = site.list_page(feed).decode(), site.list_page(feed, newer=1).decode()
    links = [re.findall(r'<h2 class="news-title"><a href="([^"]+)"', p) for p in (before, after)]
    assert links[1][1:] == links[0][:-1] and links[1][0] not in links[0]
    assert site.list_page(feed, newer=1) == site.list_page(feed, newer=1)


def test_site_pages_are_realistic_and_deterministic() -> None:
    plans = site.plan(3, 2)
    pages = [site.list_page(p) for p in plans]
    assert all(40_000 < len(body) < 200_000 for body in pages)
    assert pages[0] == site.list_page(plans[0]) and pages[0] != pages[1]
    assert {p.layout for p in plans} == set(site.LAYOUTS)
    assert "mardi" in pages[1].decode() or " à " in pages[1].decode()  # river: month-name dates
    assert site.host_address(0) == "127.0.0.2" and site.host_address(300) == "127.0.1.46"


def test_harness_runs_floor_and_feedsmith_on_a_few_feeds(tmp_path: Path) -> None:
    result = run_size(
        3,
        hosts=2,
        latency_ms=0,
        workers=1,
        seed=1,
        work=tmp_path / "work",
        caps=Capabilities(workers_option=False, full_text=None),
        peers=False,
        build_args=(),
    )
    names = [s.name for s in result.steps]
    assert names[0].startswith("floor") and names[1:] == [
        "feedsmith list (cold)",
        "feedsmith list (unchanged rerun)",
        "floor (unchanged rerun, 1 worker(s))",
        "feedsmith list (1 new item a page)",
    ]
    for step in result.steps:
        assert step.ok, (step.name, step.note)
        assert step.pages == 3
    assert [s.items for s in result.steps] == [result.items] * 4 + [result.items + 3]
    assert result.steps[1].files_written == 12  # 3 feeds: 3 formats and a page each
    assert result.steps[2].files_written == 0
    assert "3 of 3 requests answered 304" in result.steps[2].note
    assert "+6 site/health file(s)" in result.steps[1].note  # index, OPML, xsl, _headers, ...
    assert "+1 site/health file(s)" in result.steps[2].note  # status.json: every attempt
    assert "3 of 3 requests answered 304" in result.steps[3].note  # the floor's rerun
    assert result.steps[4].files_written == 12  # a new item: every feed's files change
    assert "304" not in result.steps[4].note  # every page changed
    assert "feedsmith list (cold)" in table(result)


def test_startup_rows_run_every_command_against_the_floor() -> None:
    rows = startup.measure(1)
    assert [r.name for r in rows][:2] == ["floor: python -c pass", "feedsmith --help"]
    assert all(r.ok and len(r.wall) == len(r.cpu) == 1 for r in rows), rows
    assert "| feedsmith validate (one feed) |" in startup.table(rows)


@pytest.mark.slow  # a Celery worker and a redis-server start
def test_scale_bench_runs_every_variant_on_a_few_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    celery = "1" if shutil.which("redis-server") else ""  # Celery needs a real redis-server
    argv = ["--feeds=4", "--hosts=2", "--latency-ms=0", "--repeat=1", f"--celery={celery}"]
    argv += ["--no-postgres"]  # (PostgreSQL as the state is tested in tests/test_store.py)
    argv += [f"--work={tmp_path / 'work'}", f"--json={tmp_path / 'rows.json'}"]
    assert scale.main(argv) == 0
    printed = capsys.readouterr().out
    rows = json.loads((tmp_path / "rows.json").read_text())[0]
    variants = ["build", "build --processes 2"] + (["build, Redis", "celery ×1"] if celery else [])
    assert list(rows) == [v + rerun for v in variants for rerun in ("", scale.RERUN)]
    for name, row in rows.items():
        assert row["ok"] and row["pages"] == 4 and row["items"] == row["expected"], name
        assert f"| {name} |" in printed
    assert "`--processes 2` cold wall ≤ 0.6× one process" in printed
    if celery:
        assert rows["celery ×1"]["redis_commands"] > 4  # at least a queue push and pop a feed
        # the one process on the Celery variant's Redis: its cache and limits went there
        assert rows["build, Redis"]["redis_commands"] > 4
        assert "`celery ×1`" not in printed  # the ×2 target line only
