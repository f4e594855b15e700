"""A date once read is kept: an item that stops showing its date, or a page layout that lost its
dates (drift accepted), never re-dates entries to the build; only another date read replaces it.
Built end to end from the loopback server; the published files read back by real parsers."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from feedsmith.config import Config, parse_config
from feedsmith.health import ACCEPT_AFTER
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DAYS = {"digue": 12, "phare": 14, "quai": 16, "ferry": 18}


def page(dated: set[str]) -> str:
    items = "".join(
        f'<li class="it"><a href="/n/{slug}">{slug.title()}</a>'
        + (f'<span class="d">{day} novembre 2026</span>' if slug in dated else "")
        + f"<p>{slug} teaser</p></li>"
        for slug, day in DAYS.items()
    )
    return f"<html><body><ul>{items}</ul></body></html>"


def config(tmp_path: Path, site: LoopbackSite) -> Config:
    return parse_config(
        f"""feeds:
  - id: port
    url: {site.url("/list")}
    language: fr
    timezone: Europe/Paris
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
""",
        root=tmp_path,
    )


def build(cfg: Config, now: datetime) -> BuildResult:
    with Runtime(cfg) as runtime:
        return build_feed(cfg.feeds[0], runtime, now=now, strict=True)


def dates(tmp_path: Path) -> dict[str, tuple[Any, Any]]:
    """Per entry title: (published, updated), as feedparser reads the Atom file; checks RSS and
    JSON Feed agree on the published date."""
    parsed = check_public(tmp_path / "public", "port")
    atom = {e.title: (tuple(e.published_parsed)[:6], e.updated) for e in parsed["atom"].entries}
    rss = {e.title: tuple(e.published_parsed)[:6] for e in parsed["rss"].entries}
    assert {title: pub for title, (pub, _) in atom.items()} == rss
    return atom


def test_an_item_that_stops_showing_its_date_keeps_it(
    tmp_path: Path, site: LoopbackSite, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = config(tmp_path, site)
    site.add("/list", page(set(DAYS)))
    assert build(cfg, NOW).status == "ok"
    before = dates(tmp_path)
    assert before["Quai"][0] == (2026, 11, 16, 12, 0, 0)  # the day alone: noon UTC

    site.add("/list", page(set(DAYS) - {"quai"}))
    result = build(cfg, NOW + timedelta(hours=3))
    assert result.status in {"ok", "unchanged"}
    # not re-dated to the build, not moved to the top, not "updated"
    assert dates(tmp_path) == before

    # another date actually read replaces it, and the change is logged
    site.add("/list", page(set(DAYS)).replace("16 novembre", "17 novembre"))
    with caplog.at_level(logging.INFO, logger="feedsmith.store"):
        assert build(cfg, NOW + timedelta(hours=6)).status == "ok"
    assert dates(tmp_path)["Quai"][0] == (2026, 11, 17, 12, 0, 0)
    assert any(
        "date changed from" in r.getMessage() and "/n/quai" in r.getMessage()
        for r in caplog.records
    )


def test_accepted_layout_drift_keeps_every_date(tmp_path: Path, site: LoopbackSite) -> None:
    cfg = config(tmp_path, site)
    site.add("/list", page(set(DAYS)))
    assert build(cfg, NOW).status == "ok"
    before = dates(tmp_path)

    # the site drops every date: held back a few runs, then accepted as its new layout
    site.add("/list", page(set()))
    results = [build(cfg, NOW + timedelta(hours=h)) for h in range(1, ACCEPT_AFTER + 2)]
    assert [r.status for r in results[:ACCEPT_AFTER]] == ["failed"] * ACCEPT_AFTER
    assert results[-1].status in {"ok", "unchanged"}, results[-1].error
    assert dates(tmp_path) == before
