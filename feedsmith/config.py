"""Load and check ``feeds.yaml``.

Every problem in the file is collected and reported at once, each with its line, feed id and key
(`ConfigError.issues`). Selectors, regular expressions and time zones are compiled here, so a
config that loads is a config that can run.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from feedsmith.backends.endpoints import check as check_endpoint
from feedsmith.errors import ConfigError, ConfigIssue
from feedsmith.jsonpath import PathSyntaxError, compile_path
from feedsmith.selectors import SelectorSyntaxError, compile_selector
from feedsmith.types import Format

DEFAULT_USER_AGENT = "feedsmith/0.1 (+https://github.com/feedsmith/feedsmith)"
FIELD_NAMES = (
    "title",
    "link",
    "date",
    "summary",
    "content",
    "author",
    "image",
    "guid",
    "categories",
    "source",
    "source_url",
)
FILTER_FIELDS: tuple[Literal["title", "summary", "link", "author"], ...] = (
    "title",
    "summary",
    "link",
    "author",
)
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
FEED_ID_PATTERN = _ID_PATTERN  # public: `feedsmith add --id` checks ids before fetching
# A feed's files are public/<id>.xml, .atom and .json, and a temporary file beside each while it
# is written (`.<name>.<random>.tmp`): 200 characters leave room under the usual 255-byte limit.
MAX_ID_LENGTH = 200
# The stems of the files the site writes into public/ itself (index.html, feeds.opml, feed.xsl,
# _headers, status.json, _health.atom): a feed with one of these ids would overwrite one of them
# or be overwritten (tests/test_config.py checks the list against what the site writes).
RESERVED_IDS = frozenset({"index", "feeds", "feed", "_headers", "status", "_health"})


def check_feed_id(value: str) -> str:
    """The id, or ValueError saying why it cannot name a feed's files (the pattern aside)."""
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(
            f"id is {len(value)} characters long; at most {MAX_ID_LENGTH} (it names files)"
        )
    if value.casefold() in RESERVED_IDS:
        raise ValueError(
            f"id {value!r} is reserved: public/ holds the site's own {value.lower()}.* file "
            "(index.html, feeds.opml, feed.xsl, _headers, status.json and _health.atom are "
            "taken); choose another id"
        )
    return value


_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SourceType = Literal["html", "feed", "sitemap", "json"]
# pages (or child sitemaps) one source may read per build
MAX_PAGES = 20
PAGE_PLACEHOLDER = "{page}"
NETWORK_IDLE = "networkidle"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_selector(value: str | None) -> str | None:
    if value is not None:
        try:
            compile_selector(value)
        except SelectorSyntaxError as exc:
            raise ValueError(str(exc)) from None
    return value


def _check_path(value: str) -> str:
    try:
        compile_path(value)
    except PathSyntaxError as exc:
        raise ValueError(str(exc)) from None
    return value


def _check_timezone(value: str | None) -> str | None:
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)"
            ) from None
    return value


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def crontab_fields(expr: str) -> dict[str, str]:
    """A crontab line (``MIN HOUR DOM MON DOW``) as APScheduler `CronTrigger` fields.

    Days of the week are numbered as in crontab (0 or 7 is Sunday, 1 Monday); APScheduler
    counts from Monday = 0, so numbers are turned into names.
    """
    parts = expr.split()
    if len(parts) != 5:
        raise ValueError(f"{expr!r} must have 5 fields: MIN HOUR DOM MON DOW")
    minute, hour, day, month, dow = parts

    def name(number: str) -> str:
        if not number.isdigit() or int(number) > 7:
            raise ValueError(f"day of week {number!r} is not 0-7")
        return _DAY_NAMES[int(number)]

    days = []
    for part in dow.split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit():
            days.append(part)
        elif not dash:
            days.append(name(first))
        elif int(first) == 0:
            days.append("sun" + ("" if last == "0" else f",mon-{name(last)}"))
        else:
            days.append(f"{name(first)}-{name(last)}")
    return {
        "minute": minute,
        "hour": hour,
        "day": day,
        "month": month,
        "day_of_week": ",".join(days),
    }


