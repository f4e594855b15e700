"""Read the dates pages print, in many languages, without ever making one up.

A chain of readers, first success wins, cheapest first:

1. an explicit ``format`` (strptime), when the feed gives one;
2. ISO 8601 (what ``<time datetime>`` and JSON-LD carry);
3. RFC 822 / RFC 2822 (what e-mail and RSS carry);
4. day-month-year numbers anywhere in the text (``Publié le 29 - 10 - 2025 à 14h05``);
5. a day, a month name and a year, and a time after them, anywhere in the text
   (``Publié le mardi 28 octobre 2025 à 14h05``, ``Posted on March 5, 2025 at 10:15 am``,
   ``Veröffentlicht am 5. März 2025, 10:15 Uhr``), in French, English, Spanish or German when
   the feed names one of them or names no language; in another language dateparser knows,
   with dateparser's month names, day first, when no other number follows;
6. dateparser, with the feed's languages, on the whole text (other forms, ``il y a 2 heures``,
   ``hace 3 días``);
7. dateparser's search for a date inside other words, in the feed's languages (any language
   dateparser knows: ``Pubblicato il 5 marzo 2025 alle 10:15``); only a span that writes its
   year counts, so "3 min" or a date without a year is never read from the clock.

dateparser costs one to two milliseconds a call (its search a few), and news pages print a
different time on every item, so the month-name forms (5) are read without it; its results
are cached by distinct input. Where dateparser reads reader 5's whole text, the two agree
(tests/test_dates.py compares them).
A time written without a zone is read in the feed's time zone (one that zone skips or
repeats at a summer-time change with the offset in force before the change: the earlier of
two, the same on every run). A date more than a day in the
future is rejected: it is a misreading (or a scheduled event), not a publication date.

Without ``now`` (article pages read with no clock) only absolute dates are read: relative ones
("3 days ago") and dates missing a part would be filled in from the clock. ``complete=True``
asks for day, month and year (or a date relative to ``now``), never a guessed part.

A day and month without a year (``--03-05``, the ISO 8601 form list detection writes when the
page gives no year; ``05.03.``; ``Mar 05``) is the latest such day that is already today or
past somewhere on Earth at ``now`` (UTC+14): never a future day. The year is the clock's, so
the reading counts as relative, and the store keeps the date first read for an entry (read
again a year later, the same text would give another year). ``03/05`` alone is read only when
the feed's languages decide the order (else it is left unread, not guessed).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

FUTURE_SLACK = timedelta(days=1)
Reader = Callable[[str], datetime | None]

_DMY = re.compile(
    r"(?<!\d)(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?!\d)"
    r"(?:\D{0,8}?(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*:\s*(\d{2}))?)?"
)
_YMD = re.compile(
    r"(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)"
    r"(?:\D{0,8}?(\d{1,2})\s*[:hH]\s*(\d{2})(?:\s*:\s*(\d{2}))?)?"
)
# a day and a month without a year: ISO 8601's `--MM-DD`, or numbers ("05.03.", "5/3")
_NO_YEAR_ISO = re.compile(r"--(\d{2})-(\d{2})")
_NO_YEAR_NUMBERS = re.compile(r"(\d{1,2})\s*([./-])\s*(\d{1,2})(\.?)")
# a year written in a text (four digits, or a number before 年/년)
_YEAR_WRITTEN = re.compile(r"(?<!\d)\d{4}(?!\d)|\d\s*[年년]")
# what _YMD and _DMY both need somewhere: a digit, maybe spaces, then a separator
_NUMBER_THEN_SEPARATOR = re.compile(r"\d\s*[-/.]")
# month-first languages, for numeric dates that could be read either way (03/04/2025)
_MONTH_FIRST = frozenset({"en", "en-us"})


@dataclass(frozen=True, slots=True)
class Reading:
    """A date read from a page."""

    # aware UTC
    value: datetime
    # read against the clock ("il y a 2 heures"): a later run reads the same text differently
    relative: bool = False
    # True when any later run reads the same candidates as the same date: the text gives day,
    # month and year by itself (the exact readers, not dateparser, which fills what is missing
    # from the clock) and no earlier candidate was passed over as being in the future (later
    # it may not be); what `feedsmith.reuse` may keep
    fixed: bool = False
    # the text gives a day and no time of day: the instant that stands for that day where the
    # date is written (`day_instant`), for feeds; None when it gives a time
    day: datetime | None = None


def parse_date(
    candidates: Sequence[str],
    *,
    now: datetime | None,
    timezone: str = "UTC",
    languages: Sequence[str] = (),
    fmt: str | None = None,
    complete: bool = False,
) -> datetime | None:
    """The first candidate that reads as a plausible date, as aware UTC; None if none does.

    ``now`` None: absolute dates only, and no check against the future (there is no clock).
    ``complete``: only dates that give day, month and year (or are relative to ``now``).
    """
    reading = read_date(
        candidates, now=now, timezone=timezone, languages=languages, fmt=fmt, complete=complete
    )
    return reading.value if reading is not None else None


def read_date(
    candidates: Sequence[str],
    *,
    now: datetime | None,
    timezone: str = "UTC",
    languages: Sequence[str] = (),
    fmt: str | None = None,
    complete: bool = False,
) -> Reading | None:
    """As `parse_date`, and whether the date was relative to the clock."""
    zone = ZoneInfo(timezone)
    langs = tuple(lang.lower() for lang in languages)
    passed_over = False
    for text in candidates:
        reading = _read(text.strip(), zone, langs, fmt, now, complete)
        if reading is not None and (now is None or reading.value <= now + FUTURE_SLACK):
            return replace(reading, fixed=False) if passed_over else reading
        passed_over = passed_over or reading is not None
    return None


def _read(
    text: str,
    zone: ZoneInfo,
    languages: tuple[str, ...],
    fmt: str | None,
    now: datetime | None,
    complete: bool,
) -> Reading | None:
    if not text:
        return None
    exact = _exact(text, zone, languages, fmt)
    if exact is not None:
        return exact
    no_year = _month_day(text, languages)
    if no_year is not None:
        if now is None or complete or no_year == _UNDECIDED:
            return None
        value = _latest(no_year, now)
        utc = _to_utc(value, zone) if value is not None else None
        return Reading(utc, relative=True, day=day_instant(value, zone)) if utc and value else None
    # to the minute, so that one cache entry serves a whole run
    local_now = (
        now.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
        if now is not None
        else None
    )
    base_languages = tuple(dict.fromkeys(lang.split("-")[0] for lang in languages))
    value = _dateparser(text, base_languages, local_now, complete)
    if value is None:
        # a date inside other words ("Pubblicato il 5 marzo 2025 alle 10:15")
        found = _search(text, base_languages) if base_languages else None
        utc = _to_utc(found, zone) if found is not None else None
        if utc is None or found is None:
            return None
        return Reading(utc, day=_day_alone(text, found, zone))
    utc = _to_utc(value, zone)
    if utc is None:
        return None
    # relative to the clock when the same text read a day earlier gives another date; a text
    # without its year ("2 janvier") read on that very day gives last year's a day earlier,
    # and is still a day alone, not a time counted from the clock
    earlier = (
        _dateparser(text, base_languages, local_now - timedelta(days=1), complete)
        if local_now is not None
        else value
    )
    year_from_clock = local_now is not None and not _YEAR_WRITTEN.search(text)
    relative = value != earlier and not (year_from_clock and _a_year_before(earlier, value))
    return Reading(
        utc,
        relative or year_from_clock,
        day=None if relative else _day_alone(text, value, zone),
    )


def _a_year_before(earlier: datetime | None, value: datetime) -> bool:
    """Whether ``earlier`` is ``value``'s day and time in an earlier year."""
    if earlier is None or earlier.year >= value.year:
        return False
    try:
        return earlier.replace(year=value.year) == value
    except ValueError:  # 29 February
        return False


