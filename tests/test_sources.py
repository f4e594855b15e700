"""More kinds of source: feeds, sitemaps, JSON APIs, several sources merged, pages of a list.

Every source is served by the loopback server from fixtures in fixtures/sources (``PORT`` in a
fixture stands for the server's port), built end to end, and read back by real parsers.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from feedsmith.config import Config, parse_config
from feedsmith.errors import ConfigError, ExtractError, FeedsmithError
from feedsmith.pipeline import Inspection, Runtime, build_feed, inspect_feed
from feedsmith.sources.sitemap import title_from_url
from feedsmith.types import BuildResult
from tests.conftest import FIXTURES, LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
SOURCES = FIXTURES / "sources"
XML = "application/xml"


def serve(site: LoopbackSite, name: str, path: str, content_type: str = XML) -> str:
    """Serve a fixture file at ``path``, its ``PORT`` replaced by the server's port."""
    port = site.base_url.rsplit(":", 1)[1]
    body = (SOURCES / name).read_bytes().replace(b"PORT", port.encode())
    return site.add(path, body, content_type=content_type)


def config(tmp_path: Path, *feeds: dict[str, Any]) -> Config:
    text = yaml.safe_dump(
        {"site": {"base_url": "https://feeds.example.org/"}, "feeds": list(feeds)},
        allow_unicode=True,
    )
    return parse_config(text, root=tmp_path)


def inspect(tmp_path: Path, feed: dict[str, Any]) -> Inspection:
    cfg = config(tmp_path, {"id": "f", **feed})
    with Runtime(cfg) as runtime:
        return inspect_feed(cfg.feeds[0], runtime, now=NOW)


def build(tmp_path: Path, feed: dict[str, Any], now: datetime = NOW) -> BuildResult:
    cfg = config(tmp_path, {"id": "f", **feed})
    with Runtime(cfg) as runtime:
        return build_feed(cfg.feeds[0], runtime, now=now, strict=True)


def iso(entry: Any) -> str | None:
    return entry.published.isoformat() if entry.published else None


# --- type: feed ------------------------------------------------------------------------------


def test_rss_source_is_republished(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "rss.xml", "/port/feed.xml", "application/rss+xml")
    result = build(tmp_path, {"url": url, "type": "feed", "timezone": "Europe/Paris"})
    assert result.status == "ok" and result.items == 3, result.error
    parsed = check_public(tmp_path / "public", "f")
    rss = parsed["rss"]
    assert rss.feed.title == "Le Petit Port"
    assert rss.feed.link == site.url("/port/")  # the site, not the feed file
    first, second, _ = rss.entries
    assert first.title == "Le quai nord rouvre"
    assert first.link == site.url("/port/quai-nord")  # tracking parameter gone
    assert first.id == url + "#port-101"  # a local guid, scoped to its feed
    assert second.id == site.url("/port/ferry")  # a global guid kept as it is
    assert first.author == "Amina Benali"
    assert [t.term for t in first.tags] == ["Travaux"]
    assert f'href="{site.url("/port/quai")}"' in first.content[0].value
    assert "<script" not in first.content[0].value
    inspection = inspect(tmp_path, {"url": url, "type": "feed", "timezone": "Europe/Paris"})
    e1, e2, e3 = inspection.entries
    assert e1.image == site.url("/img/quai.jpg") and e2.image == site.url("/img/ferry.png")
    assert e1.author == "Amina Benali"
    assert iso(e1) == "2025-10-29T13:05:00+00:00"
    # a date written without a zone is read in the feed's time zone: a way to fix a feed's dates
    assert iso(e3) == "2025-10-27T07:30:00+00:00"
    assert inspection.extraction.method == "feed (rss20)"
    assert inspection.sources[0].pages == (url,)