def parse_interval(text: str) -> int:
    """``90s``, ``30m``, ``2h``, ``1d`` → seconds."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an interval such as 30m, 2h or 1d")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("an interval must be longer than zero")
    return seconds


class FieldSpec(_Model):
    """How to get one field from an item element."""

    selector: str | None = Field(
        None,
        description="CSS selector relative to the item (`.` for the item itself), "
        "or `xpath:EXPR`. Empty: the field is not extracted.",
    )
    attr: list[str] = Field(
        default_factory=list,
        description="Read these attributes in order, first non-empty wins (e.g. [data-src, src]). "
        "Empty: the element's text (or HTML for summary/content).",
    )
    path: str | None = Field(
        None,
        description="For json sources: where the field is in an item, a dotted path such as "
        "`title`, `links.0.href` or `author.name`; `a|b` tries a, then b.",
    )
    regex: str | None = Field(
        None,
        description="Keep only the part of the value this regular expression matches "
        "(its first group if it has one).",
    )
    html: bool | None = Field(
        None, description="Keep the element's inner HTML (default for summary and content)."
    )
    format: str | None = Field(
        None, description="For dates: a strptime format tried before anything else."
    )
    languages: list[str] | None = Field(
        None, description="For dates: language codes for month names (default: the feed language)."
    )
    timezone: str | None = Field(
        None, description="For dates: the zone of times written without one (default: the feed's)."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"selector": value}
        if isinstance(value, dict) and isinstance(value.get("attr"), str):
            return {**value, "attr": [value["attr"]]}
        return value

    _selector = field_validator("selector")(_check_selector)
    _timezone = field_validator("timezone")(_check_timezone)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        return None if value is None else _check_path(value)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str] | None) -> list[str] | None:
        from dateparser.data.languages_info import language_order

        for code in value or ():
            if code.split("-")[0].lower() not in language_order:
                raise ValueError(f"unknown language code {code!r} (use codes such as fr, es, en)")
        return value

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value


class Fields(_Model):
    """Where each field of an item is found. Every field is optional."""

    title: FieldSpec | None = None
    link: FieldSpec | None = None
    date: FieldSpec | None = None
    summary: FieldSpec | None = None
    content: FieldSpec | None = None
    author: FieldSpec | None = None
    image: FieldSpec | None = None
    guid: FieldSpec | None = Field(None, description="A stable id, when links are not unique.")
    categories: FieldSpec | None = Field(None, description="Every match becomes a category.")
    source: FieldSpec | None = Field(
        None,
        description="The original publisher's name, credited as RSS/Atom <source> "
        '(e.g. {selector: ".meta", regex: "Publié dans (.+?) le"}).',
    )
    source_url: FieldSpec | None = Field(
        None,
        description="The original publisher's address (a link's href by default); "
        "without it the credit links to the entry.",
    )

    def specs(self) -> dict[str, FieldSpec]:
        return {name: spec for name in FIELD_NAMES if (spec := getattr(self, name)) is not None}


def check_css(value: str) -> str:
    """The selector, or ValueError when it is not valid CSS (for article-page selectors)."""
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        CSSSelector(value)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {value!r}: {exc}") from None
    return value


class FilterRule(_Model):
    """One pattern of a filter: a regular expression, case-insensitive, searched in fields."""

    pattern: str = Field(description="A regular expression, matched case-insensitively.")
    in_: list[Literal["title", "summary", "link", "author"]] = Field(
        default_factory=lambda: list(FILTER_FIELDS),
        alias="in",
        description="Where to look: title, summary (as text), link, author (default: all four).",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"pattern": value}
        if isinstance(value, dict) and isinstance(value.get("in"), str):
            return {**value, "in": [value["in"]]}
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.in_)


class Filters(_Model):
    """Which entries a feed keeps (applied before full text, so dropped entries cost nothing)."""

    include: list[FilterRule] = Field(
        default_factory=list,
        description="Keep only entries that match at least one of these patterns "
        "(a pattern, or {pattern: ..., in: [title, link]}).",
    )
    exclude: list[FilterRule] = Field(
        default_factory=list, description="Drop entries that match any of these patterns."
    )
    min_title_length: Annotated[int, Field(ge=0, le=1000)] | None = Field(
        None, description="Drop entries whose title is shorter than this many characters."
    )


class FeedOptions(_Model):
    """Settings a feed may set and `defaults` may set for every feed."""

    max_items: Annotated[int, Field(ge=1, le=10000)] | None = Field(
        None, description="How many entries the feed keeps, newest first (default 50)."
    )
    formats: list[Format] | None = Field(
        None, description="Which files to write: rss (.xml), atom (.atom), json (.json)."
    )
    language: str | None = Field(None, description="Language code of the source, e.g. fr.")
    timezone: str | None = Field(
        None, description="IANA zone for dates written without one (default UTC)."
    )
    user_agent: str | None = Field(None, description="User-Agent header sent to the site.")
    headers: dict[str, str] | None = Field(None, description="Extra HTTP request headers.")
    timeout: Annotated[float, Field(gt=0, le=600)] | None = Field(
        None, description="Seconds to wait for the site (connect and each read)."
    )
    schedule: str | None = Field(
        None,
        description="How often `feedsmith run` rebuilds the feed: an interval (30m, 2h, 1d) "
        "or `cron: MIN HOUR DOM MON DOW`.",
    )
    robots: bool | None = Field(
        None, description="Honour robots.txt (default true; turn off only for your own sites)."
    )
    full_text: bool | None = Field(
        None,
        description="Fetch each new or changed entry's article page and publish its full text "
        "(default false).",
    )
    filters: Filters | None = Field(
        None, description="Include/exclude patterns and a minimum title length."
    )

    _timezone = field_validator("timezone")(_check_timezone)

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("cron:"):
            parse_interval(value)
        elif value is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger(**crontab_fields(value.removeprefix("cron:").strip()))
            except ValueError as exc:
                raise ValueError(f"invalid cron expression {value!r}: {exc}") from None
        return value


# --- where a feed's entries come from: shared by a feed and each of its `sources:` -----------

_Type = Annotated[
    SourceType,
    Field(
        description="What `url` is: `html` (a list page, the default), `feed` (an RSS, Atom or "
        "JSON feed to republish), `sitemap` (a sitemap.xml, Google News sitemap or sitemap "
        "index), `json` (a JSON API; give `items` and `fields` as paths)."
    ),
]
_Items = Annotated[
    str | None,
    Field(
        description="html: selector of the element that holds one item (CSS, or xpath:EXPR); "
        "`auto` or empty to detect the article list automatically. json: the dotted path to "
        "the list of items (`data.items`; `.` for a top-level list)."
    ),
]
_Next = Annotated[
    str | None,
    Field(
        description="The next page: a URL template with `{page}` (2, 3, ... for the pages after "
        "`url`), or for html a selector of the next-page link, for json the path to the next "
        "page's URL. Read up to `max_pages`."
    ),
]
_MaxPages = Annotated[
    int,
    Field(
        ge=1,
        le=MAX_PAGES,
        description=f"How many pages to read with `next` (default 1, at most {MAX_PAGES}); for "
        "a sitemap index, how many of its sitemaps to read, newest first.",
    ),
]
_Render = Annotated[
    Literal["browser"] | None,
    Field(
        description="`browser`: load the page in headless Chromium and read it once its scripts "
        "ran, for lists built by JavaScript (pip install -e '.[browser]' in the checkout)."
    ),
]
_WaitFor = Annotated[
    str | None,
    Field(
        description="With `render: browser`: wait until this selector matches (CSS or "
        "xpath:EXPR), or `networkidle` (the default) until the network is quiet."
    ),
]
# the keys that say where entries come from; with `sources:` they belong inside each source
SOURCE_KEYS = ("url", "type", "items", "fields", "next", "max_pages", "render", "wait_for")
# feed options a source may set for itself
SOURCE_OPTIONS = ("language", "timezone", "headers", "user_agent", "timeout")


def _kind(info: ValidationInfo) -> str | None:
    """The source's type, or None when the type itself was invalid (already reported)."""
    kind = info.data.get("type")
    return kind if isinstance(kind, str) else None