_UNDECIDED = (0, 0)
# the furthest zone ahead of UTC: a day is not in the future while it has begun there
_EARLIEST_ZONE = timedelta(hours=14)


def _month_day(text: str, languages: tuple[str, ...]) -> tuple[int, int] | None:
    """(month, day) when the whole text is a day and month without a year: `--03-05`, or
    numbers whose order is certain (a trailing dot, `05.03.`, is day first; otherwise the
    feed's languages must all write the same order, or one number must be above 12)."""
    match = _NO_YEAR_ISO.fullmatch(text)
    if match is not None:
        month, day = int(match.group(1)), int(match.group(2))
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    match = _NO_YEAR_NUMBERS.fullmatch(text)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        order = "dm"
    elif second > 12 >= first:
        order = "md"
    elif match.group(4) or match.group(2) == "." or first == second:
        order = "dm"  # 05.03. and 05.03: day first wherever dots separate a date
    elif languages and all(lang in _MONTH_FIRST for lang in languages):
        order = "md"
    elif languages and not any(lang.split("-")[0] == "en" for lang in languages):
        order = "dm"
    else:
        return _UNDECIDED  # 03/05 with no language, or in English: either order is a date
    month, day = (second, first) if order == "dm" else (first, second)
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else _UNDECIDED


def _latest(month_day: tuple[int, int], now: datetime) -> datetime | None:
    """The latest day with this month and day that has begun somewhere at ``now``, as a naive
    midnight."""
    month, day = month_day
    limit = (now.astimezone(UTC) + _EARLIEST_ZONE).date()
    for year in range(limit.year, limit.year - 8, -1):  # 29 February: within 8 years
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if value <= limit:
            return datetime(value.year, value.month, value.day)
    return None


