"""Automatic article-list detection: the `items: auto` mode.

`detect` looks for the page's main list of articles, in order of trust:

1. JSON-LD (`ItemList`, or several `Article`/`NewsArticle`/`BlogPosting` objects);
2. microdata (`itemtype` Article, NewsArticle, BlogPosting, …);
3. embedded application state (`<script id="__NEXT_DATA__">` and friends): the longest list of
   objects that each carry a title and a URL;
4. a structural heuristic over the `<a href>` links of the page; on a page of many blocks (a
   news front page: lead, rivers, themed boxes, "most read") the teasers of every block whose
   addresses have the shape of the chosen list's articles join it ("blocks").

The heuristic groups links by the tag-and-class path of their ancestors, finds for each group the
repeated "item" element (the largest ancestor that is still one per link), scores each group
(size, title-like link text, dates/summaries/images beside the link, main content versus
navigation, sidebars, tickers and banners, same-host and slug-like URLs) and keeps the best one.
It then derives CSS selectors for the items and their fields, checked against the page.

The modules, in the order the data flows (each imports only those above it):

- `elements`, `addresses`, `datetext`: reading an element's text and class words, comparing
  addresses, the pattern of a date in page text;
- `detection`: the result type, `Detection`;
- `structured`: lists from JSON-LD, microdata and embedded application state;
- `groups`: the heuristic's typed data (`Link`, `Group`, `Signatures`);
- `placement`: where a block sits (main content, or navigation, sidebars, boilerplate);
- `candidates`: the page's links, grouped into candidate lists;
- `titles`: an item's title, and the quick title used for scoring;
- `scoring`: how much a candidate list looks like the page's list of articles;
- `blocks`: the other blocks of a news page that join the chosen list;
- `parts`: the elements of one item that hold its fields;
- `itemdates`: each item's date candidates, inside the item or beside it;
- `selectors`: CSS selectors for the chosen list and its fields;
- `heuristic`: the structural heuristic, from links to a `Detection`;
- this package: `detect`, which tries the structured sources first.

Pure: no network, no files, no clock. The document is never modified.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import urljoin

from lxml.etree import _Element as Element
from lxml.html import HtmlElement

from feedsmith.extract.auto.addresses import url_key
from feedsmith.extract.auto.detection import Detection
from feedsmith.extract.auto.heuristic import from_heuristic
from feedsmith.extract.auto.structured import (
    MIN_STRUCTURED_ITEMS,
    from_embedded_state,
    from_json_ld,
    from_microdata,
)
from feedsmith.types import RawItem

__all__ = ["Detection", "detect"]


# structured lists up to this long are checked against a news page's blocks, which win when
# they hold this many times as many items
_MAX_STRUCTURED_SHARE_CHECK = 30
_WIDER_FACTOR = 1.5


_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)


def detect(root: HtmlElement, page_url: str, fetched: datetime | None = None) -> Detection:
    """Find the main list of articles on a parsed page.

    Args:
        root: the parsed document (`lxml.html.document_fromstring`); left unchanged.
        page_url: the page's address; `<base href>` is honoured for relative links.
        fetched: when the page was fetched (`Page.fetched_at`): the latest a date printed
            without its year can be, when nothing on the page says its year.

    Returns:
        The detection; `items` is empty when the page has no recognisable list.
    """
    base = _base_url(root, page_url)
    feeds = _feed_links(root, base)
    fallback: Detection | None = None
    for finder in (from_json_ld, from_microdata, from_embedded_state):
        found = finder(root, base)
        if found is None:
            continue
        if len(found.items) >= MIN_STRUCTURED_ITEMS:
            return replace(_wider_blocks(root, base, found, fetched), feed_links=feeds)
        if fallback is None or len(found.items) > len(fallback.items):
            fallback = found
    found = from_heuristic(root, base, fetched)
    if found is None or (fallback is not None and len(found.items) < len(fallback.items)):
        found = fallback
    if found is None:
        return Detection(items=(), method="none", selectors={}, feed_links=feeds, score=0.0)
    return replace(found, feed_links=feeds)


def _wider_blocks(
    root: HtmlElement, base: str, structured: Detection, fetched: datetime | None
) -> Detection:
    """A news page's structured data often lists one carousel or the top few stories; when
    the page's blocks hold those items and clearly more, the blocks are the list (each item
    keeps the structured data's dates where the page shows none). Structured items without a
    date take the one the page prints beside them (microdata that marks up the headline and
    the link, and leaves the date as plain text)."""
    if len(structured.items) > _MAX_STRUCTURED_SHARE_CHECK:
        return structured
    undated = any(not item.dates for item in structured.items)
    blocks = from_heuristic(root, base, fetched)
    if blocks is None or (blocks.method != "blocks" and not undated):
        return structured
    listed = {_item_key(item): item for item in structured.items}
    keys = [_item_key(item) for item in blocks.items]
    held = len(listed.keys() & set(keys))
    if (
        blocks.method != "blocks"
        or len(keys) < _WIDER_FACTOR * len(listed)
        or held < 0.8 * len(listed)
    ):
        printed = {key: item.dates for item, key in zip(blocks.items, keys, strict=True)}
        items = tuple(
            replace(item, dates=printed.get(_item_key(item), ())) if not item.dates else item
            for item in structured.items
        )
        return replace(structured, items=items)
    items = tuple(
        replace(item, dates=item.dates or listed[key].dates) if key in listed else item
        for item, key in zip(blocks.items, keys, strict=True)
    )
    return replace(blocks, items=items)


def _item_key(item: RawItem) -> str:
    return url_key(urljoin(item.base_url, item.values.get("link") or ""))


def _base_url(root: Element, page_url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
    return page_url


def _feed_links(root: Element, base: str) -> tuple[str, ...]:
    found: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" not in rels or kind not in _FEED_TYPES or not href:
            continue
        if kind == "application/json" and "feed" not in href.lower():
            continue
        url = urljoin(base, href)
        if url not in found:
            found.append(url)
    return tuple(found)
