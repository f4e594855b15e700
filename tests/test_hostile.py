"""Hostile pages: what a stranger's page says never becomes a runnable URL, markup in channel
text, a spoofed title, or a failed feed.

Every case is built end to end from the loopback server and read back from every output
(RSS, Atom, JSON Feed, the feed's own page, index.html, OPML) with real parsers: lxml for XML
and HTML, feedparser, the Atom RELAX NG schema, json. URLs are read the way a browser reads them
(tab, CR and LF removed, controls and spaces trimmed) before their scheme is judged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_all, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_atom, check_json, check_rss

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
_ATOM = "{http://www.w3.org/2005/Atom}"
# what a browser drops from a URL before reading its scheme
_URL_NOISE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
BIDI_AND_INVISIBLE = "\u202e\u202d\u202a\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Payloads for a URL field. In an HTML attribute, entities are decoded by the parser: the
# tab / newline variants reach feedsmith as "java\tscript:" and the like.
URL_PAYLOADS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "java&#09;script:alert(4)",
    "java&#x0A;script:alert(5)",
    "java&#13;script:alert(6)",
    "&#106;avascript:alert(7)",
    "javascript&colon;alert(8)",
    "&#x01;javascript:alert(9)",
    "vbscript:msgbox(10)",
    "data:text/html,&lt;script&gt;alert(11)&lt;/script&gt;",
    "da&#09;ta:text/html,x12",
    "jav&#x09;ascript:alert(13)",
    "file:///etc/passwd",
]


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read in ``url`` (None for a relative URL)."""
    cleaned = _URL_NOISE.sub("", url).strip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


@dataclass
class Outputs:
    """Every published file of a build, parsed."""

    result: BuildResult
    rss: etree._Element
    atom: etree._Element
    json: dict[str, Any]
    index: lxml.html.HtmlElement
    # the feed's own web page (public/<id>.html)
    page: lxml.html.HtmlElement
    opml: etree._Element
    parsed_rss: Any
    parsed_atom: Any
    raw: dict[str, bytes]


def build(tmp_path: Path, feed_yaml: str, *, site_yaml: str = "") -> Outputs:
    config = parse_config(
        f"crawl: {{retries: 0}}\n{site_yaml}feeds:\n{feed_yaml}", root=tmp_path, file="feeds.yaml"
    )
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status in ("ok", "unchanged"), result.error
    public = tmp_path / "public"
    feed_id = config.feeds[0].id
    raw = {
        name: (public / name).read_bytes()
        for name in (
            f"{feed_id}.xml",
            f"{feed_id}.atom",
            f"{feed_id}.json",
            f"{feed_id}.html",
            "index.html",
        )
    }
    raw["feeds.opml"] = (public / "feeds.opml").read_bytes()
    return Outputs(
        result=result,
        rss=etree.fromstring(raw[f"{feed_id}.xml"]),
        atom=etree.fromstring(raw[f"{feed_id}.atom"]),
        json=check_json(raw[f"{feed_id}.json"]),
        index=lxml.html.document_fromstring(raw["index.html"]),
        page=lxml.html.document_fromstring(raw[f"{feed_id}.html"]),
        opml=etree.fromstring(raw["feeds.opml"]),
        parsed_rss=check_rss(raw[f"{feed_id}.xml"]),
        parsed_atom=check_atom(raw[f"{feed_id}.atom"]),
        raw=raw,
    )


def _html_urls(fragment: str | None) -> Iterator[tuple[str, str]]:
    if not fragment or not fragment.strip():
        return
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        for attr in (
            *("href", "src", "srcset", "action", "formaction", "poster", "xlink:href"),
            *("cite", "data", "background", "longdesc"),
        ):
            value = element.get(attr)
            if value is not None:
                yield f"html {element.tag}@{attr}", value