def _check_items(value: str | None, info: ValidationInfo) -> str | None:
    kind = _kind(info)
    if kind == "json":
        if value is None or not value.strip():
            return None  # reported once, by the model check
        if value.strip() == "auto":
            raise ValueError("a json source needs the path to its list of items, e.g. data.items")
        return _check_path(value.strip())
    if kind in {"feed", "sitemap"} and value is not None:
        raise ValueError(f"a {kind} source reads every entry itself; remove `items`")
    if value is not None and value.strip() in {"", "auto"}:
        return None
    return _check_selector(value)


def _json_shorthand(value: Any, info: ValidationInfo) -> Any:
    """For json sources a bare string is a path, not a selector."""
    if _kind(info) == "json" and isinstance(value, dict):
        return {k: {"path": v} if isinstance(v, str) else v for k, v in value.items()}
    return value


def _check_fields(value: Fields, info: ValidationInfo) -> Fields:
    kind = _kind(info)
    specs = value.specs()
    if kind in {"feed", "sitemap"} and specs:
        raise ValueError(f"a {kind} source reads its fields itself; remove `fields`")
    for name, spec in specs.items():
        if kind == "json" and spec.selector is not None:
            raise ValueError(f"{name}: a json source reads fields by `path`, not `selector`")
        if kind == "html" and spec.path is not None:
            raise ValueError(f"{name}: `path` is for json sources; use `selector`")
    return value


