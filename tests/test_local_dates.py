"""Dates as people read them: a feed whose `timezone` is known writes its RSS, Atom and JSON
dates with that zone's UTC offset (readers convert), and the index page and the browser view of
a feed (feed.xsl, applied here by libxslt as Chromium applies it) show the site's own day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from feedsmith.cli import cli
from tests.conftest import LoopbackSite
from tests.helpers import check_public

LIST = """<html><body><div id="content">
<div class="post"><h2><a href="/a/1">Le port de Casablanca se modernise</a></h2>
  <div class="meta">Publié le 29 - 10 - 2025</div></div>
<div class="post"><h2><a href="/a/2">Nouvelle liaison aérienne</a></h2>
  <div class="meta">Publié le 27 - 10 - 2025 à 08h30</div></div>
</div></body></html>"""


def build(tmp_path: Path, site: LoopbackSite, timezone: str | None) -> Path:
    site.add("/list", LIST)
    zone = f"\n    timezone: {timezone}" if timezone else ""
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"""site: {{base_url: 'https://feeds.example.org/'}}
feeds:
  - id: eco
    url: {site.url("/list")}
    language: fr{zone}
    items: .post
    fields: {{title: h2 a, link: h2 a, date: .meta}}
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    return tmp_path / "public"


def browser_view(public: Path, name: str) -> str:
    """The page a browser shows for a feed file: its stylesheet applied (libxslt)."""
    xsl = etree.XSLT(etree.parse(str(public / "feed.xsl")))
    page = xsl(etree.parse(str(public / name)))
    return " ".join(str(page).split())


def test_dates_are_written_and_shown_in_the_feeds_zone(tmp_path: Path, site: LoopbackSite) -> None:
    public = build(tmp_path, site, "Africa/Casablanca")  # UTC+1 in October 2025
    parsed = check_public(public, "eco")
    rss = (public / "eco.xml").read_text()
    assert "<pubDate>Wed, 29 Oct 2025 13:00:00 +0100</pubDate>" in rss
    assert "<pubDate>Mon, 27 Oct 2025 08:30:00 +0100</pubDate>" in rss
    atom = (public / "eco.atom").read_text()
    assert "<published>2025-10-29T13:00:00+01:00</published>" in atom
    doc = json.loads((public / "eco.json").read_text())
    assert doc["items"][0]["date_published"] == "2025-10-29T13:00:00+01:00"
    # readers convert; the page gave the day alone: its instant is noon UTC, inside the day
    for fmt in ("rss", "atom"):
        assert tuple(parsed[fmt].entries[0].published_parsed)[:5] == (2025, 10, 29, 12, 0)

    index = " ".join((public / "index.html").read_text().split())
    assert '<time datetime="2025-10-29T13:00:00+01:00">2025-10-29 13:00</time>' in index
    view = browser_view(public, "eco.xml")
    assert "Wed, 29 Oct 2025 13:00" in view and "UTC" not in view
    assert "Mon, 27 Oct 2025 08:30" in view
    atom_view = browser_view(public, "eco.atom")
    assert "2025-10-29 13:00" in atom_view and "2025-10-28" not in atom_view


@pytest.mark.parametrize("timezone", [None, "UTC"])
def test_without_a_zone_dates_are_utc_and_say_so(
    tmp_path: Path, site: LoopbackSite, timezone: str | None
) -> None:
    public = build(tmp_path, site, timezone)
    check_public(public, "eco")
    assert "<pubDate>Wed, 29 Oct 2025 12:00:00 +0000</pubDate>" in (public / "eco.xml").read_text()
    assert "Wed, 29 Oct 2025 12:00 UTC" in browser_view(public, "eco.xml")
    assert "2025-10-29 12:00 UTC" in browser_view(public, "eco.atom")
    assert "2025-10-29 12:00 UTC</time>" in (public / "index.html").read_text()
