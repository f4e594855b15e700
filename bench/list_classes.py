"""List pages written for the failure classes of issue 11, with exact truth.

Each failure class (a card-wrapping link, a link without text, hidden text inside a link, a
truncated title, a date beside the link, dates without a year, day/month order, month names,
`<time>` forms) has several markups of its own, each built in several languages: the pages are
small and made here, not tuned ones from the dev sets, so they show where a rule holds only
for the markup it was written for. Every item's link, title and day is known exactly.

Usage: python -m bench.list_classes OUT   writes OUT/<slug>/{page.html,truth.json}, the layout
`bench/eval_lists.py` reads (then `python -m bench.eval_lists OUT`); without OUT, prints the
per-class scores of the current detection.

`tests/test_list_classes.py` runs every case through `suggest` and asserts each item exactly.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from feedsmith.types import Page

SITE = "https://blog.example.net"

# month names as pages write them in a date (Polish: genitive)
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "pl": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
    "tr": ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
           "Ekim", "Kasım", "Aralık"),
}  # fmt: skip
SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# four headlines and a teaser per language
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (
            "Why we moved our build to a single machine",
            "The cluster cost more than it saved, and the numbers were there all along.",
        ),
        (
            "Notes from the spring meetup in Leeds",
            "Three talks, one broken projector and a long discussion about caching.",
        ),
        (
            "Release 4.2: quieter logs",
            "Fewer warnings, clearer errors and a new flag for operators.",
        ),
        (
            "How the library catalogue got its search back",
            "A short history of an index that nobody owned for six years.",
        ),
    ),
    "fr": (
        (
            "Le marché couvert rouvre ses portes",
            "Après deux ans de travaux, les commerçants retrouvent leurs étals.",
        ),
        (
            "Budget participatif : les projets retenus",
            "Quarante propositions ont été déposées par les habitants du quartier.",
        ),
        (
            "Fermeture du pont Wilson pour travaux",
            "La circulation sera déviée par les quais pendant trois semaines.",
        ),
        (
            "Rencontre avec l'équipe de la médiathèque",
            "Les bibliothécaires présentent le programme de la saison.",
        ),
    ),
    "es": (
        (
            "La biblioteca amplía su horario de verano",
            "Las salas de estudio abrirán también los domingos por la tarde.",
        ),
        (
            "Nuevo carril bici entre el puerto y la estación",
            "La obra durará cuatro meses y se hará por tramos.",
        ),
        (
            "El coro municipal prepara su gira por Galicia",
            "Ocho conciertos en dos semanas con un repertorio renovado.",
        ),
        (
            "Resultados de la encuesta de movilidad",
            "Más de tres mil vecinos respondieron al cuestionario.",
        ),
    ),
    "de": (
        (
            "Neue Öffnungszeiten im Bürgerbüro",
            "Ab Montag ist das Bürgerbüro auch am Donnerstagabend geöffnet.",
        ),
        (
            "Sanierung der Grundschule beginnt im Sommer",
            "Die Arbeiten sollen bis zum Herbst des nächsten Jahres dauern.",
        ),
        (
            "Stadtlauf 2024: Anmeldung ist offen",
            "Erwartet werden mehr als zweitausend Läuferinnen und Läufer.",
        ),
        (
            "Wie der Wochenmarkt wieder wächst",
            "Neue Stände bringen junge Kundschaft auf den Marktplatz.",
        ),
    ),
    "it": (
        (
            "Riapre il museo civico dopo i restauri",
            "Le sale del primo piano tornano visitabili dal fine settimana.",
        ),
        (
            "Raccolta differenziata: cambia il calendario",
            "Nuovi giorni di ritiro per carta e plastica in tutti i quartieri.",
        ),
        (
            "Il festival del cinema annuncia il programma",
            "Venti film in concorso e una retrospettiva dedicata al muto.",
        ),
        (
            "Lavori sulla linea del tram",
            "Il servizio sarà sostituito da autobus per due settimane.",
        ),
    ),
    "pt": (
        (
            "Câmara aprova novo plano de mobilidade",
            "O documento prevê mais ciclovias e transportes nocturnos.",
        ),
        (
            "Feira do livro regressa ao jardim",
            "Mais de cem editoras confirmaram a presença este ano.",
        ),
        (
            "Obras na avenida central terminam em maio",
            "O trânsito volta a circular nos dois sentidos.",
        ),
        (
            "Escola de música abre inscrições",
            "As aulas começam em setembro para todas as idades.",
        ),
    ),
    "nl": (
        (
            "Nieuwe fietsenstalling bij het station",
            "De stalling biedt plaats aan tweeduizend fietsen.",
        ),
        (
            "Gemeente start proef met autoluwe binnenstad",
            "Gedurende drie maanden zijn enkele straten afgesloten.",
        ),
        (
            "Bibliotheek krijgt een makerspace",
            "Bewoners kunnen er gratis printen en solderen.",
        ),
        (
            "Zomerprogramma van het openluchttheater",
            "Twintig voorstellingen op vrijdag- en zaterdagavond.",
        ),
    ),
    "pl": (
        (
            "Nowy rozkład jazdy tramwajów od poniedziałku",
            "Zmiany obejmą linie nocne i weekendowe.",
        ),
        (
            "Remont biblioteki miejskiej dobiega końca",
            "Czytelnia zostanie otwarta jeszcze w tym miesiącu.",
        ),
        (
            "Festiwal muzyki dawnej ogłasza program",
            "Koncerty odbędą się w trzech zabytkowych kościołach.",
        ),
        (
            "Mieszkańcy wybrali projekty budżetu obywatelskiego",
            "Zwyciężyły pomysły związane z zielenią.",
        ),
    ),
    "sv": (
        (
            "Nya cykelbanor längs ån",
            "Arbetet pågår under hela sommaren och klart till hösten.",
        ),
        (
            "Biblioteket förlänger sina öppettider",
            "Nu är det öppet även på söndagar.",
        ),
        (
            "Kommunen bygger ny förskola i centrum",
            "Förskolan ska ha plats för hundra barn.",
        ),
        (
            "Sommarens konserter i parken",
            "Tio konserter med lokala band och körer.",
        ),
    ),
    "tr": (
        (
            "Belediye yeni bisiklet yollarını açtı",
            "Sahil boyunca on iki kilometrelik yol hizmete girdi.",
        ),
        (
            "Kütüphane hafta sonu da açık olacak",
            "Çalışma salonları cumartesi ve pazar günleri açık.",
        ),
        (
            "Tarihi çarşıda restorasyon başladı",
            "Çalışmaların bir yıl sürmesi bekleniyor.",
        ),
        (
            "Yaz konserleri programı açıklandı",
            "Parkta her cuma akşamı ücretsiz konser verilecek.",
        ),
    ),
    "ja": (
        (
            "市立図書館が開館時間を延長",
            "平日は午後九時まで利用できるようになります。",
        ),
        (
            "駅前広場の再整備計画を発表",
            "工事は来年春から始まる予定です。",
        ),
        (
            "夏祭りの日程が決まりました",
            "今年は三日間にわたって開催されます。",
        ),
        (
            "新しいバス路線の運行開始",
            "住宅地と病院を結ぶ路線が新設されます。",
        ),
    ),
    "zh": (
        (
            "市图书馆延长开放时间",
            "工作日晚间开放至九点。",
        ),
        (
            "老城区道路改造工程启动",
            "工程预计持续六个月。",
        ),
        (
            "第十届社区运动会圆满结束",
            "共有两千多名居民参加了比赛。",
        ),
        (
            "新的公交线路正式开通",
            "线路连接火车站与大学城。",
        ),
    ),
    "ko": (
        (
            "시립도서관 운영 시간 연장",
            "평일에는 밤 9시까지 이용할 수 있습니다.",
        ),
        (
            "구도심 도로 정비 공사 시작",
            "공사는 여섯 달 동안 진행될 예정입니다.",
        ),
        (
            "여름 음악 축제 일정 발표",
            "올해는 사흘 동안 공원에서 열립니다.",
        ),
        (
            "새 버스 노선 운행 시작",
            "기차역과 대학가를 연결하는 노선입니다.",
        ),
    ),
}
READ_MORE = {
    "en": "Read more", "fr": "Lire la suite", "es": "Leer más", "de": "Weiterlesen",
    "it": "Leggi tutto", "pt": "Ler mais", "nl": "Lees meer", "pl": "Czytaj dalej",
    "sv": "Läs mer", "tr": "Devamını oku", "ja": "続きを読む", "zh": "阅读全文", "ko": "더 보기",
}  # fmt: skip
LANGS = tuple(TITLES)
# the items' days: day numbers up to 12, so a day/month order mistake shows
DAYS = (date(2024, 3, 5), date(2024, 2, 11), date(2024, 1, 8), date(2023, 12, 3))


def long_date(day: date, lang: str) -> str:
    """The day as a page in `lang` writes it with the month's name."""
    d, m, y = day.day, day.month, day.year
    if lang in ("ja", "zh"):
        return f"{y}年{m}月{d}日"
    if lang == "ko":
        return f"{y}년 {m}월 {d}일"
    name = MONTHS[lang][m - 1]
    if lang == "en":
        return f"{name} {d}, {y}"
    if lang in ("es", "pt"):
        return f"{d} de {name} de {y}"
    if lang == "de":
        return f"{d}. {name} {y}"
    return f"{d} {name} {y}"


