"""One feed: its options (which `defaults:` may set for every feed: language, schedule, filters,
full text, ...) and `FeedConfig`, a feed in `feeds:`."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from feedsmith.config.base import StrictModel
from feedsmith.config.checks import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    check_css,
    check_feed_id,
    check_timezone,
)
from feedsmith.config.schedule import crontab_fields, parse_interval
from feedsmith.config.sources import (
    SOURCE_KEYS,
    SOURCE_OPTIONS,
    Reading,
    SourceConfig,
    check_source,
)
from feedsmith.types import Format

DEFAULT_USER_AGENT = "feedsmith/0.1 (+https://github.com/feedsmith/feedsmith)"


FILTER_FIELDS: tuple[Literal["title", "summary", "link", "author"], ...] = (
    "title",
    "summary",
    "link",
    "author",
)


class FilterRule(StrictModel):
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


class Filters(StrictModel):
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


class FeedOptions(StrictModel):
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

    _timezone = field_validator("timezone")(check_timezone)

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


class FeedConfig(FeedOptions, Reading):
    """One feed in `feeds:`."""

    id: str = Field(
        pattern=ID_PATTERN,
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
        check_source(self)
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
