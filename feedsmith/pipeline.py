"""Build one feed: fetch → extract → normalise → store → render → publish.

`build_feed` is the per-feed boundary: it never raises. Every format is rendered in memory before
anything is written, so a failure at any step leaves the feed's previous files as they were.
The CLI and the scheduler both call it; it needs only a feed's config and a `Runtime` (paths and
the shared HTTP session and state database), so another process can run it as well.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedsmith import __version__, backends, health, netguard, reuse, site, websub
from feedsmith.backends import FeedLock, Publisher
from feedsmith.config import DEFAULT_USER_AGENT, Config, Crawl, FeedConfig, parse_interval
from feedsmith.crawl import build_concurrently
from feedsmith.errors import ExtractError, FeedsmithError, Stopped, StoreError
from feedsmith.fetch import (
    DEFAULT_MAX_BYTES,
    CrawlSettings,
    Fetcher,
    RequestOptions,
    Seen,
    is_local,
)
from feedsmith.filters import apply_filters
from feedsmith.fulltext import add_full_text
from feedsmith.render import filename, render_published
from feedsmith.retire import Retired, retire
from feedsmith.sources import Gathered, gather, read_page
from feedsmith.store import Store
from feedsmith.types import BuildResult, Diagnostic, Entry, Feed, Page

log = logging.getLogger(__name__)

DEFAULT_MAX_ITEMS = 50
DEFAULT_FORMATS = ("rss", "atom", "json")
COVERAGE_FIELDS = ("title", "link", "date", "summary", "image")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# What one feed's sources yield right now, before anything is stored: their first page, the
# extraction, the entries (filtered) and the diagnostics, with a report per source.
Inspection = Gathered


class Runtime:
    """What building needs besides a feed's config: paths, the HTTP session, the state DB.

    Thread-safe: feeds may be built at the same time, each on its own thread. A feed's entries
    are stored, rendered and published under that feed's lock (`feed_lock`), so other feeds go
    on meanwhile (their database round trips, file writes and uploads overlap); what every
    feed shares (the site files, the health files, a feed's recorded state) is written under
    ``lock``. Setting ``stop`` makes waits end early and unstarted requests never start.
    """

    def __init__(
        self,
        config: Config,
        *,
        stop: threading.Event | None = None,
        local_limiter: backends.Limiter | None = None,
    ) -> None:
        self.config = config
        self.state_dir: Path = config.state_path
        self.stop = stop or threading.Event()
        self.lock = threading.RLock()
        self._feed_locks: dict[str, threading.RLock] = {}
        self._feed_locks_guard = threading.Lock()
        settings = crawl_settings(config.crawl)
        # the state store, HTTP cache, per-host limiter, feed locks and publisher: local files
        # or shared servers, as the config says (`feedsmith.backends` is the one place)
        self.parts = backends.assemble(
            config, settings=settings, stop=self.stop, local_limiter=local_limiter
        )
        self.store: Store = self.parts.store
        self.publisher: Publisher = self.parts.publisher
        self.locks: FeedLock = self.parts.locks
        # where site files are written (public/, or the local mirror of a remote store)
        self.public_dir: Path = self.publisher.folder
        self.fetcher = Fetcher(
            self.state_dir,
            settings=settings,
            stop=self.stop,
            limiter=self.parts.limiter,
            pages=self.parts.pages,
            robots=self.parts.robots,
        )

    def feed_lock(self, feed_id: str) -> threading.RLock:
        """The lock one feed's store, render and publish steps run under in this process (two
        builds of one feed never interleave them; builds of other feeds are not held up)."""
        with self._feed_locks_guard:
            lock = self._feed_locks.get(feed_id)
            if lock is None:
                lock = self._feed_locks[feed_id] = threading.RLock()
            return lock

    def close(self) -> None:
        self.fetcher.session.close()
        self.parts.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def crawl_settings(crawl: Crawl) -> CrawlSettings:
    return CrawlSettings(
        per_host=crawl.per_host,
        delay=crawl.delay,
        connect_timeout=crawl.connect_timeout,
        total_timeout=crawl.total_timeout,
        max_redirects=crawl.max_redirects,
        retries=crawl.retries,
        backoff=crawl.backoff,
        retry_after_max=crawl.retry_after_max,
    )


def request_options(feed: FeedConfig, crawl: Crawl | None = None) -> RequestOptions:
    return RequestOptions(
        user_agent=feed.option("user_agent", DEFAULT_USER_AGENT),
        headers=tuple((feed.headers or {}).items()),
        timeout=feed.option("timeout", 20.0),
        max_bytes=crawl.max_bytes if crawl is not None else DEFAULT_MAX_BYTES,
        robots=feed.option("robots", True),
    )


def inspect_feed(feed: FeedConfig, runtime: Runtime, *, now: datetime) -> Inspection:
    """Fetch, extract and normalise every source, writing nothing. Raises `FeedsmithError`."""
    gathered = gather(
        feed,
        fetcher=runtime.fetcher,
        options=lambda source: request_options(source, runtime.config.crawl),
        resolve=runtime.config.resolve_url,
        now=now,
    )
    return _inspection(feed, gathered)


def inspect_page(
    feed: FeedConfig, page: Page, *, now: datetime, memo: reuse.ItemMemo | None = None
) -> Inspection:
    """Extract and normalise one page already fetched (no I/O): what snapshots re-run offline.
    Items read before come from ``memo`` (`feedsmith.reuse`). Raises `FeedsmithError`."""
    return _inspection(feed, read_page(feed, page, now=now, memo=memo))


def _inspection(feed: FeedConfig, gathered: Gathered) -> Inspection:
    if not gathered.entries:
        raise ExtractError(
            f"{len(gathered.extraction.items)} item(s) found but none has a title or link",
            feed_id=feed.id,
            url=gathered.page.url,
        )
    entries, dropped = apply_filters(gathered.entries, feed)
    return replace(gathered, entries=entries, diagnostics=(*gathered.diagnostics, *dropped))


def field_coverage(inspection: Inspection) -> dict[str, float]:
    """Share of items where each field was found, for spotting a changed page layout."""
    items = inspection.extraction.items
    coverage = {}
    for name in COVERAGE_FIELDS:
        if name == "date":
            found = sum(1 for item in items if item.dates)
        else:
            found = sum(1 for item in items if item.values.get(name))
        coverage[name] = round(found / len(items), 3) if items else 0.0
    return coverage


def make_feed(
    feed: FeedConfig, config: Config, inspection: Inspection, entries: tuple[Entry, ...]
) -> Feed:
    formats = feed.option("formats", DEFAULT_FORMATS)
    base = config.site.base_url
    extraction = inspection.extraction
    return Feed(
        id=feed.id,
        title=feed.title or extraction.title or feed.id,
        home_url=_home_url(feed, config, inspection),
        description=feed.description or extraction.description or "",
        language=feed.language or extraction.language,
        self_urls={fmt: base + filename(feed.id, fmt) for fmt in formats} if base else {},
        entries=entries,
        updated=max((e.updated or _EPOCH for e in entries), default=_EPOCH),
        ttl_minutes=_ttl(feed),
        websub_hub=config.site.websub_hub,
        stylesheet=site.STYLESHEET,
        timezone=feed.timezone,
    )


def _home_url(feed: FeedConfig, config: Config, inspection: Inspection) -> str:
    """The site the feed republishes (a feed's <link>), else the page's address; for a saved
    local page, the web address its <base href> names."""
    home = inspection.extraction.home_url
    if home is not None and home.startswith(("http://", "https://")):
        return home
    page_url = inspection.page.url
    if not page_url.startswith("file:"):
        return page_url
    if inspection.extraction.base_url.startswith(("http://", "https://")):
        return inspection.extraction.base_url
    # never publish this machine's file paths
    return (config.site.base_url or "http://localhost/") + (feed.url or "").lstrip("./")


def feed_origin(feed: FeedConfig, config: Config) -> netguard.Origin:
    """What the feed's content may reach: judged from every URL it was configured with."""
    urls = [config.resolve(s.url) for s in feed.source_configs() if s.url]
    return netguard.origin_of(*(urls or [config.resolve_url(feed)]))


def _ttl(feed: FeedConfig) -> int | None:
    if feed.schedule and not feed.schedule.startswith("cron:"):
        return max(1, parse_interval(feed.schedule) // 60)
    return None


def build_feed(
    feed: FeedConfig,
    runtime: Runtime,
    *,
    now: datetime | None = None,
    strict: bool = False,
    refresh_site: bool = True,
) -> BuildResult:
    """Build and publish one feed. Errors are values: never raises, unless ``strict`` (tests).

    Needs only the feed's config and a `Runtime` (paths, session, state database), so another
    process or machine can run it; the `BuildResult` it returns is plain data.

    Then the index page and OPML file are brought up to date (unless ``refresh_site`` is False:
    `build_all` does that once at the end), and a WebSub hub is told if the files changed.
    """
    now = now or datetime.now(UTC)
    started = time.monotonic()
    url = runtime.config.resolve_url(feed)
    try:
        if runtime.stop.is_set():
            raise Stopped(feed_id=feed.id)
        if _single_page(feed) and not is_local(url):
            options = request_options(feed, runtime.config.crawl)
            last = _last_build(feed, runtime)
            seen = _seen(feed, runtime.config, last) if last is not None else None
            fetched = (
                runtime.fetcher.fetch_if_changed(url, options, seen=seen, feed_id=feed.id)
                if seen is not None
                else runtime.fetcher.fetch(url, options, feed_id=feed.id)
            )
            kept = None
            if fetched is None:  # 304 to the validators of the page the last build was made from
                assert last is not None
                if _published(runtime, last):
                    kept = _kept(feed, last, url, started)
                else:  # its files are gone: the page is read (from the cache) to write them
                    fetched = runtime.fetcher.fetch(url, options, feed_id=feed.id)
            elif fetched.from_cache and last is not None and _published(runtime, last):
                kept = _unchanged(feed, runtime, last, fetched, url, started)
            if kept is not None:
                log.info("feed=%s items=%d http=cache unchanged: not rebuilt", feed.id, kept.items)
                record_state(runtime, kept, now)
                return kept
            assert fetched is not None
            page = fetched
            # the work done for items and entries seen before, kept in the state store
            # (`feedsmith.reuse`): items only where they can be keyed by their markup
            memo = reuse.ItemMemo(feed, page.url, runtime.store.reuse_records(feed.id))
            inspection = inspect_page(
                feed, page, now=now, memo=memo if reuse.applies(feed) else None
            )
        else:
            memo = reuse.ItemMemo(feed, url, runtime.store.reuse_records(feed.id))
            inspection = inspect_feed(feed, runtime, now=now)
        coverage = field_coverage(inspection)
        max_items = feed.option("max_items", DEFAULT_MAX_ITEMS)
        # article pages are fetched outside the lock: other feeds build meanwhile
        complete, notes = add_full_text(
            inspection.entries,
            feed,
            fetcher=runtime.fetcher,
            store=runtime.store,
            options=request_options(feed, runtime.config.crawl),
            now=now,
            limit=max_items,
            origin=feed_origin(feed, runtime.config),
        )
        with runtime.feed_lock(feed.id):
            held = health.hold_back(
                runtime.store.feed_state(feed.id), len(inspection.entries), coverage
            )
            if held:
                raise ExtractError(held, feed_id=feed.id, url=inspection.page.url, kind="drift")
            entries, new, _changed = runtime.store.update(
                feed.id, complete, now=now, max_items=max_items
            )
            published = make_feed(feed, runtime.config, inspection, entries)
            # every text and URL made publishable on the way; what was dropped is reported
            rendered, dropped = render_published(
                published, feed.option("formats", DEFAULT_FORMATS), parts=memo
            )
            written = runtime.publisher.publish(rendered, max_age=site.max_age(feed))
            _keep_reused(runtime, feed, memo)
    except Stopped:
        log.info("feed=%s not built: feedsmith is stopping", feed.id)
        return _failed(feed, url, "stopped before it was built", started, kind="stopped")
    except FeedsmithError as exc:
        # `reported`: the CLI's build prints failures in its own table, not in the log too
        log.warning("feed=%s failed: %s", feed.id, exc, extra={"reported": True})
        result = _failed(
            feed, url, str(exc), started, status=getattr(exc, "status", None), kind=exc.kind
        )
    except Exception as exc:
        if strict:
            raise
        log.exception("feed=%s unexpected error", feed.id)
        result = _failed(
            feed,
            url,
            f"unexpected error: {type(exc).__name__}: {exc}",
            started,
            kind="unexpected",
        )
    else:
        page = inspection.page
        result = BuildResult(
            feed_id=feed.id,
            status="ok" if written else "unchanged",
            url=url,
            items=len(inspection.entries),
            new_items=new,
            files_written=written,
            diagnostics=inspection.diagnostics + notes + dropped,
            http_status=None if page.url.startswith("file:") else page.status,
            from_cache=page.from_cache,
            duration_s=time.monotonic() - started,
            field_coverage=coverage,
        )
        log.info(
            "feed=%s items=%d new=%d http=%s written=%d duration=%.2fs",
            feed.id,
            result.items,
            result.new_items,
            "cache" if page.from_cache else (result.http_status or "file"),
            len(written),
            result.duration_s,
        )
        # what the index page and a rerun need, with the run's health: one write
        with runtime.feed_lock(feed.id):
            record_state(runtime, result, now, built=_built(runtime, feed, published, result, page))
        _announce(feed, published, written)
    if result.status == "failed":
        record_state(runtime, result, now)
    if refresh_site:
        with runtime.lock:
            _refresh_site(runtime)
    return result


def _keep_reused(runtime: Runtime, feed: FeedConfig, memo: reuse.ItemMemo) -> None:
    """Save the work kept for the next build. Never fails a build whose files are published:
    the records are addressed by their content, so what could not be saved (or removed) is
    only done again, or left unused."""
    try:
        runtime.store.save_reuse(feed.id, *memo.changes())
    except StoreError as exc:
        log.warning("feed=%s the work kept for its items was not saved (%s)", feed.id, exc)


def _announce(feed: FeedConfig, published: Feed, written: Sequence[str]) -> None:
    """Ping the WebSub hub for each file this build rewrote; only then."""
    if not published.websub_hub or not written:
        return
    topics = [url for url in published.self_urls.values() if url.rsplit("/", 1)[-1] in written]
    if topics:
        websub.ping(
            published.websub_hub,
            topics,
            user_agent=feed.option("user_agent", DEFAULT_USER_AGENT),
            feed_id=feed.id,
        )
    else:
        log.warning("feed=%s websub_hub is set but site.base_url is not: no ping", feed.id)


def _refresh_site(runtime: Runtime) -> None:
    """Rewrite the index page, OPML and stylesheet if they changed; never fails a build."""
    try:
        written = site.refresh(
            runtime.config,
            runtime.store.all_feed_states(),
            runtime.public_dir,
            present=runtime.publisher.names(),
        )
        runtime.publisher.sync(written)
    except FeedsmithError as exc:  # a known failure (a read-only folder): no traceback
        log.error("could not update the site files in %s: %s", runtime.publisher.describe(), exc)


def refresh_site(runtime: Runtime) -> None:
    """Bring the index page, OPML file and stylesheet up to date (once after a batch)."""
    with runtime.lock:
        _refresh_site(runtime)


def _built(
    runtime: Runtime, config: FeedConfig, feed: Feed, result: BuildResult, page: Page
) -> dict[str, Any]:
    """What the index page and OPML need to know of a published feed, and what a rerun on an
    unchanged page needs to know it is unchanged and to report without building again: the
    keys `record_state` sets in the feed's state."""
    single = _single_page(config)
    return {
        "title": feed.title,
        "home_url": feed.home_url,
        "updated": feed.updated.isoformat(),
        "entries": len(feed.entries),
        "built": {
            "fingerprint": _fingerprint(config, runtime.config, page) if single else None,
            "setup": _setup(config, runtime.config) if single else None,
            "page": _page_record(page) if single else None,
            "files": [filename(feed.id, fmt) for fmt in config.option("formats", DEFAULT_FORMATS)],
            "items": result.items,
            "diagnostics": [
                {"level": d.level, "message": d.message, "item": d.item, "field": d.field}
                for d in result.diagnostics
            ],
            "field_coverage": dict(result.field_coverage),
        },
    }


def _single_page(feed: FeedConfig) -> bool:
    """A feed read from one page fetched over HTTP: the case an unchanged run can skip."""
    return (
        feed.sources is None
        and feed.max_pages == 1
        and feed.render is None
        and feed.type != "sitemap"
    )


def _fingerprint(feed: FeedConfig, config: Config, page: Page) -> str:
    """What a single-page feed's published files are made from, besides the stored entries:
    the feedsmith version, the feed's config, the site settings and the page's bytes."""
    digest = hashlib.sha256()
    for part in (__version__, feed.model_dump_json(), config.site.model_dump_json(), page.url):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(page.content)
    return digest.hexdigest()


def _setup(feed: FeedConfig, config: Config) -> str:
    """The part of `_fingerprint` that is not the page: the feedsmith version, the feed's
    config and the site settings."""
    digest = hashlib.sha256()
    for part in (__version__, feed.model_dump_json(), config.site.model_dump_json()):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _page_record(page: Page) -> dict[str, str | None] | None:
    """The page a build was made from, as a rerun asks the server about it (`fetch.Seen`)."""
    seen = Seen.of(page) if not page.url.startswith("file:") else None
    if seen is None:
        return None
    return {"url": seen.url, "etag": seen.etag, "last_modified": seen.last_modified}


def _last_build(feed: FeedConfig, runtime: Runtime) -> dict[str, Any] | None:
    """The record of the feed's last build, when the same page and config would give the same
    files again: it left no article page to retry (and its files are all still there:
    `_published`, asked only once the page is known unchanged, as it may cost requests)."""
    built = runtime.store.feed_state(feed.id).get("built")
    if not isinstance(built, dict):
        return None
    diagnostics = built.get("diagnostics") or []
    if any(d.get("field") == "content" and d.get("level") == "warning" for d in diagnostics):
        return None  # an article page failed last time: this run retries it
    return built


def _published(runtime: Runtime, built: dict[str, Any]) -> bool:
    """Whether every file of the last build is still published."""
    files = built.get("files") or []
    return bool(files) and runtime.publisher.has(files)


def _seen(feed: FeedConfig, config: Config, built: dict[str, Any]) -> Seen | None:
    """The page the last build was made from, when this config is the one it was made with:
    a 304 to its validators then means nothing to build (`_kept`)."""
    page = built.get("page")
    if not isinstance(page, dict) or built.get("setup") != _setup(feed, config):
        return None
    url, etag, modified = page.get("url"), page.get("etag"), page.get("last_modified")
    if not isinstance(url, str) or not (isinstance(etag, str) or isinstance(modified, str)):
        return None
    return Seen(
        url=url,
        etag=etag if isinstance(etag, str) else None,
        last_modified=modified if isinstance(modified, str) else None,
    )


def _unchanged(
    feed: FeedConfig,
    runtime: Runtime,
    built: dict[str, Any],
    page: Page,
    url: str,
    started: float,
) -> BuildResult | None:
    """The result of a build on a page the server says is unchanged (304) and that came from
    the cache, when the last build was made from exactly this page and config; else None.

    (Builds recorded by earlier versions say which page they were made from only by its
    bytes: the first rerun reads the stored copy and records the page's validators, so later
    ones need not: `_seen`.)
    """
    if built.get("fingerprint") != _fingerprint(feed, runtime.config, page):
        return None
    if built.get("page") is None and (record := _page_record(page)) is not None:
        with runtime.lock:
            state = runtime.store.feed_state(feed.id)
            state["built"] = {**built, "setup": _setup(feed, runtime.config), "page": record}
            runtime.store.save_feed_state(feed.id, state)
    return _kept(feed, built, url, started)


def _kept(feed: FeedConfig, built: dict[str, Any], url: str, started: float) -> BuildResult:
    """The result of the last build, reported again for a page that has not changed.

    Extracting, storing and rendering again would give the same entries and byte-identical
    files, so they are skipped: an unchanged run costs a conditional request and a lookup.
    """
    diagnostics = built.get("diagnostics") or []
    return BuildResult(
        feed_id=feed.id,
        status="unchanged",
        url=url,
        items=int(built.get("items", 0)),
        diagnostics=tuple(Diagnostic(feed_id=feed.id, **d) for d in diagnostics),
        http_status=304,
        from_cache=True,
        duration_s=time.monotonic() - started,
        field_coverage=built.get("field_coverage") or {},
    )


def record_state(
    runtime: Runtime, result: BuildResult, now: datetime, *, built: dict[str, Any] | None = None
) -> None:
    """Record the run in the feed's state: last attempt, success, error, failures in a row,
    and its health (baseline, drift, events; see `feedsmith.health`); with the keys of
    ``built`` (`_built`) for a build that published, in the same write."""
    with runtime.lock:
        try:
            events = _record_state(runtime, result, now, built)
        except FeedsmithError:
            log.exception("feed=%s could not record its state", result.feed_id)
            return
    for event in events:
        # recovering is good news: INFO; failing and drift are the operator's business
        level = logging.INFO if event["kind"] == "recovered" else logging.WARNING
        log.log(
            level,
            "feed=%s health=%s %s",
            event["feed"],
            event["kind"],
            event["message"],
            extra={"reported": event["kind"] == "failing"},
        )


def _record_state(
    runtime: Runtime, result: BuildResult, now: datetime, built: dict[str, Any] | None
) -> list[dict[str, object]]:
    state = runtime.store.feed_state(result.feed_id)
    if built is not None:
        state.update(built)
    state, events = health.update(state, result, now)
    state["last_http_status"] = result.http_status
    if result.status != "failed":
        state["items"] = result.items
    runtime.store.save_feed_state(result.feed_id, state)
    return list(events)


def _failed(
    feed: FeedConfig,
    url: str,
    error: str,
    started: float,
    *,
    status: int | None = None,
    kind: str | None = None,
) -> BuildResult:
    return BuildResult(
        feed_id=feed.id,
        status="failed",
        url=url,
        error=error,
        error_kind=kind,
        http_status=status,
        duration_s=time.monotonic() - started,
    )


def build_all(
    feeds: Sequence[FeedConfig],
    runtime: Runtime,
    *,
    now: datetime | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
    workers: int | None = None,
    on_start: Callable[[FeedConfig], None] | None = None,
) -> list[BuildResult]:
    """Build every feed, feeds on different hosts at the same time; one failing never stops the
    others. Results come back in the order of ``feeds``; then status.json and the health feed
    are updated. ``on_start`` and ``on_result`` are called as each feed starts and ends (from
    worker threads)."""
    now = now or datetime.now(UTC)

    def build_one(feed: FeedConfig) -> BuildResult:
        if on_start is not None:
            on_start(feed)
        return build_feed(feed, runtime, now=now, refresh_site=False)

    results = build_concurrently(
        feeds,
        build_one,
        host_of=lambda feed: runtime.config.resolve_url(feed),
        workers=workers or runtime.config.crawl.workers,
        lanes_per_host=runtime.config.crawl.per_host,
        on_result=on_result,
    )
    publish_health(runtime, now=now)
    with runtime.lock:
        _refresh_site(runtime)
    return results


def retire_removed(runtime: Runtime, *, now: datetime | None = None) -> tuple[Retired, ...]:
    """Delete the public files of feeds no longer in the feeds file (`feedsmith.retire`); never
    fails a build: a problem is logged."""
    with runtime.lock:
        try:
            return retire(
                (f.id for f in runtime.config.feeds),
                runtime.store,
                runtime.publisher,
                now=now or datetime.now(UTC),
            )
        except FeedsmithError:
            log.exception("could not remove the files of feeds taken out of the feeds file")
            return ()


def publish_health(runtime: Runtime, *, now: datetime | None = None) -> tuple[str, ...]:
    """Write public/status.json and public/_health.atom from the state database."""
    config = runtime.config
    with runtime.lock:
        try:
            written = health.publish_health(
                runtime.public_dir,
                [(f.id, f.enabled) for f in config.feeds],
                runtime.store.all_feed_states(),
                title=config.site.title,
                base_url=config.site.base_url,
                now=now or datetime.now(UTC),
            )
            return runtime.publisher.sync(written)
        except FeedsmithError as exc:  # a known failure (a read-only folder): no traceback
            log.error("could not write the health files: %s", exc)
            return ()