def numeric_date(day: date, lang: str) -> str:
    """The day in numbers, in the order the language writes them."""
    d, m, y = day.day, day.month, day.year
    if lang == "en-US":
        return f"{m:02d}/{d:02d}/{y}"
    if lang in ("de", "pl", "tr", "ru"):
        return f"{d:02d}.{m:02d}.{y}"
    if lang == "nl":
        return f"{d:02d}-{m:02d}-{y}"
    if lang in ("ja", "zh", "ko", "sv"):
        return f"{y}-{m:02d}-{d:02d}" if lang == "sv" else f"{y}/{m:02d}/{d:02d}"
    return f"{d:02d}/{m:02d}/{y}"


class TruthItem(Protocol):
    """An item as a generated page's truth states it (here and in `bench.date_cases`)."""

    @property
    def link(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def day(self) -> date | None: ...
    @property
    def undatable(self) -> bool: ...


class TruthCase(Protocol):
    """A generated list page and its items (here and in `bench.date_cases`)."""

    @property
    def slug(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def html(self) -> str: ...
    @property
    def items(self) -> Sequence[TruthItem]: ...


@dataclass(frozen=True, slots=True)
class Item:
    link: str
    title: str
    day: date | None
    summary: str
    # no list class has an item whose date nothing on the page settles (`bench.date_cases` does)
    undatable: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    slug: str
    # the failure class (issue 11)
    kind: str
    lang: str
    url: str
    html: str
    items: tuple[Item, ...]


def items_for(lang: str, kind: str, days: Sequence[date] = DAYS) -> tuple[Item, ...]:
    base = lang.split("-")[0]
    return tuple(
        Item(f"{SITE}/{base}/{kind}/{n + 1}-post", title, days[n], summary)
        for n, (title, summary) in enumerate(TITLES[base])
    )


# markups whose items share days (two items under each date heading)
SHARED_DAYS = (DAYS[0], DAYS[0], DAYS[2], DAYS[2])


def e(text: str) -> str:
    return html.escape(text, quote=True)


def path(item: Item) -> str:
    return item.link.removeprefix(SITE)


def page(lang: str, body: str, title: str = "Journal") -> str:
    """A page around `body`: a menu, a sidebar of other links, a footer."""
    nav = "".join(
        f'<li><a href="/{w}/">{w.title()}</a></li>' for w in ("about", "archive", "contact")
    )
    side = "".join(
        f'<li><a href="/tag/{w}/">{w}</a></li>' for w in ("events", "city", "culture", "sport")
    )
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}'
        f'</title></head><body><header class="site-header"><a href="/">{e(title)}</a><nav>'
        f'<ul>{nav}</ul></nav></header><main id="main">{body}</main><aside class="sidebar">'
        f'<h4>Tags</h4><ul>{side}</ul></aside><footer><a href="/privacy/">Privacy</a> '
        f'<a href="/imprint/">Imprint</a></footer></body></html>'
    )


