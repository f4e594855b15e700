"""Find the date a list item prints beside its link, in the page's language, without a clock.

List pages print dates in every shape (`5 de marzo de 2024`, `12 janv. 2024`, `5. März 2024`,
`2024年3月5日`, `Mar 05`, `05/03/2024`, `2024 03 05`). Detection needs three things from such a
text, cheaply and the same way every time:

- where a date phrase is (to keep it out of a title, and to find the item's date at all);
- what day it names, as `YYYY-MM-DD` (so the date chain reads it exactly, whatever the page's
  language), or month and day only when the page prints no year (a year heading above the item
  may give it);
- which order ambiguous numbers follow (`03/04/2024`): evidence on the page first (a number above
  12 can only be a day), then the page's language (month first in US English only).

Month names and their usual abbreviations are known for en, fr, es, de, it, pt, nl, pl, sv and tr;
whole month names (as a date writes them, and as a heading does) for ru, uk, cs, fi, da, nb,
hu, ro, el and ar (the Gregorian names, and the Levantine names of one word); Japanese, Chinese
and Korean dates are read from their 年/月/日, 년/월/일 markers.
A day and month written `05.03.` (a trailing dot: day first) is a date without its year.
`find_relative` finds dates relative to the page's fetch ("3 hours ago", "il y a 2 jours",
"vor 3 Tagen", "昨日", "hace 2 días") in the same languages, for the date chain to read against
the clock. Results are cached by distinct text. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

__all__ = ["DatePhrase", "find_dates", "find_relative", "heading_year", "month_first"]

# month names, January first, space-separated (Polish in the genitive a date uses)
_MONTHS: dict[str, str] = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
}
# other spellings: nominative Polish, accents left out, short forms not made by cutting a name
_EXTRA: dict[str, int] = {
    "styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "maj": 5, "czerwiec": 6, "lipiec": 7,
    "sierpień": 8, "wrzesień": 9, "październik": 10, "listopad": 11, "grudzień": 12,
    "fevrier": 2, "aout": 8, "decembre": 12, "marz": 3, "maerz": 3, "marco": 3, "setembro": 9,
    "sept": 9, "set": 9, "sep": 9, "mär": 3, "mrt": 3, "mei": 5, "okt": 10, "ott": 10,
    "dez": 12, "dic": 12, "gen": 1, "ene": 1, "abr": 4, "ago": 8, "lut": 2, "kwi": 4,
    "cze": 6, "lip": 7, "sie": 8, "wrz": 9, "paź": 10, "lis": 11, "gru": 12, "sty": 1,
    "oca": 1, "şub": 2, "nis": 4, "haz": 6, "tem": 7, "ağu": 8, "eyl": 9, "eki": 10,
    "kas": 11, "ara": 12, "mayıs": 5, "juil": 7, "janv": 1, "févr": 2, "fevr": 2, "avr": 4,
    "déc": 12, "dec": 12, "mrz": 3,
    # Arabic: other spellings of the Gregorian names, and the Levantine names of one word
    "ابريل": 4, "إبريل": 4, "اغسطس": 8, "اكتوبر": 10, "يونية": 6, "يولية": 7, "شباط": 2,
    "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "أيلول": 9,
}  # fmt: skip
# whole names only (cut short they would clash with the names above): genitive as a date
# writes them, then the nominative a month heading uses
_WHOLE: dict[str, str] = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ru-nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "ru-abbr": "янв фев мар апр май июн июл авг сен окт ноя дек",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "uk-nom": "січень лютий березень квітень травень червень липень серпень вересень жовтень "
    "листопад грудень",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "cs-nom": "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec",
    "fi": "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
    "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta",
    "fi-nom": "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu "
    "lokakuu marraskuu joulukuu",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "hu": "január február március április május június július augusztus szeptember október "
    "november december",
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
    "noiembrie decembrie",
    "el": "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου "
    "σεπτεμβρίου οκτωβρίου νοεμβρίου δεκεμβρίου",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "el-nom": "ιανουάριος φεβρουάριος μάρτιος απρίλιος μάιος ιούνιος ιούλιος αύγουστος "
    "σεπτέμβριος οκτώβριος νοέμβριος δεκέμβριος",
}
# words that look like month abbreviations but are words of dates' surroundings
_NOT_MONTHS = frozenset({"ago", "set", "sie", "may"})


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    clashes: set[str] = set()
    for names in _MONTHS.values():
        for number, name in enumerate(names.split(), 1):
            for size in range(3, len(name) + 1):
                key = name[:size]
                if table.get(key, number) != number:
                    clashes.add(key)
                table[key] = number
    for key in clashes:
        del table[key]
    table.update(_EXTRA)
    for names in _WHOLE.values():
        for number, name in enumerate(names.split(), 1):
            table.setdefault(name, number)
    return table


_MONTH_OF = _month_table()
_WORD = r"[^\W\d_]{3,12}"
# a time right after the date: ", 14:05", " à 10h15", " um 9:30", " 5:30 pm"
_TIME = (
    r"(?:\s*(?:,|\bat\b|à|\bum\b|\ba las\b|\balle\b|\bàs\b|-|–|\||·)?\s*"
    r"(\d{1,2})[:hH](\d{2})(?![\d])(?:\s*([ap]\.?m\.?))?)?"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2024年3月5日, 2024년 3월 5일, 3月5日
    (
        "cjk",
        re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?" + _TIME),
    ),
    # 2024-03-05, 2024/3/5, 2024.03.05, 2024 03 05
    (
        "ymd",
        re.compile(
            r"(?<![\d.])(\d{4})(?:\s*([-/.])\s*|\s+)(\d{1,2})(?:\s*\2\s*|\s+)(\d{1,2})(?![\d])"
            + _TIME
        ),
    ),
    # 05/03/2024, 5.3.24, 05 03 2024 (two-digit years only with - / .)
    (
        "dmy",
        re.compile(
            r"(?<![\d.])(\d{1,2})(?:\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})|\s+(\d{1,2})\s+(\d{4}))(?![\d])"
            + _TIME
        ),
    ),
    # 05.03. (two digits each and a trailing dot: day first), no year
    (
        "dm.",
        re.compile(r"(?<![\w.])(\d{2})\.\s?(\d{2})\.(?![\d]|\s?\d)" + _TIME),
    ),
    # 2024 March 5, 2024 Mar 5
    (
        "y-name-d",
        re.compile(rf"(?<![\d])(\d{{4}})\.?\s+({_WORD})\.?\s+(\d{{1,2}})(?![\d])" + _TIME, re.I),
    ),
    # 5-Mar-2024, 05-MAR-2024 (read as the next shape is)
    (
        "d-name-y",
        re.compile(rf"(?<![\d])(\d{{1,2}})-({_WORD})-(\d{{4}})(?![\d])" + _TIME, re.IGNORECASE),
    ),
    # 5 March 2024, 5. März 2024, 5 de marzo de 2024, 1er mars, 12 janv. 2024, 5 Mar
    (
        "d-name-y",
        re.compile(
            rf"(?<![\d])(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+)?({_WORD})\.?,?"
            r"(?:\s*(?:de\s+|del\s+)?(\d{4}))?(?![\d])" + _TIME,
            re.IGNORECASE,
        ),
    ),
    # March 5, 2024, Mar 5 2024, Mar 05
    (
        "name-d-y",
        re.compile(
            rf"(?<![^\W\d_])({_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d])(?:,?\s*(\d{{4}})(?![\d]))?"
            + _TIME,
            re.IGNORECASE,
        ),
    ),
)


# what may stand around a date that is all of a text ("05/03 —", "| 12.4.")
_AROUND = " \t\n|·•—–-:,"
_DAY_MONTH = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?")


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A date found in a text."""

    start: int
    end: int
    # None when the text prints no year
    year: int | None
    month: int
    day: int
    # hour and minute when printed right after the date
    time: tuple[int, int] | None
    # "dmy"/"mdy" for numbers whose order is a choice (03/04/2024), else ""
    ambiguous: str = ""
    # the order the numbers were read in when a page's other dates decide it ("dmy" when a
    # number above 12 came first), else ""
    evidence: str = ""
    # the numbers as printed, for a date written in numbers only with its year last or none
    # (`05/03/24` is (5, 3, 24), `03-05` alone is (3, 5)): the page's other dates may decide
    # their order (`feedsmith.extract.dateorder`); () for every other form
    numbers: tuple[int, ...] = ()

    def iso(self, year: int | None = None) -> str | None:
        """`YYYY-MM-DD` (with `THH:MM` when a time is printed); None without a year."""
        year = self.year if self.year is not None else year
        if year is None:
            return None
        day = f"{year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{day}T{self.time[0]:02d}:{self.time[1]:02d}" if self.time else day

    def without_year(self) -> str:
        """`--MM-DD`, ISO 8601's day and month without a year."""
        return f"--{self.month:02d}-{self.day:02d}"

    def swapped(self) -> DatePhrase:
        """The other reading of an ambiguous numeric date."""
        if not self.ambiguous or self.day > 12:
            return self
        other = "mdy" if self.ambiguous == "dmy" else "dmy"
        return replace(self, month=self.day, day=self.month, ambiguous=other)


