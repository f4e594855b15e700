"""List pages written to find wrong item dates, with exact truth (issue 11, dates).

`bench/list_classes.py` covers the failure classes issue 11 names; these pages go after the
cases where a date can come out on the wrong day, not just missing:

- numbers whose order is a choice: two-digit years written first (`24.03.05` on Korean,
  Japanese, Chinese, Hungarian, Swedish pages) or last (`05.03.24` in German, French, Polish),
  pages whose other dates prove the order against the language (`03/25/2024` on an `en-GB`
  page), and pages where nothing tells the order apart (no language, unordered dates that
  could all be read either way): those items must stay undated;
- dates without a year and no year heading: some items show their year (a blog printing it
  only for past years), or none does (the year is the latest one that does not put the day
  after the fetch);
- dates relative to the fetch ("3 hours ago", "il y a 2 jours", "vor 3 Tagen", "昨日",
  "hace 2 días") in thirteen languages;
- dates beside the link in more markups (a table's last column, `<dd>` after a `<dt>` link, a
  card's footer after the link, a date line before the heading, a line after a `<br>`) with
  month names in languages `list_classes` does not write (ru, cs, fi, da, nb, hu, ro, el, uk).

Every page is read with the clock at `NOW` (the time `bench/eval_lists.py` uses); days that
depend on the clock are computed from it. An item whose truth is `undatable` counts as wrong in
`eval_lists`' `wrong` share when it gets any date.

Usage: python -m bench.date_cases OUT   writes OUT/<slug>/{page.html,truth.json} for
`bench/eval_lists.py`. `tests/test_date_cases.py` runs every case through `suggest`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.list_classes import MONTHS, SHORT, SHORT_EN, SITE, TITLES, e, write

# the clock every page is read with (bench/eval_lists.NOW)
NOW = datetime(2027, 1, 1, tzinfo=UTC)
TODAY = NOW.date()

# headlines for the languages list_classes has none for
MORE_TITLES: dict[str, tuple[str, ...]] = {
    "ru": ("Библиотека продлевает часы работы", "Новый мост откроют весной",
           "Итоги городского конкурса проектов", "Встреча с командой музея"),
    "cs": ("Knihovna prodlužuje otevírací dobu", "Nová lávka přes řeku otevřena",
           "Výsledky participativního rozpočtu", "Setkání s týmem muzea"),
    "fi": ("Kirjasto pidentää aukioloaikojaan", "Uusi silta avataan keväällä",
           "Osallistuvan budjetoinnin tulokset", "Tapaaminen museon väen kanssa"),
    "da": ("Biblioteket udvider åbningstiderne", "Ny cykelsti langs havnen",
           "Resultaterne af borgerbudgettet", "Mød holdet bag museet"),
    "nb": ("Biblioteket utvider åpningstidene", "Ny sykkelvei langs havna",
           "Resultatene fra innbyggerbudsjettet", "Møt folkene bak museet"),
    "hu": ("Hosszabb nyitvatartás a könyvtárban", "Új kerékpárút a kikötő mentén",
           "A részvételi költségvetés eredményei", "Találkozó a múzeum csapatával"),
    "ro": ("Biblioteca își prelungește programul", "O nouă pistă de biciclete în port",
           "Rezultatele bugetului participativ", "Întâlnire cu echipa muzeului"),
    "el": ("Η βιβλιοθήκη επεκτείνει το ωράριο", "Νέος ποδηλατόδρομος στο λιμάνι",
           "Τα αποτελέσματα του προϋπολογισμού", "Συνάντηση με την ομάδα του μουσείου"),
    "uk": ("Бібліотека подовжує години роботи", "Новий міст відкриють навесні",
           "Підсумки міського конкурсу проєктів", "Зустріч із командою музею"),
}  # fmt: skip
# month names as a date writes them (genitive where the language inflects)
MORE_MONTHS: dict[str, tuple[str, ...]] = {
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"),
    "cs": ("ledna", "února", "března", "dubna", "května", "června", "července", "srpna",
           "září", "října", "listopadu", "prosince"),
    "fi": ("tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
           "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta",
           "joulukuuta"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"),
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "hu": ("január", "február", "március", "április", "május", "június", "július",
           "augusztus", "szeptember", "október", "november", "december"),
    "ro": ("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
           "septembrie", "octombrie", "noiembrie", "decembrie"),
    "el": ("Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
           "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"),
}  # fmt: skip
# (text, hours before NOW) for four items, newest first
RELATIVE: dict[str, tuple[tuple[str, int], ...]] = {
    "en": (("3 hours ago", 3), ("yesterday", 24), ("5 days ago", 120), ("2 weeks ago", 336)),
    "fr": (("il y a 3 heures", 3), ("hier", 24), ("il y a 5 jours", 120),
           ("il y a 2 semaines", 336)),
    "de": (("vor 3 Stunden", 3), ("gestern", 24), ("vor 5 Tagen", 120), ("vor 2 Wochen", 336)),
    "es": (("hace 3 horas", 3), ("ayer", 24), ("hace 5 días", 120), ("hace 2 semanas", 336)),
    "it": (("3 ore fa", 3), ("ieri", 24), ("5 giorni fa", 120), ("2 settimane fa", 336)),
    "pt": (("há 3 horas", 3), ("ontem", 24), ("há 5 dias", 120), ("há 2 semanas", 336)),
    "nl": (("3 uur geleden", 3), ("gisteren", 24), ("5 dagen geleden", 120),
           ("2 weken geleden", 336)),
    "pl": (("3 godziny temu", 3), ("wczoraj", 24), ("5 dni temu", 120),
           ("2 tygodnie temu", 336)),
    "ru": (("3 часа назад", 3), ("вчера", 24), ("5 дней назад", 120), ("2 недели назад", 336)),
    "tr": (("3 saat önce", 3), ("dün", 24), ("5 gün önce", 120), ("2 hafta önce", 336)),
    "ja": (("3時間前", 3), ("昨日", 24), ("5日前", 120), ("2週間前", 336)),
    "zh": (("3小时前", 3), ("昨天", 24), ("5天前", 120), ("2周前", 336)),
    "ko": (("3시간 전", 3), ("어제", 24), ("5일 전", 120), ("2주 전", 336)),
}  # fmt: skip
# the items' days where the clock does not matter: day numbers up to 12
DAYS = (date(2024, 3, 5), date(2024, 2, 11), date(2024, 1, 8), date(2023, 12, 3))
# days within the year before NOW, newest first, for pages that print no year at all
RECENT = (date(2026, 12, 28), date(2026, 11, 3), date(2026, 7, 9), date(2026, 1, 2))


@dataclass(frozen=True, slots=True)
class Item:
    link: str
    title: str
    # the day the item must get; None with `undatable`: no date may be given
    day: date | None
    # what the page prints as its date
    shown: str
    undatable: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    slug: str
    kind: str
    lang: str
    url: str
    html: str
    items: tuple[Item, ...]


def titles(lang: str) -> tuple[str, ...]:
    base = lang.split("-")[0]
    if base in MORE_TITLES:
        return MORE_TITLES[base]
    return tuple(title for title, _ in TITLES[base])


def month_name(day: date, lang: str) -> str:
    base = lang.split("-")[0]
    names = MORE_MONTHS.get(base) or MONTHS[base]
    return names[day.month - 1]


def long_date(day: date, lang: str) -> str:
    """The day with its month's name, as `lang` writes it."""
    d, y, name = day.day, day.year, month_name(day, lang)
    base = lang.split("-")[0]
    if base == "hu":
        return f"{y}. {name} {d}."
    if base in ("fi", "da", "nb", "cs"):
        return f"{d}. {name} {y}"
    if base in ("ru", "uk"):
        return f"{d} {name} {y} г." if base == "ru" else f"{d} {name} {y} р."
    return f"{d} {name} {y}"