Template = Callable[[tuple[Item, ...], str], str]

# ---------------------------------------------------------------------------- card links


def card_heading_badge_more(items: tuple[Item, ...], lang: str) -> str:
    cards = "".join(
        f'<div class="grid-cell"><a class="card" href="{path(i)}"><div class="card-body">'
        f'<span class="badge">{"New" if n == 0 else "Post"}</span><h3 class="card-title">'
        f'{e(i.title)}</h3><time>{long_date(i.day, lang)}</time><p class="excerpt">'
        f'{e(i.summary)}</p><span class="more">{READ_MORE[lang]} →</span></div></a></div>'
        for n, i in enumerate(items)
        if i.day
    )
    return f'<div class="grid">{cards}</div>'


def card_plain_divs(items: tuple[Item, ...], lang: str) -> str:
    """No heading, no classes: the card's parts are bare divs inside the link."""
    cards = "".join(
        f'<li><a href="{path(i)}"><div><strong>{e(i.title)}</strong></div>'
        f"<div>{numeric_date(i.day, lang)}</div><div>{e(i.summary)}</div></a></li>"
        for i in items
        if i.day
    )
    return f"<ul>{cards}</ul>"


def card_date_first_inline(items: tuple[Item, ...], lang: str) -> str:
    """The date first, then the title, as one line of text inside the link."""
    rows = "".join(
        f'<li><a href="{path(i)}"><small>{long_date(i.day, lang)}</small> {e(i.title)}</a></li>'
        for i in items
        if i.day
    )
    return f'<ul class="posts">{rows}</ul>'


def card_spans_emoji(items: tuple[Item, ...], lang: str) -> str:
    """Spans in the link: the title, an emoji, the date, a teaser."""
    rows = "".join(
        f'<article><a href="{path(i)}"><span>{e(i.title)}</span><span aria-hidden="true">🚀'
        "</span><span>"
        f"{long_date(i.day, lang)}</span><span>{e(i.summary)}</span></a></article>"
        for i in items
        if i.day
    )
    return f'<section class="feed">{rows}</section>'


def card_text_nodes(items: tuple[Item, ...], lang: str) -> str:
    """Title, date and teaser as text lines split by <br> inside one link."""
    rows = "".join(
        f'<div class="entry"><a href="{path(i)}">{e(i.title)}<br>{long_date(i.day, lang)}<br>'
        f"{e(i.summary)}</a></div>"
        for i in items
        if i.day
    )
    return f"<div>{rows}</div>"


# ---------------------------------------------------------------------------- links without text


