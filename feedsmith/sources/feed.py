"""``type: feed``: an existing RSS, Atom or JSON Feed as the source, to republish it.

RSS and Atom are read by feedparser (which also resolves relative links and sanitises HTML);
JSON Feed, which feedparser does not read, with the standard library. Either way the entries
become raw items, so links and HTML go through the same normalising as every other source, and
dates too, read by the feed formats' rules (`feedsmith.normalise.feeddates`): a feed's dates may
be fixed with the feed's ``timezone``, its entries filtered, merged.

A feed that is not well-formed but still yields entries is read with a warning; one that yields
nothing is an error that says what the document looked like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin

from feedsmith import jsonpath
from feedsmith.config import FeedConfig
from feedsmith.errors import ExtractError
from feedsmith.extract import Extraction
from feedsmith.normalise.html import html_to_text
from feedsmith.sources.harvest import (
    Harvest,
    absolute_html,
    is_global_id,
    note,
    scoped_guid,
    writable_references,
)
from feedsmith.types import Diagnostic, Level, Page, RawItem

JSON_FEED_TYPES = ("application/feed+json", "application/json")
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
# bozo reasons that say nothing is wrong with the entries themselves
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# the text of every <id> and <guid> element (any prefix), CDATA or not
_ID_ELEMENTS = re.compile(
    r"<(?:[\w.-]+:)?(?:id|guid)\b[^>]*>\s*(?:<!\[CDATA\[)?\s*([^<]*?)\s*(?:\]\]>)?\s*</",
    re.IGNORECASE,
)


def read(page: Page, source: FeedConfig) -> Harvest:
    if _is_json(page):
        return _read_json_feed(page, source)
    return _read_xml_feed(page, source)


def _is_json(page: Page) -> bool:
    return page.content_type in JSON_FEED_TYPES or page.text.lstrip()[:1] in {"{", "["}


# --- RSS and Atom ----------------------------------------------------------------------------


def _read_xml_feed(page: Page, source: FeedConfig) -> Harvest:
    import feedparser  # only feeds that read an RSS or Atom source load it

    parsed = feedparser.parse(
        writable_references(page.content),
        response_headers={
            "content-location": page.url,
            "content-type": page.content_type or "application/xml",
        },
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    reason = _bozo_reason(parsed)
    found = parsed.get("entries") or []
    # entries are kept as in a well-formed feed (a summary can give one its title); what a
    # broken document adds is fragments with nothing in them, counted and dropped here
    entries = [(i, e) for i, e in enumerate(found) if reason is None or _says_something(e)]
    if not entries:
        message = _why_empty(page, parsed, reason)
        if found:
            message += f"; {len(found)} entr(ies) found, none with a title, link or text"
        raise ExtractError(message, feed_id=source.id, url=page.url)
    diagnostics: list[Diagnostic] = []
    if reason is not None:
        level: Level = "info" if _harmless(parsed) else "warning"
        dropped = len(found) - len(entries)
        message = f"the feed is not well-formed ({reason}); read {len(entries)} entr(ies) anyway"
        if dropped:
            message += f", dropped {dropped} with no title, link or text"
        diagnostics.append(note(source.id, level, message))
    ids = _WrittenIds(page, atom=str(parsed.get("version") or "").startswith("atom"))
    items = tuple(_xml_item(i, e, page.url, source, ids) for i, e in entries)
    meta = parsed.get("feed") or {}
    return Harvest(
        extraction=Extraction(
            items=items,
            base_url=page.url,
            title=_text(meta.get("title")),
            description=_text(meta.get("subtitle")),
            language=_text(meta.get("language")),
            method=f"feed ({parsed.get('version') or 'unknown'})",
            home_url=_text(meta.get("link")),
        ),
        diagnostics=tuple(diagnostics),
    )


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    text = str(getattr(exc, "getMessage", lambda: exc)() or exc or "unknown problem")
    line = getattr(exc, "getLineNumber", lambda: None)()
    return f"line {line}: {text}" if line else text


def _harmless(parsed: Any) -> bool:
    return type(parsed.get("bozo_exception")).__name__ in _HARMLESS


def _says_something(entry: Mapping[str, Any]) -> bool:
    if _text(entry.get("title")) or _text(entry.get("link")) or _text(entry.get("summary")):
        return True
    return any(_text(c.get("value")) for c in entry.get("content") or [])


def _why_empty(page: Page, parsed: Any, reason: str | None) -> str:
    if parsed.get("version"):
        # an RSS or Atom document, whatever its DOCTYPE says (feeds with an XHTML one exist)
        if reason is None or _harmless(parsed):
            return "the feed has no entries"
        return f"not a readable feed: {reason}"
    head = page.text.lstrip()[:512].lower()
    if "<html" in head or "<!doctype html" in head:
        return (
            "not a feed but an HTML page: use `type: html` for it, or the address of the feed "
            "it links to"
        )
    if reason is not None:
        return f"not a readable feed: {reason}"
    return "not an RSS, Atom or JSON feed"


class _WrittenIds:
    """The entry ids as the document writes them.

    feedparser resolves an ``<id>``/``<guid>`` against the document's address (``<id>1</id>``
    in ``…/feeds/a.atom`` comes out as ``…/feeds/1``), so a local id looks like a URL, and two
    sources' ``1`` look like the same entry. An id found as written is the source's own; one
    that is not was made a URL by the parser and is scoped by source like any local id.
    """

    def __init__(self, page: Page, *, atom: bool) -> None:
        self.atom = atom
        self.base = page.url
        self.text = page.text
        self._written: frozenset[str] | None = None
        self._resolved: dict[str, str] = {}

    def as_written(self, parsed: str) -> tuple[str, bool]:
        """The id as the source wrote it, and whether it is local (to be scoped)."""
        if self._written is None:
            self._written = frozenset(unescape(m) for m in _ID_ELEMENTS.findall(self.text))
            self._resolved = {
                urljoin(self.base, w): w for w in self._written if w and not is_global_id(w)
            }
        if parsed in self._written:
            return parsed, not is_global_id(parsed)
        # made absolute by the parser (against the address or an xml:base)
        return self._resolved.get(parsed, parsed), True


def _xml_item(
    index: int, entry: dict[str, Any], base_url: str, source: FeedConfig, ids: _WrittenIds
) -> RawItem:
    title = _text(entry.get("title"))
    detail = entry.get("title_detail") or {}
    if title and detail.get("type") in _HTML_TYPES:
        title = html_to_text(title) or None
    contents = entry.get("content") or []
    content = next((c.get("value") for c in contents if c.get("value")), None)
    summary = _text(entry.get("summary"))
    if summary is not None and content is not None and summary.strip() == content.strip():
        summary = None  # feedparser repeats the content as the summary when there is none
    link = _text(entry.get("link"))
    guid, local = None, False
    parsed_id = _text(entry.get("id"))
    if parsed_id is not None:
        guid, local = ids.as_written(parsed_id)
        if ids.atom and local and entry.get("guidislink") and guid != parsed_id:
            link = None  # feedparser's link made of a local Atom id: the entry has no link
    values: dict[str, str | None] = {
        "title": title,
        "link": link,
        "summary": summary,
        "content": content,
        "author": _text(entry.get("author")),
        "image": _image(entry),
        "guid": scoped_guid(guid, source.url or base_url, local=local),
    }
    # the dates as the feed wrote them: normalise reads them by the feed formats' rules
    # (feedsmith.normalise.feeddates), not by feedparser's chain, which fills missing parts
    # from the clock; dict.get: feedparser's own get() maps a missing `updated` to `published`
    dates = [
        str(raw) for key in ("published", "updated", "created") if (raw := dict.get(entry, key))
    ]
    tags = entry.get("tags") or []
    categories = tuple(str(t.get("term")) for t in tags if t.get("term"))
    return RawItem(
        index=index,
        values=values,
        dates=tuple(dict.fromkeys(dates)),
        categories=categories,
        base_url=base_url,
    )


def _image(entry: Mapping[str, Any]) -> str | None:
    for thumb in entry.get("media_thumbnail") or []:
        if thumb.get("url"):
            return str(thumb["url"])
    for media in entry.get("media_content") or []:
        kind = str(media.get("type") or media.get("medium") or "")
        if media.get("url") and kind.startswith("image"):
            return str(media["url"])
    for link in entry.get("enclosures") or entry.get("links") or []:
        if str(link.get("type") or "").startswith("image/") and link.get("href"):
            return str(link["href"])
    image = entry.get("image")
    if isinstance(image, Mapping) and image.get("href"):
        return str(image["href"])
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# --- JSON Feed -------------------------------------------------------------------------------


def _read_json_feed(page: Page, source: FeedConfig) -> Harvest:
    try:
        doc = jsonpath.load(page.text)
    except jsonpath.TooDeep as exc:
        raise ExtractError(exc.args[0], feed_id=source.id, url=page.url) from None
    except json.JSONDecodeError as exc:
        raise ExtractError(
            f"not a readable JSON Feed: line {exc.lineno} column {exc.colno}: {exc.msg}",
            feed_id=source.id,
            url=page.url,
        ) from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith(JSON_FEED_VERSION):
        raise ExtractError(
            "JSON, but not a JSON Feed (no jsonfeed.org version): for a JSON API, use "
            "`type: json` with `items` and `fields` paths",
            feed_id=source.id,
            url=page.url,
        )
    assert isinstance(doc, dict)
    raw_items = [i for i in doc.get("items") or [] if isinstance(i, dict)]
    if not raw_items:
        raise ExtractError("the feed has no entries", feed_id=source.id, url=page.url)
    base = page.url
    if not base.startswith(("http://", "https://")):
        # a saved copy: relative links belong to the site the feed names
        base = _text(doc.get("feed_url")) or _text(doc.get("home_page_url")) or base
    items = tuple(_json_item(i, item, base, source) for i, item in enumerate(raw_items))
    return Harvest(
        extraction=Extraction(
            items=items,
            base_url=base,
            title=_text(doc.get("title")),
            description=_text(doc.get("description")),
            language=_text(doc.get("language")),
            method="feed (json)",
            home_url=_text(doc.get("home_page_url")),
        )
    )


def _json_item(index: int, item: Mapping[str, Any], base: str, source: FeedConfig) -> RawItem:
    content = _text(item.get("content_html"))
    if content is None and _text(item.get("content_text")):
        content = escape(str(item["content_text"])).replace("\n", "<br>")
    summary = _text(item.get("summary"))
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = next(
        (str(a["name"]) for a in authors if isinstance(a, Mapping) and a.get("name")), None
    )
    values: dict[str, str | None] = {
        "title": _text(item.get("title")),
        "link": _text(item.get("url")) or _text(item.get("external_url")),
        "summary": escape(summary) if summary else None,
        "content": absolute_html(content, base),
        "author": author,
        "image": _text(item.get("image")) or _text(item.get("banner_image")),
        "guid": scoped_guid(_text(item.get("id")), source.url or base),
    }
    dates = tuple(
        str(item[key]) for key in ("date_published", "date_modified") if _text(item.get(key))
    )
    tags = item.get("tags") or []
    categories = tuple(str(t) for t in tags if isinstance(t, str | int) and str(t).strip())
    return RawItem(index=index, values=values, dates=dates, categories=categories, base_url=base)
