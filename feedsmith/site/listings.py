"""What the site says about each feed (`Listing`): its title, health, entries and published
files, from the config and the feed's recorded state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedsmith.config import Config, FeedConfig, parse_interval
from feedsmith.health import Health, feed_health
from feedsmith.publishable import one_line, publishable_language, publishable_url, xml_safe
from feedsmith.render import EXTENSIONS, MEDIA_TYPES, page_filename
from feedsmith.site.files import DEFAULT_MAX_AGE, MAX_MAX_AGE
from feedsmith.types import Format

# the order formats are offered in; the first one present is "the" feed address
# (format, extension, label, media type for autodiscovery links)
_LABELS: dict[Format, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
FORMATS: tuple[tuple[Format, str, str, str], ...] = tuple(
    (fmt, EXTENSIONS[fmt], label, MEDIA_TYPES[fmt]) for fmt, label in _LABELS.items()
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedFile:
    """One published file of a feed."""

    format: Format
    filename: str
    label: str
    media_type: str
    # absolute when site.base_url is set, else relative to public/
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """What the index page and the OPML file say about one feed."""

    id: str
    title: str
    # the page the feed is made from (None until the first good build)
    home_url: str | None
    # the newest entry's time
    updated: datetime | None
    entries: int | None
    health: Health
    # failed runs in a row, and the last error, when failing
    failures: int
    last_error: str | None
    last_success: datetime | None
    note: str | None
    language: str | None
    files: tuple[FeedFile, ...]
    # how long an HTTP cache may keep the feed's files
    max_age: int
    # the feed's IANA zone: its dates are shown in it, as the site writes them
    timezone: str | None = None
    # the feed's web page (`<id>.html`), once it is in public/
    page: str | None = None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def max_age(feed: FeedConfig) -> int:
    """Seconds a cache may keep the feed: its rebuild interval (at most a day), else 15 min."""
    if feed.schedule and not feed.schedule.startswith("cron:"):
        return min(parse_interval(feed.schedule), MAX_MAX_AGE)
    return DEFAULT_MAX_AGE


def _health(state: Mapping[str, Any], has_files: bool) -> tuple[Health, str | None]:
    """The feed's health from its recorded state, in `feedsmith.health`'s words, and a note
    for a drifting or degraded feed. Keys may be missing (old or partial state)."""
    health = feed_health(state)
    if health == "never built" and has_files:
        health = "ok"  # built before its state was recorded
    elif health != "failing" and state.get("last_error") and not has_files:
        health = "failing"
    note = None
    if health == "drifting":
        drift = state.get("drift")
        note = drift if isinstance(drift, str) else "the page layout may have changed"
    elif health == "degraded":
        full_text = state.get("full_text")
        failed = full_text.get("failed") if isinstance(full_text, Mapping) else None
        note = (
            f"{failed or 'some'} article page(s) failed in the last run; entries keep the summary"
        )
    return health, note


def collect(
    config: Config, states: Mapping[str, Mapping[str, Any]], present: frozenset[str]
) -> tuple[Listing, ...]:
    """Every enabled feed, with what its state records, sorted by title then id.

    ``present`` holds the names of the files in public/: only those are linked.
    """
    base = config.site.base_url or ""
    listings = []
    for feed in config.feeds:
        if not feed.enabled:
            continue
        state = states.get(feed.id, {})
        wanted = set(feed.option("formats", [f[0] for f in FORMATS]))
        files = tuple(
            FeedFile(
                format=fmt,
                filename=feed.id + ext,
                label=label,
                media_type=media_type,
                url=base + feed.id + ext,
            )
            for fmt, ext, label, media_type in FORMATS
            if fmt in wanted and feed.id + ext in present
        )
        health, note = _health(state, bool(files))
        # what the state records came from pages: one line of XML-safe text, http(s) links only
        title = one_line(state.get("title")) if isinstance(state.get("title"), str) else None
        home = state.get("home_url") if isinstance(state.get("home_url"), str) else None
        error = state.get("last_error")
        listings.append(
            Listing(
                id=feed.id,
                title=title or one_line(feed.title) or feed.id,
                home_url=publishable_url(home),
                updated=_when(state.get("updated")),
                entries=_int(state.get("entries")),
                health=health,
                failures=_int(state.get("failures")) or 0,
                last_error=xml_safe(str(error)) if error else None,
                last_success=_when(state.get("last_success")),
                note=xml_safe(note) if note else None,
                language=publishable_language(feed.language),
                files=files,
                max_age=max_age(feed),
                timezone=feed.timezone,
                page=base + page_filename(feed.id) if page_filename(feed.id) in present else None,
            )
        )
    return tuple(sorted(listings, key=lambda item: (item.title.casefold(), item.id)))