def icon_heading_not_linked(items: tuple[Item, ...], lang: str) -> str:
    """An image link without alt text; the heading beside it is not a link."""
    return "".join(
        f'<article class="post"><a href="{path(i)}"><img src="/img/{n}.jpg" alt=""></a>'
        f'<h2 class="post-title">{e(i.title)}</h2><p class="post-date">{long_date(i.day, lang)}'
        f"</p><p>{e(i.summary)}</p></article>"
        for n, i in enumerate(items)
        if i.day
    )


def icon_aria_label(items: tuple[Item, ...], lang: str) -> str:
    """An icon link named by aria-label; the date beside it."""
    rows = "".join(
        f'<li class="row"><a class="icon" href="{path(i)}" aria-label="{e(i.title)}">'
        f'<svg viewBox="0 0 8 8"><path d="M0 0h8v8z"/></svg></a> <span class="meta">'
        f"{long_date(i.day, lang)}</span></li>"
        for i in items
        if i.day
    )
    return f'<ul class="stream">{rows}</ul>'


def icon_title_attribute(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<div class="tile"><a href="{path(i)}" title="{e(i.title)}"><img src="/t/{n}.png">'
        f'</a><div class="caption">{numeric_date(i.day, lang)}</div></div>'
        for n, i in enumerate(items)
        if i.day
    )
    return f'<div class="tiles">{rows}</div>'


def icon_img_alt(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<figure><a href="{path(i)}"><img src="/p/{n}.webp" alt="{e(i.title)}"></a>'
        f"<figcaption>{long_date(i.day, lang)}</figcaption></figure>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<div class="gallery">{rows}</div>'


# ---------------------------------------------------------------------------- hidden text


def hidden_style_script(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{path(i)}"><style>.c-{n}{{height:62px;left:50%}}</style>{e(i.title)}'
        f'<script>window.dataLayer=window.dataLayer||[];</script></a> <span class="date">'
        f"{long_date(i.day, lang)}</span></li>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<ul class="list">{rows}</ul>'


def hidden_noscript_template(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<div class="teaser"><a href="{path(i)}"><noscript><img src="/n/{n}.jpg" alt="x">'
        f"lazy image</noscript><template><b>{READ_MORE[lang]}</b></template><h3>{e(i.title)}"
        f"</h3></a><time>{long_date(i.day, lang)}</time></div>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<div class="teasers">{rows}</div>'


# ---------------------------------------------------------------------------- truncated titles


def truncated_link_title(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{path(i)}" title="{e(i.title)}">{e(i.title[:18].rstrip())}…</a>'
        f" <em>{long_date(i.day, lang)}</em></li>"
        for i in items
        if i.day
    )
    return f'<ul class="news">{rows}</ul>'


def truncated_heading_title(items: tuple[Item, ...], lang: str) -> str:
    return "".join(
        f'<div class="news-item"><h3 title="{e(i.title)}"><a href="{path(i)}">'
        f'{e(i.title[:20].rstrip())}...</a></h3><span class="date">{numeric_date(i.day, lang)}'
        "</span></div>"
        for i in items
        if i.day
    )


# ---------------------------------------------------------------------------- dates beside


def beside_sibling_text(items: tuple[Item, ...], lang: str) -> str:
    """The date as plain text after the link, in the same list item."""
    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)}</a> — {long_date(i.day, lang)}</li>'
        for i in items
        if i.day
    )
    return f"<ul>{rows}</ul>"


def beside_line_under(items: tuple[Item, ...], lang: str) -> str:
    """A heading link, then a line under it with the date and an author."""
    return "".join(
        f'<div class="post-preview"><h2><a href="{path(i)}">{e(i.title)}</a></h2><div class='
        f'"post-meta">{long_date(i.day, lang)} · Anna K.</div><p>{e(i.summary)}</p></div>'
        for i in items
        if i.day
    )


def beside_flat_siblings(items: tuple[Item, ...], lang: str) -> str:
    """No wrapper per item: heading, date line, teaser, heading, …"""
    rows = "".join(
        f'<h3><a href="{path(i)}">{e(i.title)}</a></h3><p class="small">'
        f"{long_date(i.day, lang)}</p><p>{e(i.summary)}</p>"
        for i in items
        if i.day
    )
    return f'<div class="content">{rows}</div>'


def beside_table(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<tr><td class="c1">{numeric_date(i.day, lang)}</td><td><a href="{path(i)}">'
        f"{e(i.title)}</a></td></tr>"
        for i in items
        if i.day
    )
    return f"<table><tbody>{rows}</tbody></table>"


def beside_dl(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<dt>{long_date(i.day, lang)}</dt><dd><a href="{path(i)}">{e(i.title)}</a></dd>'
        for i in items
        if i.day
    )
    return f'<dl class="archive">{rows}</dl>'


def beside_time_before(items: tuple[Item, ...], lang: str) -> str:
    """A <time> (with a datetime) before the heading, inside the item."""
    rows = "".join(
        f'<li class="post"><time datetime="{i.day.isoformat()}">{numeric_date(i.day, lang)}'
        f'</time><h2><a href="{path(i)}">{e(i.title)}</a></h2></li>'
        for i in items
        if i.day
    )
    return f'<ol class="post-list">{rows}</ol>'


# ---------------------------------------------------------------------------- year headings