def test_atom_source(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "atom.xml", "/cote/atom.xml", "application/atom+xml")
    inspection = inspect(tmp_path, {"url": url, "type": "feed"})
    maree, quai = inspection.entries
    assert maree.title == "La marée du siècle"  # HTML title as text
    assert maree.link == site.url("/cote/maree")  # relative link resolved
    assert maree.id == "tag:cote.example,2025:maree"
    assert maree.author == "Jean Morel"
    assert iso(maree) == "2025-10-30T07:00:00+00:00"
    assert iso(quai) == "2025-10-29T15:00:00+00:00"  # only <updated>: used as the date
    assert inspection.extraction.title == "Journal de la côte"
    assert inspection.extraction.language == "fr"


def test_json_feed_source(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "feed.json", "/radio/feed.json", "application/feed+json")
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "ok", result.error
    check_public(tmp_path / "public", "f")
    inspection = inspect(tmp_path, {"url": url, "type": "feed"})
    seven, six = inspection.entries
    assert seven.title == "Émission 7 : les pêcheurs"
    assert seven.link == site.url("/radio/emission-7")
    assert seven.id == url + "#rp-7"
    assert seven.summary_html == "Les pêcheurs &amp; leurs bateaux"
    assert seven.content_html is not None
    assert f'href="{site.url("/radio/pecheurs")}"' in seven.content_html
    assert f'src="{site.url("/img/p.jpg")}"' in seven.content_html  # lazy image resolved
    assert seven.author == "Sophie Ricard" and seven.categories == ("pêche", "portrait")
    assert iso(seven) == "2025-10-31T17:00:00+00:00"
    assert six.content_html == "Line one<br>Line &lt;two&gt;"
    assert inspection.extraction.home_url == site.url("/radio/")


def test_broken_feed_is_read_with_a_warning(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "broken-rss.xml", "/casse.xml", "application/rss+xml")
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "ok" and result.items == 2, result.error
    check_public(tmp_path / "public", "f")
    warnings = [d.message for d in result.diagnostics if d.level == "warning"]
    assert len(warnings) == 1 and "not well-formed" in warnings[0]
    assert "read 2 entr(ies) anyway" in warnings[0]


def test_a_broken_feed_keeps_entries_as_a_well_formed_one_would(
    tmp_path: Path, site: LoopbackSite
) -> None:
    url = serve(site, "broken-rss-untitled.xml", "/breves.xml", "application/rss+xml")
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "ok" and result.items == 2, result.error
    parsed = check_public(tmp_path / "public", "f")
    titles = [e.title for e in parsed["rss"].entries]
    # the untitled, unlinked entry is titled from its summary, as in a well-formed feed
    assert titles == ["Marché de Noël", "La piscine ferme pour travaux du 3 au 14 novembre."]
    warnings = [d.message for d in result.diagnostics if d.level == "warning"]
    broken = [w for w in warnings if "not well-formed" in w]
    assert len(broken) == 1 and "line 4" in broken[0]
    assert "read 2 entr(ies) anyway, dropped 2 with no title, link or text" in broken[0]
    assert "no title; used the summary" in warnings


def test_a_broken_feed_of_empty_entries_says_so(tmp_path: Path, site: LoopbackSite) -> None:
    body = "<rss version='2.0'><channel><title>a & b</title><item></item><item/></channel></rss>"
    url = site.add("/vide.xml", body, content_type=XML)
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "failed" and result.error is not None
    assert "not a readable feed: line 2: not well-formed" in result.error
    assert "2 entr(ies) found, none with a title, link or text" in result.error


XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("<!doctype html><html><body><p>Hi</p></body></html>", "text/html", "type: html"),
        (
            f"<?xml version='1.0'?>{XHTML_DOCTYPE}<html xmlns='http://www.w3.org/1999/xhtml'>"
            "<head><title>t</title></head><body><p>Hi</p></body></html>",
            "application/xhtml+xml",
            "type: html",
        ),
        (
            f"<?xml version='1.0'?>{XHTML_DOCTYPE}<rss version='2.0'><channel><title>t</title>"
            "<link>http://127.0.0.1/</link><description>d</description></channel></rss>",
            XML,
            "the feed has no entries",
        ),
        ("<rss><channel><item><title>x</", XML, "not a readable feed"),
        ('{"items": []}', "application/json", "not a JSON Feed"),
        ("<rss version='2.0'><channel><title>t</title></channel></rss>", XML, "no entries"),
    ],
)
def test_unreadable_feed_gives_a_clear_error(
    tmp_path: Path, site: LoopbackSite, body: str, content_type: str, expected: str
) -> None:
    url = site.add("/bad", body, content_type=content_type)
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "failed"
    assert result.error is not None and expected in result.error and url in result.error
    if expected != "type: html":
        assert "type: html" not in result.error
    assert not (tmp_path / "public" / "f.xml").exists()


# --- several sources merged ------------------------------------------------------------------

LIST_PAGE = """<html><head><title>Quais</title></head><body><ul>
<li class="it"><a href="/port/quai-nord">Le quai nord (page)</a>
  <time datetime="2025-10-29">x</time></li>
<li class="it"><a href="/quais/phare">Le phare repeint</a>
  <time datetime="2025-10-31T20:00:00Z">x</time></li>
</ul></body></html>"""


def test_sources_are_merged_deduplicated_and_newest_first(
    tmp_path: Path, site: LoopbackSite
) -> None:
    rss = serve(site, "rss.xml", "/port/feed.xml")
    atom = serve(site, "atom.xml", "/cote/atom.xml")
    page = site.add("/quais/", LIST_PAGE)
    feed = {
        "title": "Toute la côte",
        "timezone": "Europe/Paris",
        "sources": [
            {"url": rss, "type": "feed"},
            {"url": atom, "type": "feed"},
            {"url": page, "items": "li.it"},
        ],
    }
    result = build(tmp_path, feed)
    assert result.status == "ok", result.error
    parsed = check_public(tmp_path / "public", "f")
    titles = [e.title for e in parsed["rss"].entries]
    # quai-nord is in all three sources: the first source's entry is kept, once
    assert titles == [
        "Le phare repeint",
        "La marée du siècle",
        "Le quai nord rouvre",
        "Arrivée du ferry d'hiver",
        "Horaires de la capitainerie",
    ]
    assert parsed["rss"].feed.title == "Toute la côte"
    again = build(tmp_path, feed, now=NOW.replace(hour=13))
    assert again.status == "unchanged" and again.files_written == ()
    inspection = inspect(tmp_path, feed)
    assert [s.type for s in inspection.sources] == ["feed", "feed", "html"]
    assert [s.items for s in inspection.sources] == [3, 2, 2]
    assert inspection.extraction.method == "merged: feed (rss20), feed (atom10), selectors"


def test_a_failing_source_does_not_fail_the_feed(tmp_path: Path, site: LoopbackSite) -> None:
    rss = serve(site, "rss.xml", "/port/feed.xml")
    atom = serve(site, "atom.xml", "/cote/atom.xml")
    feed = {"sources": [{"url": rss, "type": "feed"}, {"url": atom, "type": "feed"}]}
    first = build(tmp_path, feed)
    assert first.status == "ok" and first.items == 4

    site.add("/cote/atom.xml", "gone", status=500, content_type="text/plain")
    later = build(tmp_path, feed, now=NOW.replace(hour=13))
    assert later.status in {"ok", "unchanged"} and later.items == 3
    errors = [d.message for d in later.diagnostics if d.level == "error"]
    assert len(errors) == 1 and "source 2 failed (HTTP 500" in errors[0] and atom in errors[0]
    # the failed source's entries stay in the feed, from the state database
    titles = [e.title for e in check_public(tmp_path / "public", "f")["rss"].entries]
    assert "La marée du siècle" in titles

    site.add("/port/feed.xml", "gone", status=404, content_type="text/plain")
    failed = build(tmp_path, feed, now=NOW.replace(hour=14))
    assert failed.status == "failed" and failed.error is not None
    assert "HTTP 404" in failed.error and rss in failed.error


