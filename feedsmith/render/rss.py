"""RSS 2.0 through feedgen."""

from __future__ import annotations

from feedsmith.render._feedgen import generator, serialise
from feedsmith.types import Feed


def render_rss(feed: Feed) -> bytes:
    return serialise(generator(feed, "rss"), feed, "rss")