def _by_year(items: tuple[Item, ...], row: Callable[[Item], str]) -> str:
    out = []
    year = None
    for i in items:
        if i.day and i.day.year != year:
            if year is not None:
                out.append("</ul>")
            year = i.day.year
            out.append(f"<h2>{year}</h2><ul>")
        out.append(row(i))
    out.append("</ul>")
    return "".join(out)


def year_month_short(items: tuple[Item, ...], lang: str) -> str:
    return _by_year(
        items,
        lambda i: (
            f'<li><span class="d">{SHORT_EN[i.day.month - 1]} {i.day.day:02d}</span> '
            f'<a href="{path(i)}">{e(i.title)}</a></li>'
            if i.day
            else ""
        ),
    )


def year_day_month_numbers(items: tuple[Item, ...], lang: str) -> str:
    sep = "." if lang in ("de", "pl", "tr") else "/"
    end = "." if sep == "." else ""
    return _by_year(
        items,
        lambda i: (
            f"<li>{i.day.day:02d}{sep}{i.day.month:02d}{end} "
            f'<a href="{path(i)}">{e(i.title)}</a></li>'
            if i.day
            else ""
        ),
    )


def year_month_names(items: tuple[Item, ...], lang: str) -> str:
    def row(i: Item) -> str:
        assert i.day
        if lang in ("ja", "zh"):
            when = f"{i.day.month}月{i.day.day}日"
        elif lang == "ko":
            when = f"{i.day.month}월 {i.day.day}일"
        elif lang == "de":
            when = f"{i.day.day}. {MONTHS[lang][i.day.month - 1]}"
        else:
            when = f"{i.day.day} {MONTHS[lang][i.day.month - 1]}"
        return f'<li><a href="{path(i)}">{e(i.title)}</a> <small>{when}</small></li>'

    return _by_year(items, row)


# ---------------------------------------------------------------------------- order, names


def numbers_plain(items: tuple[Item, ...], lang: str) -> str:
    return "".join(
        f'<div class="item"><h4><a href="{path(i)}">{e(i.title)}</a></h4>'
        f'<span class="info">{numeric_date(i.day, lang)}</span></div>'
        for i in items
        if i.day
    )


def names_byline(items: tuple[Item, ...], lang: str) -> str:
    return "".join(
        f'<article class="entry"><h2 class="entry-title"><a href="{path(i)}">{e(i.title)}</a>'
        f'</h2><div class="byline">{long_date(i.day, lang)}</div><div class="entry-summary">'
        f"<p>{e(i.summary)}</p></div></article>"
        for i in items
        if i.day
    )


# ---------------------------------------------------------------------------- <time> forms


def time_without_datetime(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><h3><a href="{path(i)}">{e(i.title)}</a></h3><time>{long_date(i.day, lang)}'
        "</time></li>"
        for i in items
        if i.day
    )
    return f'<ul class="articles">{rows}</ul>'


def time_datetime_day_only(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<div class="card"><a href="{path(i)}">{e(i.title)}</a><time datetime="'
        f'{i.day.isoformat()}">{i.day.day}/{i.day.month}</time></div>'
        for i in items
        if i.day
    )
    return f'<div class="cards">{rows}</div>'


def title_attribute_relative(items: tuple[Item, ...], lang: str) -> str:
    """A relative date shown, the date itself in a title attribute."""
    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)}</a> <span class="ago" title="'
        f'{long_date(i.day, lang)}">{n + 3} days ago</span></li>'
        for n, i in enumerate(items)
        if i.day
    )
    return f'<ul class="recent-posts">{rows}</ul>'


def abbr_published(items: tuple[Item, ...], lang: str) -> str:
    return "".join(
        f'<div class="hentry"><a class="entry-title" href="{path(i)}">{e(i.title)}</a>'
        f'<abbr class="published" title="{i.day.isoformat()}T09:30:00+01:00">'
        f"{SHORT_EN[i.day.month - 1]} {i.day.day}</abbr></div>"
        for i in items
        if i.day
    )