def every_url(out: Outputs) -> Iterator[tuple[str, str]]:
    """(where, URL) for every URL field of every output, and every URL inside their HTML."""
    channel = out.rss.find("channel")
    assert channel is not None
    yield "rss channel/link", channel.findtext("link") or ""
    for link in channel.iter(f"{_ATOM}link"):
        yield "rss atom:link@href", link.get("href", "")
    for item in channel.iter("item"):
        yield "rss item/link", item.findtext("link") or ""
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true":
            yield "rss guid permalink", guid.text or ""
        for enclosure in item.iter("enclosure"):
            yield "rss enclosure@url", enclosure.get("url", "")
        for source in item.iter("source"):
            yield "rss source@url", source.get("url", "")
        yield from _html_urls(item.findtext("description"))
        yield from _html_urls(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"))
    for link in out.atom.iter(f"{_ATOM}link"):
        yield "atom link@href", link.get("href", "")
    for entry in out.atom.iter(f"{_ATOM}entry"):
        for tag in ("summary", "content"):
            yield from _html_urls(entry.findtext(f"{_ATOM}{tag}"))
    doc = out.json
    for key in ("home_page_url", "feed_url", "icon", "favicon"):
        if key in doc:
            yield f"json {key}", doc[key]
    for item in doc["items"]:
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item:
                yield f"json item {key}", item[key]
        if "_source" in item:
            yield "json item _source.url", item["_source"]["url"]
        yield from _html_urls(item.get("content_html"))
        yield from _html_urls(item.get("summary"))
    for element in out.index.iter("a", "link"):
        yield f"index {element.tag}@href", element.get("href", "")
    for element in out.page.iter("a", "link", "img", "script", "iframe"):
        for attr in ("href", "src"):
            if element.get(attr) is not None:
                yield f"page {element.tag}@{attr}", element.get(attr, "")
    for anchor in out.page.iterfind(".//h3/a"):
        yield "entry link on the feed page", anchor.get("href", "")
    for outline in out.opml.iter("outline"):
        for attr in ("htmlUrl", "xmlUrl"):
            if outline.get(attr) is not None:
                yield f"opml outline@{attr}", outline.get(attr, "")
    for entry in [*out.parsed_rss.entries, *out.parsed_atom.entries]:
        yield "feedparser link", entry.get("link", "")
        for link in entry.get("links", []):
            yield "feedparser links", link.get("href", "")
        for enclosure in entry.get("enclosures", []):
            yield "feedparser enclosure", enclosure.get("href", "")


def assert_no_runnable_url(out: Outputs) -> int:
    seen = 0
    for where, url in every_url(out):
        scheme = scheme_of(url)
        allowed: set[str | None] = {"http", "https"}
        if where.startswith("html"):
            allowed |= {"mailto", None}  # a relative URL in HTML runs nothing
        if where.startswith(("index", "page")) or where == "opml outline@xmlUrl":
            allowed.add(None)  # without site.base_url, the site links its files relatively
        if where in ("index link@href", "page link@href") and url == "data:,":
            continue  # the site pages' own empty favicon
        assert scheme in allowed, f"{where}: {url!r}"
        if not where.startswith(("html", "page")):  # a URL field as it is: no spoofing
            assert not set(url) & set(BIDI_AND_INVISIBLE), f"{where}: {url!r}"
        seen += 1
    return seen


def all_text(out: Outputs) -> str:
    return "\n".join(data.decode("utf-8") for data in out.raw.values())


# --- runnable URLs ----------------------------------------------------------------------------


def list_page(links: list[str], images: list[str], *, head: str = "") -> str:
    rows = "".join(
        f'<li class="it"><a href="{link}">Story {i}</a><img src="{image}">'
        f'<p>Teaser <a href="{link}">more</a> <img src="{image}"></p></li>'
        for i, (link, image) in enumerate(zip(links, images, strict=True))
    )
    return f"<html><head><title>List</title>{head}</head><body><ul>{rows}</ul></body></html>"


SELECTOR_FEED = """  - id: hostile
    url: {url}
    items: li.it
    fields:
      title: a
      link: a
      image: img
      summary: p
"""


def test_no_runnable_url_in_links_images_or_summaries(tmp_path: Path, site: LoopbackSite) -> None:
    links = [*URL_PAYLOADS, "/fine"]
    images = [*reversed(URL_PAYLOADS), "/fine.jpg"]
    url = site.add("/list", list_page(links, images))
    out = build(tmp_path, SELECTOR_FEED.format(url=url))
    assert len(out.json["items"]) == len(links)
    assert assert_no_runnable_url(out) > 10 * len(links)
    assert site.url("/fine") in {item["url"] for item in out.json["items"]}
    assert sum("image" in item for item in out.json["items"]) == 1
    text = all_text(out).lower()
    for word in ("javascript:", "vbscript:", "data:text/html"):
        assert word not in text


def test_no_runnable_url_from_a_feed_source(tmp_path: Path, site: LoopbackSite) -> None:
    items = "".join(
        f"<item><title>Entry {i}</title><link>{payload}</link><guid>{payload}</guid>"
        f'<enclosure url="{payload}" type="image/jpeg" length="1"/>'
        f"<description>&lt;a href=&quot;{payload}&quot;&gt;x&lt;/a&gt;</description></item>"
        for i, payload in enumerate(URL_PAYLOADS)
    )
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Source</title>'
        f"<link>javascript:alert(0)</link><description>d</description>{items}</channel></rss>"
    )
    url = site.add("/feed.xml", rss, content_type="application/rss+xml")
    out = build(tmp_path, f"  - id: hostile\n    type: feed\n    url: {url}\n")
    assert assert_no_runnable_url(out) > 3 * len(URL_PAYLOADS)


