"""The date chain: real forms from real pages, zones, and never a made-up date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feedsmith.normalise.dates import parse_date, read_date

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "languages", "zone", "expected"),
    [
        ("29 - 10 - 2025", ["fr"], "UTC", "2025-10-29T00:00:00"),
        ("Publié dans Les ECO le 29 - 10 - 2025", ["fr"], "UTC", "2025-10-29T00:00:00"),
        ("mardi 28 octobre 2025 à 14h05", ["fr"], "Europe/Paris", "2025-10-28T13:05:00"),
        ("il y a 2 heures", ["fr"], "Europe/Paris", "2025-11-01T10:00:00"),
        ("28 oct. 2025", ["fr"], "UTC", "2025-10-28T00:00:00"),
        ("1er novembre 2025", ["fr"], "UTC", "2025-11-01T00:00:00"),
        ("3 de marzo de 2025", ["es"], "UTC", "2025-03-03T00:00:00"),
        ("hace 3 días", ["es"], "UTC", "2025-10-29T12:00:00"),
        ("2025-10-28T14:05:00+01:00", [], "UTC", "2025-10-28T13:05:00"),
        ("2025-10-28T14:05:00Z", [], "Europe/Paris", "2025-10-28T14:05:00"),
        ("2025-10-28 14:05", [], "Europe/Paris", "2025-10-28T13:05:00"),
        ("Tue, 28 Oct 2025 14:05:00 +0100", [], "UTC", "2025-10-28T13:05:00"),
        ("28 Oct 2025 14:05:00 GMT", [], "UTC", "2025-10-28T14:05:00"),
        ("le 29/10/2025 à 14:05", ["fr"], "UTC", "2025-10-29T14:05:00"),
        ("03/04/2025", ["fr"], "UTC", "2025-04-03T00:00:00"),
        ("03/04/2025", ["en"], "UTC", "2025-03-04T00:00:00"),
        ("12/31/2024", ["fr"], "UTC", "2024-12-31T00:00:00"),
        ("October 28, 2025", ["en"], "UTC", "2025-10-28T00:00:00"),
        ("28. Oktober 2025", ["de"], "UTC", "2025-10-28T00:00:00"),
    ],
)
def test_real_forms(text: str, languages: list[str], zone: str, expected: str) -> None:
    parsed = parse_date([text], now=NOW, timezone=zone, languages=languages)
    assert parsed is not None, text
    assert parsed.tzinfo == UTC
    assert parsed.replace(tzinfo=None).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("Publié le 3 mars 2025 à 10h15", ["fr"], "2025-03-03T10:15:00"),
        ("Publié le mardi 28 octobre 2025 à 14h05", ["fr"], "2025-10-28T14:05:00"),
        ("Mis à jour le 28 octobre 2025 à 14h05", ["fr"], "2025-10-28T14:05:00"),
        ("Publié le 3 mars 2025 à 10h15", [], "2025-03-03T10:15:00"),
        ("Publicado el 5 de marzo de 2025 a las 10:15", ["es"], "2025-03-05T10:15:00"),
        ("Veröffentlicht am 5. März 2025, 10:15 Uhr", ["de"], "2025-03-05T10:15:00"),
        ("Posted on March 5, 2025 at 10:15 am", ["en"], "2025-03-05T10:15:00"),
        ("Posted on March 5, 2025 at 10:15 pm", [], "2025-03-05T22:15:00"),
        ("Updated 5th March 2025, 9:41", ["en"], "2025-03-05T09:41:00"),
        ("Pubblicato il 5 marzo 2025 alle 10:15", ["it"], "2025-03-05T10:15:00"),
        ("Gepubliceerd op 5 maart 2025 om 10:15", ["nl"], "2025-03-05T10:15:00"),
        ("Publicado em 5 de março de 2025 às 10:15", ["pt"], "2025-03-05T10:15:00"),
        ("Opublikowano 5 marca 2025 o 10:15", ["pl"], "2025-03-05T10:15:00"),
        ("Опубликовано 5 марта 2025 в 10:15", ["ru"], "2025-03-05T10:15:00"),
        ("Vydáno 5. března 2025 v 10:15", ["cs"], "2025-03-05T10:15:00"),
        ("Julkaistu 5. maaliskuuta 2025 klo 10.15", ["fi"], "2025-03-05T10:15:00"),
        ("Yayınlanma: 5 Mart 2025 10:15", ["tr"], "2025-03-05T10:15:00"),
    ],
)
def test_a_date_inside_a_phrase_is_found_with_its_time(
    text: str, languages: list[str], expected: str
) -> None:
    parsed = parse_date([text], now=NOW, languages=languages)
    assert parsed is not None, text
    assert parsed.replace(tzinfo=None).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Lire la suite (3 min)", ["fr"]),
        ("Publié il y a 3 heures par 2 auteurs", ["fr"]),
        ("12 commentaires", ["fr"]),
        ("Leggi tutto: 5 marzo", ["it"]),
    ],
)
def test_no_date_is_made_up_from_numbers_in_a_phrase(text: str, languages: list[str]) -> None:
    assert parse_date([text], now=NOW, languages=languages) is None


@pytest.mark.parametrize("text", ["", "bientôt", "n/a", "31 décembre 2030", "2026-01-01"])
def test_unreadable_or_future_dates_are_none(text: str) -> None:
    assert parse_date([text], now=NOW, languages=["fr"]) is None


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:59:59-05:00", "31/12/9999 23:00", "Fri, 31 Dec 9999 23:00:00 -0500"]
)
def test_a_date_utc_cannot_hold_is_no_date(text: str) -> None:
    # year 10000 or year 0 once in UTC: no date (the entry gets its first-seen time), no error
    assert parse_date([text], now=None, timezone="America/New_York") is None


def test_first_candidate_that_reads_wins() -> None:
    parsed = parse_date(["not a date", "2025-10-01", "2025-09-01"], now=NOW)
    assert parsed == datetime(2025, 10, 1, tzinfo=UTC)


def test_explicit_format_comes_first() -> None:
    # read as day.month by the numeric rule, as month.day by the format
    parsed = parse_date(["05.10.2025"], now=NOW, fmt="%m.%d.%Y")
    assert parsed == datetime(2025, 5, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("2025-11-02T06:00:00", True),  # a site in a zone ahead of ours: "tomorrow" for us
        ("2025-11-02T12:00:00Z", True),  # a day ahead, to the second
        ("2025-11-02T12:01:00Z", False),  # a minute more
        ("2025-11-04T12:00:00Z", False),  # three days: a scheduled event, not a publication
        ("Sun, 02 Nov 2025 11:59:00 +0000", True),
        ("Mon, 03 Nov 2025 12:00:00 +0000", False),
    ],
)
def test_a_date_up_to_a_day_ahead_is_accepted(text: str, read: bool) -> None:
    assert (parse_date([text], now=NOW) is not None) is read


@pytest.mark.parametrize("text", ["il y a 2 heures", "29 octobre", "octobre 2025", "2025"])
def test_without_a_clock_only_complete_absolute_dates_are_read(text: str) -> None:
    assert parse_date([text], now=None, languages=["fr"]) is None


def test_without_a_clock_absolute_dates_and_the_future_are_read() -> None:
    assert parse_date(["29 octobre 2025"], now=None) == datetime(2025, 10, 29, tzinfo=UTC)
    assert parse_date(["2030-01-01"], now=None) == datetime(2030, 1, 1, tzinfo=UTC)


def test_complete_refuses_missing_parts_but_reads_relative_dates() -> None:
    assert parse_date(["29 octobre"], now=NOW, languages=["fr"], complete=True) is None
    parsed = parse_date(["il y a 2 heures"], now=NOW, languages=["fr"], complete=True)
    assert parsed == datetime(2025, 11, 1, 10, 0, tzinfo=UTC)


def _month_name_forms() -> list[tuple[str, str, datetime | None]]:
    """(language, text, the date it says or None): every month name of every language the
    fast reader knows, in the shapes pages write them; the date is known by construction."""
    from feedsmith.normalise.dates import _MONTH_NAMES, _TIME_WORDS, _WEEKDAYS

    forms: list[tuple[str, str, datetime | None]] = []
    for lang, months in _MONTH_NAMES.items():
        weekday = _WEEKDAYS[lang][1]
        of = " de" if lang == "es" else ""
        for number, names in enumerate(months, 1):
            for name in names:
                day = 28 if number != 2 else 26
                forms.append((lang, f"{day}{of} {name}{of} 2025", datetime(2025, number, day)))
                forms.append(
                    (
                        lang,
                        f"{weekday} {day}{of} {name.title()}{of} 2024",
                        datetime(2024, number, day),
                    )
                )
                forms.append(
                    (lang, f"{day} {name}. 2023, 9:41", datetime(2023, number, day, 9, 41))
                )
        at = _TIME_WORDS[lang]
        hm = "14h05" if lang == "fr" else "14:05"  # the French way of writing a time
        forms.append(
            (
                lang,
                f"{weekday} 28{of} {months[9][0]}{of} 2025 {at} {hm}",
                datetime(2025, 10, 28, 14, 5),
            )
        )
        forms.append(
            (
                lang,
                f"{weekday}, 1{of} {months[10][0]}{of} 2025 {at} 08:30",
                datetime(2025, 11, 1, 8, 30),
            )
        )
        forms.append((lang, f"31{of} {months[1][0]}{of} 2025", None))  # no such day
    forms += [
        ("fr", "1er novembre 2025", datetime(2025, 11, 1)),
        ("de", "28. Oktober 2025 um 14:05", datetime(2025, 10, 28, 14, 5)),
    ]
    return forms


@pytest.mark.parametrize(("lang", "text", "says"), _month_name_forms())
def test_month_names_read_as_written(lang: str, text: str, says: datetime | None) -> None:
    """The fast month-name reader reads the date the text says, or leaves it to dateparser;
    either way the chain reads that date."""
    from feedsmith.normalise.dates import _month_names

    fast = _month_names((lang,))
    assert fast is not None
    got = fast(text)
    if got is not None:
        assert got == says, text
    says_utc = says.replace(tzinfo=UTC) if says is not None else None
    expected = says_utc if says_utc is not None and says_utc <= NOW else None  # no future
    assert parse_date([text], now=NOW, languages=[lang]) == expected


def test_the_fast_month_name_reader_reads_most_forms_itself() -> None:
    from feedsmith.normalise.dates import _month_names

    forms = _month_name_forms()
    read = [text for lang, text, _ in forms if _month_names((lang,))(text) is not None]
    assert len(read) >= 190, len(read)  # of 233: Spanish "de" forms go to dateparser
    assert "1er novembre 2025" in read and "28. Oktober 2025 um 14:05" in read


_OTHER_LANGUAGES = ("it", "nl", "pl", "pt", "ru", "tr", "cs", "sv", "da", "ro", "uk", "ca")


@pytest.mark.parametrize("lang", _OTHER_LANGUAGES)
def test_month_names_from_dateparsers_data_read_as_its_search_does(lang: str) -> None:
    """A language without a table of ours: the fast reader takes dateparser's month names and
    reads what dateparser's own search reads in the same phrase (it only costs less)."""
    from feedsmith.normalise.dates import _month_names, _months, _search

    months = _months(lang)
    fast = _month_names((lang,))
    assert months is not None and fast is not None
    read = 0
    for number, names in enumerate(months, 1):
        name = max(names, key=len)
        for year, text in ((2025, f"· 5 {name} 2025"), (2024, f"Publ. 12 {name} 2024 10:15")):
            got = fast(text)
            if got is None:
                continue
            read += 1
            assert (got.year, got.month) == (year, number), text
            expected = _search(text, (lang,))
            if expected is not None:
                assert got == expected, text
    assert read >= 12  # most forms take the fast path