# a time of day written in a date: 14:05, 14h05, 2 pm, 14 Uhr, 14時, 14시, 14点
_CLOCK = re.compile(
    r"\d\s*[:：]\s*\d\d|\d\s*[hH]\s*\d\d|\d\s*(?:[ap]\.?m\b\.?|uhr\b|時|시|点)", re.IGNORECASE
)
# a machine's midnight written to the second (`T00:00:00`, `00:00:00 +0000`): a day alone
_MIDNIGHT_TO_THE_SECOND = re.compile(
    r"(?<!\d)00:00:00(?:[.,]0+)?(?:\s*(?:Z|[+-]\d\d:?\d\d|GMT|UTC)\b)?(?!\d)", re.IGNORECASE
)


def _day_alone(text: str, value: datetime, zone: ZoneInfo) -> datetime | None:
    """The day's instant when ``text`` gives ``value`` as a day without a time of day: no time
    written, or midnight to the second (what a CMS prints for a date alone). A written `00:00`
    is a time. The day is the one written, in the date's own offset if it has one."""
    if value.time() != time():
        return None
    if _CLOCK.search(_MIDNIGHT_TO_THE_SECOND.sub("", text)):
        return None
    try:
        return day_instant(value, value.tzinfo or zone)
    except OverflowError:
        return None


# a list page repeats its dates ("29 - 10 - 2025" on every item of a day), and none of these
# readers looks at the clock: each distinct text is read once
@lru_cache(maxsize=4096)
def _exact(
    text: str, zone: ZoneInfo, languages: tuple[str, ...], fmt: str | None
) -> Reading | None:
    """The reading an explicit format, ISO 8601, RFC 822, a numeric date or a date with its
    month's name gives ``text`` (the first that reads it), or None."""
    for reader in (_strptime(fmt), _iso, _rfc822, _numeric(languages), _month_names(languages)):
        value = reader(text) if reader is not None else None
        utc = _to_utc(value, zone) if value is not None else None
        if utc is not None and value is not None:
            return Reading(utc, fixed=True, day=_day_alone(text, value, zone))
    return None


def most_precise(
    first: datetime | None, other: datetime | None, timezone: str = "UTC"
) -> datetime | None:
    """``first``, unless ``other`` is a reading of the same day with its time of day where
    ``first`` has none (see `date_only`)."""
    if first is None or other is None:
        return first or other
    zone = ZoneInfo(timezone)
    if (
        first.astimezone(zone).date() == other.astimezone(zone).date()
        and date_only(first, timezone)
        and not date_only(other, timezone)
    ):
        return other
    return first


def date_only(value: datetime, timezone: str = "UTC") -> bool:
    """Whether a reading gives no time of day: local midnight in ``timezone`` (what a day alone
    reads as) or the instant `day_instant` stands for that day with (an exact 12:00:00 UTC
    printed on a page reads as a day alone too: the day shown is the same)."""
    local = value.astimezone(ZoneInfo(timezone))
    return local.time() == time() or value == day_instant(value, timezone)


def day_instant(value: datetime, timezone: str | tzinfo = "UTC") -> datetime:
    """The instant a feed gives for the day ``value`` falls on in ``timezone`` when the page
    gave the day alone: noon UTC, moved inside that day where the zone is 12 hours or more
    from UTC.

    No instant shows one day on every clock (the zones span 26 hours); noon UTC shows it from
    UTC-12 to UTC+11:59, so a reader anywhere but the far Pacific sees the page's day, and it
    lies inside the day where the page is published for every zone but the far east, where it
    is the day's last minute instead. (Local noon would not do: noon in Tokyo is 19:00 the day
    before in California.) Without a zone the page's day is the UTC day.
    """
    zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    day = (value.astimezone(zone) if value.tzinfo is not None else value).date()
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    noon = datetime.combine(day, time(12), UTC)
    return min(max(noon, start), end - timedelta(minutes=1))