def month_first(language: str | None) -> bool:
    """Whether numeric dates put the month first, from the page's language alone."""
    lang = (language or "").lower().replace("_", "-")
    return lang in ("en-us", "en") or lang.endswith("-us")


@lru_cache(maxsize=4096)
def find_dates(text: str, month_first_order: bool = False) -> tuple[DatePhrase, ...]:
    """Every date phrase in `text`, in order, not overlapping; numbers in the order given."""
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []
    alone = _DAY_MONTH.fullmatch(text.strip(_AROUND))
    if alone is not None:  # "03-05" as the whole text: a date without its year
        first, second = int(alone.group(1)), int(alone.group(2))
        month, day = (first, second) if month_first_order else (second, first)
        if month > 12 >= day:
            month, day = day, month
        ambiguous = "mdy" if month_first_order else "dmy"
        evidence = "dmy" if first > 12 >= second else "mdy" if second > 12 >= first else ""
        if 1 <= month <= 12 and 1 <= day <= 31:
            phrase = DatePhrase(
                0,
                len(text),
                None,
                month,
                day,
                None,
                ambiguous=ambiguous,
                evidence=evidence,
                numbers=(first, second),
            )
            return (phrase,)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            read = _phrase(kind, match, month_first_order)
            if read is not None:
                found.append(read)
                taken.append((start, end))
    found.sort(key=lambda p: p.start)
    return tuple(found)


