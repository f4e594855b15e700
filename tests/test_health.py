"""Health: drift baselines, events, status.json, the health feed, `feedsmith status`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from feedsmith import health
from feedsmith.cli import cli
from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_all
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_atom
from tests.test_faults import listing

NOW = datetime(2025, 11, 1, 12, tzinfo=UTC)


def ok(items: int, **coverage: float) -> BuildResult:
    return BuildResult(feed_id="f", status="ok", items=items, field_coverage=coverage)


def test_drift_compares_with_the_median_of_recent_good_runs() -> None:
    state: dict[str, object] = {}
    for _ in range(3):
        state, _events = health.update(state, ok(10, title=1.0, date=0.95), NOW)
    assert health.drift(state, 10, {"title": 1.0, "date": 0.9}) is None
    partial = health.drift(state, 10, {"title": 1.0, "date": 0.1})
    assert partial is not None and not partial.total
    assert partial.messages == ("dates found in 10% of items (usually 95%)",)
    total = health.hold_back(state, 10, {"title": 1.0, "date": 0.0})
    assert total is not None and "keeping the last good entries" in total


def test_events_failing_drift_and_recovery() -> None:
    state: dict[str, object] = {}
    state, events = health.update(state, ok(10, title=1.0), NOW)
    assert events == []
    failed = BuildResult(feed_id="f", status="failed", error="f: HTTP 500", error_kind="http")
    state, events = health.update(state, failed, NOW)
    assert [e["kind"] for e in events] == ["failing"]
    assert health.feed_health(state) == "failing" and state["failures"] == 1
    state, events = health.update(state, failed, NOW)
    assert events == []  # one event when it starts failing, not one per failure
    assert state["failures"] == 2
    state, events = health.update(state, ok(10, title=1.0), NOW)
    assert [e["kind"] for e in events] == ["recovered"]
    assert health.feed_health(state) == "ok" and state["failures"] == 0
    state, events = health.update(state, ok(10, title=0.1), NOW)
    assert [e["kind"] for e in events] == ["drift"]
    assert health.feed_health(state) == "drifting"


def _config(tmp_path: Path, site: LoopbackSite) -> str:
    return f"""crawl: {{backoff: 0}}
feeds:
  - id: news
    url: {site.url("/news")}
    items: li.it
    fields: {{title: a, link: a, date: .d}}
  - id: gone
    url: {site.url("/gone")}
    items: li.it
"""


def test_total_drift_keeps_the_last_good_entries_until_accepted(
    tmp_path: Path, site: LoopbackSite
) -> None:
    config = parse_config(_config(tmp_path, site), root=tmp_path)
    news = [f for f in config.feeds if f.id == "news"]
    site.add("/news", listing("One", "Two", "Three"))
    with Runtime(config) as runtime:
        for hour in range(3):
            build_all(news, runtime, now=NOW + timedelta(hours=hour))
        kept = (tmp_path / "public" / "news.xml").read_bytes()
        undated = listing("One", "Two", "Three", "Four").replace('class="d"', 'class="x"')
        site.add("/news", undated)
        results = [build_all(news, runtime, now=NOW + timedelta(hours=4 + i))[0] for i in range(4)]
    assert [r.status for r in results] == ["failed", "failed", "failed", "ok"]
    assert results[0].error_kind == "drift"
    assert "dates found in 0% of items (usually 100%)" in (results[0].error or "")
    status = json.loads((tmp_path / "public" / "status.json").read_text())
    assert status["feeds"][0]["health"] == "ok"
    check_atom((tmp_path / "public" / "_health.atom").read_bytes())
    atom = (tmp_path / "public" / "_health.atom").read_text()
    # held back by drift: "drifting" in the health feed as in status.json, never "failing"
    assert "news is drifting" in atom and "news recovered" in atom
    assert "news is failing" not in atom
    assert kept != (tmp_path / "public" / "news.xml").read_bytes()


def test_status_command_prints_a_table_and_exits_1_when_failing(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/news", listing("One", "Two"))
    path = tmp_path / "feeds.yaml"
    path.write_text(_config(tmp_path, site), encoding="utf-8")
    assert CliRunner().invoke(cli, ["build", "-c", str(path)]).exit_code == 1
    result = CliRunner().invoke(cli, ["status", "-c", str(path)])
    assert result.exit_code == 1
    assert "failing" in result.output and "HTTP 404" in result.output
    assert "2 feed(s): 1 failing, 0 drifting" in result.output
    as_json = CliRunner().invoke(cli, ["status", "-c", str(path), "--json"])
    records = {r["id"]: r for r in json.loads(as_json.output)["feeds"]}
    assert records["news"]["health"] == "ok" and records["news"]["entries"] == 2
    assert records["gone"]["last_http_status"] == 404
    assert records["gone"]["last_error_kind"] == "http"
