"""The result of automatic list detection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from feedsmith.types import RawItem


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """The list `detect` found on a page, and how it found it."""

    # the items in page order; values: title, link, summary, image, author (str | None)
    items: tuple[RawItem, ...]
    # "json-ld", "microdata", "next-data", "heuristic" (one repeated block), "blocks" (the
    # teasers of several blocks of a news page, newest first when dated) or "none"
    method: str
    # CSS selectors: "items" (on the document) and fields relative to one item element;
    # empty when the method is not selector-based
    selectors: Mapping[str, str]
    # absolute URLs of the feeds the page advertises with <link rel="alternate">
    feed_links: tuple[str, ...]
    # confidence of the chosen group, for diagnostics (0 when nothing was found)
    score: float
