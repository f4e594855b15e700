"""feedsmith.site.index and .opml: the index page and the OPML list, from listings."""

from __future__ import annotations

from lxml import etree

from feedsmith.config import Site, parse_config
from feedsmith.site.index import render_index
from feedsmith.site.listings import Listing, collect
from feedsmith.site.opml import render_opml

CONFIG = parse_config(
    """\
site: {title: News}
feeds:
  - {id: paris, url: "https://p.example/", title: Paris, timezone: Europe/Paris, language: fr}
  - {id: utc, url: "https://u.example/", title: Utc}
  - {id: new, url: "https://n.example/", title: New}
"""
)
STATES = {
    "paris": {
        "home_url": "https://www.p.example/",
        "updated": "2026-07-01T10:00:00+00:00",
        "entries": 1,
        "failures": 2,
        "last_error": "HTTP 503 <Service Unavailable>",
        "last_success": "2026-06-30T22:30:00+00:00",
    },
    "utc": {
        "updated": "2026-07-02T08:00:00+00:00",
        "entries": 12,
        "drift": "the items' titles changed shape",
    },
}
PRESENT = frozenset({"paris.xml", "utc.atom", "utc.json"})


def listings() -> tuple[Listing, ...]:
    return collect(CONFIG, STATES, PRESENT)


def article(page: str, feed_id: str) -> str:
    start = page.index(f'<article class="feed" id="feed-{feed_id}">')
    return page[start : page.index("</article>", start)]


def test_each_feed_in_its_own_zone_with_its_health() -> None:
    page = render_index(CONFIG.site, listings()).decode()
    paris = article(page, "paris")
    # the feed's own zone (summer time: UTC+2), and its last good build in it
    assert '<time datetime="2026-07-01T12:00:00+02:00">2026-07-01 12:00</time>' in paris
    assert "<span>1 entry</span>" in paris
    assert (
        "Failing (last good build 2026-07-01 00:30): HTTP 503 &lt;Service Unavailable&gt;" in paris
    )
    assert ">p.example</a>" in paris
    utc = article(page, "utc")
    assert "2026-07-02 08:00 UTC" in utc and "<span>12 entries</span>" in utc
    assert '<p class="error">the items&#x27; titles changed shape</p>' in utc
    assert "No feed file published yet." in article(page, "new")


def test_the_index_page_says_how_many_feeds_are_published_and_links_them_for_readers() -> None:
    page = render_index(CONFIG.site, listings()).decode()
    assert "3 feeds, 2 published." in page
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Paris (RSS)" href="paris.xml">'
        in page
    )
    assert page.count('rel="alternate"') == 3
    alone = render_index(Site(), ()).decode()
    assert "No feeds yet" in alone and "0 feeds, 0 published." in alone


def test_opml_names_each_published_feed_its_page_and_language() -> None:
    opml = etree.fromstring(render_opml(CONFIG.site, listings()))
    outlines = list(opml.iter("outline"))
    assert [o.get("xmlUrl") for o in outlines] == ["paris.xml", "utc.atom"]  # `new` has no file
    assert outlines[0].get("htmlUrl") == "https://www.p.example/"
    assert outlines[0].get("language") == "fr"
    assert outlines[1].get("htmlUrl") is None
    assert opml.findtext("head/title") == "News"
    assert opml.findtext("head/dateModified") == "Thu, 02 Jul 2026 08:00:00 GMT"
