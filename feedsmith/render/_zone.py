"""Dates written as the site writes them: with the feed's own UTC offset.

RFC 822 (RSS), RFC 3339 (Atom) and JSON Feed all carry an offset, and readers convert, so a
feed whose ``timezone`` is known writes ``Wed, 29 Oct 2025 00:00:00 +0100`` rather than the same
instant as ``Tue, 28 Oct 2025 23:00:00 +0000``: the day a person reads in the raw file or in
the browser view is the site's day. Without a zone, dates are written in UTC.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def in_zone(value: datetime, timezone: str | None) -> datetime:
    """``value`` (aware) in the feed's zone; as it is when the feed has none."""
    return value if timezone is None else value.astimezone(_zone(timezone))
