"""Load and check ``feeds.yaml``.

Every problem in the file is collected and reported at once, each with its line, feed id and key
(`ConfigError.issues`). Selectors, regular expressions and time zones are compiled here, so a
config that loads is a config that can run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from feedsmith.errors import ConfigError, ConfigIssue
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
)
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_selector(value: str | None) -> str | None:
    if value is not None:
        try:
            compile_selector(value)
        except SelectorSyntaxError as exc:
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

    def specs(self) -> dict[str, FieldSpec]:
        return {name: spec for name in FIELD_NAMES if (spec := getattr(self, name)) is not None}


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

    _timezone = field_validator("timezone")(_check_timezone)

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("cron:"):
            parse_interval(value)
        return value


class FeedConfig(FeedOptions):
    """One source in `feeds:`."""

    id: str = Field(
        pattern=_ID_PATTERN, description="File name stem: public/<id>.xml, .atom, .json."
    )
    url: str = Field(description="The page to read: http(s) URL, file:// URL or local path.")
    title: str | None = Field(None, description="Feed title (default: the page's <title>).")
    description: str | None = Field(None, description="Feed description.")
    items: str | None = Field(
        None,
        description="Selector of the element that holds one item (CSS, or xpath:EXPR); "
        "`auto` or empty to detect the article list automatically.",
    )
    fields: Fields = Field(default_factory=Fields, description="Per-field selectors.")
    enabled: bool = Field(True, description="Set false to keep a source in the file but skip it.")
    # line of the feed in the YAML file, for messages
    line: int | None = Field(None, exclude=True, json_schema_extra={"hidden": True})

    @field_validator("items")
    @classmethod
    def _items(cls, value: str | None) -> str | None:
        if value is not None and value.strip() in {"", "auto"}:
            return None
        return _check_selector(value)

    @property
    def auto(self) -> bool:
        return self.items is None

    def option(self, name: str, default: Any) -> Any:
        value = getattr(self, name)
        return default if value is None else value


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


class Config(_Model):
    """The whole of feeds.yaml."""

    site: Site = Field(default_factory=lambda: Site())
    state_dir: str = Field(".feedsmith", description="Folder for the HTTP cache and state DB.")
    public_dir: str = Field("public", description="Folder the feed files are written to.")
    defaults: FeedOptions = Field(default_factory=lambda: FeedOptions())
    feeds: list[FeedConfig] = Field(default_factory=list)
    # the folder of the config file; relative paths resolve against it
    root: Path = Field(Path("."), exclude=True, json_schema_extra={"hidden": True})

    @property
    def state_path(self) -> Path:
        return self.root / self.state_dir

    @property
    def public_path(self) -> Path:
        return self.root / self.public_dir

    def feed(self, feed_id: str) -> FeedConfig:
        for feed in self.feeds:
            if feed.id == feed_id:
                return feed
        raise KeyError(feed_id)

    def resolve_url(self, feed: FeedConfig) -> str:
        """A local path in the config is relative to the config file."""
        if "://" in feed.url:
            return feed.url
        return (self.root / feed.url).resolve().as_uri()


# --- loading ---------------------------------------------------------------------------------

Path_ = tuple[str | int, ...]
# libyaml's loader where PyYAML was built with it: the same documents, ten times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML and record the 1-based line of every mapping key and sequence item."""
    node = yaml.compose(text, Loader=_Loader)
    lines: dict[Path_, int] = {}
    if node is None:
        return {}, lines

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

    walk(node, ())
    return yaml.load(text, Loader=_Loader), lines


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
            message = "unknown key (check the spelling)"
        found.append(ConfigIssue(file, _line(lines, prefix + loc), feed_id, key, message))
    return found


def load_config(path: str | Path) -> Config:
    """Read and check a config file, raising `ConfigError` with every problem found."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError((ConfigIssue(file, None, None, "", f"cannot read: {exc}"),)) from exc
    return parse_config(text, file=file, root=path.resolve().parent)


def parse_config(text: str, *, file: str = "feeds.yaml", root: Path = Path(".")) -> Config:
    try:
        data, lines = _load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError((ConfigIssue(file, line, None, "", f"not valid YAML: {exc}"),)) from exc
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
        seen[feed.id] = feed.line
        feeds.append(feed)
    if issues:
        raise ConfigError(tuple(issues))
    return base.model_copy(update={"feeds": feeds})


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
