"""Build one feed: fetch → extract → normalise → store → render → publish.

`build_feed` is the per-feed boundary: it never raises. Every format is rendered in memory before
anything is written, so a failure at any step leaves the feed's previous files as they were.
The CLI and the scheduler both call it; it needs only a feed's config and a `Runtime` (paths and
the shared HTTP session and state database), so another process can run it as well.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from feedsmith import __version__
from feedsmith.config import DEFAULT_USER_AGENT, Config, FeedConfig, parse_interval
from feedsmith.errors import ExtractError, FeedsmithError
from feedsmith.extract import Extraction, extract
from feedsmith.fetch import Fetcher, RequestOptions
from feedsmith.normalise import normalise
from feedsmith.publish import publish
from feedsmith.render import filename, render
from feedsmith.store import Store
from feedsmith.types import BuildResult, Diagnostic, Entry, Feed, Page

log = logging.getLogger(__name__)

DEFAULT_MAX_ITEMS = 50
DEFAULT_FORMATS = ("rss", "atom", "json")
COVERAGE_FIELDS = ("title", "link", "date", "summary", "image")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection:
    """What one feed's source yields right now, before anything is stored."""

    page: Page
    extraction: Extraction
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]


class Runtime:
    """What building needs besides a feed's config: paths, the HTTP session, the state DB."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.public_dir: Path = config.public_path
        self.state_dir: Path = config.state_path
        self.fetcher = Fetcher(self.state_dir)
        self.store = Store(self.state_dir / "state.sqlite")

    def close(self) -> None:
        self.fetcher.close()
        self.store.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def request_options(feed: FeedConfig) -> RequestOptions:
    return RequestOptions(
        user_agent=feed.option("user_agent", DEFAULT_USER_AGENT),
        headers=tuple((feed.headers or {}).items()),
        timeout=feed.option("timeout", 20.0),
    )


def inspect_feed(feed: FeedConfig, runtime: Runtime, *, now: datetime) -> Inspection:
    """Fetch, extract and normalise, writing nothing. Raises `FeedsmithError`."""
    return inspect_page(feed, _fetch(feed, runtime), now=now)


def _fetch(feed: FeedConfig, runtime: Runtime) -> Page:
    url = runtime.config.resolve_url(feed)
    return runtime.fetcher.fetch(url, request_options(feed), feed_id=feed.id)


def inspect_page(feed: FeedConfig, page: Page, *, now: datetime) -> Inspection:
    """Extract and normalise a fetched page. Raises `FeedsmithError`."""
    extraction = extract(page, feed)
    entries, diagnostics = normalise(extraction.items, feed, page_url=page.url, now=now)
    if not entries:
        raise ExtractError(
            f"{len(extraction.items)} item(s) found but none has a title or link",
            feed_id=feed.id,
            url=page.url,
        )
    return Inspection(page=page, extraction=extraction, entries=entries, diagnostics=diagnostics)


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
    )


def _home_url(feed: FeedConfig, config: Config, inspection: Inspection) -> str:
    """The page's address; for a saved local page, the web address its <base href> names."""
    page_url = inspection.page.url
    if not page_url.startswith("file:"):
        return page_url
    if inspection.extraction.base_url.startswith(("http://", "https://")):
        return inspection.extraction.base_url
    # never publish this machine's file paths
    return (config.site.base_url or "http://localhost/") + feed.url.lstrip("./")


