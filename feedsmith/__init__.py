"""feedsmith: turn websites that have no feed into RSS 2.0, Atom 1.0 and JSON Feed files.

The public API, for scripts that drive feedsmith from Python::

    from feedsmith import Runtime, build_all, load_config

    config = load_config("feeds.yaml")
    with Runtime(config) as runtime:
        for result in build_all(config.feeds, runtime):
            print(result.feed_id, result.status, result.error or "")
"""

from __future__ import annotations

__version__ = "0.1.0"

from feedsmith.config import Config, FeedConfig, load_config
from feedsmith.errors import ConfigError, FeedsmithError
from feedsmith.pipeline import Runtime, build_all, build_feed, inspect_feed
from feedsmith.types import BuildResult, Diagnostic, Entry, Feed

__all__ = [
    "BuildResult",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Entry",
    "Feed",
    "FeedConfig",
    "FeedsmithError",
    "Runtime",
    "__version__",
    "build_all",
    "build_feed",
    "inspect_feed",
    "load_config",
]