def _check_next(value: str | None, info: ValidationInfo) -> str | None:
    kind = _kind(info)
    if value is None or kind is None:
        return value
    if kind == "sitemap":
        raise ValueError(
            "a sitemap has no next page; `max_pages` says how many sitemaps of an index to read"
        )
    if PAGE_PLACEHOLDER in value:
        return value
    if kind == "html":
        return _check_selector(value)
    if kind == "json":
        return _check_path(value)
    raise ValueError(f"a {kind} source takes `next` only as a URL template with {{page}}")


def _check_render(value: str | None, info: ValidationInfo) -> str | None:
    kind = _kind(info)
    if value is not None and kind is not None and kind != "html":
        raise ValueError(f"`render: {value}` is for html pages, not {kind} sources")
    return value


def _check_wait_for(value: str | None) -> str | None:
    if value is None or value.strip() == NETWORK_IDLE:
        return value
    return _check_selector(value)


def _check_source(model: Any) -> None:
    if model.type == "json" and model.items is None:
        raise ValueError(
            "a json source needs `items`: the path to its list of items "
            "(e.g. data.items; . for a top-level list)"
        )
    if model.next is not None and model.max_pages < 2:
        raise ValueError("`next` reads more pages only with `max_pages` of 2 or more")
    if model.wait_for is not None and model.render is None:
        raise ValueError("`wait_for` needs `render: browser`")


class _Reading(_Model):
    """How a source is read: the keys a feed and each of its `sources:` share."""

    type: _Type = "html"
    items: _Items = None
    fields: Fields = Field(
        default_factory=Fields, description="Per-field selectors (html) or paths (json)."
    )
    next: _Next = None
    max_pages: _MaxPages = 1
    render: _Render = None
    wait_for: _WaitFor = None

    _items = field_validator("items")(_check_items)
    _fields_before = field_validator("fields", mode="before")(_json_shorthand)
    _fields = field_validator("fields")(_check_fields)
    _next = field_validator("next")(_check_next)
    _render = field_validator("render")(_check_render)
    _wait_for = field_validator("wait_for")(_check_wait_for)


class SourceConfig(_Reading):
    """One of a feed's `sources:`, merged with the others into one feed."""

    url: str = Field(description="The source: http(s) URL, file:// URL or local path.")
    language: str | None = Field(None, description="Language code of this source.")
    timezone: str | None = Field(
        None, description="IANA zone for this source's dates written without one."
    )
    headers: dict[str, str] | None = Field(None, description="Extra HTTP request headers.")
    user_agent: str | None = Field(None, description="User-Agent header sent to this source.")
    timeout: Annotated[float, Field(gt=0, le=600)] | None = Field(
        None, description="Seconds to wait for this source."
    )

    _timezone = field_validator("timezone")(_check_timezone)

    @model_validator(mode="after")
    def _consistent(self) -> SourceConfig:
        _check_source(self)
        return self