# ---------------------------------------------------------------------------- markups
Markup = Callable[[tuple[Item, ...]], str]


def path(item: Item) -> str:
    return item.link.removeprefix(SITE)


def table_last_column(items: tuple[Item, ...]) -> str:
    rows = "".join(
        f'<tr><td><a href="{path(i)}">{e(i.title)}</a></td><td>Anna K.</td>'
        f'<td class="date">{e(i.shown)}</td></tr>'
        for i in items
    )
    return (
        f"<table class='posts'><thead><tr><th>#</th><th></th><th></th></tr></thead>{rows}</table>"
    )


def dl_link_then_date(items: tuple[Item, ...]) -> str:
    rows = "".join(
        f'<dt><a href="{path(i)}">{e(i.title)}</a></dt><dd>{e(i.shown)}</dd>' for i in items
    )
    return f'<dl class="news">{rows}</dl>'


def card_footer(items: tuple[Item, ...]) -> str:
    cards = "".join(
        f'<article class="card"><a class="card-link" href="{path(i)}"><img src="/img/{n}.jpg" '
        f'alt=""><h3>{e(i.title)}</h3></a><p class="teaser">…</p><footer class="card-footer">'
        f"<span>{e(i.shown)}</span> · <span>4 min</span></footer></article>"
        for n, i in enumerate(items)
    )
    return f'<section class="cards">{cards}</section>'


