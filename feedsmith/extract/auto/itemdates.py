"""Each item's date candidates, best first: inside the item, beside it (siblings before or after),
or under a date heading; day/month order and missing years settled from the whole list."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from lxml.etree import _Element as Element

from feedsmith.extract.auto.datetext import DATE_TEXT
from feedsmith.extract.auto.elements import HEADINGS, HIDDEN, WORD, clean, text_of, visible_text
from feedsmith.extract.auto.parts import MAX_CARD_ELEMENTS, Parts
from feedsmith.extract.dateorder import fill_years, page_date, resolve_order
from feedsmith.extract.datephrase import (
    DatePhrase,
    find_dates,
    find_relative,
    heading_year,
    month_first,
)

_UPDATED_LABEL = re.compile(
    r"(?:updated|last\s+updated|modified|edited|mis\s+à\s+jour|modifié|aktualisiert|geändert"
    r"|actualizado|modificado|aggiornato|atualizado|bijgewerkt|gewijzigd|zaktualizowano"
    r"|uppdaterad|güncellendi|更新|수정)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)


# siblings looked at for a date printed beside an item, and the longest text such a line has
_MAX_DATE_LINE = 200
_MAX_SIBLINGS = 4


def _machine_dates(el: Element | None) -> list[str]:
    """The date element's machine-readable attributes (datetime, content, title, …)."""
    if el is None:
        return []
    found = []
    for attr in ("datetime", "content", "title", "data-date", "data-timestamp"):
        value = clean(el.get(attr))
        if value and any(c.isdigit() for c in value):
            found.append(value)
    return found


@dataclass(slots=True)
class _Found:
    """What one item says about its date, before the list as a whole is looked at."""

    # machine-readable values and the date element's own text, in order of trust
    candidates: list[str]
    # date phrases in the item's text (or beside it), the first one first
    phrases: tuple[DatePhrase, ...]
    # the text the phrases were found in
    text: str
    # the element the text lies in (for the year heading above it)
    anchor: Element


def dates_of_items(
    root: Element, parts: Sequence[Parts], fetched: datetime | None = None
) -> tuple[list[tuple[str, ...]], frozenset[int]]:
    """Date candidates for each item, best first.

    Inside the item: a date element's machine-readable attributes, then the first date phrase
    (outside the title), written `YYYY-MM-DD` so the date chain reads it whatever the page's
    language. An item without one takes the date printed beside it: in the siblings between it
    and the next item (a `<time>` after an `<h2>`), or before it (a `<dt>` before its `<dd>`),
    whichever side the list's items use. The list as a whole settles what one date cannot
    (`feedsmith.extract.dateorder`): the order of numbers (`05/03/24`), from the readings that
    make every date of the page a day and keep the list in date order, then the page's
    language; the year of a date printed without one, from the year heading above it, the
    dated items around it and the page's own date. A date nothing settles is left out: no
    date rather than a wrong one. One without a year that only the fetch time can place
    counts down from the fetch's day as from a page date (the latest day that has begun
    somewhere, UTC+14), and its index is returned too: a later fetch may place it in another
    year, so the first reading is the one kept. Without `fetched` it is written `--MM-DD`
    (the latest such day by the clock, `feedsmith.normalise.dates`).
    """
    language = _page_language(root)
    mdy = month_first(language)
    from_fetch: frozenset[int] = frozenset()
    found = [_inside(p, mdy) for p in parts]
    missing = [i for i, f in enumerate(found) if not f.candidates and not f.phrases]
    if missing and len(parts) >= 2:
        _beside(parts, found, missing, mdy)
        missing = [i for i, f in enumerate(found) if not f.candidates and not f.phrases]
        if len(missing) >= 2:
            _under_date_headings(root, parts, found, missing, mdy)
    first = [f.phrases[0] if f.phrases else None for f in found]
    chosen, refused = resolve_order(first, language)
    if any(p is not None and p.year is None for p in chosen):
        years = _YearHeadings(root)
        for i, (f, p) in enumerate(zip(found, chosen, strict=True)):
            year = years.year_before(f.anchor) if p is not None and p.year is None else None
            if p is not None and year is not None:
                chosen[i] = replace(p, year=year)
        chosen, unknown = fill_years(chosen, page_date(_page_dates(root)))
        refused |= unknown
        if fetched is not None and any(p is not None and p.year is None for p in chosen):
            before = [p is not None and p.year is None for p in chosen]
            today = (fetched.astimezone(UTC) + _EARLIEST_ZONE).date()
            chosen, unknown = fill_years(chosen, today)
            refused |= unknown
            from_fetch = frozenset(
                i
                for i, (p, was) in enumerate(zip(chosen, before, strict=True))
                if was and p is not None and not found[i].candidates
            )
    result = []
    for i, f in enumerate(found):
        candidates = list(f.candidates)
        phrase = chosen[i]
        if phrase is not None:
            iso = phrase.iso() or phrase.without_year()
            raw = f.text[phrase.start : phrase.end].strip()
            # the printed text too where it says all of it itself (its year, no numbers to order)
            printed = first[i]
            settled = printed is not None and not printed.numbers and printed.year is not None
            candidates += [c for c in (iso, raw if settled else None) if c]
        elif f.text and i not in refused:
            # "3 days ago", "vor 3 Tagen", "昨日", … for the date chain to read by the fetch
            span = find_relative(f.text)
            match = DATE_TEXT.search(f.text) if span is None else None
            if span is not None:
                candidates.append(f.text[span[0] : span[1]])
            elif match:
                candidates.append(match.group(0))
        result.append(tuple(dict.fromkeys(c for c in candidates if c)))
    return result, from_fetch


