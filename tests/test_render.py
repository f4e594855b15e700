"""Renderers on their own: every field an entry can carry, checked by real consumers."""

from __future__ import annotations

import hashlib
import html
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from feedsmith.render import render
from feedsmith.types import Entry, Feed, Source
from tests.helpers import check_atom, check_json, check_rss

WHEN = datetime(2025, 10, 29, 8, 30, tzinfo=UTC)
FULL = Entry(
    id="https://news.example.org/a/1",
    link="https://news.example.org/a/1",
    title="Terres rares : « accord » & <suite>",
    published=WHEN,
    updated=WHEN,
    summary_html="<p>Résumé <b>court</b></p>",
    content_html='<p>Texte <a href="https://x.example/">entier</a></p><img src="https://i.example/1.jpg">',
    author="Les ECO",
    image="https://i.example/lead.png",
    categories=("Économie", "Asie"),
    source=Source(title="Les ECO", url="https://leseco.example/"),
    dated=True,
)
BARE = Entry(
    id="urn:feedsmith:f:abc",
    link="https://news.example.org/",
    title="Bare",
    published=WHEN,
    updated=WHEN,
)
FORMATS = ("rss", "atom", "json")
FEED = Feed(
    id="f",
    title="Revue",
    home_url="https://news.example.org/",
    description="",
    language="fr",
    self_urls={f: f"https://feeds.example.org/f.{f}" for f in ("rss", "atom", "json")},
    entries=(FULL, BARE),
    updated=WHEN,
)


def test_every_field_survives_each_format() -> None:
    files = {r.format: r.data for r in render(FEED, ("rss", "atom", "json"))}
    rss, atom = check_rss(files["rss"]), check_atom(files["atom"])
    doc = check_json(files["json"])
    for parsed in (rss, atom):
        first = parsed.entries[0]
        # a title that would read as markup is HTML holding its text in RSS, text in Atom
        title = first.title
        if first.title_detail.type == "text/html":
            assert "<" not in title, title
            title = html.unescape(title)
        assert title == FULL.title
        assert first.link == FULL.link
        assert "entier" in first.content[0].value
        assert first.author == "Les ECO"
        assert [t.term for t in first.tags] == ["Économie", "Asie"]
        assert parsed.entries[1].id == BARE.id
    assert doc["items"][0]["image"] == FULL.image
    assert doc["items"][1]["content_html"] == ""
    # a JSON Feed reader finds each value under the key JSON Feed 1.1 gives it
    assert doc["home_page_url"] == FEED.home_url
    assert doc["feed_url"] == FEED.self_urls["json"]
    assert doc["language"] == "fr"
    item = doc["items"][0]
    assert item["url"] == FULL.link and item["title"] == FULL.title
    assert item["tags"] == ["Économie", "Asie"]
    assert item["authors"] == [{"name": "Les ECO"}]
    assert item["date_published"] == "2025-10-29T08:30:00+00:00"
    assert "entier" in item["content_html"] and "Résumé" in item["summary"]


_RENDER_IN_CHILD = """
import hashlib, sys
from tests.test_render import FEED
from feedsmith.render import render
for r in render(FEED, ("rss", "atom", "json")):
    print(r.filename, hashlib.sha256(r.data).hexdigest())
"""


def test_rendering_is_deterministic() -> None:
    """The same feed gives the same bytes in another process (another hash seed, so another
    set order), at another time (no clock: the build date is the newest entry's)."""
    here = {r.filename: hashlib.sha256(r.data).hexdigest() for r in render(FEED, FORMATS)}
    for seed in ("1", "2"):
        child = subprocess.run(
            [sys.executable, "-c", _RENDER_IN_CHILD],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent.parent,
            env={**os.environ, "PYTHONHASHSEED": seed, "TZ": "Asia/Kathmandu"},
            timeout=120,
        )
        there = dict(line.split() for line in child.stdout.splitlines())
        assert there == here, seed
    files = {r.format: r.data for r in render(FEED, FORMATS)}
    assert b"<lastBuildDate>Wed, 29 Oct 2025 08:30:00 +0000</lastBuildDate>" in files["rss"]
    assert b"<updated>2025-10-29T08:30:00+00:00</updated>" in files["atom"]


def test_image_enclosures_carry_the_image_type() -> None:
    images = {
        "https://i.example/a.PNG?w=640#top": "image/png",
        "https://i.example/b.webp": "image/webp",
        "https://i.example/photo": "image/jpeg",  # no extension: the usual case, JPEG
        "https://i.example/scan.pdf": "image/jpeg",  # not an image type: never sent as one
    }
    entries = tuple(
        Entry(
            id=f"urn:x:{n}",
            link=f"https://n.example/{n}",
            title=str(n),
            image=url,
            published=WHEN,
            updated=WHEN,
        )
        for n, url in enumerate(images)
    )
    feed = Feed(
        id="img",
        title="Images",
        home_url="https://n.example/",
        description="",
        language=None,
        self_urls={},
        entries=entries,
        updated=WHEN,
    )
    files = {r.format: r.data for r in render(feed, ("rss", "atom"))}
    for parsed in (check_rss(files["rss"]), check_atom(files["atom"])):
        got = {e.enclosures[0].href: e.enclosures[0].type for e in parsed.entries}
        assert got == images
