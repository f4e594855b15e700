"""The page-wide rules for numeric dates' order and yearless dates' years
(`feedsmith.extract.dateorder`): each rule on a few dates, decided or left out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest

from feedsmith.config import parse_config
from feedsmith.extract.auto import detect
from feedsmith.extract.dateorder import fill_years, language_order, resolve_order
from feedsmith.extract.datephrase import DatePhrase, find_dates, find_relative, heading_year
from feedsmith.normalise import normalise_item
from feedsmith.types import RawItem


def first(text: str) -> DatePhrase:
    return find_dates(text)[0]


def days(phrases: list[DatePhrase | None]) -> list[str | None]:
    return [p.iso() if p is not None else None for p in phrases]


@pytest.mark.parametrize(
    ("texts", "language", "expected"),
    [
        # year first: only it keeps the list in order (the day-first reading is a real day too)
        (
            ["24.03.05", "24.02.11", "24.01.08", "23.12.03"],
            "ko",
            ["2024-03-05", "2024-02-11", "2024-01-08", "2023-12-03"],
        ),
        (
            ["24.03.05", "24.02.11", "24.01.08", "23.12.03"],
            None,
            ["2024-03-05", "2024-02-11", "2024-01-08", "2023-12-03"],
        ),
        # one date alone: the language's order
        (["24/03/05"], "ja", ["2024-03-05"]),
        (["24/03/05"], "de", ["2005-03-24"]),
        (["05/03/24"], "fr", ["2024-03-05"]),
        # 25 can only be the day: the page proves month first against en-GB
        (
            ["03/25/2024", "03/05/2024", "02/11/2024"],
            "en-GB",
            ["2024-03-25", "2024-03-05", "2024-02-11"],
        ),
        # newest first only when read day first, on a page without a language
        (
            ["05.03.2024", "11.02.2024", "08.01.2024", "03.12.2023"],
            None,
            ["2024-03-05", "2024-02-11", "2024-01-08", "2023-12-03"],
        ),
        # unordered, every number 12 or less, no language: nothing decides
        (["05/03/2024", "08/01/2024", "11/02/2024", "02/04/2024"], None, [None] * 4),
        (["05/03/2024", "08/01/2024", "11/02/2024", "02/04/2024"], "en", [None] * 4),
        # ... but a date both orders read the same way stays
        (["05/05/2024", "08/01/2024"], None, ["2024-05-05", None]),
        (
            ["05/03/2024", "08/01/2024", "11/02/2024"],
            "en-US",
            ["2024-05-03", "2024-08-01", "2024-11-02"],
        ),
    ],
)
def test_the_page_decides_the_order_of_numbers(
    texts: list[str], language: str | None, expected: list[str | None]
) -> None:
    phrases, refused = resolve_order([first(t) for t in texts], language)
    assert days(phrases) == expected
    assert refused == {i for i, e in enumerate(expected) if e is None}


def test_language_orders() -> None:
    assert [language_order(x) for x in ("en-US", "en", "en-GB", "ko", "hu-HU", "fr", None)] == [
        "mdy",
        None,
        "dmy",
        "ymd",
        "ymd",
        "dmy",
        None,
    ]


@pytest.mark.parametrize(
    ("texts", "anchor", "expected"),
    [
        # the year printed only for past years: the run above it counts up from it
        (
            ["Mar 05", "Feb 11", "Jan 08", "Dec 03, 2023"],
            None,
            ["2024-03-05", "2024-02-11", "2024-01-08", "2023-12-03"],
        ),
        # the page's own date above: down from it, within the year before it
        (
            ["Aug 19", "Mar 24", "Nov 27", "Nov 06", "Jan 16", "Nov 28"],
            date(2026, 8, 19),
            ["2026-08-19", "2026-03-24", "2025-11-27", "2025-11-06", None, None],
        ),
        # oldest first (the dated items say so): the same, read backwards
        (
            ["Nov 03, 2023", "Dec 01", "Jan 08", "Feb 11, 2024"],
            None,
            ["2023-11-03", "2023-12-01", "2024-01-08", "2024-02-11"],
        ),
        # nothing to go by: left to the fetch time (no year, not refused)
        (["Mar 05", "Feb 11"], None, ["--03-05", "--02-11"]),
    ],
)
def test_the_page_gives_yearless_dates_their_year(
    texts: list[str], anchor: date | None, expected: list[str | None]
) -> None:
    phrases, refused = fill_years([first(t) for t in texts], anchor)
    got = [None if p is None else (p.iso() or p.without_year()) for p in phrases]
    assert got == expected
    assert refused == {i for i, e in enumerate(expected) if e is None}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("5 марта 2024 г.", (2024, 3, 5)),
        ("5 березня 2024", (2024, 3, 5)),
        ("5. března 2024", (2024, 3, 5)),
        ("5. maaliskuuta 2024", (2024, 3, 5)),
        ("5. marts 2024", (2024, 3, 5)),
        ("5. mars 2024", (2024, 3, 5)),
        ("2024. március 5.", (2024, 3, 5)),
        ("5 martie 2024", (2024, 3, 5)),
        ("5 Μαρτίου 2024", (2024, 3, 5)),
        ("28.12. · 4 min", (None, 12, 28)),
        ("5 مارس 2024", (2024, 3, 5)),
        ("١٤ نوفمبر ٢٠٢٣", (2023, 11, 14)),
        ("3 شباط 2024", (2024, 2, 3)),
        ("Mrz 5, 2024", (2024, 3, 5)),
        ("05-MAR-2024 10:12", (2024, 3, 5)),
    ],
)
def test_month_names_in_more_languages(text: str, day: tuple[int | None, int, int]) -> None:
    phrase = first(text)
    assert (phrase.year, phrase.month, phrase.day) == day


@pytest.mark.parametrize(
    "text",
    ["3 hours ago", "il y a 5 jours", "vor 2 Wochen", "hace 3 horas", "3 ore fa", "há 5 dias",
     "3 uur geleden", "2 tygodnie temu", "3 часа назад", "5 gün önce", "för 3 dagar sedan",
     "3時間前", "2周前", "3시간 전", "昨日", "yesterday · 4 min", "gestern", "il y a 2 h",
     "vor 2 Std.", "hace 5 min"],
)  # fmt: skip
def test_dates_relative_to_the_fetch_are_found(text: str) -> None:
    assert find_relative(text) is not None


@pytest.mark.parametrize(
    "text",
    ["Festival for 3 days", "Ma che bello", "Hier ist die Lösung für alle Probleme der Welt",
     "Version 4.2 released", "3 days of music", "2h", "vor 2 Jahrzehnten"],
)  # fmt: skip
def test_words_of_a_sentence_are_no_relative_date(text: str) -> None:
    assert find_relative(text) is None


FIVE = "".join(
    f'<li><a href="/p/{n}">Story number {n}</a> <span class="d">{day}</span></li>'
    for n, day in enumerate(("Aug 19", "Mar 24", "Nov 27", "Nov 06", "Jan 16"))
)


def test_yearless_dates_count_down_from_the_fetch_and_say_so() -> None:
    # no year anywhere and no page date: the years count down from the fetch's day, in the
    # list's order, within the year before it; past that the year could be any: no date
    root = lxml.html.document_fromstring(f'<html lang="en"><body><ul>{FIVE}</ul></body></html>')
    found = detect(root, "https://example.org/", datetime(2026, 9, 1, tzinfo=UTC))
    assert [item.dates for item in found.items] == [
        ("2026-08-19",), ("2026-03-24",), ("2025-11-27",), ("2025-11-06",), (),
    ]  # fmt: skip
    assert [item.year_from_fetch for item in found.items] == [True] * 4 + [False]
    # fetched a year later, the same page reads a year later: the first reading must be kept
    later = detect(root, "https://example.org/", datetime(2027, 9, 1, tzinfo=UTC))
    assert later.items[0].dates == ("2027-08-19",)
    # without the fetch time (a page read with no clock) the chain's --MM-DD form
    assert detect(root, "https://example.org/").items[0].dates == ("--08-19",)


def test_a_year_from_the_fetch_makes_the_entry_keep_its_first_date(tmp_path: Path) -> None:
    feed = parse_config(
        "feeds:\n  - {id: f, url: 'https://example.org/', items: auto}\n", root=tmp_path
    ).feeds[0]
    now = datetime(2026, 9, 1, tzinfo=UTC)
    for from_fetch in (False, True):
        item = RawItem(
            index=0, values={"title": "t", "link": "/p/1"}, dates=("2026-08-19",),
            base_url="https://example.org/", year_from_fetch=from_fetch,
        )  # fmt: skip
        entry, _ = normalise_item(item, feed, page_url="https://example.org/", now=now)
        assert entry is not None and entry.published is not None
        assert entry.published.date() == date(2026, 8, 19) and entry.day_only
        # the store keeps the stored date of an entry whose date is relative to the fetch
        assert entry.relative_date == from_fetch


@pytest.mark.parametrize(
    ("text", "year"),
    [("2024", 2024), ("2024 (4)", 2024), ("2024年", 2024), ("2024년", 2024), ("2024 г.", 2024),
     ("März 2024", 2024), ("marzo de 2024", 2024), ("2024年3月", 2024), ("May 2023", 2023),
     ("Budget 2024", None), ("Archiv 2024", None), ("Mar 5", None), ("12345", None)],
)  # fmt: skip
def test_a_heading_names_a_year_or_a_month_of_a_year(text: str, year: int | None) -> None:
    assert heading_year(text) == year
