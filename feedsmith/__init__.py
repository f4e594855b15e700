"""feedsmith: turn websites that have no feed into RSS 2.0, Atom 1.0 and JSON Feed files.

The public API, for scripts that drive feedsmith from Python::

    from feedsmith import Runtime, build_all, load_config

    config = load_config("feeds.yaml")
    with Runtime(config) as runtime:
        for result in build_all(config.feeds, runtime):
            print(result.feed_id, result.status, result.error or "")
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:
    from feedsmith.config import Config, FeedConfig, load_config
    from feedsmith.errors import ConfigError, FeedsmithError
    from feedsmith.pipeline import Runtime, build_all, build_feed, inspect_feed
    from feedsmith.types import BuildResult, Diagnostic, Entry, Feed

# The public names load with their modules on first use (PEP 562), so that `import feedsmith`
# (which every command, `feedsmith --help` too, goes through) does not load the pipeline.
_HOMES = {
    "BuildResult": "feedsmith.types",
    "Config": "feedsmith.config",
    "ConfigError": "feedsmith.errors",
    "Diagnostic": "feedsmith.types",
    "Entry": "feedsmith.types",
    "Feed": "feedsmith.types",
    "FeedConfig": "feedsmith.config",
    "FeedsmithError": "feedsmith.errors",
    "Runtime": "feedsmith.pipeline",
    "build_all": "feedsmith.pipeline",
    "build_feed": "feedsmith.pipeline",
    "inspect_feed": "feedsmith.pipeline",
    "load_config": "feedsmith.config",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'feedsmith' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
