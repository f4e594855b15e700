"""The values that flow between the pipeline's stages.

config → fetch ─Page─► extract ─RawItem×n─► normalise ─Entry×n─► store ─Feed─►
render ─Rendered×k─► publish

Every datetime here is timezone-aware UTC; the constructors check it.
No lxml or bs4 object and no mutable container ever leaves the stage that made it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

Format = Literal["rss", "atom", "json"]
Level = Literal["info", "warning", "error"]
Status = Literal["ok", "unchanged", "failed"]


def _check_utc(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() != timedelta(0):
        raise ValueError(f"{name} must be an aware UTC datetime, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One fetched document, decoded."""

    # the address asked for (a URL, or a local path made absolute)
    requested_url: str
    # the address after redirects; relative links resolve against it (or <base href>)
    url: str
    # HTTP status of the final response; 200 for local files
    status: int
    content: bytes
    # `content` decoded with `encoding`
    text: str
    encoding: str
    content_type: str
    fetched_at: datetime
    # True when the server answered 304 and the body came from the local cache
    from_cache: bool = False
    # the validators the server gave this page (HTTP only), to ask next time whether it changed
    etag: str | None = None
    last_modified: str | None = None

    def __post_init__(self) -> None:
        _check_utc("fetched_at", self.fetched_at)


@dataclass(frozen=True, slots=True, kw_only=True)
class RawItem:
    """What the selectors found for one item on a page: raw strings, nothing interpreted."""

    # position on the page, 0 first
    index: int
    # field name → extracted string (None when the selector matched nothing)
    values: Mapping[str, str | None]
    # date candidates in order of trust: a machine-readable attribute first, then text
    dates: tuple[str, ...] = ()
    # every category found for the item
    categories: tuple[str, ...] = ()
    # the URL relative links on this page resolve against
    base_url: str = ""
    # what the item's work is kept under (`feedsmith.reuse`); None when it is not kept
    key: str | None = None
    # the date's year was taken from the fetch time (a date printed without one): a later
    # fetch may give another, so the date first read for the entry is kept (`store`)
    year_from_fetch: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """The original publisher of an entry (RSS/Atom <source>)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One normalised feed entry."""

    # stable: the canonical link, or the configured guid
    id: str
    link: str
    title: str
    # None until the store fills in the time feedsmith first saw the entry
    published: datetime | None = None
    # when the entry's content last changed, as seen by feedsmith
    updated: datetime | None = None
    summary_html: str | None = None
    content_html: str | None = None
    author: str | None = None
    image: str | None = None
    categories: tuple[str, ...] = ()
    source: Source | None = None
    # True when `published` came from the page, False when it is the first-seen time
    dated: bool = False
    # True when the page gave the date relative to now ("il y a 2 heures"): each run reads it a
    # little differently, so the store keeps the first reading
    relative_date: bool = False
    # language of the entry's article page (full text), when it declares one
    language: str | None = None
    # True when the date gives a day and no time of day (it reads as local midnight): the
    # store spreads the entries of one such day over its first second, in the page's order
    day_only: bool = False

    def __post_init__(self) -> None:
        _check_utc("published", self.published)
        _check_utc("updated", self.updated)


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A feed as published: its metadata and its newest entries, newest first."""

    id: str
    title: str
    # the page the feed is made from
    home_url: str
    description: str
    language: str | None
    # format → absolute URL of the published file (empty when no site.base_url)
    self_urls: Mapping[str, str]
    entries: tuple[Entry, ...]
    # the newest entry time; the clock never enters the output
    updated: datetime
    # RSS <ttl> in minutes, from the feed's schedule
    ttl_minutes: int | None = None
    websub_hub: str | None = None
    # href of an XSL stylesheet for browsers, referenced from the RSS and Atom files
    stylesheet: str | None = None
    # the feed's IANA zone (its `timezone`): dates are written with its UTC offset, as the
    # site writes them, and the feed's web page shows its times in it; None writes UTC. The
    # datetimes above stay aware UTC.
    timezone: str | None = None

    def __post_init__(self) -> None:
        _check_utc("updated", self.updated)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    """One output file, in memory."""

    # a feed format, or "html" for the feed's web page
    format: Format | Literal["html"]
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """Something the user should know about one item or field; never fatal."""

    feed_id: str
    level: Level
    message: str
    item: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.item is not None:
            where = f" item {self.item + 1}"
        if self.field:
            where += f" field {self.field!r}"
        return f"{self.feed_id}:{where} {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    """The outcome of building one feed. Errors are values: building never raises."""

    feed_id: str
    status: Status
    url: str = ""
    items: int = 0
    new_items: int = 0
    files_written: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
    # what kind of failure: fetch, http, robots, blocked, extract, drift, store, render, publish,
    # unexpected, stopped (None when the run did not fail)
    error_kind: str | None = None
    # HTTP status of the page, or None for local files and failures before a response
    http_status: int | None = None
    from_cache: bool = False
    duration_s: float = 0.0
    # field name → share of items where the field was found (for drift detection)
    field_coverage: Mapping[str, float] = field(default_factory=dict)