# (class, template, languages)
MATRIX: tuple[tuple[str, Template, tuple[str, ...]], ...] = (
    ("card-link", card_heading_badge_more, ("en", "fr", "ja")),
    ("card-link", card_plain_divs, ("de", "es", "en-US")),
    ("card-link", card_date_first_inline, ("ko", "it", "en")),
    ("card-link", card_spans_emoji, ("en", "pt", "zh")),
    ("card-link", card_text_nodes, ("nl", "sv", "fr")),
    ("no-text-link", icon_heading_not_linked, ("en", "pl", "tr")),
    ("no-text-link", icon_aria_label, ("fr", "de")),
    ("no-text-link", icon_title_attribute, ("it", "es")),
    ("no-text-link", icon_img_alt, ("pt", "ja")),
    ("hidden-text", hidden_style_script, ("en", "de", "ko")),
    ("hidden-text", hidden_noscript_template, ("fr", "nl")),
    ("truncated", truncated_link_title, ("de", "en")),
    ("truncated", truncated_heading_title, ("fr", "pl")),
    ("beside", beside_sibling_text, ("en", "es", "tr")),
    ("beside", beside_line_under, ("it", "de")),
    ("beside", beside_flat_siblings, ("fr", "sv", "zh")),
    ("beside", beside_table, ("nl", "en-US", "pt")),
    ("beside", beside_dl, ("de", "ja")),
    ("beside", beside_time_before, ("es", "pl")),
    ("year-heading", year_month_short, ("en",)),
    ("year-heading", year_day_month_numbers, ("fr", "de", "en-GB")),
    ("year-heading", year_month_names, ("es", "ja", "sv", "ko")),
    ("day-month-order", numbers_plain, ("fr", "en-US", "en-GB", "de", "nl", "it", "tr")),
    ("month-names", names_byline, LANGS),
    ("time-forms", time_without_datetime, ("fr", "es", "en", "zh")),
    ("time-forms", time_datetime_day_only, ("de", "en")),
    ("time-forms", title_attribute_relative, ("en", "it", "pt")),
    ("time-forms", abbr_published, ("en", "nl")),
)


# ---------------------------------------------------------------------------- more forms

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
           "sábado", "domingo"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "tr": ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"),
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "ko": ("월", "화", "수", "목", "금", "토", "일"),
}  # fmt: skip
# abbreviated month names as pages print them
SHORT: dict[str, tuple[str, ...]] = {
    "en": SHORT_EN,
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
    "es": ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
           "nov.", "dic."),
    "de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
           "Nov.", "Dez."),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    "pt": ("jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.",
           "nov.", "dez."),
    "nl": ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "dec."),
    "pl": ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"),
    "sv": ("jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.",
           "nov.", "dec."),
    "tr": ("Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"),
}  # fmt: skip


def weekday_date(day: date, lang: str) -> str:
    """The day with its weekday, as the language writes it."""
    wd = WEEKDAYS[lang][day.weekday()]
    if lang in ("ja",):
        return f"{day.year}年{day.month}月{day.day}日({wd})"
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 {wd}"
    if lang == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일 ({wd})"
    if lang == "tr":
        return f"{long_date(day, lang)} {wd}"
    if lang in ("en", "es", "de", "pt", "pl"):
        return f"{wd}, {long_date(day, lang)}"
    return f"{wd} {long_date(day, lang)}"


def short_date(day: date, lang: str) -> str:
    name = SHORT[lang][day.month - 1]
    if lang == "en":
        return f"{day.day} {name} {day.year}"
    if lang == "de":
        return f"{day.day}. {name} {day.year}"
    return f"{day.day} {name} {day.year}"


def dotted_date(day: date, lang: str) -> str:
    if lang == "ko":
        return f"{day.year}. {day.month}. {day.day}."
    if lang in ("ja", "zh"):
        return f"{day.year}.{day.month:02d}.{day.day:02d}"
    return f"{day.day}.{day.month}.{day.year}"


def names_weekday(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li class="post-item"><div class="post-date">{weekday_date(i.day, lang)}</div>'
        f'<a class="post-link" href="{path(i)}">{e(i.title)}</a></li>'
        for i in items
        if i.day
    )
    return f'<ul class="post-list">{rows}</ul>'


def names_abbreviated(items: tuple[Item, ...], lang: str) -> str:
    return "".join(
        f'<article class="summary"><header><h2><a href="{path(i)}">{e(i.title)}</a></h2>'
        f"</header><footer><span>{short_date(i.day, lang)}</span> · <span>4 min</span></footer>"
        "</article>"
        for i in items
        if i.day
    )


def numbers_dotted(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{path(i)}"><span class="t">{e(i.title)}</span></a>'
        f'<span class="d">{dotted_date(i.day, lang)}</span></li>'
        for i in items
        if i.day
    )
    return f"<ul>{rows}</ul>"


def hidden_screen_reader(items: tuple[Item, ...], lang: str) -> str:
    """Text for screen readers inside the link ("Permalink to"), and a reading time."""
    return "".join(
        f'<article class="post"><h2 class="entry-title"><a href="{path(i)}">'
        f'<span class="screen-reader-text">Permalink to </span>{e(i.title)}</a></h2>'
        f'<span class="posted-on">{long_date(i.day, lang)}</span></article>'
        for i in items
        if i.day
    )


def card_title_date_reading_time(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><a class="post-link" href="{path(i)}"><span class="post-title">{e(i.title)}'
        f'</span> <span class="post-date">{short_date(i.day, lang)}</span> <span class="rt">'
        f"{n + 3} min</span></a></li>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<ul class="posts">{rows}</ul>'


def card_comment_count(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)} <span class="count">({n + 2})</span></a> '
        f"<time>{long_date(i.day, lang)}</time></li>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<ul class="recent">{rows}</ul>'


