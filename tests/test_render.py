"""Renderers on their own: every field an entry can carry, checked by real consumers."""

from __future__ import annotations

import dataclasses
import hashlib
import html
import itertools
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from feedsmith.render import _RssThenAtom, render
from feedsmith.render._feedgen import rss_and_atom
from feedsmith.render.atom import render_atom
from feedsmith.render.rss import render_rss
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


def _entry_variants() -> list[Entry]:
    """Entries across every field RSS and Atom write differently (titles read as markup,
    summaries, CDATA and escaped bodies, images, languages) and the ones they share."""
    shapes = itertools.product(
        ("Plain title", "A <b>bold</b> &amp; title"),
        (None, "<p>Résumé</p>"),
        (None, "<p>Body</p>", "<p>x]]>y</p>"),
        (None, "https://i.example/a.png"),
        (None, "en"),
        (None, "Ann Author"),
        ((), ("a", "b")),
        (None, Source(title="Src", url="https://src.example/")),
    )
    return [
        Entry(
            id=f"https://v.example/{n}" if n % 3 else f"urn:x:{n}",
            link=f"https://v.example/{n}",
            title=title,
            published=WHEN,
            updated=WHEN,
            summary_html=summary,
            content_html=content,
            image=image,
            language=language,
            author=author,
            categories=categories,
            source=source,
        )
        for n, (title, summary, content, image, language, author, categories, source) in (
            enumerate(shapes)
        )
    ]


def _feed_variants() -> list[Feed]:
    entries = _entry_variants()
    self_urls = (
        {f: f"https://feeds.example.org/f.{f}" for f in FORMATS},
        {},
        {"rss": "https://feeds.example.org/f.xml"},
        {"atom": "https://feeds.example.org/f.atom"},
    )
    shapes = itertools.product(
        self_urls,
        (None, "https://hub.example/"),
        (None, "/feed.xsl"),
        ("", "News & <views>"),
        (None, 30),
        (None, "fr"),
        (None, "Europe/Paris"),
    )
    return [
        Feed(
            id="v",
            title="Revue <i>du</i> soir" if n % 2 else "Revue",
            home_url="https://v.example/",
            description=description,
            language=language,
            self_urls=urls,
            entries=tuple(entries[(n * 7 + k) % len(entries)] for k in range(12)),
            updated=WHEN,
            ttl_minutes=ttl,
            websub_hub=hub,
            stylesheet=stylesheet,
            timezone=zone,
        )
        for n, (urls, hub, stylesheet, description, ttl, language, zone) in enumerate(shapes)
    ]


def test_rss_and_atom_from_one_generator_are_each_format_alone() -> None:
    feeds = _feed_variants()
    assert len(feeds) > 200 and len({e for f in feeds for e in f.entries}) > 300
    wrong = []
    for feed in feeds:
        rss, atom = rss_and_atom(feed)
        if (rss, atom) != (render_rss(feed), render_atom(feed)):
            wrong.append(feed)
    assert wrong == []


def test_the_formats_come_out_the_same_in_any_order() -> None:
    for feed in _feed_variants()[::16]:
        together = {r.format: r.data for r in render(feed, ("rss", "atom", "json"))}
        apart = {r.format: r.data for fmt in FORMATS for r in render(feed, (fmt,))}
        reversed_ = {r.format: r.data for r in render(feed, ("json", "atom", "rss"))}
        assert together == apart == reversed_
        check_rss(together["rss"])
        check_atom(together["atom"])


def test_atom_kept_from_rss_is_given_only_for_the_same_feed() -> None:
    one, other = _feed_variants()[:2]
    shared = _RssThenAtom()
    assert shared.rss(one) == render_rss(one)
    assert shared.atom(other) == render_atom(other)  # not the one kept
    shared.rss(one)
    assert shared.atom(dataclasses.replace(one)) == render_atom(one)  # an equal feed
