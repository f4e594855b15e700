"""The files around the feeds in public/: the index page, the OPML list, the feed stylesheet,
and the HTTP headers for static hosts.

`collect` turns the config and each feed's recorded state into `Listing` values; the
``render_*`` functions turn listings into bytes and read no clock, so the same state always gives
the same files; `refresh` is the I/O shell that writes them, each only when its bytes changed.
Every address in these files is relative to public/ unless ``site.base_url`` is set, so the
folder works on any host, and from `feedsmith serve`.

The modules: `files` (the site's file names, every file's Content-Type, cache lifetimes),
`listings` (`collect`: what the site says about each feed), `index` (the index page), `opml`
(the OPML list), `headers` (the `_headers` file of static hosts), `stylesheet` (the XSL view
of a feed); this package renders them all and writes the ones that changed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from feedsmith.config import Config
from feedsmith.publish import write_atomic
from feedsmith.site.files import (
    CONTENT_TYPES,
    DEFAULT_MAX_AGE,
    HEADERS,
    INDEX,
    INDEX_MAX_AGE,
    MAX_MAX_AGE,
    OPML,
    STYLESHEET,
)
from feedsmith.site.headers import render_headers
from feedsmith.site.index import HEALTH_CLASSES, render_index
from feedsmith.site.listings import FORMATS, FeedFile, Listing, collect, max_age
from feedsmith.site.opml import render_opml
from feedsmith.site.stylesheet import render_stylesheet

__all__ = [
    "CONTENT_TYPES",
    "DEFAULT_MAX_AGE",
    "FORMATS",
    "HEADERS",
    "HEALTH_CLASSES",
    "INDEX",
    "INDEX_MAX_AGE",
    "MAX_MAX_AGE",
    "OPML",
    "STYLESHEET",
    "FeedFile",
    "Listing",
    "collect",
    "max_age",
    "refresh",
    "render_headers",
    "render_index",
    "render_opml",
    "render_site",
    "render_stylesheet",
]

log = logging.getLogger(__name__)


def render_site(config: Config, listings: tuple[Listing, ...]) -> tuple[tuple[str, bytes], ...]:
    """Every site file as (name, bytes)."""
    return (
        (INDEX, render_index(config.site, listings)),
        (OPML, render_opml(config.site, listings)),
        (STYLESHEET, render_stylesheet()),
        (HEADERS, render_headers(listings)),
    )


def refresh(
    config: Config,
    states: Mapping[str, Mapping[str, Any]],
    public_dir: Path,
    *,
    present: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """Write the site files that changed; return their names. ``present``: the names of the
    files published (by default, those in ``public_dir``). Raises `PublishError`."""
    if present is None:
        present = (
            frozenset(p.name for p in public_dir.iterdir() if p.is_file())
            if public_dir.is_dir()
            else frozenset()
        )
    files = render_site(config, collect(config, states, present))
    written = tuple(name for name, data in files if write_atomic(public_dir / name, data))
    if written:
        log.info("site files written: %s", ", ".join(written))
    return written
