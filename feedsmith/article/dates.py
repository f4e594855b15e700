"""The publication date: the markup's first, else htmldate's, else one written in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import htmldate
import lxml.html

from feedsmith.article.signals import Meta
from feedsmith.article.visible import UPDATED
from feedsmith.normalise.dates import date_only, most_precise, parse_date

# htmldate without the clock: trafilatura's default cap is today's date.
DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "max_date": "2099-12-31",
}
_MIN_YEAR, _MAX_YEAR = 1990, 2099
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{2,4})(?!\d)")
# characters after a written date where its time may follow (" à 08h05", ", 10:15 am")
_TIME_AFTER = 24
# 2019年4月4日, 2019년 4월 4일
_CJK_DATE = re.compile(r"\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")
_WORD_DATE = re.compile(
    r"(?<!\w)(?:\d{1,2}\.?\s*(?:de\s+)?[^\W\d_]{3,}\.?,?\s*(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?!\w)"
)


def choose_date(
    meta: Meta, text: str, dates: DateReader, root: lxml.html.HtmlElement, base: str
) -> datetime | None:
    """The first date the markup gives, else htmldate's, else one written in the text; and of
    the readings of that same day, the one with a time of day (a date-only reading comes out
    as midnight)."""
    readings = [parsed for parsed in map(dates.read, meta.dates) if parsed is not None]
    if readings and not date_only(readings[0], dates.timezone):
        # the markup's first date has its time of day: no other reading can take its place
        # (`most_precise`), so the text is not searched
        return readings[0]
    # a date the page labels as its publication ("Published 09:00, 2 May 2024", "Posted by Ana
    # on March 3, 2021") comes before htmldate's guess, which may be the page's last update
    labelled = _labelled_published(root, dates) if not readings else None
    if labelled is not None:
        readings.append(labelled)
    # htmldate searches the whole page: slow, so only when the page gives no date otherwise
    found = None
    if not readings:
        day = htmldate.find_date(root, url=base, **DATE_PARAMS)
        found = dates.read(day) if day else None
    in_text = _date_in_text(text, dates)
    # htmldate falls back to 1 January when it finds only a year ("© 2025"): such a day counts
    # only when another reading gives it too
    if found is not None and (
        found.astimezone(ZoneInfo(dates.timezone)).timetuple()[1:3] != (1, 1)
        or any(r == found for r in (*readings, in_text))
    ):
        readings.append(found)
    if in_text is not None:
        readings.append(in_text)
    chosen = readings[0] if readings else None
    for other in readings[1:]:
        chosen = most_precise(chosen, other, dates.timezone)
    if chosen is not None and date_only(chosen, dates.timezone):
        # only the day so far: the page may say when in the day outside the body (a byline)
        chosen = most_precise(chosen, _same_day_in_page(root, chosen, dates), dates.timezone)
    return chosen


# how much of the page's text is searched for the time of a day already known
_PAGE_TEXT_CHARS = 20_000
# "Published" in the languages of the pages we meet; "Posted in <category>" is no date
_PUBLISHED = re.compile(
    r"(?<!\w)(?:published|posted(?!\s+in\b)|publi(?:é|e)|publicad[oa]|pubblicat[oa]|"
    r"ver(?:ö|oe)ffentlicht|erschienen|gepubliceerd|publicerad|publisert|publiceret|"
    r"opublikowan[oy]|yay(?:ı|i)nlan(?:ma|d(?:ı|i))|publikov(?:á|a)no|megjelent|julkaistu|"
    r"опубликовано|опубліковано|diterbitkan|dipublikasikan)(?!\w)"
    r"|发布时间|發佈時間|发表于|發表於|公開日|投稿日|게시|입력|등록",
    re.IGNORECASE,
)
# how far after its label the date may be ("Posted by Bill Hargreaves on Wednesday, ...")
_LABEL_REACH = 80


def _labelled_published(root: lxml.html.HtmlElement, dates: DateReader) -> datetime | None:
    """The first complete date the page's text labels as the publication, up to any "updated"
    label after it (the labels of `_PUBLISHED`, the date within `_LABEL_REACH` characters)."""
    texts = root.xpath("//body//text()[not(ancestor::script or ancestor::style)]")
    text = " ".join(str(t) for t in texts)[:_PAGE_TEXT_CHARS]
    for label in _PUBLISHED.finditer(text):
        window = text[label.end() : label.end() + _LABEL_REACH]
        updated = UPDATED.search(window)
        if updated:
            window = window[: updated.start()]
        for pattern in (_NUMERIC_DATE, _WORD_DATE, _CJK_DATE):
            match = pattern.search(window)
            if match is None:
                continue
            if pattern is _NUMERIC_DATE and len(match.group(1)) != 4 != len(match.group(4)):
                continue
            parsed = dates.read(_with_time(window, match))
            if parsed is not None:
                return parsed
    return None


def _same_day_in_page(
    root: lxml.html.HtmlElement, day: datetime, dates: DateReader
) -> datetime | None:
    """A reading of ``day`` with its time of day, written anywhere in the page's text."""
    texts = root.xpath("//body//text()[not(ancestor::script or ancestor::style)]")
    text = " ".join(str(t) for t in texts)[:_PAGE_TEXT_CHARS]
    local = day.astimezone(ZoneInfo(dates.timezone))
    for pattern in (_WORD_DATE, _NUMERIC_DATE):
        for match in pattern.finditer(text):
            written = match.group(0)
            if str(local.year % 100) not in written or str(local.day) not in written:
                continue  # cheaply: not that day
            parsed = dates.read(_with_time(text, match))
            if (
                parsed is not None
                and parsed != day
                and most_precise(day, parsed, dates.timezone) == parsed
            ):
                return parsed
    return None


@dataclass(frozen=True, slots=True)
class DateReader:
    """Reads one date candidate through the project's date chain (`normalise.dates`).

    Only complete dates (day, month and year) count, and only within ``_MIN_YEAR``..``_MAX_YEAR``;
    with ``now``, relative dates are read too and dates more than a day ahead are refused.
    """

    timezone: str
    now: datetime | None
    # the page's language, when known: dateparser then tries only it (and English), not every
    # language it knows (which costs seconds the first time a process reads such a date)
    languages: tuple[str, ...] = ()

    def read(self, value: str) -> datetime | None:
        value = value.strip()
        if not value or not any(c.isdigit() for c in value):
            return None
        parsed = parse_date(
            [value], now=self.now, timezone=self.timezone, languages=self.languages, complete=True
        )
        if parsed is None or not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
            return None
        return parsed


def _with_time(text: str, match: re.Match[str]) -> str:
    """A date found in the text, with what follows on its line: its time, if written there
    ("17 novembre 2026 à 08h05")."""
    end = text.find("\n", match.end(), match.end() + _TIME_AFTER)
    return text[match.start() : end if end != -1 else match.end() + _TIME_AFTER]


def _date_in_text(text: str, dates: DateReader) -> datetime | None:
    """A date written in the body's first or last lines (e.g. "Publié le 29 - 10 - 2025")."""
    zone = text[:600] + "\n" + text[-400:]
    for match in _NUMERIC_DATE.finditer(zone):
        # a four-digit year at one end: "1.2.10" is a version number, not a date
        if len(match.group(1)) != 4 and len(match.group(4)) != 4:
            continue
        parsed = dates.read(_with_time(zone, match))
        if parsed is not None:
            return parsed
    for pattern in (_WORD_DATE, _CJK_DATE):
        for match in pattern.finditer(zone):
            parsed = dates.read(_with_time(zone, match))
            if parsed is not None:
                return parsed
    return None
