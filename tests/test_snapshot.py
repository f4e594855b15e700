"""`feedsmith snapshot` and `feedsmith test`: the user's regression tests for their sources."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from feedsmith.cli import cli
from tests.conftest import LoopbackSite
from tests.test_faults import listing

CONFIG = """crawl: {{backoff: 0}}
feeds:
  - id: news
    url: {url}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: {summary}}}
"""


def test_snapshot_then_test_offline_shows_what_changed(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/news", listing("One", "Two"))
    config = tmp_path / "feeds.yaml"
    config.write_text(CONFIG.format(url=url, summary="p"), encoding="utf-8")
    runner = CliRunner()
    saved = runner.invoke(cli, ["snapshot", "-c", str(config), "news"])
    assert saved.exit_code == 0, saved.output
    folder = tmp_path / "snapshots" / "news"
    assert {p.name for p in folder.iterdir()} == {"page.html", "meta.json", "items.json"}
    assert len(json.loads((folder / "items.json").read_text())["items"]) == 2

    site.reset()  # offline: the site is gone
    same = runner.invoke(cli, ["test", "-c", str(config)])
    assert same.exit_code == 0, same.output
    assert "news: unchanged (2 item(s))" in same.output

    config.write_text(CONFIG.format(url=url, summary=".nothing"), encoding="utf-8")
    changed = runner.invoke(cli, ["test", "-c", str(config)])
    assert changed.exit_code == 1
    assert "news: 2 change(s)" in changed.output and "summary_html was" in changed.output

    assert runner.invoke(cli, ["test", "-c", str(config), "--update"]).exit_code == 0
    assert runner.invoke(cli, ["test", "-c", str(config)]).exit_code == 0