def date_before_heading(items: tuple[Item, ...]) -> str:
    return "".join(
        f'<div class="post"><div class="meta">{e(i.shown)}</div><h2 class="title">'
        f'<a href="{path(i)}">{e(i.title)}</a></h2><p>…</p></div>'
        for i in items
    )


def line_after_br(items: tuple[Item, ...]) -> str:
    rows = "".join(
        f'<p class="entry"><a href="{path(i)}">{e(i.title)}</a><br>{e(i.shown)}</p>' for i in items
    )
    return f'<div class="entries">{rows}</div>'


def span_after_link(items: tuple[Item, ...]) -> str:
    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)}</a> <span class="date">{e(i.shown)}</span></li>'
        for i in items
    )
    return f'<ul class="posts">{rows}</ul>'


def date_first_in_li(items: tuple[Item, ...]) -> str:
    rows = "".join(
        f'<li><span class="date">{e(i.shown)}</span> » <a href="{path(i)}">{e(i.title)}</a></li>'
        for i in items
    )
    return f'<ul class="archive">{rows}</ul>'


MARKUPS: tuple[Markup, ...] = (
    table_last_column,
    dl_link_then_date,
    card_footer,
    date_before_heading,
    line_after_br,
    span_after_link,
    date_first_in_li,
)


def page(lang: str | None, body: str) -> str:
    attr = f' lang="{lang}"' if lang else ""
    nav = "".join(f'<li><a href="/{w}/">{w.title()}</a></li>' for w in ("about", "archive"))
    side = "".join(f'<li><a href="/tag/{w}/">{w}</a></li>' for w in ("city", "culture", "sport"))
    return (
        f'<!doctype html><html{attr}><head><meta charset="utf-8"><title>Journal</title></head>'
        f'<body><header><a href="/">Journal</a><nav><ul>{nav}</ul></nav></header><main>{body}'
        f'</main><aside class="sidebar"><h4>Tags</h4><ul>{side}</ul></aside><footer>'
        f'<a href="/privacy/">Privacy</a></footer></body></html>'
    )


# ---------------------------------------------------------------------------- date forms
# each returns, per item, (day the item must get or None, printed text, undatable)
Dates = tuple[tuple[date | None, str, bool], ...]


def ymd_two_digits(lang: str, sep: str) -> Dates:
    return tuple((d, f"{d.year % 100:02d}{sep}{d.month:02d}{sep}{d.day:02d}", False) for d in DAYS)