def _to_utc(value: datetime, zone: ZoneInfo) -> datetime | None:
    """``value`` in UTC; None when UTC cannot represent it (31 December 9999, 20:00 -05:00)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return None


def _strptime(fmt: str | None) -> Reader | None:
    if fmt is None:
        return None

    def read(text: str) -> datetime | None:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            return None

    return read


def _iso(text: str) -> datetime | None:
    if len(text) < 10 or not text[:4].isdigit() or text[4] != "-":
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    if not (text[:1].isalpha() and "," in text[:5]) and not text[:2].strip().isdigit():
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _numeric(languages: tuple[str, ...]) -> Reader:
    month_first = bool(languages) and all(lang.lower() in _MONTH_FIRST for lang in languages)

    def read(text: str) -> datetime | None:
        if _NUMBER_THEN_SEPARATOR.search(text) is None:
            return None  # both patterns need one: a quick no for "mardi 28 octobre 2025"
        return _numeric_date(text, month_first)

    return read


def _numeric_date(text: str, month_first: bool) -> datetime | None:
    """A numeric date (2025-10-29, 29/10/2025, 29 - 10 - 25) and its time, if written."""
    match = _YMD.search(text)
    if match:
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        match = _DMY.search(text)
        if match is None:
            return None
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        year += 2000 if year < 100 else 0
        month, day = (first, second) if month_first else (second, first)
        if month > 12 >= day:
            day, month = month, day
    hour, minute, second_ = (int(g) if g else 0 for g in match.group(5, 6, 7))
    try:
        return datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return None


# month names (and the abbreviations dateparser reads the same way), by language
_MONTH_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "fr": (
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "decembre", "déc", "dec"),
    ),
    "en": (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "es": (
        ("enero",),
        ("febrero",),
        ("marzo",),
        ("abril",),
        ("mayo",),
        ("junio",),
        ("julio",),
        ("agosto",),
        ("septiembre",),
        ("octubre",),
        ("noviembre",),
        ("diciembre",),
    ),
    "de": (
        ("januar",),
        ("februar",),
        ("märz",),
        ("april",),
        ("mai",),
        ("juni",),
        ("juli",),
        ("august",),
        ("september",),
        ("oktober",),
        ("november",),
        ("dezember",),
    ),
}
_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
}
# between the date and the time: "à" (fr), "at" (en), "a las" (es), "um" (de), or a comma
_TIME_WORDS = {"fr": "à", "en": "at", "es": "a las", "de": "um"}
# a day, a month name and a year, day first (all) or month first (en: "March 5, 2025")
_DAY_FIRST = r"(?P<day>\d{{1,2}}){ordinal}{of}\s+(?P<month>{names})\.?{of},?\s+(?P<year>\d{{4}})"
_MONTH_FIRST_EN = (
    r"(?P<month2>{names})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{{4}})"
)
# then, maybe, a time: ", 10:15 Uhr", " à 10h15", " at 10:15 am", " - 14:05"
_TIME = (
    r"(?:\s*[,|·–-]?\s*(?:{word}\s+)?(?P<hour>\d{{1,2}}){colon}(?P<minute>\d{{2}})(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?)?"
)


# the month keys of dateparser's language data, in order
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# between the date and the time in a language without a table: up to two short words
# ("alle", "om", "o", "в", "às", "klo")
_ANY_TIME_WORDS = r"(?:[^\W\d_]{1,5}\.?\s+){0,2}"


@lru_cache(maxsize=64)
def _months(language: str) -> tuple[tuple[str, ...], ...] | None:
    """Each month's names in a language, lower-case: the table above, else dateparser's own
    language data (every language it knows), without names two months share; None if unknown."""
    if language in _MONTH_NAMES:
        return _MONTH_NAMES[language]
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (ValueError, KeyError):
        return None
    months = [
        {n.lower().rstrip(".") for n in info.get(key, ()) if len(n.rstrip(".")) >= 3}
        for key in _MONTH_KEYS
    ]
    shared = {n for i, a in enumerate(months) for b in months[i + 1 :] for n in a & b}
    found = tuple(tuple(sorted(names - shared)) for names in months)
    return (
        found if all(found) and not any(c.isdigit() for m in found for n in m for c in n) else None
    )


@lru_cache(maxsize=64)
def _month_pattern(language: str) -> re.Pattern[str] | None:
    months = _months(language)
    if months is None:
        return None
    names = "|".join(
        re.escape(n) for n in sorted((n for names in months for n in names), key=len, reverse=True)
    )
    if language not in _MONTH_NAMES:
        # a day, a month, a year, a time written 10:15: day first, as most languages write it
        date = _DAY_FIRST.format(ordinal=r"\.?", of="", names=names)
        time = _TIME.format(word="", colon=":").replace("(?:\\s+)?", _ANY_TIME_WORDS, 1)
        return re.compile(rf"(?<!\w){date}(?!\d){time}", re.IGNORECASE)
    weekdays = "|".join(_WEEKDAYS[language])
    of = r"(?:\s+de)?" if language == "es" else ""
    colon = "[h:]" if language in {"fr", "en"} else ":"  # 14h05, as dateparser reads it
    ordinal = {"fr": "(?:er)?", "de": r"\.?"}.get(language, "")  # 1er, 28.
    date = _DAY_FIRST.format(ordinal=ordinal, of=of, names=names)
    if language == "en":
        date = f"(?:{date}|{_MONTH_FIRST_EN.format(names=names)})"
    time = _TIME.format(word=_TIME_WORDS[language], colon=colon)
    # searched, not matched whole: "Publié le …", "Posted on …", "Veröffentlicht am …" lead in
    return re.compile(
        rf"(?<!\w)(?:(?:{weekdays}),?\s+)?{date}(?!\d){time}",
        re.IGNORECASE,
    )


@lru_cache(maxsize=256)
def _month_names(languages: tuple[str, ...]) -> Reader | None:
    """Day, month name, year (and a time) anywhere in the text, in one of the feed's languages
    (all the languages of the table when the feed names none). A language without a table
    takes its month names from dateparser's data, and only a text with no other number after
    the date (a time it does not know how to read, "klo 10.15", goes on to dateparser)."""
    bases = tuple(dict.fromkeys(lang.split("-")[0] for lang in languages)) or tuple(_MONTH_NAMES)
    patterns = [(lang, _month_pattern(lang)) for lang in bases]
    if any(pattern is None for _, pattern in patterns):
        return None  # a language dateparser does not know either: leave the text to it

    def read(text: str) -> datetime | None:
        for lang, pattern in patterns:
            match = pattern.search(text) if pattern is not None else None
            if match is None:
                continue
            if lang not in _MONTH_NAMES and any(c.isdigit() for c in text[match.end() :]):
                return None
            parts = match.groupdict()
            name = (parts["month"] or parts.get("month2") or "").lower().rstrip(".")
            day = int(parts["day"] or parts.get("day2") or 0)
            year = int(parts["year"] or parts.get("year2") or 0)
            table = _months(lang) or ()
            month = next((i for i, names in enumerate(table, 1) if name in names), 0)
            hour, minute = (int(g) if g else 0 for g in (parts["hour"], parts["minute"]))
            if parts["ampm"] and hour <= 12:
                hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
            try:
                return datetime(year, month, day, hour, minute)
            except ValueError:
                return None
        return None

    return read


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@lru_cache(maxsize=65536)
def _search(text: str, languages: tuple[str, ...]) -> datetime | None:
    """The first complete, absolute date written inside the text, in the given languages.

    Only a span that writes its year counts: "3 min" or "il y a 2 heures" among other words are
    not read against the clock, and a missing year is never filled in.
    """
    if not any(c.isdigit() for c in text):
        return None
    from dateparser.search import search_dates

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_TIME_AS_PERIOD": False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(text[:200], languages=list(languages), settings=settings)
        except (ValueError, OverflowError, TypeError, LookupError):
            return None
    for span, value in found or ():
        if str(value.year) in _YEAR.findall(span) or f"{value.year}年" in span:
            return value
    return None


@lru_cache(maxsize=65536)
def _dateparser(
    text: str, languages: tuple[str, ...], now: datetime | None, complete: bool
) -> datetime | None:
    import dateparser  # imported on first use: it takes ~0.3 s to load its language data

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if now is not None:
        settings["RELATIVE_BASE"] = now
    else:  # no clock: relative dates and missing parts cannot be filled in
        settings["PARSERS"] = ["custom-formats", "absolute-time"]
        complete = True
    if complete:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = dateparser.parse(
                text[:200], languages=list(languages) or None, settings=settings
            )
        except (ValueError, OverflowError, TypeError):
            return None
    return value