class FeedConfig(FeedOptions, _Reading):
    """One feed in `feeds:`."""

    id: str = Field(
        pattern=_ID_PATTERN,
        max_length=MAX_ID_LENGTH,
        description="File name stem: public/<id>.xml, .atom, .json and the page <id>.html. "
        "Not one of the site's own names (index, feeds, feed, status), and unique whatever "
        "the case.",
    )
    _id = field_validator("id")(check_feed_id)
    url: str | None = Field(
        None,
        description="The page to read: http(s) URL, file:// URL or local path "
        "(or give `sources:` instead).",
    )

    title: str | None = Field(None, description="Feed title (default: the page's <title>).")
    description: str | None = Field(None, description="Feed description.")
    sources: list[SourceConfig] | None = Field(
        None,
        description="Several sources merged into one feed (each with its own url, type, items, "
        "fields, ...), instead of `url`. Entries are deduplicated by id and by link.",
    )
    enabled: bool = Field(True, description="Set false to keep a source in the file but skip it.")
    content: str | None = Field(
        None,
        description="With full_text: CSS selector of the article body on the article page "
        "(default: found automatically).",
    )
    remove: list[str] = Field(
        default_factory=list,
        description="With full_text: CSS selectors of elements to drop from the article page.",
    )
    # line of the feed in the YAML file, for messages
    line: int | None = Field(None, exclude=True, json_schema_extra={"hidden": True})

    @model_validator(mode="after")
    def _consistent(self) -> FeedConfig:
        if self.sources is not None:
            if not self.sources:
                raise ValueError("`sources:` needs at least one source")
            clash = sorted(k for k in SOURCE_KEYS if k in self.model_fields_set)
            if clash:
                raise ValueError(f"with `sources:`, {', '.join(clash)} belong inside each source")
            return self
        if self.url is None:
            raise ValueError("a feed needs a `url` (or `sources:`)")
        _check_source(self)
        return self

    @field_validator("content")
    @classmethod
    def _content(cls, value: str | None) -> str | None:
        return check_css(value) if value is not None else None

    @field_validator("remove")
    @classmethod
    def _remove(cls, value: list[str]) -> list[str]:
        return [check_css(selector) for selector in value]

    @property
    def auto(self) -> bool:
        return self.type == "html" and self.items is None

    def option(self, name: str, default: Any) -> Any:
        value = getattr(self, name)
        return default if value is None else value

    def source_configs(self) -> tuple[FeedConfig, ...]:
        """Each source as a feed of its own (this feed with the source's keys), in order."""
        if not self.sources:
            return (self,)
        configs = []
        for source in self.sources:
            update: dict[str, Any] = {key: getattr(source, key) for key in SOURCE_KEYS}
            update |= {
                k: getattr(source, k) for k in SOURCE_OPTIONS if k in source.model_fields_set
            }
            update["sources"] = None
            configs.append(self.model_copy(update=update))
        return tuple(configs)


class Site(_Model):
    """Where public/ is hosted."""

    base_url: str | None = Field(
        None, description="URL where public/ is served; used for feed self links."
    )
    title: str = Field("feedsmith", description="Title of the index page.")
    websub_hub: str | None = Field(None, description="WebSub hub to declare and ping.")

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str | None) -> str | None:
        if value is not None and not value.endswith("/"):
            return value + "/"
        return value


class Crawl(_Model):
    """How politely and within which limits pages are fetched (every feed, every host)."""

    workers: Annotated[int, Field(ge=1, le=256)] = Field(
        8, description="Feeds built at the same time (on different hosts)."
    )
    per_host: Annotated[int, Field(ge=1, le=16)] = Field(
        1, description="Requests in flight to one host at a time."
    )
    delay: Annotated[float, Field(ge=0, le=600)] | None = Field(
        None,
        description="Seconds between two requests to one host (default 1; none for "
        "127.0.0.1/localhost). A longer robots.txt Crawl-delay wins.",
    )
    connect_timeout: Annotated[float, Field(gt=0, le=600)] = Field(
        10.0, description="Seconds to wait for a connection."
    )
    total_timeout: Annotated[float, Field(gt=0, le=3600)] = Field(
        60.0, description="Seconds one response may take in total, however slowly it trickles."
    )
    max_bytes: Annotated[int, Field(ge=1024)] = Field(
        10 * 1024 * 1024,
        description="Largest response accepted, in bytes, after decompression (default 10 MB).",
    )
    max_redirects: Annotated[int, Field(ge=0, le=50)] = Field(
        10, description="Redirects followed before giving up."
    )
    retries: Annotated[int, Field(ge=0, le=10)] = Field(
        2, description="Further attempts after a connection error, a 5xx or a 429."
    )
    backoff: Annotated[float, Field(ge=0, le=600)] = Field(
        1.0, description="Seconds before the first retry; doubled for each next one."
    )
    retry_after_max: Annotated[float, Field(ge=0, le=86400)] = Field(
        120.0,
        description="Longest Retry-After (429/503) waited for; a longer one fails the run "
        "and the host is left alone until then.",
    )