def test_no_runnable_url_from_a_json_feed_source(tmp_path: Path, site: LoopbackSite) -> None:
    payloads = [p.replace("&#09;", "\t").replace("&#x0A;", "\n") for p in URL_PAYLOADS]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Source",
        "home_page_url": "javascript:alert(0)",
        "items": [
            {"id": str(i), "title": f"Entry {i}", "url": p, "image": p, "content_html": "x"}
            for i, p in enumerate(payloads)
        ],
    }
    url = site.add("/feed.json", json.dumps(doc), content_type="application/feed+json")
    out = build(tmp_path, f"  - id: hostile\n    type: feed\n    url: {url}\n")
    assert assert_no_runnable_url(out) > 3 * len(payloads)


def test_og_image_of_a_full_text_article_is_checked(tmp_path: Path, site: LoopbackSite) -> None:
    body = "".join(
        f"<p>Paragraph {i} of the article, long enough to be taken for its body by the "
        "automatic extraction.</p>"
        for i in range(6)
    )
    links = []
    for i, payload in enumerate(URL_PAYLOADS):
        path = f"/article/{i}"
        site.add(
            path,
            f'<html><head><meta property="og:image" content="{payload}">'
            f"</head><body><article><h1>Story {i}</h1>{body}</article></body></html>",
        )
        links.append(path)
    url = site.add("/list", list_page(links, ["/i.jpg"] * len(links)))
    feed = SELECTOR_FEED.format(url=url).replace("      image: img\n", "") + "    full_text: true\n"
    out = build(tmp_path, feed)
    assert "Paragraph 3 of the article" in all_text(out)
    assert assert_no_runnable_url(out) > 3 * len(links)
    assert not any(item.get("image") for item in out.json["items"])
    assert not out.rss.findall(".//enclosure")


def test_automatic_detection_never_publishes_a_runnable_image(
    tmp_path: Path, site: LoopbackSite
) -> None:
    cards = "".join(
        f'<article class="post"><h2><a href="/news/story-{i}.html">A headline for story '
        f"number {i} today</a></h2>"
        f'<img src="{URL_PAYLOADS[i % len(URL_PAYLOADS)]}" alt="">'
        f"<p>The teaser of story {i}, with a few words about what happened.</p>"
        f'<time datetime="2025-10-{10 + i:02d}">October {10 + i}</time></article>'
        for i in range(10)
    )
    url = site.add(
        "/auto", f"<html><head><title>Auto</title></head><body><main>{cards}</main></body></html>"
    )
    out = build(tmp_path, f"  - id: hostile\n    url: {url}\n")
    assert len(out.json["items"]) >= 5
    assert assert_no_runnable_url(out) > 0


# --- channel text, bidi -------------------------------------------------------------------------


CHANNEL_PAGE = """<html lang="en"><head>
<title>\u202eevil\u202c Title &lt;script&gt;alert(1)&lt;/script&gt;</title>
<meta name="description" content="<script>alert(2)</script><img src=x onerror=alert(3)> Desc">
</head><body><ul>
<li class="it"><a href="/a">Sto\u202ery\u200b one &lt;b&gt;</a><p>Teaser.</p>
 <span class="by">\u2066Auth\u202eor\u2069</span><span class="tag">ne\u200bws</span></li>
</ul></body></html>"""