def dmy_two_digits(lang: str, sep: str) -> Dates:
    return tuple((d, f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year % 100:02d}", False) for d in DAYS)


# one day above 12 proves the order; the others could be read either way
PROVING = (date(2024, 3, 25), date(2024, 3, 5), date(2024, 2, 11), date(2024, 1, 8))


def mdy_proved(lang: str, sep: str) -> Dates:
    return tuple((d, f"{d.month:02d}{sep}{d.day:02d}{sep}{d.year}", False) for d in PROVING)


def dmy_proved(lang: str, sep: str) -> Dates:
    return tuple((d, f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}", False) for d in PROVING)


# not in date order (a "featured" list), every number 12 or less: either reading is a date
UNORDERED = (date(2024, 3, 5), date(2024, 1, 8), date(2024, 2, 11), date(2024, 4, 2))


def dmy_unprovable(lang: str, sep: str) -> Dates:
    return tuple((None, f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}", True) for d in UNORDERED)


def dmy_ordered_no_language(lang: str, sep: str) -> Dates:
    """Newest first: only the day-first reading keeps the page in date order."""
    return tuple((d, f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}", False) for d in DAYS)


def yearless_then_year(lang: str, sep: str) -> Dates:
    """The page prints the year only for items of past years (the last one)."""
    out = []
    for n, d in enumerate(DAYS):
        with_year = n == len(DAYS) - 1
        base = lang.split("-")[0]
        if base == "en":
            text = f"{SHORT_EN[d.month - 1]} {d.day:02d}" + (f", {d.year}" if with_year else "")
        elif base in ("de", "pl", "cs", "fi", "da", "nb"):
            text = f"{d.day:02d}.{d.month:02d}." + (f"{d.year}" if with_year else "")
        elif base in ("ja", "zh"):
            text = (f"{d.year}年" if with_year else "") + f"{d.month}月{d.day}日"
        else:
            text = f"{d.day} {SHORT[base][d.month - 1]}" + (f" {d.year}" if with_year else "")
        out.append((d, text, False))
    return tuple(out)


def yearless_recent(lang: str, sep: str) -> Dates:
    """No year anywhere: each day is the latest that is not after the fetch."""
    base = lang.split("-")[0]
    out = []
    for d in RECENT:
        if base == "en":
            text = f"{SHORT_EN[d.month - 1]} {d.day}"
        elif base == "de":
            text = f"{d.day:02d}.{d.month:02d}."
        elif base in ("ja", "zh"):
            text = f"{d.month}月{d.day}日"
        else:
            text = f"{d.day} {SHORT[base][d.month - 1]}"
        out.append((d, text, False))
    return tuple(out)


def relative(lang: str, sep: str) -> Dates:
    return tuple(
        ((NOW - timedelta(hours=hours)).date(), text, False) for text, hours in RELATIVE[lang]
    )


def names(lang: str, sep: str) -> Dates:
    return tuple((d, long_date(d, lang), False) for d in DAYS)


# (kind, date form, separator, languages; markups rotate over the languages)
MATRIX: tuple[tuple[str, Callable[[str, str], Dates], str, tuple[str | None, ...]], ...] = (
    ("two-digit-year-first", ymd_two_digits, ".", ("ko", "hu", "zh")),
    ("two-digit-year-first", ymd_two_digits, "/", ("ja", "ko")),
    ("two-digit-year-first", ymd_two_digits, "-", ("sv", "ja")),
    ("two-digit-year-last", dmy_two_digits, ".", ("de", "pl", "ru")),
    ("two-digit-year-last", dmy_two_digits, "/", ("fr", "it", "en-GB")),
    ("order-proved", mdy_proved, "/", ("en-GB", "en", None)),
    ("order-proved", dmy_proved, "/", ("en-US", "en", None)),
    ("order-proved", dmy_ordered_no_language, ".", (None, "en")),
    ("order-unprovable", dmy_unprovable, "/", (None, "en")),
    ("yearless-mixed", yearless_then_year, "", ("en", "de", "fr", "ja", "es", "it")),
    ("yearless-recent", yearless_recent, "", ("en", "de", "fr", "ja", "es")),
    ("relative", relative, "", tuple(RELATIVE)),
    (
        "month-names",
        names,
        "",
        ("ru", "uk", "cs", "fi", "da", "nb", "hu", "ro", "el", "ru", "cs", "hu", "el", "fi"),
    ),
)


def cases() -> list[Case]:
    result = []
    turn = 0
    seen: set[str] = set()
    for kind, form, sep, langs in MATRIX:
        for lang in langs:
            markup = MARKUPS[turn % len(MARKUPS)]
            turn += 1
            base = (lang or "en").split("-")[0]
            name = f"{kind}--{form.__name__.replace('_', '-')}--{markup.__name__.replace('_', '-')}"
            slug = f"{name}--{(lang or 'none').lower()}{'-' + sep if sep.strip() else ''}"
            slug = slug.replace("/", "slash").replace(".", "dot")
            if slug in seen:
                continue
            seen.add(slug)
            dates = form(base if kind in ("relative", "month-names") else (lang or "en"), sep)
            items = tuple(
                Item(f"{SITE}/{base}/{slug}/{n + 1}", title, day, shown, undatable)
                for n, (title, (day, shown, undatable)) in enumerate(
                    zip(titles(base), dates, strict=True)
                )
            )
            html = page(lang, markup(items))
            result.append(Case(slug, kind, lang or "", f"{SITE}/{base}/", html, items))
    return result


def main(argv: Sequence[str]) -> None:
    if not argv:
        print(__doc__)
        return
    write(Path(argv[0]), cases(), source="dates")


if __name__ == "__main__":
    main(sys.argv[1:])
