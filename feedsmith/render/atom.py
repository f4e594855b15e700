"""Atom 1.0 (RFC 4287) through feedgen."""

from __future__ import annotations

from feedsmith.render._feedgen import generator, serialise
from feedsmith.types import Feed


def render_atom(feed: Feed) -> bytes:
    return serialise(generator(feed, "atom"), feed, "atom")