# the furthest zone ahead of UTC: a day is not in the future while it has begun there
_EARLIEST_ZONE = timedelta(hours=14)
# the page's own date: what a generated list page sets to its newest item's
_PAGE_DATE_META = ("article:modified_time", "og:updated_time", "article:published_time")


def _page_dates(root: Element) -> list[str]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _PAGE_DATE_META and key not in values:
            values[key] = meta.get("content") or ""
    return [values[k] for k in _PAGE_DATE_META if k in values]


def _dates_in(text: str, mdy: bool) -> tuple[DatePhrase, ...]:
    """The date phrases of `text`, those labelled as an update ("Updated", "mis à jour le")
    after the others: an item's date is when it was published."""
    phrases = find_dates(text, mdy)
    if len(phrases) < 2:
        return phrases
    updated = []
    start = 0
    for phrase in phrases:
        updated.append(
            bool(_UPDATED_LABEL.search(text[max(start, phrase.start - 40) : phrase.start]))
        )
        start = phrase.end
    if not any(updated) or all(updated):
        return phrases
    return tuple(p for p, u in zip(phrases, updated, strict=True) if not u) + tuple(
        p for p, u in zip(phrases, updated, strict=True) if u
    )


def _inside(parts: Parts, mdy: bool) -> _Found:
    candidates = _machine_dates(parts.date)
    title = parts.title if parts.title is not parts.item else None
    if parts.date is not None:
        text = visible_text(parts.date)
        phrases = _dates_in(text, mdy)
        if phrases:
            return _Found(candidates, phrases, text, parts.date)
        if text and not candidates:
            candidates.append(text)
    if parts.item is parts.anchor and title is None:
        text = visible_text(parts.item)  # a date in the link's text, left out of its title
        return _Found(candidates, _dates_in(text, mdy), text, parts.item)
    skip = (lambda el: el is title) if title is not None else None
    text = visible_text(parts.item, skip, MAX_CARD_ELEMENTS)
    phrases = _dates_in(text, mdy)
    if not phrases and not candidates and title is not None:
        title_text = visible_text(title)
        in_title = _dates_in(title_text, mdy)
        if in_title:
            return _Found(candidates, in_title, title_text, parts.item)
    return _Found(candidates, phrases, text, parts.item)