def _local_id_atom(name: str, ids: list[str], links: bool) -> str:
    entries = "".join(
        f"<entry><title>{name} {i}</title><id>{i}</id>"
        + (f'<link href="/{name}/{i.replace(":", "-")}.html"/>' if links else "")
        + f"<updated>2025-10-{10 + n}T08:00:00Z</updated><summary>{name} {i}</summary></entry>"
        for n, i in enumerate(ids)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{name}</title><id>urn:x:{name}</id><updated>2025-10-30T10:00:00Z</updated>"
        f"{entries}</feed>"
    )


@pytest.mark.parametrize("links", [True, False], ids=["with-links", "without-links"])
def test_merged_atom_sources_with_local_ids_keep_every_entry(
    tmp_path: Path, site: LoopbackSite, links: bool
) -> None:
    # feedparser resolves <id>1</id> against the document's address: both sources' "1" came out
    # as http://127.0.0.1:PORT/feeds/1 and the second source's entry was dropped
    shared = "tag:example.org,2025:shared"
    a = site.add("/feeds/a.atom", _local_id_atom("a", ["1", "2", shared], links), content_type=XML)
    b = site.add("/feeds/b.atom", _local_id_atom("b", ["1", "2", shared], links), content_type=XML)
    feed = {"sources": [{"url": a, "type": "feed"}, {"url": b, "type": "feed"}]}
    result = build(tmp_path, feed)
    assert result.status == "ok", result.error
    parsed = check_public(tmp_path / "public", "f")
    ids = sorted(e.id for e in parsed["atom"].entries)
    # a real global id is one entry; local ids are scoped by their source, as written
    assert ids == sorted([f"{a}#1", f"{a}#2", f"{b}#1", f"{b}#2", shared])
    titles = sorted(e.title for e in parsed["rss"].entries)
    assert titles == ["a 1", "a 2", "a " + shared, "b 1", "b 2"]
    json_ids = sorted(i["id"] for i in parsed["json"]["items"])
    assert json_ids == ids


def test_full_url_ids_are_global_and_relative_ones_scoped(
    tmp_path: Path, site: LoopbackSite
) -> None:
    port = site.base_url
    body = _local_id_atom("c", [f"{port}/posts/9", "posts/9", "x:9"], links=True)
    url = site.add("/feeds/c.atom", body, content_type=XML)
    result = build(tmp_path, {"url": url, "type": "feed"})
    assert result.status == "ok", result.error
    ids = sorted(e.id for e in check_public(tmp_path / "public", "f")["atom"].entries)
    assert ids == sorted([f"{port}/posts/9", f"{url}#posts/9", f"{url}#x:9"])


# --- type: sitemap ---------------------------------------------------------------------------


def test_plain_sitemap_titles_from_urls(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "sitemap.xml", "/sitemap.xml")
    result = build(tmp_path, {"url": url, "type": "sitemap"})
    assert result.status == "ok", result.error
    check_public(tmp_path / "public", "f")
    inspection = inspect(tmp_path, {"url": url, "type": "sitemap"})
    titles = [e.title for e in inspection.entries]
    # newest first; the undated page last
    assert titles == [
        "Nouvelle ligne maritime",
        "Le port de tanger s agrandit",
        "Bilan de l ete",
        "Blog",
    ]
    ligne, tanger, *_ = inspection.entries
    assert iso(ligne) == "2025-10-30T12:00:00+00:00"  # a day alone: noon UTC
    assert iso(tanger) == "2025-10-28T08:15:00+00:00"
    assert tanger.image == site.url("/img/tanger.jpg")
    notes = [d.message for d in inspection.diagnostics]
    assert any("4 made from the URLs" in n for n in notes)
    assert inspection.extraction.home_url == site.url("/")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "https://x.org/2025/10/29/le-maroc-signe-un-accord-123456.html",
            "Le maroc signe un accord",
        ),
        ("https://x.org/news/amp/", "News"),
        ("https://x.org/article/98765", "Article"),
        ("https://x.org/caf%C3%A9_du_port", "Café du port"),
        ("https://x.org/", None),
    ],
)
def test_title_from_url(url: str, title: str | None) -> None:
    assert title_from_url(url) == title