class Run(_Model):
    """How `feedsmith run` schedules feeds."""

    jitter: Annotated[float, Field(ge=0, le=3600)] = Field(
        60.0,
        description="Up to this many seconds (and never more than a tenth of its interval) "
        "added at random to each run, so feeds do not all start at once.",
    )
    retry_min: Annotated[float, Field(ge=1, le=86400)] = Field(
        300.0, description="Seconds before a failing feed is tried again; doubled each failure."
    )
    retry_max: Annotated[float, Field(ge=1, le=7 * 86400)] = Field(
        6 * 3600.0, description="Longest pause between attempts of a failing feed."
    )
    watch: bool = Field(True, description="Reload feeds.yaml when it changes.")


class Cluster(_Model):
    """Many machines building feeds together (`feedsmith cluster`)."""

    broker: str = Field(
        description="Celery broker, a redis:// URL (${VAR} read from the environment; "
        "FEEDSMITH_BROKER overrides)."
    )

    visibility_timeout: Annotated[int, Field(ge=2, le=7 * 86400)] = Field(
        3600,
        description="Seconds before a build that a worker took and never finished (the "
        "worker died) is handed to another worker. Longer than the longest build.",
    )
    lock_lease: Annotated[float, Field(ge=1, le=3600)] = Field(
        60.0,
        description="Seconds a feed's build lock outlives a worker that died holding it "
        "(renewed every third of it while the build runs).",
    )

    @field_validator("broker")
    @classmethod
    def _broker(cls, value: str) -> str:
        return check_endpoint("broker", value)


