"""Texts a page writes as markup reach every reader as words, never as markup that runs.

A list page whose item texts read ``<img src=x onerror=…>``, ``<script>…</script>`` and the
like (escaped in the page: text, not elements) is built end to end; every published form is
read back the way its readers read it: feedparser (RSS, Atom; JSON Feed titles are plain
text), taking a title for HTML when feedparser says it is HTML, and headless Chromium opening
the feed's page, the index page and the RSS and Atom files (styled by feedsmith's XSL), with a
listener for anything that runs. Labels (authors, categories, publishers' names) have no type
readers agree on, so they must hold no markup in any format; summaries are real HTML built to
run (svg, math, frames, forms, refreshes, ``javascript:`` in styles and ``srcset``).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from tests.conftest import LoopbackSite, require_chromium
from tests.public_site import preview
from tests.test_hostile import BIDI_AND_INVISIBLE, Outputs, assert_no_runnable_url, build

TITLES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script> breaking",
    '<b onmouseover="alert(3)">Bold</b> move',
    "<svg/onload=alert(4)>",
    "<a href=javascript:alert(5)>click</a>",
    "Fish &amp; chips & more <3",
    "<!--x--> comment",
]

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
# labels as a page may write them (text, escaped in the page), and the words each must show
LABELS = {
    "<img src=x onerror=alert(7)>": "",
    "<script>alert(8)</script>": "alert(8)",
    "Ann <b onmouseover=alert(9)>Bold</b>": "Ann Bold",
    "<a href=javascript:alert(10)>Link</a> Lee": "Link Lee",
    "<<b>script>alert(11)": "< script>alert(11)",
    "R&D <3 team ]]> done": "R&D <3 team ]]> done",
    "Eve\u202e lanigiro\u202c \x01Doe": "Eve lanigiro Doe",
}
# markup in a summary built to run, each part with a call a listener sees
SUMMARY = (
    '<svg onload="alert(20)"><script>alert(21)</script><a href="javascript:alert(22)">s</a></svg>'
    '<math><mtext><a href="javascript:alert(23)">m</a></mtext></math>'
    '<iframe src="javascript:alert(24)"></iframe><iframe srcdoc="<script>alert(25)</script>">'
    '</iframe><object data="javascript:alert(26)"></object><embed src="javascript:alert(27)">'
    '<form action="javascript:alert(28)"><button formaction="javascript:alert(29)">go</button>'
    '</form><meta http-equiv="refresh" content="0;url=javascript:alert(30)">'
    '<p style="background:url(javascript:alert(31))">styled words</p>'
    '<img srcset="javascript:alert(32) 1x" src="data:image/svg+xml,%3Csvg onload=alert(33)%3E">'
    '<img src="/missing.png" onerror="alert(34)"><q cite="javascript:alert(35)">quoted</q>'
    '<a href="data:text/html,%3Cscript%3Ealert(36)%3C/script%3E">data link</a>'
    # RSS content:encoded is CDATA: "]]>" in text or an attribute must not end it early
    '<abbr title="]]><script>alert(37)</script>">a ]]> b</abbr>'
)

FEED = """  - id: hostile
    url: {url}
    items: li.it
    fields:
      title: .t
      link: a
      author: .au
      categories: .c
      source: .src
      summary: .s
      content: .s
