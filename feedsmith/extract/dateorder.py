"""Decide, for a whole list page, what its dates' numbers mean and which year a yearless date
is in; leave a date out rather than guess it.

A list page prints every item's date the same way, so the page as a whole decides what a
single date cannot:

- **The order of numbers** (`05/03/24`: 5 March 2024, 3 May 2024, or 24 March 2005 written
  year first as Korean, Japanese, Chinese, Hungarian and Swedish pages do). An order is
  possible when it reads every numeric date of the page as a real day. One possible order
  decides. Among several, the ones that put the page's dates in order (newest first or oldest
  first, three different days at least) are preferred; then the order of the page's language
  (month first in English, year first in the languages above, day first elsewhere). A bare
  `en` page or a page without a language has no order of its own: if the page does not
  decide, each date that reads differently in the remaining orders is left out.
- **The year of a date printed without one** (`Mar 05`, `05.03.`, `5 mars`), on a page listed
  newest first (or oldest first, when the dated items say so): a run of yearless items below
  an item with its year (a blog printing the year only for past years) takes, from the
  bottom up, the earliest year that keeps the order; a run with only a date above it (a dated
  item, or the page's own date: `article:modified_time` and its kin, which a generated list
  page sets to its newest item) takes, from the top down, the latest year that keeps the
  order, and only within the year before that date: past it the run's years could be any, and
  its items are left undated. A run with no date on either side counts down the same way from
  the day of the fetch (`Page.fetched_at`; list detection marks those items, whose year a later
  fetch may read otherwise); read with no fetch time, it is left as `--MM-DD` (read by
  `feedsmith.normalise.dates`: the latest such day that is not future).

Pure: the page's own values only, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from feedsmith.extract.datephrase import DatePhrase

__all__ = ["fill_years", "language_order", "resolve_order"]

# languages whose numeric dates put the year first (24.03.05, 24/03/05)
_YEAR_FIRST = frozenset({"ja", "zh", "ko", "hu", "lt", "mn", "sv"})
# three different days in order at least, for a page's order to prove anything
_ORDERED_AT_LEAST = 3
_ORDERS = ("dmy", "mdy", "ymd")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def language_order(language: str | None) -> str | None:
    """The order numeric dates follow in a language: "mdy", "ymd", "dmy"; None for a bare
    `en` (British and American pages both declare it) or no language."""
    lang = (language or "").strip().lower().replace("_", "-")
    base = lang.split("-")[0]
    if not base:
        return None
    if lang == "en-us" or lang.endswith("-us"):
        return "mdy"
    if lang == "en":
        return None
    if base in _YEAR_FIRST:
        return "ymd"
    return "dmy"


def _read(numbers: tuple[int, ...], order: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) the numbers give in `order`, None if that is no day."""
    if len(numbers) == 2:
        if order == "ymd":
            return None
        first, second = numbers
        month, day = (second, first) if order == "dmy" else (first, second)
        year = None
    else:
        a, b, c = numbers
        if order == "ymd":
            if c >= 100 or a >= 100:
                return None  # a four-digit year is written last here
            year, month, day = a, b, c
        elif order == "dmy":
            day, month, year = a, b, c
        else:
            month, day, year = a, b, c
    if year is not None and year < 100:
        year += 2000 if year < 70 else 1900
    try:
        date(year or 2000, month, day)  # 2000: a leap year, so 29 February stays possible
    except ValueError:
        return None
    return year, month, day


def _ordered(days: list[tuple[int | None, int, int]]) -> bool:
    """Whether the days, in page order, are sorted one way or the other (ties allowed), with
    enough different days for that to mean something."""
    keys = [(y or 0, m, d) for y, m, d in days]
    if len(set(keys)) < _ORDERED_AT_LEAST:
        return False
    pairs = list(pairwise(keys))
    return all(a >= b for a, b in pairs) or all(a <= b for a, b in pairs)


