"""RSS 2.0 through feedgen."""

from __future__ import annotations

from feedsmith.render._feedgen import generator
from feedsmith.types import Feed


def render_rss(feed: Feed) -> bytes:
    data: bytes = generator(feed, "rss").rss_str(pretty=True)
    return data
