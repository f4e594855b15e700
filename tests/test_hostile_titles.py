"""Titles a page writes as markup reach every reader as the same words, never as markup.

A list page whose item texts read ``<img src=x onerror=…>``, ``<script>…</script>`` and the
like (escaped in the page: text, not elements) is built end to end; every published form is
read back the way its readers read it: feedparser (RSS, Atom; JSON Feed titles are plain
text), taking a title for HTML when feedparser says it is HTML, and headless Chromium opening
the feed's page, the index page and the RSS and Atom files (styled by feedsmith's XSL), with a
listener for anything that runs.
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
from tests.test_hostile import Outputs, build

TITLES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script> breaking",
    '<b onmouseover="alert(3)">Bold</b> move',
    "<svg/onload=alert(4)>",
    "<a href=javascript:alert(5)>click</a>",
    "Fish &amp; chips & more <3",
    "<!--x--> comment",
]

FEED = """  - id: hostile
    url: {url}
    items: li.it
    fields:
      title: .t
      link: a
"""


# the page's own title, which becomes the feed's
CHANNEL = "<i onclick=alert(6)>News</i> &amp; more"


def list_page() -> str:
    items = "".join(
        f'<li class="it"><a href="/s/{i}"><span class="t">{html.escape(title)}</span></a></li>'
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
