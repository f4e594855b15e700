"""Where a feed's entries come from: the keys a feed and each of its `sources:` share (type, url,
items, fields, next pages, browser rendering), their checks against the source's type, and
`SourceConfig`, one of a feed's `sources:`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from feedsmith.config.base import StrictModel
from feedsmith.config.checks import check_path, check_selector, check_timezone
from feedsmith.config.fields import Fields

SourceType = Literal["html", "feed", "sitemap", "json"]
# pages (or child sitemaps) one source may read per build
MAX_PAGES = 20
PAGE_PLACEHOLDER = "{page}"
NETWORK_IDLE = "networkidle"


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
        return check_path(value.strip())
    if kind in {"feed", "sitemap"} and value is not None:
        raise ValueError(f"a {kind} source reads every entry itself; remove `items`")
    if value is not None and value.strip() in {"", "auto"}:
        return None
    return check_selector(value)


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
        return check_selector(value)
    if kind == "json":
        return check_path(value)
    raise ValueError(f"a {kind} source takes `next` only as a URL template with {{page}}")


def _check_render(value: str | None, info: ValidationInfo) -> str | None:
    kind = _kind(info)
    if value is not None and kind is not None and kind != "html":
        raise ValueError(f"`render: {value}` is for html pages, not {kind} sources")
    return value


def _check_wait_for(value: str | None) -> str | None:
    if value is None or value.strip() == NETWORK_IDLE:
        return value
    return check_selector(value)


def check_source(model: Any) -> None:
    if model.type == "json" and model.items is None:
        raise ValueError(
            "a json source needs `items`: the path to its list of items "
            "(e.g. data.items; . for a top-level list)"
        )
    if model.next is not None and model.max_pages < 2:
        raise ValueError("`next` reads more pages only with `max_pages` of 2 or more")
    if model.wait_for is not None and model.render is None:
        raise ValueError("`wait_for` needs `render: browser`")


class Reading(StrictModel):
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


class SourceConfig(Reading):
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

    _timezone = field_validator("timezone")(check_timezone)

    @model_validator(mode="after")
    def _consistent(self) -> SourceConfig:
        check_source(self)
        return self
