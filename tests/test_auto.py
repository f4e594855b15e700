"""Automatic list detection (`items: auto`) on hand-written pages modelled on real layouts.

Every folder in tests/fixtures/lists holds a page.html and an expected.json
(`{"url", "method", "links", "titles", "dates"?}`); adding a layout means adding a folder. `method`
says how the list must be found; the selector-based methods (heuristic, microdata) must also give
CSS selectors that select the same items. Titles must be exact (white space aside); `dates`, when
given, are the days the items' date candidates read as through the real date chain, in the page's
language (null: no date).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml.cssselect import CSSSelector

from feedsmith.extract.auto import Detection, detect
from feedsmith.normalise.dates import parse_date

FIXTURES = Path(__file__).parent / "fixtures" / "lists"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())
SELECTOR_METHODS = frozenset({"heuristic", "microdata"})


def _method(slug: str) -> str:
    expected = json.loads((FIXTURES / slug / "expected.json").read_text(encoding="utf-8"))
    method: str = expected["method"]
    return method


SELECTOR_CASES = [slug for slug in CASES if _method(slug) in SELECTOR_METHODS]


def load(slug: str) -> tuple[lxml.html.HtmlElement, dict[str, Any]]:
    folder = FIXTURES / slug
    root = lxml.html.document_fromstring((folder / "page.html").read_bytes())
    expected: dict[str, Any] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return root, expected


def run(slug: str) -> tuple[lxml.html.HtmlElement, dict[str, Any], Detection]:
    root, expected = load(slug)
    return root, expected, detect(root, expected["url"])


def absolute_links(detection: Detection) -> list[str]:
    return [urljoin(item.base_url, item.values["link"] or "") for item in detection.items]


def select(selector: str, element: Any) -> list[Any]:
    found = CSSSelector(selector)(element)
    assert isinstance(found, list)
    return found


def normalise(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def exact(text: str | None) -> str:
    return " ".join((text or "").split())


def day(dates: tuple[str, ...], language: str | None) -> str | None:
    """The day the candidates read as, the way a feed built from the page reads them."""
    found = parse_date(
        dates, now=datetime(2026, 12, 1, tzinfo=UTC), languages=(language,) if language else ()
    )
    return found.date().isoformat() if found else None


def test_there_are_fixtures() -> None:
    assert {"fr-ticker-beside-list", "most-read-sidebar", "table-of-links"} <= set(CASES)


@pytest.mark.parametrize("slug", CASES)
def test_detects_the_main_list(slug: str) -> None:
    _, expected, detection = run(slug)
    assert detection.method == expected["method"]
    assert absolute_links(detection) == expected["links"]
    titles = [exact(item.values["title"]) for item in detection.items]
    assert titles == [exact(t) for t in expected["titles"]]
    assert [item.index for item in detection.items] == list(range(len(detection.items)))


@pytest.mark.parametrize("slug", [slug for slug in CASES if "dates" in load(slug)[1]])
def test_item_dates_read_as_the_right_day(slug: str) -> None:
    root, expected, detection = run(slug)
    language = root.get("lang")
    assert [day(item.dates, language) for item in detection.items] == expected["dates"]


def test_there_are_selector_and_structured_cases() -> None:
    assert SELECTOR_CASES and len(SELECTOR_CASES) < len(CASES)


@pytest.mark.parametrize("slug", SELECTOR_CASES)
def test_derived_selectors_select_the_same_items(slug: str) -> None:
    root, expected, detection = run(slug)
    assert detection.selectors, f"{detection.method} gave no selectors"
    items = select(detection.selectors["items"], root)
    links: list[str] = []
    titles: list[str] = []
    title_selector = detection.selectors.get("title")
    for item in items:
        anchor = select(detection.selectors["link"], item)[0]
        url = urljoin(detection.items[0].base_url, anchor.get("href"))
        if url not in links:
            links.append(url)
            if title_selector:
                titles.append(exact(select(title_selector, item)[0].text_content()))
    assert links == expected["links"]
    if title_selector:
        assert titles == [exact(t) for t in expected["titles"]]
    else:  # the titles are no element's text: cleaned, or from an attribute
        texts = [exact(anchor.text_content()) for anchor in select("a", root)]
        assert not set(expected["titles"]) <= set(texts)


def test_ticker_loses_to_the_dated_list() -> None:
    _, _, detection = run("fr-ticker-beside-list")
    assert detection.method == "heuristic"
    assert "marquee" not in detection.selectors["items"]
    # the day as the page's dates settle it; not the printed numbers, which the date chain
    # would order by the feed's language alone
    assert detection.items[0].dates == ("2025-10-29",)
    assert all(item.values["summary"] for item in detection.items)


def test_most_read_sidebar_is_not_the_list() -> None:
    _, _, detection = run("most-read-sidebar")
    assert all("old-hit" not in (item.values["link"] or "") for item in detection.items)
    assert detection.items[0].dates == ("2025-03-01", "March 1, 2025")


def test_lazy_images_use_data_src_and_time_datetime_comes_first() -> None:
    _, _, detection = run("cards-with-images")
    first = detection.items[0]
    assert first.values["image"] == "/img/mountain-trail-guide.jpg"
    assert first.base_url == "https://mag.example.com/"
    assert first.dates == ("2025-01-10T08:00:00Z", "1 days ago")
    assert first.values["summary"] is not None
    assert detection.selectors["image"] == "img"
    assert detection.selectors["date"] == "time"


def test_base_href_resolves_links() -> None:
    _, _, detection = run("plain-blog-index")
    assert detection.items[0].base_url == "https://jane.example.net/blog/"
    assert detection.items[0].values["link"] == "on-reading-old-code.html"


def test_json_ld_item_list() -> None:
    _, _, detection = run("jsonld-itemlist")
    assert detection.method == "json-ld"
    assert detection.selectors == {}
    first = detection.items[0]
    assert first.dates == ("2025-03-01",)
    assert first.values["image"] == "https://shop-news.example.com/news/spring-collection.jpg"
    assert first.values["author"] == "Press office"


def test_feed_links_are_absolute() -> None:
    _, _, ticker = run("fr-ticker-beside-list")
    assert ticker.feed_links == ("https://www.exemple-presse.ma/rss.xml",)
    _, _, sidebar = run("most-read-sidebar")
    assert sidebar.feed_links == ("https://notes.example.org/atom.xml",)
    _, _, table = run("table-of-links")
    assert table.feed_links == ()


def test_microdata_articles() -> None:
    cards = "".join(
        f'<div itemscope itemtype="https://schema.org/BlogPosting">'
        f'<h2 itemprop="headline">Post number {i}</h2><a itemprop="url" href="/p/{i}">more</a>'
        f'<time itemprop="datePublished" datetime="2025-01-0{i}">Jan {i}</time></div>'
        for i in range(1, 5)
    )
    root = lxml.html.document_fromstring(f"<html><body>{cards}</body></html>")
    detection = detect(root, "https://m.example.com/")
    assert detection.method == "microdata"
    assert [item.values["link"] for item in detection.items] == [f"/p/{i}" for i in range(1, 5)]
    assert detection.items[1].dates == ("2025-01-02",)
    assert len(select(detection.selectors["items"], root)) == 4


def test_next_data_state() -> None:
    posts = [
        {"title": f"Story {i} title", "url": f"/s/{i}", "date": "2025-05-0{i}"} for i in range(1, 5)
    ]
    state = json.dumps({"props": {"pageProps": {"posts": posts}}})
    script = f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    page = f'<html><body><div id="__next"></div>{script}</body></html>'
    detection = detect(lxml.html.document_fromstring(page), "https://n.example.com/")
    assert detection.method == "next-data"
    assert [item.values["title"] for item in detection.items][:2] == [
        "Story 1 title",
        "Story 2 title",
    ]


def test_empty_page_gives_no_items() -> None:
    root = lxml.html.document_fromstring("<html><body><p>nothing here</p></body></html>")
    detection = detect(root, "https://empty.example.com/")
    assert detection.items == ()
    assert detection.method == "none"
    assert detection.score == 0.0


def test_garbage_does_not_crash() -> None:
    junk = "\x01\x02<a href='javascript:void(0)'>\x07x</a><a href=''>\x1b</a>" * 20
    junk += "<script type='application/ld+json'>{not json</script><a href='/a'>\x00\x0b</a>"
    rows = "".join(
        f"<li class='post'><h3><a href='/story/{i}'>Story\x07 number {i}\x1b about the harbour"
        f"</a></h3><p>Te\x0bxt of story {i}\x7f, long enough to be a teaser.</p></li>"
        for i in range(6)
    )
    page = f"<html><body><div>{junk}</div><ul>{rows}</ul></body></html>"
    detection = detect(lxml.html.document_fromstring(page), "https://junk.example.com/")
    assert [item.values["title"] for item in detection.items] == [
        f"Story number {i} about the harbour" for i in range(6)
    ]
    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    for item in detection.items:
        for value in item.values.values():
            assert not control.search(value or ""), value
    assert detection.items[0].values["summary"] == "Text of story 0, long enough to be a teaser."


def test_document_is_not_modified() -> None:
    root, expected = load("cards-with-images")
    before = lxml.html.tostring(root)
    detect(root, expected["url"])
    assert lxml.html.tostring(root) == before