def _phrase(kind: str, match: re.Match[str], mdy: bool) -> DatePhrase | None:
    groups = match.groups()
    ambiguous = evidence = ""
    numbers: tuple[int, ...] = ()
    if kind == "cjk":
        year = int(groups[0]) if groups[0] else None
        month, day = int(groups[1]), int(groups[2])
        rest = groups[3:]
    elif kind == "ymd":
        year, month, day = int(groups[0]), int(groups[2]), int(groups[3])
        rest = groups[4:]
    elif kind == "dmy":
        if groups[2] is not None:
            first, second, year = int(groups[0]), int(groups[2]), int(groups[3])
        else:
            first, second, year = int(groups[0]), int(groups[4]), int(groups[5])
        numbers = (first, second, year)
        year += 2000 if year < 100 else 0
        month, day = (first, second) if mdy else (second, first)
        if month > 12 >= day:
            month, day = day, month
        elif first <= 12 and second <= 12 and first != second:
            ambiguous = "mdy" if mdy else "dmy"
        evidence = "dmy" if first > 12 >= second else "mdy" if second > 12 >= first else ""
        rest = groups[6:]
    elif kind == "dm.":
        day, month, year = int(groups[0]), int(groups[1]), None
        rest = groups[2:]
    elif kind == "d-name-y":
        month_ = _month(groups[1])
        if month_ is None:
            return None
        day, month = int(groups[0]), month_
        year = int(groups[2]) if groups[2] else None
        rest = groups[3:]
    elif kind == "name-d-y":
        month_ = _month(groups[0])
        if month_ is None:
            return None
        month, day = month_, int(groups[1])
        year = int(groups[2]) if groups[2] else None
        rest = groups[3:]
    else:  # y-name-d
        month_ = _month(groups[1])
        if month_ is None:
            return None
        year, month, day = int(groups[0]), month_, int(groups[2])
        rest = groups[3:]
    if not (1 <= month <= 12 and 1 <= day <= 31) or (year is not None and not 1970 <= year <= 2100):
        return None
    time = _time(*rest)
    end = match.end()
    if time is None and rest[0] is not None:  # "11/05/2020 43:57": a duration, not a time
        end = match.start(len(groups) - 2)
    return DatePhrase(
        match.start(),
        end,
        year,
        month,
        day,
        time,
        ambiguous=ambiguous,
        evidence=evidence,
        numbers=numbers,
    )