# a day and month without a year, read on 1 January 2027 at 00:00 UTC
NEW_YEAR = datetime(2027, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "languages", "day"),
    [
        ("--03-05", [], "2026-03-05"),  # what list detection writes for a day without a year
        ("--12-31", [], "2026-12-31"),
        ("--01-01", [], "2027-01-01"),  # today
        ("--01-02", [], "2026-01-02"),  # tomorrow nowhere yet (UTC+14 is at 14:00): last year
        ("--02-29", [], "2024-02-29"),
        ("05.03.", [], "2026-03-05"),  # a trailing dot: day first
        ("5.3", ["de"], "2026-03-05"),
        ("03/05", ["en-us"], "2026-03-05"),
        ("03/05", ["fr"], "2026-05-03"),
        ("13/05", [], "2026-05-13"),  # 13 can only be the day
        ("Mar 05", ["en"], "2026-03-05"),
        ("5 mars", ["fr"], "2026-03-05"),
    ],
)
def test_a_day_without_its_year_is_the_latest_that_is_not_future(
    text: str, languages: list[str], day: str
) -> None:
    reading = read_date([text], now=NEW_YEAR, languages=languages)
    assert reading is not None and reading.value.date().isoformat() == day
    # the year is the clock's: a later run would read another one, so the store keeps the first
    assert reading.relative and not reading.fixed
    assert reading.day is not None and reading.day.date().isoformat() == day
    later = read_date([text], now=NEW_YEAR.replace(year=2029, month=6), languages=languages)
    assert later is not None and later.value > reading.value


