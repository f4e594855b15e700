"""Read the dates of a republished feed (``type: feed``) as the feed's own formats define them.

A feed's dates are machine dates in a known format, not text on a page, so they are read by
the format's rules first, and by the text chain (`feedsmith.normalise.dates`) only where no
format applies. A chain, first success wins:

1. W3CDTF / RFC 3339 (Atom, JSON Feed, ``dc:date``) and the ISO 8601 forms feeds use, read here:
   a partial date is the first instant it names (``2003-12`` is 1 December 2003, 00:00), never
   a part taken from today; a two-digit year is 2000-2049 or 1950-1999, as RFC 2822 reads it;
2. feedparser's readers of RFC 822 (RSS ``pubDate``, with the obsolete and North American zone
   names ``MET``, ``MEST``, ``AT``, ``ET``, ``CT``, ``MT``, ``PT``), asctime, Perforce, and the
   Greek, Hungarian and Korean forms some feeds were written in;
3. only for a string in none of those shapes (``29 octobre 2025``, ``hace 3 días``): the text
   chain, with day, month and year required (nothing filled in from the clock).

A string shaped like an RFC 822 or ISO date that breaks its format (``25:14:55``, a month
``zzz``, a zone ``+00:xx``) is no date: guessing around the broken part would publish a wrong
time. So is a date that cannot be represented (year 10000). Either way the entry gets the time
it was first seen, with a warning (`feedsmith.normalise`).

A time written without a zone is read in the feed's ``timezone``, as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from time import struct_time
from zoneinfo import ZoneInfo

from feedsmith.normalise.dates import FUTURE_SLACK, Reading, read_date

_W3C = re.compile(
    r"""(?P<year>\d{4})
    (?:-(?P<month>0?\d{2})        # "2003-012-31": one zero too many, which feedparser reads
       (?:-(?P<day>\d{2})(?P<time>.*))?
    )?""",
    re.X | re.S,
)
# ISO 8601 (1988) truncated forms, two-digit years: -YYMM, -YY-MM, YYMMDD, YY-MM-DD, YYYYMMDD
_TRUNCATED_MONTH = re.compile(r"-(?P<year>\d{2})-?(?P<month>\d{2})")
_CALENDAR = re.compile(
    r"(?P<year>\d{4}|\d{2})(?P<dash>-?)(?P<month>\d{2})(?P=dash)(?P<day>\d{2})(?P<time>.*)", re.S
)
_TIME = re.compile(
    r"""(?:[Tt]|\ +)
    (?P<hour>\d{2}):?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
    \ ?(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?""",
    re.X,
)
_ZONE = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?")
# an RFC 822 or asctime time followed by a zone (a name, or a signed offset)
_RFC_ZONE = re.compile(r"\d:\d{2}(?::\d{2})?\s*(?:[+-]\d|[A-Za-z])")
_ENDS_WITH_TIME = re.compile(r"\d:\d{2}(?::\d{2})?\s*$")
# shapes of machine dates: a date in one of these shapes that no reader takes is broken
_ISO_SHAPE = re.compile(r"\d{4}-|-?\d+$|-\d")
_RFC_SHAPE = re.compile(
    r"(?:mon|tue|wed|thu|fri|sat|sun)(?:[a-z]*day)?\b"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)


def read_feed_date(
    candidates: Sequence[str],
    *,
    now: datetime | None,
    timezone: str = "UTC",
    languages: Sequence[str] = (),
    fmt: str | None = None,
) -> Reading | None:
    """The first candidate that reads as a plausible date in a feed format (see above), as
    aware UTC; then the first that the text chain reads with day, month and year."""
    if fmt is not None:
        # the user's own format for this source: the text chain, which tries it first
        return read_date(candidates, now=now, timezone=timezone, languages=languages, fmt=fmt)
    texts = [text.strip() for text in candidates if text and text.strip()]
    for text in texts:
        value = feed_date(text, timezone)
        if value is not None and (now is None or value <= now + FUTURE_SLACK):
            return Reading(value)
    free = [text for text in texts if not is_machine_date(text)]
    if not free:
        return None
    return read_date(free, now=now, timezone=timezone, languages=languages, fmt=None, complete=True)


def is_machine_date(text: str) -> bool:
    """Whether ``text`` has the shape of an RFC 822 or ISO 8601 date (read right or not)."""
    return bool(_ISO_SHAPE.match(text) or _RFC_SHAPE.match(text))


@lru_cache(maxsize=4096)
def feed_date(text: str, zone_name: str = "UTC") -> datetime | None:
    """``text`` read by the feed formats' rules, as aware UTC; None if none reads it."""
    zone = ZoneInfo(zone_name)
    value = _iso(text, zone)
    if value is not None:
        return value
    for reader, zoned in _feedparser_readers():
        try:
            parsed = reader(text)
        except (KeyError, ValueError, OverflowError, IndexError, TypeError, AttributeError):
            parsed = None
        if not parsed:
            continue
        value = _from_tuple(parsed)
        if value is None:
            return None  # the format's reading, but not a representable date
        if not zoned and zone_name != "UTC" and not _RFC_ZONE.search(text):
            # feedparser reads a time without a zone as UTC; ours is the feed's zone
            value = _in_zone(value.replace(tzinfo=None), zone)
        return value
    return None


@lru_cache(maxsize=1)
def _feedparser_readers() -> tuple[tuple[Callable[[str], struct_time | None], bool], ...]:
    """feedparser's readers of the formats it knows, but not its ISO 8601 one (which fills
    missing parts from the clock and rolls 25:14 over to the next day); True for the readers
    that give the zone of their format themselves (Korean feeds are in Korean time)."""
    from feedparser.datetimes import (  # loaded with the first feed that needs it
        _parse_date_asctime,
        _parse_date_greek,
        _parse_date_hungarian,
        _parse_date_nate,
        _parse_date_onblog,
        _parse_date_perforce,
        _parse_date_rfc822,
    )

    def rfc822(text: str) -> struct_time | None:
        # a time and no zone: feedparser wants a zone there; the feed's zone is applied after
        parsed: struct_time | None = _parse_date_rfc822(
            text + " +0000" if _ENDS_WITH_TIME.search(text) else text
        )
        return parsed

    return (
        (rfc822, False),
        (_parse_date_asctime, False),
        (_parse_date_perforce, False),
        (_parse_date_greek, True),
        (_parse_date_hungarian, True),
        (_parse_date_nate, True),
        (_parse_date_onblog, True),
    )


def _from_tuple(parsed: struct_time) -> datetime | None:
    try:
        year, month, day, hour, minute, second = tuple(parsed)[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, OverflowError):
        return None  # year 0 or 10000


def _iso(text: str, zone: tzinfo) -> datetime | None:
    """W3CDTF and the ISO 8601 forms feeds use; the first instant of a partial date."""
    match = _W3C.fullmatch(text)
    if match is not None:
        year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
        rest = match["time"] or ""
    elif (match := _TRUNCATED_MONTH.fullmatch(text)) is not None:
        year, month, day, rest = _century(match["year"]), int(match["month"]), 1, ""
    elif (match := _CALENDAR.fullmatch(text)) is not None:
        year = int(match["year"]) if len(match["year"]) == 4 else _century(match["year"])
        month, day, rest = int(match["month"]), int(match["day"]), match["time"]
    else:
        return None
    hour = minute = second = micro = 0
    offset: tzinfo = zone
    if rest:
        time = _TIME.fullmatch(rest)
        if time is None:
            return None
        hour, minute = int(time["hour"]), int(time["minute"])
        second = int(time["second"] or 0)
        micro = int((time["fraction"] or "0")[:6].ljust(6, "0"))
        if time["zone"]:
            found = _offset(time["zone"])
            if found is None:
                return None
            offset = found
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=offset).astimezone(
            UTC
        )
    except (ValueError, OverflowError):
        return None  # out of range: 25:14, 10:61, month 13, or a year beyond 9999 in UTC


def _century(two_digits: str) -> int:
    year = int(two_digits)
    return year + (2000 if year < 50 else 1900)


def _offset(text: str) -> tzinfo | None:
    if text in {"Z", "z"}:
        return UTC
    match = _ZONE.fullmatch(text)
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > 23 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match["sign"] == "-" else delta)


def _in_zone(value: datetime, zone: tzinfo) -> datetime | None:
    try:
        return value.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:
        return None