def time_offset_midnight(items: tuple[Item, ...], lang: str) -> str:
    """A theme's `<time datetime>` at midnight in the site's own offset, the day printed."""
    offset = {"ja": "+09:00", "en-US": "-05:00", "ko": "+09:00"}.get(lang, "+01:00")
    return "".join(
        f'<div class="post"><h3><a href="{path(i)}">{e(i.title)}</a></h3><time datetime="'
        f'{i.day.isoformat()}T00:00:00{offset}">{numeric_date(i.day, lang)}</time></div>'
        for i in items
        if i.day
    )


def data_date_attribute(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<li class="entry"><a href="{path(i)}">{e(i.title)}</a><span class="when" data-date="'
        f'{i.day.isoformat()}">{READ_MORE[lang]}</span></li>'
        for i in items
        if i.day
    )
    return f'<ul class="entries">{rows}</ul>'


def beside_table_columns(items: tuple[Item, ...], lang: str) -> str:
    """Title, author (a link), category (a link), date: a table of several links per row."""
    rows = "".join(
        f'<tr><td><a href="{path(i)}">{e(i.title)}</a></td><td><a href="/author/anna/">Anna'
        f'</a></td><td><a href="/cat/city/">City</a></td><td>{short_date(i.day, lang)}</td></tr>'
        for i in items
        if i.day
    )
    return (
        f'<table class="table"><thead><tr><th>Title</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def truncated_aria_label(items: tuple[Item, ...], lang: str) -> str:
    rows = "".join(
        f'<div class="c"><a href="{path(i)}" aria-label="{e(i.title)}">{e(i.title[:16].rstrip())}'
        f'…</a><span class="date">{long_date(i.day, lang)}</span></div>'
        for i in items
        if i.day
    )
    return f'<div class="cs">{rows}</div>'


def icon_thumb_and_title_links(items: tuple[Item, ...], lang: str) -> str:
    """A picture link (no alt) and a title link to the same article, date under."""
    return "".join(
        f'<div class="media"><a class="thumb" href="{path(i)}"><picture><source srcset="/i/{n}'
        f'.avif"><img src="/i/{n}.jpg"></picture></a><div class="media-body"><a href="{path(i)}"'
        f' class="name">{e(i.title)}</a><div class="text-muted">{weekday_date(i.day, lang)}'
        "</div></div></div>"
        for n, i in enumerate(items)
        if i.day
    )


MATRIX += (
    ("month-names", names_weekday, LANGS),
    ("month-names", names_abbreviated, tuple(SHORT)),
    ("day-month-order", numbers_dotted, ("ko", "ja", "zh", "de", "pl")),
    ("hidden-text", hidden_screen_reader, ("en", "it", "es")),
    ("card-link", card_title_date_reading_time, ("en", "fr", "nl")),
    ("card-link", card_comment_count, ("en", "pt", "tr")),
    ("time-forms", time_offset_midnight, ("ja", "en-US", "fr")),
    ("time-forms", data_date_attribute, ("en", "sv")),
    ("beside", beside_table_columns, ("en", "de", "es")),
    ("truncated", truncated_aria_label, ("it", "ko")),
    ("no-text-link", icon_thumb_and_title_links, ("en", "de", "zh")),
)


# ---------------------------------------------------------------------------- third round


def beside_date_headings(items: tuple[Item, ...], lang: str) -> str:
    """Items grouped under headings that are whole dates (two items a day)."""
    out = []
    for n, i in enumerate(items):
        if n % 2 == 0 and i.day:
            if n:
                out.append("</ul>")
            out.append(f'<h2 class="date-header"><span>{weekday_date(i.day, lang)}</span></h2><ul>')
        out.append(f'<li class="post"><h3><a href="{path(i)}">{e(i.title)}</a></h3></li>')
    out.append("</ul>")
    return "".join(out)


def updated_then_published(items: tuple[Item, ...], lang: str) -> str:
    """Two <time>s per item, the update first: the published one is the item's date."""
    return "".join(
        f'<article class="post"><h2><a href="{path(i)}">{e(i.title)}</a></h2><div class="meta">'
        f'<time class="updated" datetime="2024-06-0{n + 1}">{n + 1}.6.2024</time> '
        f'<time class="published entry-date" datetime="{i.day.isoformat()}">'
        f"{numeric_date(i.day, lang)}</time></div></article>"
        for n, i in enumerate(items)
        if i.day
    )


LABELS = {
    "en": ("Updated", "Published"),
    "fr": ("Mis à jour le", "Publié le"),
    "de": ("Aktualisiert am", "Veröffentlicht am"),
    "es": ("Actualizado el", "Publicado el"),
}


def updated_label_first(items: tuple[Item, ...], lang: str) -> str:
    updated, published = LABELS[lang]
    return "".join(
        f'<div class="entry"><h3><a href="{path(i)}">{e(i.title)}</a></h3><p class="meta">'
        f"{updated} {long_date(date(2024, 6, 20 + n), lang)} · {published} "
        f"{long_date(i.day, lang)}</p></div>"
        for n, i in enumerate(items)
        if i.day
    )


def calendar_block(items: tuple[Item, ...], lang: str) -> str:
    """The date as a calendar block: day, month and year in spans of their own."""
    names = SHORT.get(lang, SHORT_EN)
    rows = "".join(
        f'<div class="event"><div class="date"><span class="day">{i.day.day:02d}</span>'
        f'<span class="month">{names[i.day.month - 1]}</span><span class="year">{i.day.year}'
        f'</span></div><div class="body"><h4><a href="{path(i)}">{e(i.title)}</a></h4><p>'
        f"{e(i.summary)}</p></div></div>"
        for i in items
        if i.day
    )
    return f'<div class="events">{rows}</div>'


def ordinal_and_upper(items: tuple[Item, ...], lang: str) -> str:
    """English ordinals and capitals: 'MARCH 5TH, 2024', '11th Feb 2024'."""

    def when(n: int, d: date) -> str:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            d.day % 10 if d.day not in (11, 12, 13) else 0, "th"
        )
        if n % 2:
            return f"{d.day}{suffix} {SHORT_EN[d.month - 1]} {d.year}"
        return f"{MONTHS['en'][d.month - 1].upper()} {d.day}{suffix.upper()}, {d.year}"

    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)}</a><br><span>{when(n, i.day)}</span></li>'
        for n, i in enumerate(items)
        if i.day
    )
    return f'<ul class="blog">{rows}</ul>'