def _beside(parts: Sequence[Parts], found: list[_Found], missing: list[int], mdy: bool) -> None:
    """Fill in the items in `missing` from the text between them and their neighbours."""
    items = {p.item for p in parts}
    # the items and every element that holds one: the text between items stops there
    holders = set(items)
    for item in items:
        parent = item.getparent()
        while parent is not None and parent not in holders:
            holders.add(parent)
            parent = parent.getparent()
    after: dict[int, _Found] = {}
    before: dict[int, _Found] = {}
    for i in missing:
        after_found = _sibling_date(parts[i].item, items, holders, mdy, forward=True)
        before_found = _sibling_date(parts[i].item, items, holders, mdy, forward=False)
        if after_found is not None:
            after[i] = after_found
        if before_found is not None:
            before[i] = before_found
    # each item's date sits on one side; the other side holds the neighbour's
    side = before if len(before) > len(after) else after
    for i, value in side.items():
        found[i] = value


def _sibling_date(
    item: Element, items: set[Element], holders: set[Element], mdy: bool, forward: bool
) -> _Found | None:
    """The first date in the few siblings after (or the last before) `item`, up to the next
    item; climbs while the item is its parent's only element."""
    el = item
    for _ in range(3):
        sibling = el.getnext() if forward else el.getprevious()
        steps = 0
        while sibling is not None and steps < _MAX_SIBLINGS:
            if sibling in holders:
                return None
            if (
                isinstance(sibling.tag, str)
                and sibling.tag not in HIDDEN
                and len(text_of(sibling)) <= _MAX_DATE_LINE
            ):
                candidates = _machine_dates(sibling if sibling.tag == "time" else None)
                time_el = next(sibling.iter("time"), None) if sibling.tag != "time" else None
                candidates += _machine_dates(time_el)
                text = visible_text(sibling)
                phrases = find_dates(text, mdy)
                relative = find_relative(text) if not phrases and not candidates else None
                if relative is not None:
                    candidates.append(text[relative[0] : relative[1]])
                if phrases or candidates:
                    if not forward and len(phrases) > 1:
                        phrases = phrases[-1:]
                    return _Found(candidates, phrases, text, sibling)
            sibling = sibling.getnext() if forward else sibling.getprevious()
            steps += 1
        parent = el.getparent()
        if parent is None or parent in items or sum(isinstance(c.tag, str) for c in parent) > 1:
            return None
        el = parent
    return None


def _under_date_headings(
    root: Element, parts: Sequence[Parts], found: list[_Found], missing: list[int], mdy: bool
) -> None:
    """Items grouped under headings that are whole dates (`<h2>Tuesday, 5 March 2024</h2>`
    above the day's items) take the date of the heading before them, when the items in
    `missing` fall under two headings at least."""
    wanted = {parts[i].item: i for i in missing}
    at: dict[int, int] = {}
    headings: list[tuple[DatePhrase, str, Element]] = []
    for el in root.iter():
        if el in wanted:
            at[wanted[el]] = len(headings) - 1
        elif el.tag in HEADINGS:
            text = visible_text(el)
            phrases = find_dates(text, mdy) if len(text) <= 60 else ()
            if len(phrases) == 1 and phrases[0].year is not None:
                rest = text[: phrases[0].start] + text[phrases[0].end :]
                if len(WORD.findall(rest)) <= 1:  # a weekday at most
                    headings.append((phrases[0], text, el))
    if len({n for n in at.values() if n >= 0}) < 2:
        return
    for i, n in at.items():
        if n >= 0:
            phrase, text, heading = headings[n]
            found[i] = _Found([], (phrase,), text, heading)


class _YearHeadings:
    """Elements whose whole text is a year or a month of a year (`<h2>2024</h2>`,
    `<h2>März 2024</h2>`, `<h3>2024年</h3>`), in document order."""

    def __init__(self, root: Element) -> None:
        self._order: dict[Element, int] = {}
        self._years: list[tuple[int, int]] = []
        for n, el in enumerate(root.iter()):
            self._order[el] = n
            text = el.text
            if text and len(el) == 0 and len(text) < 40:
                year = heading_year(text)
                if year is not None:
                    self._years.append((n, year))

    def year_before(self, el: Element) -> int | None:
        n = self._order.get(el)
        if n is None or not self._years:
            return None
        at = bisect.bisect_right(self._years, (n, 10_000)) - 1
        return self._years[at][1] if at >= 0 else None


def _page_language(root: Element) -> str | None:
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    if lang:
        return lang
    for meta in root.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or "").lower()
        if key in ("content-language", "og:locale"):
            return (meta.get("content") or "").strip() or None
    return None
