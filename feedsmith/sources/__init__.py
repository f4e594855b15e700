"""Where a feed's entries come from: its sources, each read by its kind, then merged.

    feed ─source_configs()─► source × n ──► pages ─kind─► RawItem × n ─normalise─► Entry × n
                                                                            merge ─► Entry × n

A kind reads one fetched document (`Page` → `Harvest`): its raw items, what it says about
itself, and where the source goes on (the next page, a sitemap index's sitemaps). The kinds are
pure; this module is their I/O shell, and the one place that dispatches on ``type``:

    html      a list page: the feed's selectors, or automatic detection   (sources/html.py)
    feed      an RSS, Atom or JSON feed, republished                      (sources/feed.py)
    sitemap   sitemap.xml, Google News sitemap, sitemap index             (sources/sitemap.py)
    json      a JSON API, read with paths                                 (sources/jsonapi.py)

Pages come from the shared `Fetcher` (HTTP cache, the same limits), or from headless Chromium for
``render: browser`` (`feedsmith.browser`). A source reads up to ``max_pages`` pages: page 1 is
its ``url``, the next ones come from ``next`` (a selector, a path, or a URL template with
``{page}``). Paging stops early at a page that fails, has no items, or repeats earlier ones; those
pages are reported as diagnostics, and the pages read so far count.

Each source's items are normalised with its own settings. With several sources, entries are
merged: deduplicated by id and by canonical link (the earlier source wins), newest first
(undated entries count as new). A source that fails among several does not fail the feed: the
feed builds from the others, the failure is an ``error`` diagnostic, and the failed source's
entries stay in the feed from the state database until newer ones push them out. When every
source fails, the feed fails with the first source's error.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from feedsmith import netguard
from feedsmith.config import PAGE_PLACEHOLDER, FeedConfig
from feedsmith.errors import ExtractError, FetchError, SourceError
from feedsmith.extract import Extraction
from feedsmith.fetch import Fetcher, RequestOptions
from feedsmith.normalise import normalise
from feedsmith.normalise.urls import canonical
from feedsmith.sources import feed, html, jsonapi, sitemap
from feedsmith.sources.harvest import Harvest
from feedsmith.types import Diagnostic, Entry, Page, RawItem

if TYPE_CHECKING:
    from feedsmith.reuse import ItemMemo

log = logging.getLogger(__name__)

Kind = Callable[[Page, FeedConfig], Harvest]
KINDS: Mapping[str, Kind] = {
    "html": html.read,
    "feed": feed.read,
    "sitemap": sitemap.read,
    "json": jsonapi.read,
}
# fetch one address; ``trusted``: the user wrote it (a source's url, a ``{page}`` template), else
# it was found in a page and must obey the origin rule (`feedsmith.netguard`)
GetPage = Callable[[str, bool], Page]
# the ids normalise gives entries without a link (feedsmith.normalise.ids)
NO_LINK_ID_PREFIX = "urn:feedsmith:"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceReport:
    """How one source went in this run."""

    url: str
    type: str
    # every page (or sitemap) read, in order
    pages: tuple[str, ...] = ()
    items: int = 0
    entries: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Gathered:
    """Every source of a feed, read and merged."""

    # the first page of the first source that worked
    page: Page
    # for a single source its extraction (items of every page); for several, all items merged
    extraction: Extraction
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[SourceReport, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Read:
    pages: tuple[Page, ...]
    extraction: Extraction
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]


def gather(
    feed_config: FeedConfig,
    *,
    fetcher: Fetcher,
    options: Callable[[FeedConfig], RequestOptions],
    resolve: Callable[[FeedConfig], str],
    now: datetime,
) -> Gathered:
    """Read every source of a feed and merge them. Raises `SourceError` if none can be read."""
    configs = feed_config.source_configs()
    reads: list[tuple[int, _Read]] = []
    reports: list[SourceReport] = []
    failures: list[SourceError] = []
    diagnostics: list[Diagnostic] = []
    for number, source in enumerate(configs, 1):
        url = resolve(source)
        try:
            with _page_getter(source, fetcher, options(source), url) as get:
                done = read_source(source, url, get, now=now)
        except SourceError as exc:
            if len(configs) == 1:
                raise
            log.warning("feed=%s source=%d url=%s failed: %s", source.id, number, url, exc)
            failures.append(exc)
            reports.append(SourceReport(url=url, type=source.type, error=exc.message))
            diagnostics.append(
                Diagnostic(
                    feed_id=source.id,
                    level="error",
                    message=f"source {number} failed ({exc.message}; {url}); "
                    "its earlier entries are kept",
                )
            )
            continue
        reads.append((number, done))
        reports.append(
            SourceReport(
                url=url,
                type=source.type,
                pages=tuple(p.url for p in done.pages),
                items=len(done.extraction.items),
                entries=len(done.entries),
            )
        )
        if len(configs) == 1:
            diagnostics += done.diagnostics
        else:
            diagnostics += (
                replace(d, message=f"source {number}: {d.message}") for d in done.diagnostics
            )
    if not reads:
        raise failures[0]
    if len(configs) == 1:
        only = reads[0][1]
        entries = only.entries
        extraction = only.extraction
    else:
        entries = merge([r.entries for _, r in reads], now=now)
        extraction = _merged_extraction([r.extraction for _, r in reads])
    return Gathered(
        page=reads[0][1].pages[0],
        extraction=extraction,
        entries=entries,
        diagnostics=tuple(diagnostics),
        sources=tuple(reports),
    )


def read_page(
    source: FeedConfig, page: Page, *, now: datetime, memo: ItemMemo | None = None
) -> Gathered:
    """Read one page already fetched (no I/O, no next pages): for snapshots re-run offline,
    and for a feed of one page; items read before come from ``memo`` (`feedsmith.reuse`)."""
    single = source.model_copy(update={"max_pages": 1, "next": None})
    done = read_source(single, page.url, lambda _url, _trusted: page, now=now, memo=memo)
    report = SourceReport(
        url=page.url,
        type=source.type,
        pages=(page.url,),
        items=len(done.extraction.items),
        entries=len(done.entries),
    )
    return Gathered(
        page=page,
        extraction=done.extraction,
        entries=done.entries,
        diagnostics=done.diagnostics,
        sources=(report,),
    )


@contextmanager
def _page_getter(
    source: FeedConfig, fetcher: Fetcher, options: RequestOptions, configured: str
) -> Iterator[GetPage]:
    origin = netguard.origin_of(configured)
    if source.render == "browser":
        from feedsmith.browser import BrowserSession

        with BrowserSession(
            options, wait_for=source.wait_for, feed_id=source.id, origin=origin
        ) as browser:

            def render(url: str, trusted: bool) -> Page:
                # robots.txt, the host's pace and the origin rule hold for the browser as for
                # plain fetches
                with fetcher.polite(
                    url, options, feed_id=source.id, origin=origin, trusted=trusted
                ):
                    return browser.fetch(url)

            yield render
        return

    def get(url: str, trusted: bool) -> Page:
        return fetcher.fetch(url, options, feed_id=source.id, origin=origin, trusted=trusted)

    yield get


def read_source(
    source: FeedConfig, url: str, get: GetPage, *, now: datetime, memo: ItemMemo | None = None
) -> _Read:
    """Read the pages of one source and normalise its items. Raises `SourceError` when its
    first page cannot be read. A ``memo`` (one page of an HTML list) keeps and gives back the
    work done for each item (`feedsmith.reuse`)."""
    kind = KINDS[source.type]
    if memo is not None and source.type == "html":
        kind = partial(html.read, memo=memo)
    limit = source.max_pages + (1 if source.type == "sitemap" else 0)
    # (address, True when it is the next page of a list rather than a sitemap of an index)
    queue: list[tuple[str, bool]] = [(url, False)]
    # the addresses the user wrote (the source's url, its `{page}` template); the rest were
    # found in pages
    trusted = {url}
    looped: list[str] = []  # sitemaps listed again by an index (itself, or A → B → A)
    seen_urls: set[str] = set()
    seen_links: set[str] = set()
    unjudged: list[tuple[Harvest, Page]] = []  # pages whose links are not in seen_links yet
    pages: list[Page] = []
    harvests: list[Harvest] = []
    notes: list[Diagnostic] = []
    page_number = 1
    while queue and len(pages) < limit:
        address, is_next = queue.pop(0)
        if canonical(address) in seen_urls:
            continue
        seen_urls.add(canonical(address))
        try:
            # one clock for every date the build decides: the build's `now`, which the fetch's
            # wall-clock stamp is not (a yearless date is placed from `fetched_at`, a relative
            # one from `now`: two clocks would place them in different years across New Year)
            page = _at(get(address, address in trusted), now)
            harvest = kind(page, source)
        except SourceError as exc:
            if not pages:
                raise
            # a numbered page past the end is the usual way a template's pages end
            past_end = is_next and _templated(source) and getattr(exc, "status", None) in {404, 410}
            level = "warning" if isinstance(exc, FetchError) and not past_end else "info"
            notes.append(_note(source, level, f"{address} not read: {exc.message}"))
            if is_next:
                break
            continue
        repeats = False
        if is_next:  # the links of the pages before it are only needed to judge a next page
            for earlier, earlier_page in unjudged:
                _fresh_links(earlier.extraction.items, earlier_page.url, seen_links)
            unjudged.clear()
            repeats = not _fresh_links(harvest.extraction.items, page.url, seen_links)
        else:
            unjudged.append((harvest, page))
        pages.append(page)
        harvests.append(harvest)
        notes += harvest.diagnostics
        if repeats:
            notes.append(_note(source, "info", f"{page.url} repeats earlier items; stopped there"))
            break
        fresh = [c for c in harvest.children if canonical(c) not in seen_urls]
        looped += [c for c in harvest.children if canonical(c) in seen_urls]
        queue[0:0] = [(child, False) for child in fresh]
        following = _next_page(source, url, page_number, harvest)
        if following is not None:
            page_number += 1
            queue.append((following, True))
            if _templated(source):
                trusted.add(following)
    if queue and len(pages) >= limit and source.type == "sitemap":
        left = sum(1 for _, is_next in queue if not is_next)
        notes.append(_note(source, "info", f"{left} more sitemap(s) not read (max_pages)"))
    items = _merge_pages(pages, harvests)
    if looped:
        notes.append(
            _note(source, "warning", f"the sitemap index loops back to {looped[0]}; read once")
        )
        if not items:
            raise ExtractError(
                f"the sitemap index loops: it leads back to {looped[0]} and to no sitemap of pages",
                feed_id=source.id,
                url=url,
            )
    first = harvests[0].extraction
    if len(harvests) > 1:
        first = replace(first, method=f"{first.method}, {len(pages)} pages")
    extraction = replace(first, items=items)
    entries, found = normalise(items, source, page_url=pages[0].url, now=now, memo=memo)
    return _Read(
        pages=tuple(pages),
        extraction=extraction,
        entries=entries,
        diagnostics=(*notes, *found),
    )


def _at(page: Page, now: datetime) -> Page:
    stamp = now.astimezone(UTC)
    return page if page.fetched_at == stamp else replace(page, fetched_at=stamp)


def _note(source: FeedConfig, level: str, message: str) -> Diagnostic:
    return Diagnostic(feed_id=source.id, level=level, message=message)  # type: ignore[arg-type]


def _templated(source: FeedConfig) -> bool:
    return source.next is not None and PAGE_PLACEHOLDER in source.next


def _next_page(source: FeedConfig, url: str, page_number: int, harvest: Harvest) -> str | None:
    if source.next is None:
        return None
    if _templated(source):
        return urljoin(url, source.next.replace(PAGE_PLACEHOLDER, str(page_number + 1)))
    return harvest.next_url


def _fresh_links(items: Sequence[RawItem], page_url: str, seen: set[str]) -> int:
    """How many items link somewhere no earlier page linked to; remembers them."""
    fresh = 0
    for item in items:
        link = item.values.get("link")
        key = canonical(urljoin(item.base_url or page_url, link)) if link else repr(item.values)
        if key not in seen:
            seen.add(key)
            fresh += 1
    return fresh


def _merge_pages(pages: Sequence[Page], harvests: Sequence[Harvest]) -> tuple[RawItem, ...]:
    """Every page's items in order, numbered through, each knowing its page's address."""
    items: list[RawItem] = []
    for page, harvest in zip(pages, harvests, strict=True):
        for item in harvest.extraction.items:
            if item.index != len(items) or not item.base_url:  # a one-page list has both
                item = replace(item, index=len(items), base_url=item.base_url or page.url)
            items.append(item)
    return tuple(items)


def merge(groups: Sequence[Sequence[Entry]], *, now: datetime) -> tuple[Entry, ...]:
    """Entries of several sources as one list: each id and each link once, newest first.

    The earlier source wins a duplicate. Undated entries count as seen ``now`` (the time the
    state database will give them), and equal times keep the sources' order.
    """
    seen: set[str] = set()
    kept: list[Entry] = []
    for group in groups:
        # a link several entries of one source share is their page, not theirs
        counts = Counter(entry.link for entry in group)
        for entry in group:
            keys = {entry.id}
            if not entry.id.startswith(NO_LINK_ID_PREFIX) and counts[entry.link] == 1:
                keys.add(canonical(entry.link))  # a link-less entry links to its page
            if keys & seen:
                continue
            seen |= keys
            kept.append(entry)
    return tuple(sorted(kept, key=lambda e: e.published or now, reverse=True))


def _merged_extraction(extractions: Sequence[Extraction]) -> Extraction:
    first = extractions[0]
    items: list[RawItem] = []
    for extraction in extractions:
        for item in extraction.items:
            items.append(replace(item, index=len(items)))
    languages = {e.language for e in extractions}
    return Extraction(
        items=tuple(items),
        base_url=first.base_url,
        title=None,
        description=None,
        language=first.language if len(languages) == 1 else None,
        method="merged: " + ", ".join(e.method for e in extractions),
        home_url=first.home_url,
    )
