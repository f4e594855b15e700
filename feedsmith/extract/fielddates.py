"""Settle the order of numeric dates on a page read with the user's selectors, from the whole
page, as list detection does (`feedsmith.extract.dateorder`).

`03/05/2024` is 3 May or 5 March; a single date cannot tell, a page of them often can. Unless
the feed fixes the order itself (a date ``format``, or date languages that all write numbers
the same way: `fr` day first, `en-US` month first, `ja` year first), each item's first date
candidate that is written in numbers is read in the order that reads every such date of the
page as a real day, then the one that puts the page's dates in order (newest or oldest first),
then the order of the page's language (its ``lang``; a bare `en` has none). The decided date
is put in the item's candidates as `YYYY-MM-DD` (or `--MM-DD` without a year) in place of
the text; a date nothing decides is taken out, so the entry gets its first-seen time rather
than a guessed day.

Pure: the page's own values only, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from feedsmith.config import FeedConfig
from feedsmith.extract.dateorder import language_order, resolve_order
from feedsmith.extract.datephrase import DatePhrase, find_dates
from feedsmith.types import RawItem

__all__ = ["order_fixed_by", "settle_numeric_dates"]


def order_fixed_by(feed: FeedConfig) -> bool:
    """Whether the feed's settings fix how numeric dates read: a date ``format``, or date
    languages (``fields.date.languages``, else the feed's ``language``) that all name one
    order. A bare `en` does not (British and American pages both declare it)."""
    spec = feed.fields.date
    if spec is not None and spec.format:
        return True
    languages = (spec.languages if spec is not None else None) or (
        [feed.language] if feed.language else []
    )
    orders = {language_order(lang) for lang in languages}
    return len(orders) == 1 and None not in orders


def _numeric(candidate: str) -> DatePhrase | None:
    """The date the normalise chain would read from ``candidate`` when it is one written in
    numbers with its year last or none (`05/03/2024`, `05-03`); None for any other form (a
    year first is ISO's order, which the chain reads before any other)."""
    phrases = find_dates(candidate)
    if any(p.numbers == () and p.year is not None and _year_first(candidate, p) for p in phrases):
        return None
    return next((p for p in phrases if p.numbers), None)


def _year_first(text: str, phrase: DatePhrase) -> bool:
    return text[phrase.start : phrase.end].lstrip()[:4].isdigit()


def _iso(phrase: DatePhrase, rest: str) -> str:
    """`YYYY-MM-DD`, with the time of day printed after it (seconds too, which a phrase does
    not hold), or `--MM-DD`."""
    day = phrase.iso() or phrase.without_year()
    seconds = _SECONDS.match(rest) if phrase.time is not None else None
    return f"{day}:{seconds.group(1)}" if seconds else day


# the seconds right after a phrase's time ("05/03/2024 14:05:33")
_SECONDS = re.compile(r"\s*:\s*(\d{2})(?!\d)")


def settle_numeric_dates(
    items: Sequence[RawItem], feed: FeedConfig, page_language: str | None
) -> tuple[RawItem, ...]:
    """The items with their numeric dates read in the order the page decides (see above);
    the items unchanged when the feed fixes the order or no item's date is numeric. An item
    whose dates change loses its reuse key for normalising (its reading depends on the page,
    not on its markup alone: `feedsmith.reuse`)."""
    if order_fixed_by(feed):
        return tuple(items)
    at: list[int | None] = []  # which candidate of each item is the numeric one
    phrases: list[DatePhrase | None] = []
    for item in items:
        first = next((n for n, c in enumerate(item.dates) if c.strip()), None)
        phrase = _numeric(item.dates[first]) if first is not None else None
        at.append(first if phrase is not None else None)
        phrases.append(phrase)
    if not any(phrases):
        return tuple(items)
    language = feed.language if language_order(feed.language) else page_language
    chosen, _refused = resolve_order(phrases, language)
    out = []
    for item, n, before, after in zip(items, at, phrases, chosen, strict=True):
        if n is None or before is None:
            out.append(item)
            continue
        dates = list(item.dates)
        if after is None:
            del dates[n]  # nothing decides its order: undated, not guessed
        else:
            dates[n] = _iso(after, item.dates[n][before.end :])
        out.append(replace(item, dates=tuple(dates), key=None))
    return tuple(out)