def test_channel_text_is_plain_text_in_every_format(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/channel", CHANNEL_PAGE)
    feed = (
        SELECTOR_FEED.format(url=url).replace("      image: img\n", "")
        + "      author: .by\n      categories: .tag\n"
    )
    out = build(tmp_path, feed)

    # readers take RSS's channel description for HTML: parsed as HTML it must hold no element
    subtitle = out.parsed_rss.feed.subtitle
    fragment = lxml.html.fragment_fromstring(subtitle, create_parent="div")
    assert [e.tag for e in fragment.iter()] == ["div"], subtitle
    assert "<script>alert(2)</script>" in fragment.text_content()
    # Atom: text constructs of type text, holding the same words
    atom_subtitle = out.atom.find(f"{_ATOM}subtitle")
    assert atom_subtitle is not None and atom_subtitle.get("type", "text") == "text"
    assert len(atom_subtitle) == 0 and "<script>alert(2)</script>" in (atom_subtitle.text or "")
    assert out.parsed_atom.feed.subtitle_detail.type == "text/plain"
    assert out.json["description"].startswith("<script>alert(2)</script>")
    # the index page and the feed's page: only their own scripts, no event handlers
    for html_page in (out.index, out.page):
        for script in html_page.iter("script"):
            assert script.get("src") is None and "alert" not in (script.text or "")
        assert not any(k.startswith("on") for e in html_page.iter() for k in e.attrib)
        assert "alert(2)" not in "".join(s.text or "" for s in html_page.iter("script")), (
            "page text became a script"
        )
    # titles keep their words, as text
    assert out.parsed_rss.feed.title.startswith("evil Title")
    assert out.opml.find(".//outline").get("title").startswith("evil Title <script>")  # type: ignore[union-attr]


def test_bidi_and_invisible_characters_leave_single_line_fields(
    tmp_path: Path, site: LoopbackSite
) -> None:
    url = site.add("/channel", CHANNEL_PAGE)
    feed = (
        SELECTOR_FEED.format(url=url).replace("      image: img\n", "")
        + "      author: .by\n      categories: .tag\n"
    )
    out = build(tmp_path, feed)
    texts = {
        "rss channel title": out.rss.findtext("channel/title"),
        "rss item title": out.rss.findtext("channel/item/title"),
        "rss dc:creator": out.rss.findtext(
            "channel/item/{http://purl.org/dc/elements/1.1/}creator"
        ),
        "rss category": out.rss.findtext("channel/item/category"),
        "atom title": out.atom.findtext(f"{_ATOM}title"),
        "atom entry title": out.atom.findtext(f"{_ATOM}entry/{_ATOM}title"),
        "atom author": out.atom.findtext(f"{_ATOM}entry/{_ATOM}author/{_ATOM}name"),
        "json title": out.json["title"],
        "json item title": out.json["items"][0]["title"],
        "json author": out.json["items"][0]["authors"][0]["name"],
        "json tag": out.json["items"][0]["tags"][0],
        "index h2": "".join(out.index.find(".//h2").itertext()),
        "opml title": out.opml.find(".//outline").get("title"),  # type: ignore[union-attr]
        "page h1": "".join(out.page.find(".//h1").itertext()),  # type: ignore[union-attr]
        "page entry": "".join(out.page.find(".//h3").itertext()),  # type: ignore[union-attr]
    }
    for where, text in texts.items():
        assert text, where
        assert not set(text) & set(BIDI_AND_INVISIBLE), f"{where}: {text!r}"
    assert texts["json item title"] == "Story one <b>"
    assert texts["json author"] == "Author"
    assert texts["json tag"] == "news"


# --- one bad character never fails a feed ---------------------------------------------------------


# (name, how it is written in HTML, in JSON)
BAD_CHARACTERS = [
    ("control", "&#1;", "\\u0001"),
    ("raw-control", "\x02", "\\u0002"),
    ("vertical-tab", "&#11;", "\\u000b"),
    ("lone-surrogate", "&#xD800;", "\\ud800"),
    ("low-surrogate", "&#57343;", "\\udfff"),
    ("beyond-unicode", "&#x110000;", "\\ufffe"),
    ("non-character", "&#xFFFE;", "\\uffff"),
    ("nul", "&#0;", "\\u0000"),
    ("bidi-override", "&#x202E;", "\\u202e"),
]


def _html_with(bad: str) -> str:
    return f"""<html lang="fr{bad}"><head><title>Page{bad} title</title>
<meta name="description" content="Desc{bad}ription">
<meta property="og:site_name" content="Site{bad}"></head><body><ul>
<li class="it"><a href="/a{bad}b">Ti{bad}tle</a><img src="/i{bad}.jpg">
<p>Sum{bad}mary <a href="x{bad}y">link</a> <img src="/p{bad}.jpg"></p>
<span class="by">Au{bad}thor</span><span class="tag">Ca{bad}t</span>
<time datetime="2025-10-01T10:00:00Z{bad}">1 Oct</time></li>
<li class="it"><a href="/plain">Plain</a><p>Fine.</p></li></ul></body></html>"""


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_any_html_field_never_fails_the_feed(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    url = site.add(f"/{name}", _html_with(html_bad))
    feed = SELECTOR_FEED.format(url=url) + (
        "      author: .by\n      categories: .tag\n      date: time\n"
    )
    out = build(tmp_path, feed)
    _assert_clean(out, expected_items=2)


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_a_json_api_never_fails_the_feed(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    item = (
        f'{{"title": "Ti{json_bad}tle", "url": "/a{json_bad}b", "summary": "Sum{json_bad}mary",'
        f' "author": "Au{json_bad}thor", "image": "/i{json_bad}.jpg", "tags": ["Ca{json_bad}t"],'
        f' "date": "2025-10-01T10:00:00Z"}}'
    )
    body = f'{{"title": "Api{json_bad}", "items": [{item}, {{"title": "Plain", "url": "/plain"}}]}}'
    url = site.add(f"/{name}.json", body, content_type="application/json")
    out = build(tmp_path, f"  - id: hostile\n    type: json\n    url: {url}\n    items: items\n")
    _assert_clean(out, expected_items=2)
    # a second build from the same page changes nothing (the store hashed what it kept)
    config_root = tmp_path
    again = build(
        config_root, f"  - id: hostile\n    type: json\n    url: {url}\n    items: items\n"
    )
    assert again.raw == out.raw


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_a_feed_source_never_fails_the_feed(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    escaped = html_bad.replace("&", "&amp;")
    rss = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Feed{html_bad}</title><link>{site.url("/")}</link><description>D{html_bad}</description>
<language>fr{html_bad}</language>
<item><title>Ti{html_bad}tle</title><link>{site.url("/a")}{html_bad}b</link>
<description>Sum{escaped}mary &lt;a href="x{escaped}y"&gt;l&lt;/a&gt;</description>
<dc:creator>Au{html_bad}thor</dc:creator><category>Ca{html_bad}t</category>
<enclosure url="{site.url("/i")}{html_bad}.jpg" type="image/jpeg" length="1"/>
<guid isPermaLink="false">g{html_bad}1</guid></item>
<item><title>Plain</title><link>{site.url("/plain")}</link></item></channel></rss>"""
    url = site.add(f"/{name}.xml", rss.replace("\x02", "&#2;"), content_type="application/xml")
    out = build(tmp_path, f"  - id: hostile\n    type: feed\n    url: {url}\n")
    _assert_clean(out, expected_items=2)


def _assert_clean(out: Outputs, *, expected_items: int) -> None:
    assert len(out.json["items"]) == expected_items
    for name, data in out.raw.items():
        text = data.decode("utf-8")  # strict: no surrogate, valid UTF-8
        assert not _XML_ILLEGAL.search(text), name
    doc = out.json
    lines = [doc["title"], doc.get("description", "")]
    for item in doc["items"]:
        lines += [item["title"], *item.get("tags", [])]
        lines += [a["name"] for a in item.get("authors", [])]
    for line in lines:
        assert not set(line) & set(BIDI_AND_INVISIBLE), line
    assert_no_runnable_url(out)


def test_a_field_that_cannot_be_published_is_dropped_with_a_warning(
    tmp_path: Path, site: LoopbackSite
) -> None:
    page = list_page(["/a", "/b", "/c"], ["javascript:alert(1)", "file:///srv/x.jpg", "/fine.jpg"])
    page = page.replace("<html>", '<html lang="not a language">')
    url = site.add("/drop", page)
    out = build(tmp_path, SELECTOR_FEED.format(url=url))
    assert len(out.json["items"]) == 3
    assert "language" not in out.json
    assert out.atom.get("{http://www.w3.org/XML/1998/namespace}lang") is None
    assert [("image" in item) for item in out.json["items"]] == [False, False, True]
    warned = {(d.field, d.item) for d in out.result.diagnostics if d.level == "warning"}
    assert ("image", 0) in warned  # javascript: is not an image (normalise)
    assert any(f == "image" and i is None for f, i in warned)  # file: may not be published
    assert ("language", None) in warned


def test_health_feed_and_index_survive_control_characters_in_a_reason_phrase(
    tmp_path: Path, site: LoopbackSite
) -> None:
    def broken(handler: Any) -> None:
        handler.wfile.write(
            b"HTTP/1.1 503 Down\x01for\x1bmaintenance\xef\xbf\xbf\r\n"
            b"Content-Length: 0\r\nConnection: close\r\n\r\n"
        )

    site.add("/down", raw=broken)
    config = parse_config(
        f"crawl: {{retries: 0}}\nfeeds:\n  - id: down\n    url: {site.url('/down')}\n",
        root=tmp_path,
    )
    with Runtime(config) as runtime:
        (result,) = build_all(config.feeds, runtime, now=NOW)
    assert result.status == "failed"
    assert result.error is not None and "Down for maintenance" in result.error
    public = tmp_path / "public"
    check_atom((public / "_health.atom").read_bytes())
    index = (public / "index.html").read_text("utf-8")
    assert not _XML_ILLEGAL.search(index)
    assert "Down for maintenance" in index
    json.loads((public / "status.json").read_bytes())


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_an_article_page_keeps_its_full_text(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    body = "".join(
        f'<p>Paragraph {i} of the article <a href="x{html_bad}y">with a link</a>, long enough '
        f'to be taken for its body.<img src="/p{html_bad}.jpg"></p>'
        for i in range(6)
    )
    site.add(
        "/article",
        f'<html lang="en{html_bad}"><head><title>Art{html_bad}icle</title>'
        f'<meta property="og:image" content="/og{html_bad}.jpg">'
        f'<meta name="author" content="Wri{html_bad}ter"></head>'
        f"<body><article><h1>Art{html_bad}icle</h1>{body}</article></body></html>",
    )
    url = site.add("/list", list_page(["/article", "/plain"], ["/i.jpg", "/j.jpg"]))
    feed = SELECTOR_FEED.format(url=url) + "    full_text: true\n"
    out = build(tmp_path, feed)
    _assert_clean(out, expected_items=2)
    assert "Paragraph 3 of the article" in out.json["items"][0]["content_html"]


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_a_sitemap_never_fails_the_feed(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    sitemap = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        f"<url><loc>{site.url('/a')}{html_bad}b</loc><lastmod>2025-10-01{html_bad}</lastmod>"
        f"<news:news><news:title>Ti{html_bad}tle</news:title><news:keywords>Ca{html_bad}t"
        f"</news:keywords></news:news><image:image><image:loc>{site.url('/i')}{html_bad}.jpg"
        "</image:loc></image:image></url>"
        f"<url><loc>{site.url('/plain-page')}</loc></url></urlset>"
    )
    url = site.add(f"/{name}-sitemap.xml", sitemap, content_type="application/xml")
    out = build(tmp_path, f"  - id: hostile\n    type: sitemap\n    url: {url}\n")
    _assert_clean(out, expected_items=2)


@pytest.mark.parametrize(("name", "html_bad", "json_bad"), BAD_CHARACTERS)
def test_a_bad_character_in_a_json_feed_source_never_fails_the_feed(
    tmp_path: Path, site: LoopbackSite, name: str, html_bad: str, json_bad: str
) -> None:
    item = (
        f'{{"id": "1{json_bad}", "title": "Ti{json_bad}tle", "url": "{site.url("/a")}{json_bad}b",'
        f' "content_html": "<p>Bo{json_bad}dy <a href=\\"x{json_bad}y\\">l</a></p>",'
        f' "summary": "Sum{json_bad}", "image": "{site.url("/i")}{json_bad}.jpg",'
        f' "authors": [{{"name": "Au{json_bad}thor"}}], "tags": ["Ca{json_bad}t"],'
        f' "language": "fr{json_bad}", "date_published": "2025-10-01T10:00:00Z"}}'
    )
    body = (
        '{"version": "https://jsonfeed.org/version/1.1",'
        f' "title": "Feed{json_bad}", "description": "D{json_bad}",'
        f' "home_page_url": "{site.url("/")}{json_bad}", "language": "en{json_bad}",'
        f' "items": [{item}, {{"id": "2", "title": "Plain", "url": "{site.url("/plain")}"}}]}}'
    )
    url = site.add(f"/{name}-feed.json", body, content_type="application/feed+json")
    out = build(tmp_path, f"  - id: hostile\n    type: feed\n    url: {url}\n")
    _assert_clean(out, expected_items=2)