def category_span_first(items: tuple[Item, ...], lang: str) -> str:
    """A card link: a category word first (no class), the title, the date."""
    rows = "".join(
        f'<a class="tile" href="{path(i)}"><span>{"Kultur" if n % 2 else "News"}</span>'
        f"<h3>{e(i.title)}</h3><span>{long_date(i.day, lang)}</span></a>"
        for n, i in enumerate(items)
        if i.day
    )
    return f'<div class="tiles">{rows}</div>'


def time_with_offset(items: tuple[Item, ...], lang: str) -> str:
    """Real times late in the evening west of UTC, early in the morning east of it: the page's
    day is not the UTC day."""
    clock = {"ja": "07:30:00+09:00", "ko": "06:10:00+09:00"}.get(lang, "22:29:00-05:00")
    rows = "".join(
        f'<li><a href="{path(i)}">{e(i.title)}</a> <time datetime="{i.day.isoformat()}T{clock}">'
        f"{long_date(i.day, lang)}</time></li>"
        for i in items
        if i.day
    )
    return f'<ul class="post-list">{rows}</ul>'


MATRIX += (
    ("time-forms", time_with_offset, ("en", "es", "ja", "ko")),
    ("beside", beside_date_headings, ("en", "fr", "de", "ja")),
    ("time-forms", updated_then_published, ("en", "de", "fr")),
    ("time-forms", updated_label_first, ("en", "fr", "de", "es")),
    ("beside", calendar_block, ("en", "fr", "de", "it")),
    ("month-names", ordinal_and_upper, ("en",)),
    ("card-link", category_span_first, ("de", "en")),
)


def cases() -> list[Case]:
    result = []
    for kind, template, langs in MATRIX:
        for lang in langs:
            base = lang.split("-")[0]
            fmt_lang = "en-US" if lang == "en-US" else base
            days = SHARED_DAYS if template is beside_date_headings else DAYS
            items = items_for(base, f"{kind}-{template.__name__}".replace("_", "-"), days)
            body = template(items, fmt_lang)
            slug = f"{kind}--{template.__name__.replace('_', '-')}--{lang.lower()}"
            url = f"{SITE}/{base}/"
            result.append(Case(slug, kind, lang, url, page(lang, body), items))
    return result


def write(folder: Path, chosen: Sequence[TruthCase], source: str = "classes") -> None:
    """The cases as eval_lists page folders (page.html, truth.json); ``source`` names the set
    in the truth (``classes/<kind>``)."""
    for case in chosen:
        out = folder / case.slug
        out.mkdir(parents=True, exist_ok=True)
        (out / "page.html").write_text(case.html, encoding="utf-8")
        truth = {
            "url": case.url,
            "source": f"{source}/{case.kind}",
            "fields_truth": ["title", "date"],
            "items": [
                {
                    "link": i.link,
                    "title": i.title,
                    "day": i.day.isoformat() if i.day else None,
                    **({"undatable": True} if i.undatable else {}),
                }
                for i in case.items
            ],
        }
        (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))


def page_of(case: TruthCase, fetched_at: datetime) -> Page:
    """The case as the fetcher would give it, fetched at ``fetched_at``."""
    return Page(
        requested_url=case.url,
        url=case.url,
        status=200,
        content=case.html.encode(),
        text=case.html,
        encoding="utf-8",
        content_type="text/html",
        fetched_at=fetched_at,
    )


def main(argv: Sequence[str]) -> None:
    if argv:
        write(Path(argv[0]), cases())
        return
    import tempfile

    from bench.eval_lists import evaluate_page, summary

    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), cases())
        by_kind: dict[str, list] = {}  # type: ignore[type-arg]
        for case in cases():
            by_kind.setdefault(case.kind, []).append(
                evaluate_page(Path(tmp) / case.slug, case.kind)
            )
        for kind, results in by_kind.items():
            print(kind, summary(results))


if __name__ == "__main__":
    main(sys.argv[1:])
