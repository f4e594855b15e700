"""Turn raw items into entries: absolute links, real dates, clean HTML, stable ids.

Bad data never raises here: an item that cannot become an entry is dropped with a
`Diagnostic`, and a field that cannot be read is left empty with one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedsmith.config import FeedConfig
from feedsmith.normalise.dates import read_date
from feedsmith.normalise.feeddates import read_feed_date
from feedsmith.normalise.html import clean_text, html_to_text, sanitize, text_to_html
from feedsmith.normalise.ids import entry_id
from feedsmith.normalise.urls import absolute, canonical
from feedsmith.publishable import all_xml_safe, xml_safe
from feedsmith.types import Diagnostic, Entry, RawItem, Source

if TYPE_CHECKING:
    from feedsmith.reuse import ItemMemo

TITLE_FROM_SUMMARY_CHARS = 90


def normalise(
    items: Iterable[RawItem],
    feed: FeedConfig,
    *,
    page_url: str,
    now: datetime,
    memo: ItemMemo | None = None,
) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """Entries in page order, duplicates dropped, and what went wrong on the way. An item
    normalised before is taken from ``memo``, and one normalised now is kept in it when its
    entry does not depend on the clock (`feedsmith.reuse`)."""
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    seen: set[str] = set()
    for item in items:
        kept = memo.normalised(item) if memo is not None else None
        if kept is not None:
            entry, found = kept
        else:
            entry, found, fixed = _normalise_item(item, feed, page_url=page_url, now=now)
            if memo is not None and fixed:
                memo.keep_normalised(item, entry, found)
        diagnostics += found
        if entry is None:
            continue
        if entry.id in seen:
            diagnostics.append(_diag(feed, item, "info", "duplicate of an earlier item; dropped"))
            continue
        seen.add(entry.id)
        entries.append(entry)
    return tuple(entries), tuple(diagnostics)


def _diag(
    feed: FeedConfig, item: RawItem, level: str, message: str, field: str | None = None
) -> Diagnostic:
    return Diagnostic(
        feed_id=feed.id,
        level=level,  # type: ignore[arg-type]
        message=message,
        item=item.index,
        field=field,
    )


def normalise_item(
    item: RawItem, feed: FeedConfig, *, page_url: str, now: datetime
) -> tuple[Entry | None, list[Diagnostic]]:
    entry, found, _fixed = _normalise_item(item, feed, page_url=page_url, now=now)
    return entry, found


def _normalise_item(
    item: RawItem, feed: FeedConfig, *, page_url: str, now: datetime
) -> tuple[Entry | None, list[Diagnostic], bool]:
    """The entry (None: the item is dropped), its diagnostics, and whether both hold at any
    later time (no date, or one that does not depend on the clock: `Reading.fixed`)."""
    # what a page says may hold anything: nothing XML cannot carry goes further (lone
    # surrogates from JSON or a numeric reference would fail the store and every format)
    item = _xml_safe_item(item)
    values = item.values
    base = item.base_url or page_url
    found: list[Diagnostic] = []

    link = absolute(values.get("link"), base)
    if values.get("link") and link is None:
        found.append(_diag(feed, item, "warning", f"not a link: {values['link']!r}", "link"))
    summary = _html_field(values.get("summary"), feed, "summary")
    content = _html_field(values.get("content"), feed, "content")
    title = clean_text(values.get("title"))
    if title is None:
        fallback = html_to_text(summary or content)
        if fallback:
            title = _shorten(fallback)
            found.append(_diag(feed, item, "warning", "no title; used the summary", "title"))
    if title is None and link is None:
        found.append(_diag(feed, item, "warning", "no title and no link; item dropped"))
        return None, found, True
    if link is None:
        found.append(_diag(feed, item, "warning", "no link; the entry links to the page", "link"))

    reading = None
    spec = feed.fields.date
    zone = (spec.timezone if spec else None) or feed.timezone or "UTC"
    if item.dates:
        # a feed's dates are in its formats (RFC 822, W3CDTF); a page's are text
        read = read_feed_date if feed.type == "feed" else read_date
        reading = read(
            item.dates,
            now=now,
            timezone=zone,
            languages=(spec.languages if spec else None) or _languages(feed.language),
            fmt=spec.format if spec else None,
        )
        if reading is None:
            # the entry is dated when first seen (the store)
            found.append(
                _diag(feed, item, "warning", f"date not understood: {item.dates[-1]!r}", "date")
            )

    image = absolute(values.get("image"), base)
    if values.get("image") and image is None:
        found.append(_diag(feed, item, "warning", f"not an image: {values['image']!r}", "image"))

    guid = clean_text(values.get("guid"))
    source = _source(values, base, link or page_url)
    # a day without a time of day is that day where the page is published (the feed's zone,
    # or the date's own offset): one instant inside it that readers on most clocks show as
    # that day, never its midnight (`Reading.day`); a written midnight is kept, and still
    # counts as a day alone for ordering (the store's `_spread`) and the article's time
    published = (reading.day or reading.value) if reading else None
    day_only = reading is not None and (
        reading.day is not None or (not reading.relative and _midnight(reading.value, zone))
    )
    entry = Entry(
        id=entry_id(feed_id=feed.id, link=link, guid=guid, title=title),
        link=canonical(link) if link else page_url,
        title=title or (link or ""),
        published=published,
        summary_html=summary,
        content_html=content,
        author=clean_text(values.get("author")),
        image=image,
        categories=tuple(c for c in (clean_text(c) for c in item.categories) if c),
        source=source,
        dated=reading is not None,
        relative_date=reading is not None and (reading.relative or item.year_from_fetch),
        day_only=day_only,
    )
    fixed = reading is not None and reading.fixed and not item.year_from_fetch
    return entry, found, not item.dates or fixed


def _xml_safe_item(item: RawItem) -> RawItem:
    texts = [v for v in item.values.values() if v is not None]
    if all_xml_safe((*texts, *item.dates, *item.categories)):
        return item  # the usual case: one scan of all its texts, nothing to copy
    values = {k: xml_safe(v) if v is not None else None for k, v in item.values.items()}
    dates = tuple(xml_safe(d) for d in item.dates)
    categories = tuple(xml_safe(c) for c in item.categories)
    if values == item.values and dates == item.dates and categories == item.categories:
        return item
    return replace(item, values=values, dates=dates, categories=categories)


def _source(values: Mapping[str, str | None], base: str, link: str) -> Source | None:
    """The original publisher credited on the page (name and address), if the feed asks.

    RSS needs an address for ``<source>``: without one, the credit links to the entry itself.
    """
    name = clean_text(values.get("source"))
    url = absolute(values.get("source_url"), base)
    if name is None and url is None:
        return None
    url = canonical(url) if url else link
    return Source(title=name or urlsplit(url).hostname or url, url=url)


def _html_field(value: str | None, feed: FeedConfig, name: str) -> str | None:
    spec = getattr(feed.fields, name)
    as_html = spec is None or spec.html is not False
    return sanitize(value) if as_html else text_to_html(clean_text(value))


def _midnight(value: datetime, zone: str) -> bool:
    """Whether ``value`` is midnight in ``zone``: what a day without a time of day reads as."""
    return value.astimezone(ZoneInfo(zone)).time() == time()


def _languages(language: str | None) -> tuple[str, ...]:
    if not language:
        return ()
    return (language.replace("_", "-").lower(),)


def _shorten(text: str) -> str:
    if len(text) <= TITLE_FROM_SUMMARY_CHARS:
        return text
    cut = text[:TITLE_FROM_SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"
