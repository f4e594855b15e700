"""``type: sitemap``: a sitemap.xml, a Google News sitemap or a sitemap index as the source.

Each ``<url>`` becomes an item: ``<loc>`` the link, ``news:title`` the title,
``news:publication_date`` then ``<lastmod>`` the date, ``image:loc`` the image, ``news:keywords``
the categories. Items are taken newest first, at most the feed's ``max_items`` per sitemap.

A plain sitemap has no titles: they are made from the last words of each URL
(``/2025/10/le-port-de-tanger-s-agrandit-1234.html`` → "Le port de tanger s agrandit"), and a
diagnostic says so; ``full_text`` reads the real ones.

A sitemap index yields no items itself but its sitemaps, newest ``lastmod`` first; the source
reads ``max_pages`` of them. Gzipped sitemaps (``.xml.gz``) are unpacked, up to a size limit.
Elements are matched by local name, so sitemaps with a wrong or missing namespace still read.
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from lxml import etree

from feedsmith.config import FeedConfig
from feedsmith.errors import ExtractError
from feedsmith.extract import Extraction
from feedsmith.normalise.urls import absolute
from feedsmith.sources.harvest import Harvest, note, site_root, writable_references
from feedsmith.types import Diagnostic, Page, RawItem

DEFAULT_MAX_ITEMS = 50
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_EXTENSION = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cfm)$", re.IGNORECASE)
_SLUG_SPLIT = re.compile(r"[-_+\s]+")
_ID_LIKE = re.compile(r"^(\d+|[0-9a-f]{8,}|[a-z]?\d{4,}[a-z]?)$", re.IGNORECASE)
_BORING = {"index", "default", "amp", "print"}


def read(page: Page, source: FeedConfig) -> Harvest:
    root = _parse(page, source)
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        return _read_index(root, page, source)
    if kind != "urlset":
        raise ExtractError(
            f"not a sitemap: the document is <{kind}>, not <urlset> or <sitemapindex>",
            feed_id=source.id,
            url=page.url,
        )
    return _read_urlset(root, page, source)


def _parse(page: Page, source: FeedConfig) -> etree._Element:
    content = page.content
    if content[:2] == _GZIP_MAGIC:
        unpacker = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            content = unpacker.decompress(content, MAX_UNPACKED_BYTES)
        except zlib.error as exc:
            raise ExtractError(
                "a gzipped sitemap that does not unpack", feed_id=source.id, url=page.url
            ) from exc
        if unpacker.unconsumed_tail:
            raise ExtractError(
                f"the sitemap unpacks to more than {MAX_UNPACKED_BYTES} bytes",
                feed_id=source.id,
                url=page.url,
            )
    content = writable_references(content)  # &#xD800; would leave undecodable text in the tree
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, recover=True, remove_comments=True
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractError("not a readable sitemap", feed_id=source.id, url=page.url) from exc
    if root is None:
        raise ExtractError(
            "not a sitemap: the document is not XML", feed_id=source.id, url=page.url
        )
    return root


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(element: etree._Element, *path: str) -> str | None:
    """The text of the first element down ``path`` (local names), stripped; None if empty."""
    current = [element]
    for name in path:
        current = [c for parent in current for c in _children(parent, name)]
    for found in current:
        text = "".join(t for t in found.itertext() if isinstance(t, str)).strip()
        if text:
            return text
    return None


def _sort_key(value: str | None) -> float:
    """Seconds since the epoch of a W3C datetime, for ordering only; undated sorts last."""
    if not value:
        return float("-inf")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return float("-inf")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _read_index(root: etree._Element, page: Page, source: FeedConfig) -> Harvest:
    found = []
    for position, entry in enumerate(_children(root, "sitemap")):
        loc = absolute(_text(entry, "loc"), page.url)
        if loc is not None:
            found.append((-_sort_key(_text(entry, "lastmod")), position, loc))
    if not found:
        raise ExtractError("the sitemap index lists no sitemaps", feed_id=source.id, url=page.url)
    children = tuple(loc for _, _, loc in sorted(found))
    return Harvest(
        extraction=_extraction(page, (), method="sitemap index"),
        children=children,
    )


def _read_urlset(root: etree._Element, page: Page, source: FeedConfig) -> Harvest:
    entries = _children(root, "url")
    rows = []
    for position, entry in enumerate(entries):
        loc = absolute(_text(entry, "loc"), page.url)
        if loc is None:
            continue
        published = _text(entry, "news", "publication_date")
        lastmod = _text(entry, "lastmod")
        rows.append((-_sort_key(published or lastmod), position, entry, loc, published, lastmod))
    if not rows:
        raise ExtractError("the sitemap lists no pages", feed_id=source.id, url=page.url)
    rows.sort(key=lambda row: (row[0], row[1]))
    limit = source.option("max_items", DEFAULT_MAX_ITEMS)
    items = []
    derived = 0
    publication = None
    language = None
    for index, (_, _, entry, loc, published, lastmod) in enumerate(rows[:limit]):
        title = _text(entry, "news", "title")
        if title is None:
            title = title_from_url(loc)
            derived += title is not None
        keywords = _text(entry, "news", "keywords") or ""
        publication = publication or _text(entry, "news", "publication", "name")
        language = language or _text(entry, "news", "publication", "language")
        items.append(
            RawItem(
                index=index,
                values={"title": title, "link": loc, "image": _text(entry, "image", "loc")},
                dates=tuple(d for d in (published, lastmod) if d),
                categories=tuple(k.strip() for k in keywords.split(",") if k.strip()),
                base_url=page.url,
            )
        )
    diagnostics: list[Diagnostic] = []
    if derived:
        diagnostics.append(
            note(
                source.id,
                "info",
                f"the sitemap gives no titles: {derived} made from the URLs "
                "(`full_text: true` reads the real ones)",
            )
        )
    if len(rows) > limit:
        diagnostics.append(
            note(source.id, "info", f"the sitemap lists {len(rows)} pages; read the newest {limit}")
        )
    method = "news sitemap" if publication or any(_has_news(e) for e in entries[:5]) else "sitemap"
    return Harvest(
        extraction=_extraction(page, tuple(items), method=method, title=publication, lang=language),
        diagnostics=tuple(diagnostics),
    )


def _has_news(entry: etree._Element) -> bool:
    return bool(_children(entry, "news"))


def _extraction(
    page: Page,
    items: tuple[RawItem, ...],
    *,
    method: str,
    title: str | None = None,
    lang: str | None = None,
) -> Extraction:
    return Extraction(
        items=items,
        base_url=page.url,
        title=title or urlsplit(page.url).hostname,
        description=None,
        language=lang,
        method=method,
        home_url=site_root(page.url),
    )


def title_from_url(url: str) -> str | None:
    """A readable title from the last meaningful part of a URL's path, or None."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s.strip()]
    for segment in reversed(segments):
        stem = _EXTENSION.sub("", segment)
        words = [w for w in _SLUG_SPLIT.split(stem) if w]
        while len(words) > 1 and _ID_LIKE.match(words[-1]):
            words.pop()  # a trailing article number
        if not words or (len(words) == 1 and (_ID_LIKE.match(words[0]) or words[0] in _BORING)):
            continue
        text = " ".join(words)
        return text[:1].upper() + text[1:]
    return None