def _ttl(feed: FeedConfig) -> int | None:
    if feed.schedule and not feed.schedule.startswith("cron:"):
        return max(1, parse_interval(feed.schedule) // 60)
    return None


def build_feed(
    feed: FeedConfig, runtime: Runtime, *, now: datetime | None = None, strict: bool = False
) -> BuildResult:
    """Build and publish one feed. Errors are values: never raises, unless ``strict`` (tests)."""
    now = now or datetime.now(UTC)
    started = time.monotonic()
    url = runtime.config.resolve_url(feed)
    try:
        page = _fetch(feed, runtime)
        if page.from_cache and (kept := unchanged_result(feed, runtime, page, url, started)):
            log.info(
                "feed=%s items=%d new=0 http=cache written=0 duration=%.2fs (page unchanged)",
                feed.id,
                kept.items,
                kept.duration_s,
            )
            record_state(runtime, kept, now)
            return kept
        inspection = inspect_page(feed, page, now=now)
        max_items = feed.option("max_items", DEFAULT_MAX_ITEMS)
        entries, new, _changed = runtime.store.update(
            feed.id, inspection.entries, now=now, max_items=max_items
        )
        published = make_feed(feed, runtime.config, inspection, entries)
        written = publish(
            runtime.public_dir, render(published, feed.option("formats", DEFAULT_FORMATS))
        )
    except FeedsmithError as exc:
        log.warning("feed=%s failed: %s", feed.id, exc)
        result = _failed(feed, url, str(exc), started, status=getattr(exc, "status", None))
    except Exception as exc:
        if strict:
            raise
        log.exception("feed=%s unexpected error", feed.id)
        result = _failed(feed, url, f"unexpected error: {type(exc).__name__}: {exc}", started)
    else:
        page = inspection.page
        result = BuildResult(
            feed_id=feed.id,
            status="ok" if written else "unchanged",
            url=url,
            items=len(inspection.entries),
            new_items=new,
            files_written=written,
            diagnostics=inspection.diagnostics,
            http_status=None if page.url.startswith("file:") else page.status,
            from_cache=page.from_cache,
            duration_s=time.monotonic() - started,
            field_coverage=field_coverage(inspection),
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
        _remember(runtime, feed, published, result, build_fingerprint(feed, runtime.config, page))
    record_state(runtime, result, now)
    return result


def _remember(
    runtime: Runtime, config: FeedConfig, feed: Feed, result: BuildResult, fingerprint: str
) -> None:
    """Keep what the index page and OPML need to know of a published feed, and what a rerun on
    an unchanged page needs to report without building again."""
    state = runtime.store.feed_state(feed.id)
    state.update(
        title=feed.title,
        home_url=feed.home_url,
        updated=feed.updated.isoformat(),
        entries=len(feed.entries),
        built={
            "fingerprint": fingerprint,
            "files": [filename(feed.id, fmt) for fmt in config.option("formats", DEFAULT_FORMATS)],
            "items": result.items,
            "diagnostics": [
                {"level": d.level, "message": d.message, "item": d.item, "field": d.field}
                for d in result.diagnostics
            ],
            "field_coverage": dict(result.field_coverage),
        },
    )
    runtime.store.save_feed_state(feed.id, state)


def build_fingerprint(feed: FeedConfig, config: Config, page: Page) -> str:
    """What the published files of a feed are made from, besides the stored entries: the
    feedsmith version, the feed's config, the site settings and the page's bytes."""
    digest = hashlib.sha256()
    for part in (
        __version__,
        feed.model_dump_json(),
        config.site.model_dump_json(),
        page.url,
        str(page.status if not page.from_cache else 200),
    ):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(page.content)
    return digest.hexdigest()


def unchanged_result(
    feed: FeedConfig, runtime: Runtime, page: Page, url: str, started: float
) -> BuildResult | None:
    """The result of a build on a page the server says is unchanged (304), when the last build
    was made from exactly this page and config and its files are all still there; else None.

    Extracting, storing and rendering again would give the same entries and byte-identical
    files, so they are skipped: an unchanged run costs a conditional request and a lookup.
    """
    built = runtime.store.feed_state(feed.id).get("built")
    if not isinstance(built, dict) or built.get("fingerprint") != build_fingerprint(
        feed, runtime.config, page
    ):
        return None
    files = built.get("files") or []
    if not files or not all((runtime.public_dir / name).is_file() for name in files):
        return None
    return BuildResult(
        feed_id=feed.id,
        status="unchanged",
        url=url,
        items=int(built.get("items", 0)),
        files_written=(),
        diagnostics=tuple(Diagnostic(feed_id=feed.id, **d) for d in built.get("diagnostics") or ()),
        http_status=page.status,
        from_cache=True,
        duration_s=time.monotonic() - started,
        field_coverage=built.get("field_coverage") or {},
    )


def record_state(runtime: Runtime, result: BuildResult, now: datetime) -> None:
    """Record the run in the feed's state: last attempt, success, error, failures in a row."""
    state = runtime.store.feed_state(result.feed_id)
    state["last_attempt"] = now.isoformat()
    state["last_http_status"] = result.http_status
    if result.status == "failed":
        state["last_error"] = result.error
        state["failures"] = int(state.get("failures", 0)) + 1
    else:
        state["last_success"] = now.isoformat()
        state["last_error"] = None
        state["failures"] = 0
        state["items"] = result.items
    try:
        runtime.store.save_feed_state(result.feed_id, state)
    except FeedsmithError:
        log.exception("feed=%s could not record its state", result.feed_id)


def _failed(
    feed: FeedConfig, url: str, error: str, started: float, *, status: int | None = None
) -> BuildResult:
    return BuildResult(
        feed_id=feed.id,
        status="failed",
        url=url,
        error=error,
        http_status=status,
        duration_s=time.monotonic() - started,
    )


def build_all(
    feeds: Sequence[FeedConfig],
    runtime: Runtime,
    *,
    now: datetime | None = None,
    on_result: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build each feed in turn; one failing never stops the others."""
    now = now or datetime.now(UTC)
    results = []
    for feed in feeds:
        result = build_feed(feed, runtime, now=now)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