@pytest.mark.parametrize("text", ["03/05", "05/03", "3-5"])
@pytest.mark.parametrize("languages", [[], ["en-gb"], ["en", "fr"]])
def test_a_day_and_month_whose_order_nothing_decides_is_not_read(
    text: str, languages: list[str]
) -> None:
    assert read_date([text], now=NEW_YEAR, languages=languages) is None


def test_a_day_without_its_year_is_not_read_without_a_clock_or_when_complete() -> None:
    assert read_date(["--03-05"], now=None) is None
    assert read_date(["05.03."], now=NEW_YEAR, complete=True) is None
    assert read_date(["5 mars 2024"], now=NEW_YEAR, languages=["fr"]) == read_date(
        ["5 mars 2024"], now=NEW_YEAR.replace(year=2030), languages=["fr"]
    )


def test_a_day_without_its_year_read_on_that_very_day_is_a_day_alone() -> None:
    # read a day earlier the text gives last year's day: that is the year from the clock,
    # not a time counted from it, so the day keeps its instant (noon UTC), not local midnight
    now = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    reading = read_date(["2 janvier"], now=now, timezone="Europe/Paris", languages=("fr",))
    assert reading is not None and reading.relative
    assert reading.day == datetime(2025, 1, 2, 12, 0, tzinfo=UTC)
