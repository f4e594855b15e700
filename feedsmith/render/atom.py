"""Atom 1.0 (RFC 4287) through feedgen."""

from __future__ import annotations

from feedsmith.render._feedgen import generator
from feedsmith.types import Feed


def render_atom(feed: Feed) -> bytes:
    data: bytes = generator(feed, "atom").atom_str(pretty=True)
    return data
