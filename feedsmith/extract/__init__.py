"""Turn a fetched page into raw items: the user's selectors, or automatic detection."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from feedsmith.config import FeedConfig
from feedsmith.errors import ExtractError
from feedsmith.extract.fielddates import settle_numeric_dates
from feedsmith.extract.fields import clean_space, extract_items
from feedsmith.types import Page, RawItem

if TYPE_CHECKING:
    from feedsmith.reuse import ItemMemo

log = logging.getLogger(__name__)

# Characters XML 1.0 cannot carry; lxml refuses them, and they are never content.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """What a page yielded: its items and what it says about itself."""

    items: tuple[RawItem, ...]
    # the URL relative links resolve against: <base href>, else the page URL
    base_url: str
    title: str | None
    description: str | None
    language: str | None
    # "selectors", or the automatic method that found the items
    method: str
    # feeds the page advertises with <link rel="alternate">
    feed_links: tuple[str, ...] = ()
    # the site the items come from, when it is not the page itself (a feed's <link>)
    home_url: str | None = None


def parse_html(page: Page, *, feed_id: str = "") -> lxml.html.HtmlElement:
    """Parse a page with lxml, tolerating broken markup and control characters."""
    text = _XML_ILLEGAL.sub("", page.text)
    if not text.strip():
        raise ExtractError("the page is empty", feed_id=feed_id, url=page.url)
    # huge_tree: without it libxml2 silently drops everything nested deeper than 256 elements,
    # which pages full of unclosed <div>/<font> tags reach
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        fallback = _parse_with_beautifulsoup(text)
        if fallback is None:
            raise ExtractError(
                "the page is not parsable HTML", feed_id=feed_id, url=page.url
            ) from exc
        return fallback
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # deeper still than libxml2 goes: BeautifulSoup's parser has no such limit
        root = _parse_with_beautifulsoup(text) or root
    return root


def _parse_with_beautifulsoup(text: str) -> lxml.html.HtmlElement | None:
    from lxml.html import soupparser

    try:
        root = soupparser.fromstring(text)
    except (RecursionError, ValueError):
        log.warning("the page is nested too deeply to parse completely")
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


def base_url_of(root: lxml.html.HtmlElement, page_url: str) -> str:
    for base in root.iter("base"):
        href = str(base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
    return page_url


def _meta(root: lxml.html.HtmlElement, *names: str) -> str | None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in names and (meta.get("content") or "").strip():
            return clean_space(meta.get("content") or "")
    return None


def extract(page: Page, feed: FeedConfig, memo: ItemMemo | None = None) -> Extraction:
    """Find the feed's items on the page, raising `ExtractError` when there are none; items
    read before come from ``memo`` (`feedsmith.reuse`)."""
    root = parse_html(page, feed_id=feed.id)
    base_url = base_url_of(root, page.url)
    title_el = root.find(".//title")
    title = clean_space(title_el.text_content()) if title_el is not None else None
    title = _meta(root, "og:site_name") or title or None
    language = (root.get("lang") or "").strip() or _meta(root, "og:locale", "language")
    description = _meta(root, "description", "og:description")
    feed_links: tuple[str, ...] = ()
    if feed.items is not None:
        items = settle_numeric_dates(
            extract_items(root, feed, base_url, memo), feed, language or None
        )
        method = "selectors"
    else:
        from feedsmith.extract import auto

        detection = auto.detect(root, page.url, page.fetched_at)
        items, method, feed_links = detection.items, detection.method, detection.feed_links
    if not items:
        hint = (
            f"the item selector {feed.items!r} matched nothing"
            if feed.items is not None
            else "automatic detection found no article list; give an `items` selector"
        )
        raise ExtractError(f"zero items: {hint}", feed_id=feed.id, url=page.url)
    return Extraction(
        items=items,
        base_url=base_url,
        title=title,
        description=description,
        language=language or None,
        method=method,
        feed_links=feed_links,
    )
