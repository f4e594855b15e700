"""Load and check ``feeds.yaml``.

Every problem in the file is collected and reported at once, each with its line, feed id and key
(`ConfigError.issues`). Selectors, regular expressions and time zones are compiled here, so a
config that loads is a config that can run.

The modules, in the order they build on each other:

- `base`: the base of every model (frozen, unknown keys rejected);
- `checks`: checks of single values (feed ids, selectors, JSON paths, time zones);
- `schedule`: a feed's schedule, an interval or a crontab line;
- `fields`: what a feed takes from each item (`FieldSpec`, `Fields`);
- `sources`: where entries come from, shared by a feed and its `sources:` (`SourceConfig`);
- `feed`: a feed's options and the feed itself (`FeedOptions`, `FeedConfig`, filters);
- `settings`: the whole file (`Config`: site, crawl, run, cluster, feeds);
- `schema`: the JSON Schema of the file;
- `yamllines`: YAML with the line of every key;
- `messages`: problems in plain words, with their lines;
- `loading`: `load_config` and `parse_config`.
"""

from __future__ import annotations

from feedsmith.config.checks import (
    FEED_ID_PATTERN,
    MAX_ID_LENGTH,
    RESERVED_IDS,
    check_css,
    check_feed_id,
)
from feedsmith.config.feed import (
    DEFAULT_USER_AGENT,
    FILTER_FIELDS,
    FeedConfig,
    FeedOptions,
    FilterRule,
    Filters,
)
from feedsmith.config.fields import FIELD_NAMES, Fields, FieldSpec
from feedsmith.config.loading import load_config, parse_config
from feedsmith.config.schedule import crontab_fields, parse_interval
from feedsmith.config.schema import json_schema
from feedsmith.config.settings import Cluster, Config, Crawl, Run, Site, select_feeds
from feedsmith.config.sources import (
    MAX_PAGES,
    NETWORK_IDLE,
    PAGE_PLACEHOLDER,
    SOURCE_KEYS,
    SOURCE_OPTIONS,
    SourceConfig,
    SourceType,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_ID_PATTERN",
    "FIELD_NAMES",
    "FILTER_FIELDS",
    "MAX_ID_LENGTH",
    "MAX_PAGES",
    "NETWORK_IDLE",
    "PAGE_PLACEHOLDER",
    "RESERVED_IDS",
    "SOURCE_KEYS",
    "SOURCE_OPTIONS",
    "Cluster",
    "Config",
    "Crawl",
    "FeedConfig",
    "FeedOptions",
    "FieldSpec",
    "Fields",
    "FilterRule",
    "Filters",
    "Run",
    "Site",
    "SourceConfig",
    "SourceType",
    "check_css",
    "check_feed_id",
    "crontab_fields",
    "json_schema",
    "load_config",
    "parse_config",
    "parse_interval",
    "select_feeds",
]