class Config(_Model):
    """The whole of feeds.yaml."""

    site: Site = Field(default_factory=lambda: Site())
    state_dir: str = Field(".feedsmith", description="Folder for the HTTP cache and state DB.")
    public_dir: str = Field("public", description="Folder the feed files are written to.")
    defaults: FeedOptions = Field(default_factory=lambda: FeedOptions())
    crawl: Crawl = Field(
        default_factory=lambda: Crawl(), description="Politeness and limits of fetching."
    )
    run: Run = Field(default_factory=lambda: Run(), description="Scheduling by `feedsmith run`.")
    state: str | None = Field(
        None,
        description="Where entries and feed state are kept: a SQLite file (default "
        "<state_dir>/state.sqlite) or postgresql://USER@HOST/DB. ${VAR} is read from the "
        "environment; FEEDSMITH_STATE overrides.",
    )
    cache: str | None = Field(
        None,
        description="The HTTP cache, per-host limits and feed locks: SQLite in the state "
        "folder (default) or redis://HOST:PORT/DB, shared by many machines. ${VAR} is read "
        "from the environment; FEEDSMITH_CACHE overrides.",
    )
    publish: str | None = Field(
        None,
        description="Where feed files go: the public_dir folder (default) or "
        "s3://BUCKET/PREFIX/?endpoint=URL&region=NAME (any S3-compatible store). ${VAR} is "
        "read from the environment; FEEDSMITH_PUBLISH overrides.",
    )
    cluster: Cluster | None = Field(
        None, description="Many machines building feeds together (`feedsmith cluster`)."
    )
    feeds: list[FeedConfig] = Field(default_factory=list)
    # the folder of the config file; relative paths resolve against it
    root: Path = Field(Path("."), exclude=True, json_schema_extra={"hidden": True})

    @property
    def state_path(self) -> Path:
        return self.root / self.state_dir

    @property
    def public_path(self) -> Path:
        return self.root / self.public_dir

    @field_validator("state", "cache", "publish")
    @classmethod
    def _endpoint(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else check_endpoint(str(info.field_name), value)

    def feed(self, feed_id: str) -> FeedConfig:
        for feed in self.feeds:
            if feed.id == feed_id:
                return feed
        raise KeyError(feed_id)

    def resolve_url(self, feed: FeedConfig) -> str:
        """A local path in the config is relative to the config file; for a feed with
        `sources:`, the first source's address."""
        url = feed.url if feed.url is not None else feed.source_configs()[0].url
        assert url is not None
        return self.resolve(url)

    def resolve(self, url: str) -> str:
        if "://" in url:
            return url
        return (self.root / url).resolve().as_uri()


# --- loading ---------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]
# libyaml's loader where PyYAML was built with it: the same documents, ten times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML and record the 1-based line of every mapping key and sequence item."""
    lines: dict[Path_, int] = {}

    def walk(n: yaml.Node, path: Path_) -> None:
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key = (*path, str(key_node.value))
                lines[key] = key_node.start_mark.line + 1
                walk(value_node, key)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                lines[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    # parsed once: the lines are read from the node tree, then the data is built from it
    # (building flattens `<<` merge keys in place, so it comes second)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        walk(node, ())
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _line(lines: Mapping[Path_, int], path: Path_) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _issues(
    exc: ValidationError, file: str, lines: Mapping[Path_, int], prefix: Path_, feed_id: str | None
) -> list[ConfigIssue]:
    found = []
    for err in exc.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        # drop pydantic's union branch names such as "constrained-int" from the key
        key = ".".join(str(x) for x in loc if not (isinstance(x, str) and "-" in x and x != "id"))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = _unknown_key(str(loc[-1]) if loc else "")
        found.append(ConfigIssue(file, _line(lines, prefix + loc), feed_id, key, message))
    return found


def _yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """What is wrong, in plain words, with the column (PyYAML speaks of tokens and scanners)."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    column = f" (column {mark.column + 1})" if mark is not None else ""
    lines = text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent or "tab" in problem:
        return "a tab is not allowed for indentation: indent with spaces"
    if "mapping values are not allowed" in problem:
        return (
            f"a `: ` where no key can start{column}: put a value that contains `: ` in quotes, "
            "or check the indentation"
        )
    if "found unexpected end of stream" in problem and "quoted" in context:
        return "a quote is opened and never closed"
    if "could not find expected ':'" in problem:
        return f"a line without `key: value`{column}, or a quote that is not closed"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return f"this line's indentation does not line up with the lines above it{column}"
    if "did not find expected '-' indicator" in problem:
        return f"this list item's indentation does not line up with the items above it{column}"
    if "expected ',' or" in problem or "flow" in context:
        return f"a `[...]` or `{{...}}` that is not closed properly{column}"
    if "found character" in problem and "cannot start any token" in problem:
        at = mark.column if mark is not None else len(line_text)
        char = f"`{line_text[at]}`" if at < len(line_text) else "this character"
        return f"{char} cannot start a value{column}: put the value in quotes"
    if "found undefined alias" in problem or "found undefined tag" in problem:
        return f"{problem}{column}: put a value that starts with `*` or `!` in quotes"
    return f"{problem or exc}{column}"


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.75)
    if close:
        return f"unknown key: did you mean `{close[0]}`?"
    return "unknown key (check the spelling)"


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Every key the config models know, at any depth (for "did you mean")."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                yield from properties
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    return tuple(sorted(set(walk(json_schema()))))


def load_config(path: str | Path) -> Config:
    """Read and check a config file, raising `ConfigError` with every problem found."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        error = ConfigError((ConfigIssue(file, None, None, "", "no such file"),))
        error.explained = True
        raise error from exc
    except OSError as exc:
        reason = f"cannot read it: {exc.strerror or exc}"
        raise ConfigError((ConfigIssue(file, None, None, "", reason),)) from exc
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte {exc.start} cannot be read)"
        raise ConfigError((ConfigIssue(file, None, None, "", reason),)) from exc
    return parse_config(text, file=file, root=path.resolve().parent)


def parse_config(text: str, *, file: str = "feeds.yaml", root: Path = Path(".")) -> Config:
    try:
        data, lines = _load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {_yaml_problem(exc, text)}"
        raise ConfigError((ConfigIssue(file, line, None, "", message),)) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError((ConfigIssue(file, 1, None, "", "the file must be a mapping"),))

    issues: list[ConfigIssue] = []
    top = {k: v for k, v in data.items() if k != "feeds"}
    try:
        base = Config.model_validate({**top, "root": root})
    except ValidationError as exc:
        issues += _issues(exc, file, lines, (), None)
        base = Config(root=root)

    raw_feeds = data.get("feeds") or []
    if not isinstance(raw_feeds, list):
        issues.append(ConfigIssue(file, _line(lines, ("feeds",)), None, "feeds", "must be a list"))
        raw_feeds = []
    raw_defaults = top.get("defaults") if isinstance(top.get("defaults"), dict) else {}
    if any(issue.key.startswith("defaults") for issue in issues):
        raw_defaults = {}  # already reported; do not report it again for every feed
    feeds: list[FeedConfig] = []
    seen: dict[str, int | None] = {}
    folded: dict[str, tuple[str, int | None]] = {}
    for i, raw in enumerate(raw_feeds):
        feed, found = _parse_feed(raw, i, raw_defaults or {}, file, lines)
        issues += found
        if feed is None:
            continue
        if feed.id in seen:
            issues.append(
                ConfigIssue(
                    file,
                    feed.line,
                    feed.id,
                    "id",
                    f"duplicate feed id (first used on line {seen[feed.id]})",
                )
            )
            continue
        twin = folded.get(feed.id.casefold())
        if twin is not None:
            issues.append(
                ConfigIssue(
                    file,
                    feed.line,
                    feed.id,
                    "id",
                    f"differs from feed id {twin[0]!r} (line {twin[1]}) only in case: their "
                    "files would be the same on a case-insensitive disk or host",
                )
            )
            continue
        seen[feed.id] = feed.line
        folded[feed.id.casefold()] = (feed.id, feed.line)
        feeds.append(feed)
    issues += _folder_issues(base, file, lines)
    if issues:
        raise ConfigError(tuple(issues))
    return base.model_copy(update={"feeds": feeds})


def _folder_issues(config: Config, file: str, lines: Mapping[Path_, int]) -> list[ConfigIssue]:
    """Everything in public/ is published: the state folder and feeds.yaml must stay out."""
    public = config.public_path.resolve()
    found = []
    if config.state_path.resolve().is_relative_to(public):
        found.append(
            ConfigIssue(
                file,
                _line(lines, ("state_dir",)) or _line(lines, ("public_dir",)),
                None,
                "state_dir",
                f"the state folder {config.state_dir!r} is inside the public folder "
                f"{config.public_dir!r}: its database and HTTP cache would be published; "
                "keep them apart",
            )
        )
    config_file = (config.root / Path(file).name).resolve()
    if config_file.is_relative_to(public):
        found.append(
            ConfigIssue(
                file,
                _line(lines, ("public_dir",)),
                None,
                "public_dir",
                f"the public folder {config.public_dir!r} holds this config file: it would be "
                "published; use a folder of its own (the default is `public`)",
            )
        )
    return found


def _parse_feed(
    raw: Any, index: int, defaults: Mapping[str, Any], file: str, lines: Mapping[Path_, int]
) -> tuple[FeedConfig | None, list[ConfigIssue]]:
    line = _line(lines, ("feeds", index))
    if not isinstance(raw, dict):
        return None, [ConfigIssue(file, line, None, f"feeds.{index}", "a feed must be a mapping")]
    feed_id = str(raw.get("id")) if raw.get("id") is not None else f"#{index + 1}"
    merged = {**defaults, **raw, "line": line}
    try:
        return FeedConfig.model_validate(merged), []
    except ValidationError as exc:
        return None, _issues(exc, file, lines, ("feeds", index), feed_id)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of feeds.yaml, for editors with a YAML language server."""
    schema = Config.model_json_schema(mode="validation")
    _drop_hidden(schema)
    # the shorthands the validators accept: a bare selector string, a single attribute name
    spec = schema["$defs"]["FieldSpec"]
    attr = spec["properties"]["attr"]
    spec["properties"]["attr"] = {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "description": attr["description"],
    }
    schema["$defs"]["FieldSpec"] = {
        "anyOf": [
            {"type": "string", "description": "A selector: shorthand for {selector: ...}"},
            spec,
        ]
    }
    rule = schema["$defs"]["FilterRule"]
    rule["properties"]["in"] = {
        "anyOf": [
            {"enum": list(FILTER_FIELDS)},
            {"type": "array", "items": {"enum": list(FILTER_FIELDS)}},
        ],
        "description": rule["properties"]["in"]["description"],
    }
    schema["$defs"]["FilterRule"] = {
        "anyOf": [
            {"type": "string", "description": "A pattern: shorthand for {pattern: ...}"},
            rule,
        ]
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "feedsmith configuration (feeds.yaml)"
    return schema


def _drop_hidden(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [n for n, p in props.items() if isinstance(p, dict) and p.get("hidden")]:
                del props[name]
        for value in node.values():
            _drop_hidden(value)
    elif isinstance(node, list):
        for value in node:
            _drop_hidden(value)


def select_feeds(config: Config, ids: Sequence[str]) -> list[FeedConfig]:
    """The enabled feeds, or the named ones (enabled or not); unknown ids raise KeyError."""
    if not ids:
        return [f for f in config.feeds if f.enabled]
    return [config.feed(i) for i in ids]