def resolve_order(
    phrases: Sequence[DatePhrase | None], language: str | None
) -> tuple[list[DatePhrase | None], frozenset[int]]:
    """The phrases with their numbers read in the page's order, and the indices of those whose
    reading nothing decides (to be left undated)."""
    numeric = [(i, p) for i, p in enumerate(phrases) if p is not None and p.numbers]
    if not numeric:
        return list(phrases), frozenset()
    possible = [
        order for order in _ORDERS if all(_read(p.numbers, order) is not None for _, p in numeric)
    ]
    # dates with a year and dates without one: each kind is ordered on its own
    ordered = [
        order
        for order in possible
        if _ordered([r for _, p in numeric if (r := _read(p.numbers, order)) and r[0]])
        or _ordered([r for _, p in numeric if (r := _read(p.numbers, order)) and not r[0]])
    ]
    choices = ordered or possible
    own = language_order(language)
    chosen = choices[0] if len(choices) == 1 else own if own in choices else None
    out = list(phrases)
    refused = set()
    for i, p in numeric:
        readings = {_read(p.numbers, o) for o in ([chosen] if chosen else choices)}
        readings.discard(None)
        if len(readings) != 1:
            refused.add(i)
            out[i] = None
            continue
        reading = readings.pop()
        assert reading is not None
        year, month, day = reading
        out[i] = replace(p, year=year, month=month, day=day, ambiguous="", evidence="")
    return out, frozenset(refused)


def page_date(values: Sequence[str]) -> date | None:
    """The first `YYYY-MM-DD` day among the page's own dates (meta values), if any."""
    for value in values:
        match = _ISO_DAY.match(value.strip())
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _earliest_from(month: int, day: int, low: date) -> date | None:
    for year in range(low.year, low.year + 5):
        found = _day(year, month, day)
        if found is not None and found >= low:
            return found
    return None


def _latest_until(month: int, day: int, high: date) -> date | None:
    for year in range(high.year, high.year - 5, -1):
        found = _day(year, month, day)
        if found is not None and found <= high:
            return found
    return None


def fill_years(
    phrases: Sequence[DatePhrase | None], anchor: date | None
) -> tuple[list[DatePhrase | None], frozenset[int]]:
    """The phrases with the years the page implies for those printed without one, and the
    indices of yearless ones whose year cannot be told (to be left undated); the others without
    a year stay so (the fetch time decides)."""
    out = list(phrases)
    known = [
        (i, date(p.year, p.month, p.day))
        for i, p in enumerate(phrases)
        if p is not None and p.year is not None and _day(p.year, p.month, p.day)
    ]
    if not any(p is not None and p.year is None for p in phrases):
        return out, frozenset()
    days = [d for _, d in known]
    pairs = list(pairwise(days))
    if pairs and all(a <= b for a, b in pairs) and days[0] != days[-1]:
        # oldest first: the same walk on the page read backwards
        back, back_refused = fill_years(list(reversed(phrases)), None)
        n = len(phrases)
        return list(reversed(back)), frozenset(n - 1 - i for i in back_refused)
    if pairs and not all(a >= b for a, b in pairs):
        return out, frozenset()  # not in date order: nothing to go by but the fetch time
    refused: set[int] = set()
    known_at = dict(known)
    i = 0
    while i < len(phrases):
        p = phrases[i]
        if p is None or p.year is not None:
            i += 1
            continue
        end = i
        while end < len(phrases) and (phrases[end] is None or phrases[end].year is None):  # type: ignore[union-attr]
            end += 1
        run = [j for j in range(i, end) if phrases[j] is not None]
        above = next((known_at[j] for j in range(i - 1, -1, -1) if j in known_at), anchor)
        below = known_at.get(end)
        if below is not None:
            low = below
            for j in reversed(run):
                q = phrases[j]
                assert q is not None
                found = _earliest_from(q.month, q.day, low)
                if found is None or (above is not None and found > above):
                    refused.update(run)
                    break
                out[j] = replace(q, year=found.year)
                low = found
        elif above is not None:
            high = above
            for j in run:
                q = phrases[j]
                assert q is not None
                found = _latest_until(q.month, q.day, high)
                if found is None or found < above - timedelta(days=365):
                    refused.update(k for k in run if k >= j)
                    break
                out[j] = replace(q, year=found.year)
                high = found
        i = end
    for j in refused:
        out[j] = None
    return out, frozenset(refused)