"""


# the page's own title, which becomes the feed's
CHANNEL = "<i onclick=alert(6)>News</i> &amp; more"


def list_page() -> str:
    labels = list(LABELS)
    items = "".join(
        f'<li class="it"><a href="/s/{i}"><span class="t">{html.escape(title)}</span></a>'
        f'<span class="au">{html.escape(labels[i % len(labels)])}</span>'
        f'<span class="c">{html.escape(labels[(i + 1) % len(labels)])}</span>'
        f'<span class="src">{html.escape(labels[(i + 2) % len(labels)])}</span>'
        f'<div class="s">{SUMMARY}</div></li>'
        for i, title in enumerate(TITLES)
    )
    head = f"<title>{html.escape(CHANNEL)}</title>"
    return f"<html><head>{head}</head><body><ul>{items}</ul></body></html>"


@pytest.fixture
def out(tmp_path: Path, site: LoopbackSite) -> Outputs:
    url = site.add("/list", list_page())
    return build(tmp_path / "p", FEED.format(url=url))


def as_read(detail: Any, value: str) -> str:
    """The words a reader shows for a title, by the type feedparser gives it. As HTML it must
    hold no element at all (a reader would draw or run it)."""
    if detail.type == "text/html":
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
        assert [e.tag for e in fragment.iter()] == ["div"], value
        return fragment.text_content()
    assert detail.type == "text/plain", detail.type
    return value


def test_titles_are_text_for_feedparser_in_every_format(out: Outputs) -> None:
    for parsed in (out.parsed_rss, out.parsed_atom):
        shown = sorted(as_read(e.title_detail, e.title) for e in parsed.entries)
        assert shown == sorted(TITLES), parsed.version
        assert as_read(parsed.feed.title_detail, parsed.feed.title) == CHANNEL
    # JSON Feed titles are plain text by the spec (feedparser 6.0 reads no JSON Feed 1.1)
    assert sorted(item["title"] for item in out.json["items"]) == sorted(TITLES)


def test_titles_are_text_on_the_published_pages(out: Outputs) -> None:
    for page in (out.page, out.index):
        assert not any(k.startswith("on") for e in page.iter() for k in e.attrib)
        for script in page.iter("script"):
            assert "alert" not in (script.text or "")
    shown = [h.text_content() for h in out.page.iter("h3")]
    assert sorted(shown) == sorted(TITLES)


def holds_no_markup(value: str) -> bool:
    """An HTML parser reads ``value`` as text alone: what a reader that takes it for HTML shows."""
    fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    return [e.tag for e in fragment.iter()] == ["div"]


def test_labels_hold_no_markup_in_any_format(out: Outputs) -> None:
    shown: dict[str, list[str]] = {}
    for parsed in (out.parsed_rss, out.parsed_atom):
        for entry in parsed.entries:
            names = [entry.get("author", "")] + [t.term for t in entry.get("tags", [])]
            if parsed.version.startswith("rss"):
                names.append(entry.source.get("title", ""))
            shown.setdefault(parsed.version, []).extend(names)
        shown[parsed.version].append(parsed.feed.get("author", ""))
    for item in out.json["items"]:
        names = [a["name"] for a in item.get("authors", [])] + item.get("tags", [])
        shown.setdefault("json", []).extend([*names, item["_source"]["title"]])
    expected = {words for words in LABELS.values() if words}
    for version, names in shown.items():
        for name in names:
            assert holds_no_markup(name), (version, name)
            assert not set(name) & set(BIDI_AND_INVISIBLE + "\x01"), (version, name)
        assert expected <= set(names), (version, expected - set(names))
    meta = [span.text_content() for span in out.page.iterfind(".//p[@class='meta']/span")]
    assert expected - {"alert(8)"} <= set(meta)  # an author left with no words is left out


def test_summaries_built_to_run_publish_nothing_runnable(out: Outputs) -> None:
    assert assert_no_runnable_url(out) > 10 * len(TITLES)
    summaries = [
        *(item["content_html"] for item in out.json["items"]),
        *(e.findtext("description") or "" for e in out.rss.iter("item")),
        *(e.findtext(f"{ATOM}summary") or "" for e in out.atom.iter(f"{ATOM}entry")),
        *(e.findtext(f"{CONTENT}encoded") or "" for e in out.rss.iter("item")),
        *(e.findtext(f"{ATOM}content") or "" for e in out.atom.iter(f"{ATOM}entry")),
        *(e.content[0].value for e in out.parsed_rss.entries),
    ]
    assert len(summaries) == 6 * len(TITLES)
    assert all(
        "a ]]> b" in lxml.html.fragment_fromstring(s, "div").text_content() for s in summaries
    )
    for summary in summaries:
        for word in ("javascript:", "data:", "onerror", "onload", "srcdoc", "url("):
            assert word not in summary.lower(), (word, summary)
        fragment = lxml.html.fragment_fromstring(summary, create_parent="div")
        tags = {e.tag for e in fragment.iter()}
        assert not tags & {"svg", "math", "iframe", "object", "embed", "form", "meta", "script"}
        assert not any(e.get("style") for e in fragment.iter())
        assert "styled words" in fragment.text_content()


@pytest.fixture
def chromium() -> Iterator[Any]:
    pytest.importorskip("playwright", reason="pip install -e '.[browser]'")
    from playwright.sync_api import sync_playwright

    from tests.test_browser import FLAGS

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_nothing_runs_when_a_browser_opens_what_we_publish(
    out: Outputs, tmp_path: Path, chromium: Any
) -> None:
    public = tmp_path / "p" / "public"
    # Atom as plain XML, as many hosts serve it: Chromium then applies the stylesheet too
    (public / "hostile-atom.xml").write_bytes(out.raw["hostile.atom"])
    ran: list[str] = []
    opened = [""]
    with preview(public) as base:
        context = chromium.new_context()
        context.expose_function("__ran", lambda what: ran.append(f"{opened[0]}: {what}"))
        # anything the payloads would run calls alert(); a dialog is proof it ran
        context.add_init_script("window.alert = function (x) { window.__ran('alert ' + x); };")
        page = context.new_page()
        page.on("dialog", lambda d: (ran.append(f"{opened[0]}: dialog {d.message}"), d.dismiss()))
        for name in ("hostile.html", "index.html", "hostile.xml", "hostile-atom.xml"):
            opened[0] = name
            # "load" waits for every image, so the error handler of a broken one has run
            page.goto(base + name, wait_until="load")
            body = page.inner_text("body")
            if name != "index.html":
                for title in TITLES:
                    assert html.unescape(title) in body or title in body, (name, title)
                assert page.locator("h1").inner_text() == CHANNEL, name
                assert page.title().startswith(CHANNEL), name
        context.close()
    assert ran == []