def test_news_sitemap(tmp_path: Path, site: LoopbackSite) -> None:
    url = serve(site, "news-sitemap.xml", "/news-sitemap.xml")
    inspection = inspect(tmp_path, {"url": url, "type": "sitemap"})
    greve, record = inspection.entries
    assert greve.title == "Grève des dockers : accord trouvé"
    assert iso(greve) == "2025-10-31T07:00:00+00:00"
    assert greve.categories == ("social", "port")
    assert greve.image == site.url("/img/dockers.jpg")
    # news:publication_date wins over lastmod
    assert iso(record) == "2025-10-30T16:30:00+00:00"
    assert inspection.extraction.title == "La Gazette du Port"
    assert inspection.extraction.method == "news sitemap"
    assert not [d for d in inspection.diagnostics if "made from the URLs" in d.message]


def _urlset(site: LoopbackSite, *slugs: str) -> str:
    urls = "".join(
        f"<url><loc>{site.url('/n/' + s)}</loc><lastmod>2025-10-{20 + i}</lastmod></url>"
        for i, s in enumerate(slugs)
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def test_sitemap_index_reads_the_newest_sitemaps(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/sm-old.xml", _urlset(site, "vieux"), content_type=XML)
    site.add("/sm-sept.xml", _urlset(site, "septembre-a", "septembre-b"), content_type=XML)
    gz = gzip.compress(_urlset(site, "octobre-a", "octobre-b").encode())
    site.add("/sm-oct.xml.gz", gz, content_type="application/x-gzip")
    index = f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>/sm-old.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
  <sitemap><loc>{site.url("/sm-oct.xml.gz")}</loc><lastmod>2025-10-31</lastmod></sitemap>
  <sitemap><loc>{site.url("/sm-sept.xml")}</loc><lastmod>2025-09-30</lastmod></sitemap>
</sitemapindex>"""
    url = site.add("/sitemap_index.xml", index, content_type=XML)
    result = build(tmp_path, {"url": url, "type": "sitemap", "max_pages": 2})
    assert result.status == "ok" and result.items == 4, result.error
    check_public(tmp_path / "public", "f")
    assert site.hits_for("/sm-old.xml") == []  # bounded: the oldest sitemap is not read
    inspection = inspect(tmp_path, {"url": url, "type": "sitemap", "max_pages": 2})
    assert [e.title for e in inspection.entries] == [
        "Octobre b",
        "Octobre a",
        "Septembre b",
        "Septembre a",
    ]
    assert inspection.sources[0].pages == (
        url,
        site.url("/sm-oct.xml.gz"),
        site.url("/sm-sept.xml"),
    )
    assert any("1 more sitemap(s) not read" in d.message for d in inspection.diagnostics)


def test_not_a_sitemap(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/page", "<html><body>hi</body></html>")
    with pytest.raises(ExtractError, match=r"not a sitemap: the document is <html>"):
        inspect(tmp_path, {"url": url, "type": "sitemap"})


# --- type: json ------------------------------------------------------------------------------


def _api_page(site: LoopbackSite, page: int, *, last: bool = False) -> str:
    stories = [
        {
            "headline": f"Story {page}-{n}",
            "links": [{"href": f"/s/{page}-{n}"}],
            "meta": {"published": 1761900000 - (page * 10 + n) * 3600},
            "teaser": f"<p>Teaser <a href='/more/{page}-{n}'>more</a></p>",
            "tags": [{"name": "mer"}, {"name": "vent"}],
            "author": {"name": "R. Kerr"},
        }
        for n in (1, 2)
    ]
    links = {} if last else {"next": f"/api/stories?page={page + 1}"}
    return json.dumps({"data": {"items": stories}, "links": links})


JSON_FEED_CONFIG = {
    "type": "json",
    "items": "data.items",
    "fields": {
        "title": "headline",
        "link": "links.0.href",
        "date": "meta.published",
        "summary": "teaser",
        "author": "author.name",
        "categories": "tags.name",
    },
}


def test_json_api_source_with_paths_and_next_page(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/api/stories", _api_page(site, 1), content_type="application/json")
    feed = {"url": url, **JSON_FEED_CONFIG, "next": "links.next", "max_pages": 2}
    inspection = inspect(tmp_path, feed)
    # the loopback server ignores query strings: page 2 repeats page 1, so paging stops there
    assert [e.title for e in inspection.entries] == ["Story 1-1", "Story 1-2"]
    assert any("repeats earlier items" in d.message for d in inspection.diagnostics)
    first = inspection.entries[0]
    assert first.link == site.url("/s/1-1")
    assert iso(first) == datetime.fromtimestamp(1761900000 - 11 * 3600, UTC).isoformat()
    assert first.summary_html is not None and site.url("/more/1-1") in first.summary_html
    assert first.author == "R. Kerr" and first.categories == ("mer", "vent")
    result = build(tmp_path, feed)
    assert result.status == "ok", result.error
    check_public(tmp_path / "public", "f")


def test_json_api_pages_by_path(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add(
        "/api/p1",
        _api_page(site, 1).replace("?page=2", "").replace("/api/stories", "/api/p2"),
        content_type="application/json",
    )
    site.add("/api/p2", _api_page(site, 2, last=True), content_type="application/json")
    inspection = inspect(
        tmp_path, {"url": url, **JSON_FEED_CONFIG, "next": "links.next", "max_pages": 5}
    )
    assert [e.title for e in inspection.entries] == [
        "Story 1-1",
        "Story 1-2",
        "Story 2-1",
        "Story 2-2",
    ]
    assert inspection.sources[0].pages == (url, site.url("/api/p2"))


def test_json_api_default_fields(tmp_path: Path, site: LoopbackSite) -> None:
    posts = [
        {
            "id": 41,
            "date_gmt": "2025-10-30T09:00:00",
            "link": "https://blog.example/phare/",
            "title": {"rendered": "Le phare &amp; la lune"},
            "excerpt": {"rendered": "<p>Une nuit au phare.</p>"},
        }
    ]
    url = site.add("/wp-json/wp/v2/posts", json.dumps(posts), content_type="application/json")
    inspection = inspect(tmp_path, {"url": url, "type": "json", "items": "."})
    (entry,) = inspection.entries
    assert entry.title == "Le phare & la lune"  # entities decoded
    assert entry.link == "https://blog.example/phare/"
    assert iso(entry) == "2025-10-30T09:00:00+00:00"
    assert entry.summary_html == "<p>Une nuit au phare.</p>"


@pytest.mark.parametrize(
    ("body", "items", "expected"),
    [
        ('{"data": {"posts": []}}', "data.items", "data has no key 'items' (its keys: posts)"),
        ('{"data": {"items": {"a": 1}}}', "data.items", "leads to an object, not a list"),
        ('{"data": {"items": []}}', "data.items", "zero items"),
        ("<html></html>", "data.items", "not JSON but HTML"),
    ],
)
def test_json_api_errors_explain_the_path(
    tmp_path: Path, site: LoopbackSite, body: str, items: str, expected: str
) -> None:
    url = site.add("/api", body, content_type="application/json")
    with pytest.raises(ExtractError) as caught:
        inspect(tmp_path, {"url": url, "type": "json", "items": items})
    assert expected in str(caught.value)


# --- pages of a list -------------------------------------------------------------------------


def _list_page(page: int, *, next_href: str | None) -> str:
    rows = "".join(
        f'<li class="it"><a href="/a/{page}-{n}">Article {page}-{n}</a></li>' for n in (1, 2)
    )
    # a pinned article repeated on every page
    rows += '<li class="it"><a href="/a/pinned">Pinned</a></li>'
    nav = f'<a rel="next" href="{next_href}">Suivant</a>' if next_href else ""
    return f"<html><body><ul>{rows}</ul><nav>{nav}</nav></body></html>"


def test_next_selector_reads_max_pages(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/list/", _list_page(1, next_href="/list/page/2/"))
    site.add("/list/page/2/", _list_page(2, next_href="/list/page/3/"))
    site.add("/list/page/3/", _list_page(3, next_href=None))
    feed = {"url": url, "items": "li.it", "next": "a[rel=next]", "max_pages": 2}
    result = build(tmp_path, feed)
    assert result.status == "ok" and result.items == 5, result.error
    check_public(tmp_path / "public", "f")
    assert site.hits_for("/list/page/3/") == []
    inspection = inspect(tmp_path, feed)
    assert [e.title for e in inspection.entries] == [
        "Article 1-1",
        "Article 1-2",
        "Pinned",
        "Article 2-1",
        "Article 2-2",
    ]
    assert inspection.sources[0].pages == (url, site.url("/list/page/2/"))
    assert inspection.extraction.method == "selectors, 2 pages"


def test_next_url_template_stops_at_a_missing_page(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/news/1", _list_page(1, next_href=None))
    site.add("/news/2", _list_page(2, next_href=None))
    # /news/3 does not exist: 404
    feed = {"url": url, "items": "li.it", "next": "/news/{page}", "max_pages": 5}
    inspection = inspect(tmp_path, feed)
    assert len(inspection.entries) == 5
    assert [h.path for h in site.hits if h.path.startswith("/news/")] == [
        "/news/1",
        "/news/2",
        "/news/3",
    ]
    # a numbered page past the end is how such lists end: not worth a warning
    assert not [d for d in inspection.diagnostics if d.level == "warning"]
    notes = [d.message for d in inspection.diagnostics]
    assert f"{site.url('/news/3')} not read: HTTP 404 Not Found" in notes


def test_a_failing_next_page_is_a_warning(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/list/", _list_page(1, next_href="/list/broken/"))
    site.add("/list/broken/", "oops", status=500, content_type="text/plain")
    feed = {"url": url, "items": "li.it", "next": "a[rel=next]", "max_pages": 3}
    inspection = inspect(tmp_path, feed)
    assert len(inspection.entries) == 3
    warnings = [d.message for d in inspection.diagnostics if d.level == "warning"]
    assert warnings == [f"{site.url('/list/broken/')} not read: HTTP 500 Internal Server Error"]


# --- JavaScript shells -----------------------------------------------------------------------

SHELL = """<!doctype html><html><head><title>App</title>
<script src="/static/app.3f9a.js" defer></script></head>
<body><noscript>Enable JavaScript.</noscript><div id="root"></div></body></html>"""


@pytest.mark.parametrize("items", ["li.story", "auto"])
def test_an_empty_javascript_shell_suggests_the_browser(
    tmp_path: Path, site: LoopbackSite, items: str
) -> None:
    url = site.add("/app/", SHELL)
    result = build(tmp_path, {"url": url, "items": items})
    assert result.status == "failed" and result.error is not None
    assert "`render: browser` may help" in result.error
    assert "empty <div id='root'>" in result.error


def test_an_ordinary_empty_list_gets_no_browser_hint(tmp_path: Path, site: LoopbackSite) -> None:
    text = "Nothing here today. " * 40
    url = site.add("/empty/", f"<html><body><p>{text}</p><script>var a=1;</script></body></html>")
    result = build(tmp_path, {"url": url, "items": "li.story"})
    assert result.error is not None and "render: browser" not in result.error


# --- configuration ---------------------------------------------------------------------------

BAD_SOURCES = """\
feeds:
  - id: a
    url: https://x.org/
    type: rss
  - id: b
    url: https://x.org/api
    type: json
  - id: c
    url: https://x.org/
    items: li
    next: "a[["
    max_pages: 2
  - id: d
    sources:
      - url: https://x.org/feed
        type: feed
        items: li
      - url: https://x.org/s.xml
        type: sitemap
        next: "?p={page}"
  - id: e
    url: https://x.org/
    next: a.next
  - id: f
    url: https://x.org/
    render: browser
    wait_for: "div[["
  - id: g
    url: https://x.org/
    sources:
      - url: https://x.org/feed
        type: feed
  - id: h
    url: https://x.org/api
    type: json
    items: data..items
    fields:
      title: {selector: h2}
"""


def test_source_config_errors_have_their_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(BAD_SOURCES, file="feeds.yaml")
    found = {(i.line, i.feed_id, i.key): i.message for i in caught.value.issues}
    assert "'html', 'feed', 'sitemap' or 'json'" in found[(4, "a", "type")]
    assert "a json source needs `items`" in found[(5, "b", "")]
    assert "invalid CSS selector" in found[(11, "c", "next")]
    assert "reads every entry itself" in found[(17, "d", "sources.0.items")]
    assert "a sitemap has no next page" in found[(20, "d", "sources.1.next")]
    assert "`max_pages` of 2 or more" in found[(21, "e", "")]
    assert "invalid CSS selector" in found[(27, "f", "wait_for")]
    assert "url belong inside each source" in found[(28, "g", "")]
    assert "invalid path" in found[(36, "h", "items")]
    assert "by `path`, not `selector`" in found[(37, "h", "fields")]


def test_a_feed_needs_a_url_or_sources() -> None:
    with pytest.raises(ConfigError, match=r"needs a `url` \(or `sources:`\)"):
        parse_config("feeds:\n  - id: a\n    title: nothing\n")


def test_sources_inherit_the_feed_options(tmp_path: Path) -> None:
    cfg = parse_config(
        "feeds:\n  - id: a\n    language: fr\n    timezone: Europe/Paris\n    sources:\n"
        "      - {url: one.xml, type: feed}\n"
        "      - {url: https://x.org/, items: li, timezone: UTC,\n"
        "         next: '?p={page}', max_pages: 3}\n",
        root=tmp_path,
    )
    one, two = cfg.feeds[0].source_configs()
    assert (one.type, one.language, one.timezone) == ("feed", "fr", "Europe/Paris")
    assert (two.type, two.items, two.timezone, two.max_pages) == ("html", "li", "UTC", 3)
    assert cfg.resolve_url(cfg.feeds[0]) == (tmp_path / "one.xml").as_uri()


def test_errors_name_the_feed(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/x", "{}", content_type="application/json")
    with pytest.raises(FeedsmithError, match=r"^f: "):
        inspect(tmp_path, {"url": url, "type": "json", "items": "data"})


def test_kinds_of_source_are_pure_and_independent() -> None:
    """Each kind reads a `Page` it is given: no fetching, no state, no other kind."""
    import ast

    import feedsmith.sources

    folder = Path(feedsmith.sources.__file__).parent
    kinds = ("html", "feed", "sitemap", "jsonapi")
    forbidden = {"feedsmith.fetch", "feedsmith.browser", "feedsmith.store", "feedsmith.pipeline"}
    forbidden |= {f"feedsmith.sources.{k}" for k in kinds}
    for kind in kinds:
        tree = ast.parse((folder / f"{kind}.py").read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not imported & (forbidden | {"requests", "requests_cache"}), kind