# a heading that is a year: "2024", "2024 (4)", "2024:", "2024年", "2024년", "2024 г.", "2024 r."
_YEAR_HEADING = re.compile(r"((?:19|20)\d\d)\s*(?:年|년|г\.?|r\.?|\(\d+\)|\[\d+\]|:)?")
# a heading that is a month of a year: "März 2024", "marzo de 2024", "2024年3月", "2024년 3월"
_MONTH_YEAR_HEADING = re.compile(
    rf"({_WORD})\.?,?\s+(?:de\s+|del\s+)?((?:19|20)\d\d)\s*(?:г\.?|r\.?)?"
    r"|((?:19|20)\d\d)\s*[年년]\s*\d{1,2}\s*[月월]",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def heading_year(text: str) -> int | None:
    """The year a heading names when it is all of the heading: a year (`2024`, `2024年`) or
    a month of a year (`März 2024`, `2024年3月`); None for any other text."""
    text = text.strip()
    match = _YEAR_HEADING.fullmatch(text)
    if match:
        return int(match.group(1))
    match = _MONTH_YEAR_HEADING.fullmatch(text)
    if match is None:
        return None
    if match.group(3):
        return int(match.group(3))
    return int(match.group(2)) if _month(match.group(1)) else None


def _month(word: str) -> int | None:
    key = word.lower().rstrip(".")
    if key in _NOT_MONTHS and word[:1].islower():
        return None  # "3 days ago", "set": lower-case words of the sentence around the date
    return _MONTH_OF.get(key)


def _time(hour: str | None, minute: str | None, meridiem: str | None) -> tuple[int, int] | None:
    if hour is None or minute is None:
        return None
    h, m = int(hour), int(minute)
    if meridiem:
        pm = meridiem.lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return (h, m)


# a date relative to the fetch: a number and a unit with the language's "ago", or a word
# ("yesterday") that is nearly all of its text
_UNITS = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
    r"|secondes?|heures?|jours?|semaines?|mois|ans?"
    r"|sekunden?|minuten?|stunden?|tagen?|wochen?|monate?n?|jahren?"
    r"|segundos?|minutos?|horas?|d[ií]as?|semanas?|mes(?:es)?|meses|años?|anos?|m[eê]s"
    r"|secondi|minuti|or[ae]|giorn[oi]|settiman[ae]|mes[ei]|ann[oi]"
    r"|seconden|minuut|uur|dagen|dag|weken|week|maanden|maand|jaar"
    r"|sekund\w*|minut\w*|godzin\w*|dni|dzień|tygodni\w*|miesi\w*|lat|rok\w*"
    r"|секунд\w*|минут\w*|час\w*|дн\w*|день|недел\w*|месяц\w*|год\w*|лет"
    r"|хвилин\w*|годин\w*|дні\w*|днів|тижн\w*|місяц\w*|рок\w*"
    r"|saniye|dakika|saat|gün|hafta|ay|yıl"
    r"|sekunder|minuter|timm[ae]r?|dagar|veckor|vecka|månader|månad|år|timer|dage[r]?|uger"
    r"|uke[r]?|måneder"
    r"|dny|dnem|hodin\w*|týdn\w*|měsíc\w*|lety"
    r"|minuuttia|tuntia|päivää|viikkoa|kuukautta|vuotta"
    r"|zile|zi|ore|oră|săptămâni|luni|ani"
    r"|λεπτά|ώρες|ώρα|μέρες|ημέρες|εβδομάδες|μήνες|χρόνια)"
)
_RELATIVE = re.compile(
    rf"(?<!\w)(?:\d+|an?|one)\s+{_UNITS}\s+(?:ago|fa|geleden|temu|назад|тому|önce|sedan"
    r"|siden|sitten|atrás)(?!\w)"
    rf"|(?<!\w)(?:il y a|vor|hace|há|před|acum|πριν(?:\s+από)?)\s+\d+\s*"
    rf"(?:{_UNITS}|h|min|j|d|std|hrs?)\.?(?!\w)"
    r"|\d+\s*(?:秒|分|分钟|分鐘|時間|小时|小時|日|天|週間|周|週|か月|ヶ月|个月|個月|年)\s*前"
    r"|\d+\s*(?:초|분|시간|일|주|개월|달|년)\s*전",
    re.IGNORECASE,
)
_RELATIVE_WORD = re.compile(
    r"(?<!\w)(?:today|yesterday|aujourd'hui|hier|heute|gestern|hoy|ayer|oggi|ieri|hoje|ontem"
    r"|vandaag|gisteren|dzisiaj|dziś|wczoraj|сегодня|вчера|сьогодні|вчора|bugün|dün|idag|igår"
    r"|i dag|i går|dnes|včera|tänään|eilen|tegnap|azi|σήμερα|χθες"
    r"|今日|昨日|今天|昨天|오늘|어제)(?!\w)",
    re.IGNORECASE,
)
# the most a text may hold around a relative word for the word to be its date
_WORD_TEXT = 32


@lru_cache(maxsize=4096)
def find_relative(text: str) -> tuple[int, int] | None:
    """Where a date relative to the fetch is written in `text` ("3 hours ago", "vor 3 Tagen",
    "3時間前"), or a word such as "yesterday" that is nearly all of a short text (in a longer
    one it is a word of a sentence); None if there is none."""
    match = _RELATIVE.search(text)
    if match is not None:
        return match.span()
    if len(text.strip()) <= _WORD_TEXT:
        match = _RELATIVE_WORD.search(text)
        if match is not None:
            return match.span()
    return None
