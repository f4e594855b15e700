"""List pages in the markup of real site builders and themes, with exact truth.

`bench/list_classes.py` writes one failure class per page in plain markup; the pages here copy
the shapes whole sites give: WordPress block and classic themes, Ghost, Jekyll, Eleventy,
Gatsby, Next.js with CSS-in-JS class names, Drupal, Joomla, TYPO3, Blogger, Substack- and
Medium-like archives, Squarespace/Wix/Webflow exports, Bootstrap and Tailwind cards, press
release tables, definition lists, boards and press rooms, each in a language of its own. Each
shape brings the noise such pages carry (thumbnail links, category and author links, "read
more" links with screen-reader text, SVG titles, inline `<style>` from CSS-in-JS, comment
counts, reading times, updated dates, pagination). Batches are measured once, untouched, before
any rule is written against them (bench/README.md): they are the team's proxy for unseen pages.

Usage: python -m bench.list_shapes OUT   writes OUT/<slug>/{page.html,truth.json}
(then `python bench/eval_lists.py OUT --pages`).
"""

# ruff: noqa: E501  (the pages' markup is written out whole; cutting it shorter hides its shape)
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.list_classes import MONTHS, e, write

SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")  # fmt: skip
MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر")  # fmt: skip
SHORT_NL = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
            "nov.", "dec.")  # fmt: skip
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
WEEKDAYS_FR_SHORT = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")

DAYS = (
    date(2024, 3, 5),
    date(2024, 2, 27),
    date(2024, 2, 11),
    date(2024, 1, 19),
    date(2023, 12, 3),
    date(2023, 11, 14),
)

TITLES: dict[str, tuple[str, ...]] = {
    "en": (
        "Why our nightly builds got 40% faster",
        "Five things we learned running a community fridge",
        "Q&A: the new parking rules, explained",
        "“It’s not about the money” — a volunteer’s story",
        "Release 2.3 is out: dark mode, finally",
        "A weekend in Porto on €100",
    ),
    "fr": (
        "Le conseil municipal vote le budget 2024",
        "Travaux rue Victor-Hugo : ce qui change pour les riverains",
        "« On ne lâchera rien » : les commerçants du marché témoignent",
        "Portes ouvertes au conservatoire samedi",
        "Pourquoi la piscine ferme deux semaines ?",
        "Bilan de la collecte solidaire d'hiver",
    ),
    "es": (
        "El ayuntamiento aprueba el plan de sombra para los patios escolares",
        "Así será la nueva línea 7 del autobús",
        "¿Quién paga la reforma del mercado central?",
        "Crónica del torneo de ajedrez de Navidad",
        "La biblioteca presta ahora bicicletas y herramientas",
        "Resultados del concurso de fotografía 2023",
    ),
    "de": (
        "Gemeinderat beschließt neues Radwegenetz",
        "Sperrung der B27 zwischen Nord und Süd ab Montag",
        "Ehrenamtspreis 2024: Das sind die Nominierten",
        "„Wir brauchen mehr Platz“ – Kita-Eltern schlagen Alarm",
        "Hallenbad: Öffnungszeiten in den Faschingsferien",
        "Rückblick auf den Weihnachtsmarkt",
    ),
    "it": (
        "Riapre la biblioteca di quartiere dopo i lavori",
        "Trasporti: nuove corse notturne dal 1° marzo",
        "Il sindaco incontra i comitati di zona",
        "Festa di Carnevale, il programma completo",
        "Raccolta rifiuti: come cambia il calendario",
        "Concerto di Natale in Duomo, ingresso libero",
    ),
    "pt": (
        "Câmara aprova orçamento participativo para 2024",
        "Obras na Avenida da Liberdade começam em março",
        "Como funciona o novo passe de transportes?",
        "Festival de curtas-metragens abre inscrições",
        "Mercado de Natal bate recorde de visitantes",
        "Entrevista: a escola que ensina programação aos avós",
    ),
    "nl": (
        "Gemeente investeert in nieuwe fietsenstalling bij station",
        "Wat verandert er in 2024 aan de afvalinzameling?",
        "Buurthuis De Kroon viert 50-jarig bestaan",
        "Raad stemt in met plan voor extra woningen",
        "Winterfeest op het plein: een terugblik",
        "Nieuwe speeltuin in park Oost geopend",
    ),
    "pl": (
        "Rada miasta przyjęła budżet obywatelski",
        "Remont ulicy Długiej: objazdy od poniedziałku",
        "Jak zapisać dziecko do przedszkola?",
        "Koncert noworoczny w filharmonii – relacja",
        "Nowe połączenia autobusowe do lotniska",
        "Zimowe ferie w bibliotece: program zajęć",
    ),
    "sv": (
        "Kommunen bygger ny idrottshall i Norrby",
        "Så påverkas trafiken av bygget vid torget",
        "Biblioteket förlänger sina öppettider",
        "Årets julmarknad lockade rekordmånga besökare",
        "Frågor och svar om den nya taxan",
        "Skolval 2024: ansök senast i februari",
    ),
    "tr": (
        "Belediye meclisi yeni bütçeyi onayladı",
        "Sahil yolunda bisiklet şeridi çalışması başladı",
        "Kültür merkezinde şubat ayı etkinlikleri",
        "Kış tatilinde çocuklar için ücretsiz atölyeler",
        "Su kesintisi hakkında bilgilendirme",
        "Yılbaşı konserine yoğun ilgi",
    ),
    "ja": (
        "春の交通安全運動を実施します",
        "市民図書館の開館時間を変更しました",
        "新しいごみの分け方について",
        "冬季イベント「光のまつり」開催のお知らせ",
        "令和6年度 予算案を公表しました",
        "年末年始の窓口業務について",
    ),
    "zh": (
        "市政府召开春季安全生产工作会议",
        "关于调整公共交通线路的通知",
        "2024年文化惠民活动安排公布",
        "社区卫生服务中心新增夜间门诊",
        "冬季供暖保障工作进展顺利",
        "关于做好年底防火工作的提示",
    ),
    "ko": (
        "2024년 상반기 주민자치 프로그램 안내",
        "시립도서관 휴관 일정 변경 안내",
        "겨울철 한파 대비 안전수칙",
        "신규 공영주차장 개장 안내",
        "연말 불우이웃돕기 성금 모금 결과",
        "청소년 진로체험 캠프 참가자 모집",
    ),
    "ru": (
        "В городе откроют новую библиотеку",
        "Ремонт моста завершат к лету",
        "Как получить льготный проездной?",
        "Итоги зимнего фестиваля «Северное сияние»",
        "Новогодние мероприятия в парках города",
        "Школьники победили в региональной олимпиаде",
    ),
    "ar": (
        "افتتاح مكتبة عامة جديدة في وسط المدينة",
        "البلدية تعلن عن خطة لتوسيع الحدائق",
        "مهرجان الربيع الثقافي يبدأ الأسبوع المقبل",
        "تعديل مواعيد جمع النفايات في الأحياء الشرقية",
        "حفل ختام بطولة كرة القدم المدرسية",
        "نتائج مسابقة القراءة السنوية",
    ),
}

SUMMARY = {
    "en": "A short look at what happened and what comes next.",
    "fr": "Ce qu'il faut retenir et ce qui vient ensuite.",
    "es": "Lo que ha pasado y lo que viene después.",
    "de": "Was passiert ist und wie es weitergeht.",
    "it": "Cosa è successo e cosa succederà dopo.",
    "pt": "O que aconteceu e o que vem a seguir.",
    "nl": "Wat er gebeurde en wat er nu komt.",
    "pl": "Co się wydarzyło i co dalej.",
    "sv": "Vad som hände och vad som händer nu.",
    "tr": "Neler oldu ve bundan sonra neler olacak.",
    "ja": "詳しくは本文をご覧ください。",
    "zh": "详细内容请查看全文。",
    "ko": "자세한 내용은 본문을 참고하세요.",
    "ru": "Что произошло и что будет дальше.",
    "ar": "ما حدث وما سيأتي بعد ذلك.",
}


@dataclass(frozen=True, slots=True)
class Item:
    link: str
    title: str
    day: date | None
    undatable: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    slug: str
    kind: str
    url: str
    html: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """One theme's list: ``lang``, ``site`` and how an item's link is made."""

    name: str
    lang: str
    site: str
    body: Callable[[Sequence[Item], str], str]
    link: Callable[[int, date, str], str]
    batch: int = 1


def slugify(title: str, n: int) -> str:
    word = "".join(c if c.isascii() and c.isalnum() else "-" for c in title.lower())
    word = "-".join(w for w in word.split("-") if w)
    return word[:40].strip("-") or f"post-{n}"


def long_date(day: date, lang: str) -> str:
    d, m, y = day.day, day.month, day.year
    if lang in ("ja", "zh"):
        return f"{y}年{m}月{d}日"
    if lang == "ko":
        return f"{y}년 {m}월 {d}일"
    if lang == "ru":
        return f"{d} {MONTHS_RU[m - 1]} {y}"
    if lang == "ar":
        return f"{d} {MONTHS_AR[m - 1]} {y}"
    name = MONTHS[lang][m - 1]
    if lang == "en":
        return f"{name} {d}, {y}"
    if lang in ("es", "pt"):
        return f"{d} de {name} de {y}"
    if lang == "de":
        return f"{d}. {name} {y}"
    return f"{d} {name} {y}"


def iso(day: date, hour: int = 9, offset: str = "+00:00") -> str:
    return f"{day.isoformat()}T{hour:02d}:{(day.day * 7) % 60:02d}:00{offset}"


def page(lang: str, title: str, body: str, head: str = "", rtl: bool = False) -> str:
    """A theme page: skip link, header menu, the list, a widget sidebar, a footer."""
    nav = "".join(f'<li class="menu-item"><a href="/{w}/">{w.title()}</a></li>'
                  for w in ("news", "events", "about", "contact"))  # fmt: skip
    recent = "".join(f'<li><a href="/tag/{w}/">{w}</a></li>' for w in ("city", "culture", "sport"))
    direction = ' dir="rtl"' if rtl else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"{direction}><head><meta charset="utf-8">'
        f"<title>{e(title)}</title>{head}</head><body>"
        f'<a class="skip-link screen-reader-text" href="#content">Skip to content</a>'
        f'<header id="masthead" class="site-header"><p class="site-title"><a href="/">{e(title)}'
        f'</a></p><nav class="main-navigation"><ul class="menu">{nav}</ul></nav></header>'
        f'<div id="content" class="site-content">{body}'
        f'<aside id="secondary" class="widget-area"><section class="widget widget_tag_cloud">'
        f'<h2 class="widget-title">Tags</h2><ul>{recent}</ul></section></aside></div>'
        f'<footer class="site-footer"><a href="/privacy/">Privacy</a> · <a href="/imprint/">'
        f"Imprint</a> · © 2024</footer></body></html>"
    )


# ------------------------------------------------------------------------------- WordPress


def wp_twentytwentyfour(items: Sequence[Item], lang: str) -> str:
    cards = "".join(
        f'<li class="wp-block-post post-{100 + n} post type-post status-publish">'
        f'<figure class="wp-block-post-featured-image"><a href="{i.link}" target="_self">'
        f'<img src="/img/{n}.jpg" alt="" loading="lazy"></a></figure>'
        f'<h2 class="wp-block-post-title has-x-large-font-size"><a href="{i.link}" target="_self">'
        f"{e(i.title)}</a></h2>"
        f'<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">'
        f'{e(SUMMARY[lang])} </p><p class="wp-block-post-excerpt__more-text"><a class="wp-block-'
        f'post-excerpt__more-link" href="{i.link}">Lire la suite</a></p></div>'
        f'<div class="wp-block-post-date"><time datetime="{iso(i.day, 21, "+01:00")}">'
        f"{long_date(i.day, lang)}</time></div></li>"
        for n, i in enumerate(items)
    )
    return (
        f'<main class="wp-block-group"><h1 class="wp-block-query-title">Actualités</h1>'
        f'<div class="wp-block-query"><ul class="wp-block-post-template is-layout-flow">{cards}'
        f'</ul><nav class="wp-block-query-pagination"><span class="page-numbers current">1</span>'
        f'<a class="page-numbers" href="?query-1-page=2">2</a><a class="wp-block-query-pagination-'
        f'next" href="?query-1-page=2">Page suivante</a></nav></div></main>'
    )


def wp_astra(items: Sequence[Item], lang: str) -> str:
    arts = "".join(
        f'<article class="post-{200 + n} post type-post ast-article-post" itemscope '
        f'itemtype="https://schema.org/CreativeWork"><div class="ast-post-format- blog-layout-4">'
        f'<div class="post-content"><div class="ast-blog-featured-section post-thumb">'
        f'<div class="post-thumb-img-content post-thumb"><a href="{i.link}"><img width="1024" '
        f'src="/wp-content/uploads/{n}.jpg" alt="" class="attachment-large"></a></div></div>'
        f'<header class="entry-header"><span class="ast-taxonomy-container cat-links">'
        f'<a href="/category/noticias/" rel="category tag">Noticias</a></span>'
        f'<h2 class="entry-title ast-blog-single-element" itemprop="headline"><a href="{i.link}" '
        f'rel="bookmark">{e(i.title)}</a></h2><div class="entry-meta ast-blog-single-element">'
        f'Por <span class="posted-by vcard author" itemprop="author"><a class="url fn n" '
        f'href="/author/marta/" rel="author"><span class="author-name">Marta</span></a></span> / '
        f'<span class="published" itemprop="datePublished">{long_date(i.day, lang)}</span>'
        f'</div></header><div class="ast-excerpt-container ast-blog-single-element"><p>'
        f'{e(SUMMARY[lang])}</p></div><p class="ast-read-more-container read-more">'
        f'<a class="" href="{i.link}"> Leer más »<span class="screen-reader-text">{e(i.title)}'
        f"</span></a></p></div></div></article>"
        for n, i in enumerate(items)
    )
    return (
        f'<div id="primary" class="content-area primary"><main id="main" class="site-main">'
        f'<div class="ast-row">{arts}</div><nav class="ast-pagination"><div class="nav-links">'
        f'<span class="page-numbers current">1</span><a class="page-numbers" href="/page/2/">2</a>'
        f'<a class="next page-numbers" href="/page/2/">Página siguiente »</a></div></nav></main></div>'
    )


def wp_generatepress(items: Sequence[Item], lang: str) -> str:
    arts = "".join(
        f'<article id="post-{300 + n}" class="post type-post status-publish format-standard">'
        f'<div class="inside-article"><header class="entry-header"><h2 class="entry-title" '
        f'itemprop="headline"><a href="{i.link}" rel="bookmark">{e(i.title)}</a></h2>'
        f'<div class="entry-meta"><span class="posted-on"><time class="updated" datetime="'
        f'{iso(date(2024, 4, 2), 8, "+02:00")}" itemprop="dateModified">2. April 2024</time>'
        f'<time class="entry-date published" datetime="{iso(i.day, 10, "+01:00")}" itemprop="'
        f'datePublished">{long_date(i.day, lang)}</time></span> <span class="byline">von '
        f'<span class="author vcard"><a class="url fn n" href="/author/jan/" title="Alle '
        f'Beiträge von Jan anzeigen" rel="author"><span class="author-name">Jan</span></a>'
        f'</span></span></div></header><div class="entry-summary" itemprop="text"><p>'
        f'{e(SUMMARY[lang])} <a title="{e(i.title)}" class="read-more" href="{i.link}" '
        f'aria-label="Mehr Informationen über {e(i.title)}">Weiterlesen</a></p></div>'
        f'<footer class="entry-meta" aria-label="Beitragsmeta"><span class="cat-links"><span '
        f'class="screen-reader-text">Kategorien </span><a href="/category/allgemein/" rel="'
        f'category tag">Allgemein</a></span> <span class="comments-link"><a href="{i.link}'
        f'#respond">Schreibe einen Kommentar</a></span></footer></div></article>'
        for n, i in enumerate(items)
    )
    return (
        f'<div class="content-area" id="primary"><main class="site-main" id="main">{arts}'
        f'<nav id="nav-below" class="paging-navigation"><div class="nav-links"><span aria-current'
        f'="page" class="page-numbers current">1</span><a class="page-numbers" href="/page/2/">2'
        f'</a><a class="next page-numbers" href="/page/2/">Nächste →</a></div></nav></main></div>'
    )


def wp_kadence(items: Sequence[Item], lang: str) -> str:
    arts = "".join(
        f'<article class="entry content-bg loop-entry post-{400 + n} post type-post">'
        f'<a class="post-thumbnail kadence-thumbnail-ratio-2-3" href="{i.link}" aria-hidden="true"'
        f' tabindex="-1"><div class="post-thumbnail-inner"><img src="/u/{n}.jpg" alt="{e(i.title)}">'
        f'</div></a><div class="entry-content-wrap"><header class="entry-header"><div class="entry-'
        f'taxonomies"><span class="category-links term-links category-style-normal"><a href="/'
        f'category/viaggi/" rel="tag">Viaggi</a></span></div><h2 class="entry-title"><a href="'
        f'{i.link}" rel="bookmark">{e(i.title)}</a></h2><div class="entry-meta entry-meta-divider-'
        f'dot"><span class="posted-by"><span class="meta-label">Di</span><span class="author '
        f'vcard"><a class="url fn n" href="/author/luca/">Luca</a></span></span><span class="posted'
        f'-on"><time class="entry-date published" datetime="{iso(i.day, 7, "+01:00")}">'
        f"{long_date(i.day, lang)}</time></span></div></header>"
        f'<div class="entry-summary"><p>{e(SUMMARY[lang])}</p></div><footer class="entry-footer">'
        f'<div class="entry-actions"><p class="more-link-wrap"><a href="{i.link}" class="post-more'
        f'-link">Leggi tutto<span class="screen-reader-text"> {e(i.title)}</span><span class="'
        f'kadence-svg-iconset svg-baseline"><svg class="kadence-svg-icon kadence-arrow-right-alt-'
        f'svg" aria-hidden="true" viewBox="0 0 27 28"><title>Continua</title><path d="M27 13.'
        f'953c0 0.141-0.063 0.281-0.156"></path></svg></span></a></p></div></footer></div></article>'
        for n, i in enumerate(items)
    )
    return (
        f'<div id="primary" class="content-area"><div class="content-container site-container">'
        f'<main id="main" class="site-main"><div id="archive-container" class="content-wrap grid-'
        f'cols post-archive grid-sm-col-2 grid-lg-col-3">{arts}</div></main></div></div>'
    )


# ------------------------------------------------------------------------- Ghost, Jekyll, 11ty


def ghost_casper(items: Sequence[Item], lang: str) -> str:
    arts = "".join(
        f'<article class="post-card post{" post-card-large" if n == 0 else ""}">'
        f'<a class="post-card-image-link" href="{i.link}"><img class="post-card-image" srcset="'
        f'/content/images/size/w300/{n}.jpg 300w" src="/content/images/{n}.jpg" alt="{e(i.title)}"'
        f' loading="lazy"></a><div class="post-card-content"><a class="post-card-content-link" '
        f'href="{i.link}"><header class="post-card-header"><div class="post-card-tags"><span '
        f'class="post-card-primary-tag">Buurt</span>'
        + (
            '<span class="post-card-featured"><svg width="16" height="17" viewBox="0 0 16 17">'
            '<path d="M4.49365 4.58752C3.53115"></path></svg> Uitgelicht</span>'
            if n == 0
            else ""
        )
        + f'</div><h2 class="post-card-title">{e(i.title)}</h2></header><div class="post-card-'
        f'excerpt">{e(SUMMARY[lang])}</div></a><footer class="post-card-meta"><time class="post-'
        f'card-meta-date" datetime="{i.day.isoformat()}">{i.day.day} {SHORT_NL[i.day.month - 1]}'
        f' {i.day.year}</time><span class="post-card-meta-length">4 min leestijd</span></footer>'
        f"</div></article>"
        for n, i in enumerate(items)
    )
    return (
        f'<main id="site-main" class="site-main outer"><div class="inner posts"><div class="post-'
        f'feed">{arts}</div></div></main>'
    )


def ghost_source(items: Sequence[Item], lang: str) -> str:
    arts = "".join(
        f'<article class="gh-card post"><a class="gh-card-link" href="{i.link}"><figure class="gh-'
        f'card-image"><img src="/content/images/{n}.webp" alt="{e(i.title)}"></figure><div class='
        f'"gh-card-wrapper"><p class="gh-card-tag">Nyheter</p><h3 class="gh-card-title is-title">'
        f'{e(i.title)}</h3><p class="gh-card-excerpt is-body">{e(SUMMARY[lang])}</p><footer class='
        f'"gh-card-meta"><span class="gh-card-author">Av Karin Berg</span><time class="gh-card-'
        f'date" datetime="{i.day.isoformat()}">{i.day.day} {SHORT_EN[i.day.month - 1]} '
        f"{i.day.year}</time></footer></div></a></article>"
        for n, i in enumerate(items)
    )
    return (
        f'<main class="gh-main"><section class="gh-container is-grid gh-outer"><div class="gh-'
        f'container-inner gh-inner"><h2 class="gh-container-title">Senaste</h2><div class="gh-feed">'
        f'{arts}</div></div><a class="gh-more is-title" href="/page/2/">Visa fler</a></section></main>'
    )


def jekyll_minima(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li><span class="post-meta">{i.day.day} {SHORT_EN[i.day.month - 1]} {i.day.year}</span>'
        f'<h3><a class="post-link" href="{i.link}">{e(i.title)}</a></h3><p>{e(SUMMARY[lang])}</p>'
        f"</li>"
        for i in items
    )
    return (
        f'<main class="page-content" aria-label="Content"><div class="wrapper"><div class="home">'
        f'<h2 class="post-list-heading">Posts</h2><ul class="post-list">{rows}</ul><p class="rss-'
        f'subscribe">subscribe <a href="/feed.xml">via RSS</a></p></div></div></main>'
    )


def eleventy_base(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="postlist-item"><a href="{i.link}" class="postlist-link">{e(i.title)}</a> '
        f'<time class="postlist-date" datetime="{i.day.isoformat()}">{i.day.day:02d} '
        f"{MONTHS['sv'][i.day.month - 1]} {i.day.year}</time></li>"
        for i in items
    )
    return (
        f'<main id="skip"><h1>Arkiv</h1><ol reversed class="postlist" style="--postlist-index: 6;">'
        f"{rows}</ol></main>"
    )


# --------------------------------------------------------------------- React blog starters


def gatsby_starter(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li><article class="post-list-item" itemscope itemtype="http://schema.org/Article">'
        f'<header><h2><a href="{i.link}" itemprop="url"><span itemprop="headline">{e(i.title)}'
        f"</span></a></h2><small>{SHORT_EN[i.day.month - 1]} {i.day.day:02d}, {i.day.year}"
        f'</small></header><section><p itemprop="description">{e(SUMMARY[lang])}</p></section>'
        f"</article></li>"
        for i in items
    )
    return (
        f'<div class="global-wrapper" data-is-root-path="true"><main><div class="bio"><img alt="'
        f'Profile picture" src="/static/profile.png"><p>Written by <strong>Kyle</strong> who '
        f'lives and works in Boston. <a href="https://social.example.org/@kyle">You should '
        f'follow them</a></p></div><ol style="list-style:none">{rows}</ol></main></div>'
    )


def next_emotion(items: Sequence[Item], lang: str) -> str:
    def style(cls: str) -> str:
        return (
            f'<style data-emotion="css {cls}">.css-{cls}{{display:flex;-webkit-box-align:center;'
            f"font-size:var(--chakra-fontSizes-sm);}}</style>"
        )

    cards = "".join(
        f'<div class="css-1kx3vq2 e1xw5qs0">{style("1kx3vq2")}<a class="chakra-linkbox css-9'
        f'g0xu" href="{i.link}"><div class="css-13jlu5n">{style("13jlu5n")}<p class="chakra-text '
        f'css-1ftsp9e">MIASTO</p><h3 class="chakra-heading css-1dhh3cq">{e(i.title)}</h3>'
        f'<p class="chakra-text css-0">{i.day.day} {MONTHS["pl"][i.day.month - 1]} {i.day.year} '
        f"· 4 min czytania</p></div></a></div>"
        for i in items
    )
    return (
        f'<div id="__next"><div class="css-k008qs"><main class="css-1ps3u5w"><h1 class="chakra-'
        f'heading css-1ly5qo8">Aktualności</h1><div class="css-1x2v9vl e1wxg7ri0">{cards}</div>'
        f"</main></div></div>"
    )


# -------------------------------------------------------------------------- CMS list layouts


def drupal_olivero(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="views-row"><article role="article" class="node node--type-article node--'
        f'promoted node--view-mode-teaser"><header class="node__header"><h2 class="node__title">'
        f'<a href="{i.link}" rel="bookmark"><span class="field field--name-title field--type-'
        f'string field--label-hidden">{e(i.title)}</span></a></h2><div class="node__meta">'
        f'<div class="node__author-image"><img alt="Photo de profil de admin" src="/u/1.png">'
        f'</div><span>Par <span class="field field--name-uid"><span>admin</span></span>, '
        f"{WEEKDAYS_FR_SHORT[i.day.weekday()]} {i.day.month:02d}/{i.day.day:02d}/{i.day.year} - "
        f'10:{i.day.day:02d}</span></div></header><div class="node__content"><div class="text-'
        f'content clearfix field field--name-body"><p>{e(SUMMARY[lang])}</p></div><ul class="links'
        f' inline"><li class="node-readmore"><a href="{i.link}" rel="tag" title="{e(i.title)}" '
        f'hreflang="fr">Lire la suite<span class="visually-hidden"> de {e(i.title)}</span></a>'
        f"</li></ul></div></article></div>"
        for i in items
    )
    return (
        f'<main role="main"><div class="region region--content"><div class="views-element-'
        f'container"><div class="view view-frontpage view-id-frontpage">{rows}<nav class="pager" '
        f'role="navigation"><ul class="pager__items"><li class="pager__item is-active"><a href="?'
        f'page=0">1</a></li><li class="pager__item"><a href="?page=1">2</a></li></ul></nav></div>'
        f"</div></div></main>"
    )


def joomla_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="com-content-category-blog__item blog-item" itemprop="blogPost" itemscope '
        f'itemtype="https://schema.org/BlogPosting"><div class="item-content"><div class="page-'
        f'header"><h2 itemprop="name"><a href="{i.link}" itemprop="url">{e(i.title)}</a></h2>'
        f'</div><dl class="article-info text-muted"><dt class="article-info-term">Details</dt>'
        f'<dd class="createdby" itemprop="author"><span class="icon-user"></span> Geschrieben von: '
        f'<span itemprop="name">Redaktion</span></dd><dd class="category-name"><span class="icon-'
        f'folder-open"></span> Kategorie: <a href="/index.php/aktuelles" itemprop="genre">'
        f'Aktuelles</a></dd><dd class="published"><span class="icon-calendar"></span><time datetime'
        f'="{iso(i.day, 11, "+01:00")}" itemprop="datePublished">Veröffentlicht: '
        f"{i.day.day:02d}. {MONTHS['de'][i.day.month - 1]} {i.day.year}</time></dd>"
        f'<dd class="hits"><span class="icon-eye"></span><meta itemprop="interactionCount" '
        f'content="UserPageVisits:{40 + i.day.day}">Zugriffe: {40 + i.day.day}</dd></dl><p>'
        f'{e(SUMMARY[lang])}</p><p class="readmore"><a class="btn btn-secondary" href="{i.link}" '
        f'aria-label="Weiterlesen: {e(i.title)}"><span class="icon-chevron-right"></span> '
        f"Weiterlesen …</a></p></div></div>"
        for i in items
    )
    return (
        f'<main><div class="com-content-category-blog blog" itemscope itemtype="https://schema.'
        f'org/Blog"><div class="com-content-category-blog__items blog-items">{rows}</div>'
        f'<div class="com-content-category-blog__navigation w-100"><p class="counter">Seite 1 von 3'
        f'</p><nav class="pagination__wrapper"><ul class="pagination"><li class="page-item"><a '
        f'class="page-link" href="?start=6">2</a></li></ul></nav></div></div></main>'
    )


def typo3_news(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="article articletype-0 topnews" itemscope="itemscope" itemtype="http://'
        f'schema.org/Article"><div class="news-img-wrap"><a title="{e(i.title)}" href="{i.link}">'
        f'<img itemprop="image" src="/fileadmin/_processed_/{n}.jpg" width="200" alt=""></a></div>'
        f'<div class="header"><h3><a title="{e(i.title)}" href="{i.link}"><span itemprop="'
        f'headline">{e(i.title)}</span></a></h3></div><div class="teaser-text"><div itemprop="'
        f'description"><p>{e(SUMMARY[lang])}</p></div><a class="more" title="{e(i.title)}" href="'
        f'{i.link}">Weiterlesen</a></div><div class="footer"><p><span class="news-list-date">'
        f'<time itemprop="datePublished" datetime="{i.day.isoformat()}">{i.day.day:02d}.'
        f'{i.day.month:02d}.{i.day.year}</time></span><span class="news-list-category">Rathaus'
        f"</span></p></div></div>"
        for n, i in enumerate(items)
    )
    return (
        f'<main><div class="news"><div class="news-list-view" id="news-container-42">{rows}'
        f'<div class="page-navigation"><p>Seite 1 von 4.</p><ul class="f3-widget-paginator"><li '
        f'class="current">1</li><li><a href="?tx_news_pi1%5BcurrentPage%5D=2">2</a></li></ul>'
        f"</div></div></div></main>"
    )


def blogger_dates(items: Sequence[Item], lang: str) -> str:
    posts = "".join(
        f'<div class="date-outer"><h2 class="date-header"><span>{WEEKDAYS_ES[i.day.weekday()]}, '
        f'{long_date(i.day, lang)}</span></h2><div class="date-posts"><div class="post-outer">'
        f'<div class="post hentry uncustomized-post-template" itemprop="blogPost" itemscope>'
        f'<a name="{7000 + n}"></a><h3 class="post-title entry-title" itemprop="name"><a href="'
        f'{i.link}">{e(i.title)}</a></h3><div class="post-header"></div><div class="post-body '
        f'entry-content" itemprop="description articleBody">{e(SUMMARY[lang])}</div><div class='
        f'"post-footer"><div class="post-footer-line post-footer-line-1"><span class="post-author'
        f' vcard">Publicado por <span class="fn" itemprop="author">Carmen</span></span> <span '
        f'class="post-timestamp">en <meta content="{i.link}" itemprop="url"><a class="timestamp-'
        f'link" href="{i.link}" rel="bookmark" title="permanent link"><abbr class="published" '
        f'itemprop="datePublished" title="{iso(i.day, 18, "+01:00")}">18:{i.day.day:02d}</abbr>'
        f'</a></span> <span class="post-comment-link"><a class="comment-link" href="{i.link}#'
        f'comment-form">{n % 3} comentarios</a></span></div></div></div></div></div></div>'
        for n, i in enumerate(items)
    )
    return (
        f'<div class="main-outer"><div class="main section" id="main"><div class="widget Blog" '
        f'id="Blog1"><div class="blog-posts hfeed">{posts}</div><div class="blog-pager" id="blog-'
        f'pager"><a class="blog-pager-older-link" href="/search?updated-max=2023-11-14T10:00:00%2B'
        f'01:00&amp;max-results=6" title="Entradas antiguas">Entradas antiguas</a></div></div>'
        f"</div></div>"
    )


# ---------------------------------------------------------------- newsletter / hosted blogs


def substack_archive(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="post-preview portable-archive-post" data-testid="post-preview"><div class='
        f'"post-preview-content"><a class="post-preview-title newsletter" href="{i.link}" data-'
        f'testid="post-preview-title">{e(i.title)}</a><div class="post-preview-description"><a '
        f'href="{i.link}">{e(SUMMARY[lang])}</a></div><table class="post-meta custom"><tr>'
        f'<td class="post-meta-item post-date" title="{iso(i.day, 15, "Z")}"><time datetime="'
        f'{i.day.isoformat()}T15:00:00.000Z">{SHORT_EN[i.day.month - 1]} {i.day.day}'
        + (f", {i.day.year}" if i.day.year != 2024 else "")
        + f'</time></td><td class="post-meta-item like-button-container"><a class="post-ufi-button"'
        f' href="{i.link}" aria-label="Like">{12 + n}</a></td><td class="post-meta-item"><a href='
        f'"{i.link}/comments" aria-label="View comments">{n}</a></td></tr></table></div><div class'
        f'="post-preview-image"><a href="{i.link}"><img alt="" src="/i/{n}.png"></a></div></div>'
        for n, i in enumerate(items)
    )
    return (
        f'<div class="archive-page"><div class="archive-header"><a class="sort-button" href="/'
        f'archive?sort=new">Latest</a><a class="sort-button" href="/archive?sort=top">Top</a>'
        f'<a class="sort-button" href="/archive?sort=discussion">Discussions</a></div><div class='
        f'"portable-archive-list">{rows}</div></div>'
    )


def medium_profile(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="ae cl" data-testid="post-preview"><div class="l"><div class="ab co">'
        f'<a class="af ag" href="/@ana.lima?source=user_profile_page" rel="noopener follow">'
        f'<p class="be b bf z">Ana Lima</p></a></div><div class="bg"><div role="link" tabindex="0">'
        f'<a href="{i.link}" class="af ag" rel="noopener follow"><h2 class="be ga gb">{e(i.title)}'
        f'</h2></a><a href="{i.link}" rel="noopener follow"><h3 class="be b ic">{e(SUMMARY[lang])}'
        f'</h3></a></div><div class="ab q"><span class="be b dy z dx"><span>{SHORT_EN[i.day.month - 1]}'
        f" {i.day.day}, {i.day.year}</span></span><span>·</span><span>5 min read</span></div>"
        f'<div><button aria-label="clap" class="ah">{30 + n}</button><a href="{i.link}'
        f'&amp;responsesOpen=true&amp;sortBy=REVERSE_CHRON&amp;source=user_profile_page" aria-label="'
        f'responses">{n}</a></div></div></div></article>'
        for n, i in enumerate(items)
    )
    return f'<div class="l ae"><main><div class="ab cb"><div class="ch bg">{rows}</div></div></main></div>'


def squarespace_grid(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="blog-basic-grid--container entry blog-item is-loaded"><div><a href="'
        f'{i.link}" class="image-wrapper" data-animation-role="image"><img data-src="/s/{n}.jpg" '
        f'alt=""></a></div><div class="blog-basic-grid--text"><div class="blog-meta-section"><span'
        f' class="blog-meta-primary"><span class="blog-categories-list"><a href="/blog?category='
        f'Updates" class="blog-categories">Updates</a></span></span><span class="blog-meta-'
        f'secondary"><time class="blog-date" pubdate data-animation-role="date">{i.day.month}/'
        f'{i.day.day}/{i.day.year % 100}</time></span></div><h1 class="blog-title" data-animation'
        f'-role="content"><a href="{i.link}" data-no-animation>{e(i.title)}</a></h1><div class="'
        f'blog-excerpt"><div class="blog-excerpt-wrapper"><p class="" style="white-space:pre-wrap;"'
        f'>{e(SUMMARY[lang])}</p></div></div><a class="blog-more-link" href="{i.link}" '
        f'data-animation-role="content">Read More</a></div></article>'
        for n, i in enumerate(items)
    )
    return (
        f'<main id="page" class="container" role="main"><section class="page-section"><div class="'
        f'blog-basic-grid collection-content-wrapper" data-controller="BlogImageLoader">{rows}'
        f'</div><nav class="blog-list-pagination"><div class="older"><a href="/blog?offset=170000'
        f'0000000" rel="next">Older Posts</a></div></nav></section></main>'
    )


def wix_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div data-hook="post-list-item" class="gQcsY T6ZAn"><div class="kL8ps"><div class="'
        f'lBA3x" data-hook="post-list-item-image"><a href="{i.link}" tabindex="-1"><img alt="'
        f'{e(i.title)}" src="/media/{n}.jpg"></a></div><div class="nDvVf"><div class="xqqF7">'
        f'<div data-hook="user-name" class="tQ0Q1A">Claire Martin</div><ul class="kvH8T"><li>'
        f'<span data-hook="time-ago" class="post-metadata__date time-ago" title="'
        f'{long_date(i.day, lang)}">{i.day.day} {MONTHS["fr"][i.day.month - 1][:4].rstrip(".")}'
        f"{'.' if len(MONTHS['fr'][i.day.month - 1]) > 4 else ''} {i.day.year}</span></li><li><span"
        f' data-hook="time-to-read" class="post-metadata__readTime" title="3 min de lecture">3 '
        f'min de lecture</span></li></ul></div><div class="cOvOx"><a href="{i.link}" class="O16KGI'
        f' pu51Xe" data-hook="post-list-item__title"><h2 class="bD0vt9 KNiaIk" data-hook="post-'
        f'title"><p class="H4o8J">{e(i.title)}</p></h2></a><div class="BOlnTh" data-hook="post-'
        f'description"><p>{e(SUMMARY[lang])}</p></div></div><div class="ftRBD" data-hook="post-'
        f'footer"><div class="cNjd3" aria-label="{n + 2} vues"><span>{n + 2}</span></div><a href='
        f'"{i.link}#comments" class="YOGyx" aria-label="{n} commentaires">{n}</a></div></div></div>'
        f"</div>"
        for n, i in enumerate(items)
    )
    return (
        f'<main id="PAGES_CONTAINER"><div id="SITE_PAGES"><section class="wixui-section"><div '
        f'data-hook="post-list" class="T7gUn">{rows}</div></section></div></main>'
    )


def webflow_cards(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div role="listitem" class="blog-item w-dyn-item"><a href="{i.link}" class="blog-card '
        f'w-inline-block"><div class="blog-image-wrap"><img src="/cdn/{n}.avif" loading="lazy" '
        f'alt="" class="blog-image"></div><div class="blog-content"><div class="blog-meta"><div '
        f'class="blog-category">Product</div><div class="blog-date">{MONTHS["en"][i.day.month - 1]}'
        f' {i.day.day}, {i.day.year}</div></div><h3 class="blog-title">{e(i.title)}</h3><p class="'
        f'blog-summary">{e(SUMMARY[lang])}</p><div class="blog-link">Read article<img src="/arrow'
        f'.svg" alt="" class="arrow"></div></div></a></div>'
        for n, i in enumerate(items)
    )
    return (
        f'<main class="main-wrapper"><section class="section_blog"><div class="blog-list-wrapper '
        f'w-dyn-list"><div role="list" class="blog-list w-dyn-items">{rows}</div><div role="'
        f'navigation" class="w-pagination-wrapper"><a href="?b2a1_page=2" class="w-pagination-'
        f'next">Next</a></div></div></section></main>'
    )


# ------------------------------------------------------------------------ CSS frameworks


def bootstrap_cards(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="col"><div class="card h-100 shadow-sm"><img src="/img/{n}.jpg" class="card'
        f'-img-top" alt="..."><div class="card-body"><h5 class="card-title">{e(i.title)}</h5><p '
        f'class="card-text">{e(SUMMARY[lang])}</p><a href="{i.link}" class="btn btn-primary stre'
        f'tched-link">Leggi</a></div><div class="card-footer"><small class="text-body-secondary">'
        f"Pubblicato il {i.day.day:02d}/{i.day.month:02d}/{i.day.year}</small></div></div></div>"
        for n, i in enumerate(items)
    )
    return (
        f'<main class="container py-5"><h1 class="display-5">Notizie</h1><div class="row row-cols'
        f'-1 row-cols-md-3 g-4">{rows}</div><nav aria-label="Navigazione"><ul class="pagination">'
        f'<li class="page-item active"><a class="page-link" href="#">1</a></li><li class="page-'
        f'item"><a class="page-link" href="?p=2">2</a></li></ul></nav></main>'
    )


def tailwind_ui(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="flex max-w-xl flex-col items-start justify-between"><div class="flex '
        f'items-center gap-x-4 text-xs"><time datetime="{i.day.isoformat()}" class="text-gray-500"'
        f'>{SHORT_EN[i.day.month - 1]} {i.day.day}, {i.day.year}</time><a href="/category/'
        f'marketing" class="relative z-10 rounded-full bg-gray-50 px-3 py-1.5 font-medium">'
        f'Marketing</a></div><div class="group relative"><h3 class="mt-3 text-lg/6 font-semibold '
        f'text-gray-900 group-hover:text-gray-600"><a href="{i.link}"><span class="absolute '
        f'inset-0"></span>{e(i.title)}</a></h3><p class="mt-5 line-clamp-3 text-sm/6 text-gray-'
        f'600">{e(SUMMARY[lang])}</p></div><div class="relative mt-8 flex items-center gap-x-4">'
        f'<img src="/a/{n % 2}.jpg" alt="" class="size-10 rounded-full bg-gray-50"><div class="'
        f'text-sm/6"><p class="font-semibold text-gray-900"><a href="/authors/{("michael", "lindsay")[n % 2]}">'
        f'<span class="absolute inset-0"></span>{("Michael Foster", "Lindsay Walton")[n % 2]}</a>'
        f'</p><p class="text-gray-600">Co-Founder / CTO</p></div></div></article>'
        for n, i in enumerate(items)
    )
    return (
        f'<div class="bg-white py-24 sm:py-32"><div class="mx-auto max-w-7xl px-6 lg:px-8"><div '
        f'class="mx-auto max-w-2xl lg:mx-0"><h2 class="text-4xl font-semibold">From the blog</h2>'
        f'<p class="mt-2 text-lg/8 text-gray-600">Learn how to grow your business.</p></div><div '
        f'class="mx-auto mt-10 grid max-w-2xl grid-cols-1 gap-x-8 gap-y-16 lg:grid-cols-3">{rows}'
        f"</div></div></div>"
    )


# ------------------------------------------------------------ press rooms, boards, councils


def press_table(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<tr><td class="date">{i.day.day:02d}-{i.day.month:02d}-{i.day.year}</td><td><a href="'
        f'{i.link}">{e(i.title)}</a></td><td><a href="/files/pb-{i.day.isoformat()}.pdf" class="'
        f'download">PDF (1{n}0 kB)</a></td></tr>'
        for n, i in enumerate(items)
    )
    return (
        f'<main><h1>Persberichten</h1><table class="table table-striped"><thead><tr><th>Datum</th>'
        f"<th>Titel</th><th>Download</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p>Contact voor de pers: <a href="mailto:pers@gemeente.example">pers@gemeente.example</a>'
        f"</p></main>"
    )


def dl_title_then_date(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<dt><a href="{i.link}">{e(i.title)}</a></dt><dd>Publicerad {long_date(i.day, lang)} · '
        f"{e(SUMMARY[lang])}</dd>"
        for i in items
    )
    return f'<main><h1>Nyheter</h1><dl class="news-list">{rows}</dl></main>'


def ja_news_dl(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="news-item"><dl><dt><time>{i.day.year}.{i.day.month:02d}.{i.day.day:02d}'
        f'</time><span class="cat cat-{n % 2}">{("お知らせ", "イベント")[n % 2]}</span>'
        + ('<span class="new">NEW</span>' if n == 0 else "")
        + f'</dt><dd><a href="{i.link}">{e(i.title)}</a></dd></dl></li>'
        for n, i in enumerate(items)
    )
    return (
        f'<main><div class="breadcrumb"><a href="/">ホーム</a> &gt; <span>お知らせ一覧</span></div>'
        f'<h1 class="page-ttl">お知らせ一覧</h1><div class="tab"><a href="/news/">すべて</a><a href="'
        f'/news/event/">イベント</a><a href="/news/info/">お知らせ</a></div><ul class="news-list">'
        f'{rows}</ul><div class="pager"><a href="/news/page/2/">次へ</a></div></main>'
    )


def ko_board(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<tr><td class="num">{125 - n}</td><td class="subject"><a href="{i.link}">{e(i.title)}'
        f"</a>{' <img src=&quot;/img/new.gif&quot; alt=&quot;새글&quot;>' if n < 2 else ''}</td>"
        f'<td class="writer">관리자</td><td class="date">{i.day.isoformat()}</td><td class="hit">'
        f'{300 - 17 * n}</td><td class="file">'
        + (
            f'<a href="/download.do?fileId={n}"><img src="/img/file.gif" alt="첨부파일"></a>'
            if n % 2
            else ""
        )
        + "</td></tr>"
        for n, i in enumerate(items)
    )
    return (
        f'<div id="contents"><h3 class="tit">공지사항</h3><div class="board-search"><form><select>'
        f'<option>제목</option></select><input type="text"><button>검색</button></form></div>'
        f'<table class="board-list"><caption>공지사항 목록</caption><thead><tr><th>번호</th><th>제목'
        f"</th><th>작성자</th><th>등록일</th><th>조회</th><th>파일</th></tr></thead><tbody>{rows}"
        f'</tbody></table><div class="paging"><strong>1</strong><a href="?page=2">2</a><a href="?'
        f'page=3">3</a></div></div>'
    )


def zh_gov_list(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{i.link}" title="{e(i.title)}" target="_blank">'
        f"{e(i.title if len(i.title) <= 12 else i.title[:11] + '...')}</a><span>"
        f"{i.day.isoformat()}</span></li>"
        for i in items
    )
    return (
        f'<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xw/">'
        f'新闻中心</a> &gt; 工作动态</div><div class="list-box"><ul class="list">{rows}</ul>'
        f'<div class="page">共3页 <a href="index_1.html">下一页</a></div></div></div>'
    )


def ru_news(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="news-item"><div class="news-date">{long_date(i.day, lang)}</div><a class="'
        f'news-title" href="{i.link}">{e(i.title)}</a><div class="news-anons">{e(SUMMARY[lang])}'
        f"</div></div>"
        for i in items
    )
    return (
        f'<div class="content"><h1>Новости</h1><div class="news-list">{rows}</div><div class="'
        f'pagination"><a href="?PAGEN_1=2">Следующая</a></div></div>'
    )


def ar_cards(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="news-card"><a href="{i.link}" class="thumb"><img src="/n/{n}.jpg" alt="">'
        f'</a><div class="info"><h3><a href="{i.link}">{e(i.title)}</a></h3><span class="date">'
        f'<i class="fa fa-calendar"></i> {long_date(i.day, lang)}</span></div></div>'
        for n, i in enumerate(items)
    )
    return f'<main><h1>الأخبار</h1><div class="news-grid">{rows}</div></main>'


def tr_forum_news(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="row bg{n % 2 + 1}"><dl class="row-item topic_read"><dt title="Okunmamış ileti'
        f' yok"><div class="list-inner"><a href="{i.link}" class="topictitle">{e(i.title)}</a><br>'
        f'<div class="topic-poster responsive-hide left-box">Gönderen <a href="/memberlist.php?'
        f'mode=viewprofile&amp;u=2" class="username-coloured">yonetim</a> » <time datetime="'
        f'{iso(i.day, 14, "+00:00")}">{i.day.day} {MONTHS["tr"][i.day.month - 1]} {i.day.year}, '
        f'14:{(i.day.day * 7) % 60:02d}</time> » <a href="/viewforum.php?f=3">Duyurular</a></div>'
        f'</div></dt><dd class="posts">{n + 1} <dfn>Cevaplar</dfn></dd><dd class="views">{90 + n}'
        f' <dfn>Görüntüleme</dfn></dd><dd class="lastpost"><span><dfn>Son ileti </dfn>gönderen '
        f'<a href="/memberlist.php?mode=viewprofile&amp;u={5 + n}" class="username">uye{n}</a> '
        f'<a href="{i.link}&amp;p={900 + n}#p{900 + n}" title="Son iletiye git"><i class="icon '
        f'fa-external-link-square"></i><span class="sr-only"></span></a><br><time datetime="'
        f'2024-03-20T08:00:00+00:00">20 Mart 2024, 08:00</time></span></dd></dl></li>'
        for n, i in enumerate(items)
    )
    return (
        f'<div id="page-body" class="page-body"><h2 class="forum-title"><a href="/viewforum.php?'
        f'f=3">Duyurular</a></h2><div class="forumbg"><div class="inner"><ul class="topiclist">'
        f'<li class="header"><dl class="row-item"><dt><div class="list-inner">Konular</div></dt>'
        f'<dd class="posts">Cevaplar</dd><dd class="views">Görüntüleme</dd><dd class="lastpost">'
        f'<span>Son ileti</span></dd></dl></li></ul><ul class="topiclist topics">{rows}</ul></div>'
        f"</div></div>"
    )


def pt_municipal(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="noticia"><div class="noticia-data"><span class="dia">{i.day.day:02d}</span>'
        f'<span class="mes">{MONTHS["pt"][i.day.month - 1][:3].upper()}</span><span class="ano">'
        f'{i.day.year}</span></div><div class="noticia-texto"><h4><a href="{i.link}">'
        f"{e(i.title)}</a></h4><p>{e(SUMMARY[lang])}</p></div></div>"
        for i in items
    )
    return (
        f'<section id="conteudo"><h2>Notícias</h2><div class="lista-noticias">{rows}</div>'
        f'<a class="ver-todas" href="/noticias/arquivo/">Ver todas as notícias</a></section>'
    )


# ------------------------------------------------------------------------------- batch 2

SHORT_DE = ("Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONTHS_RU_SHORT = (
    "янв",
    "фев",
    "мар",
    "апр",
    "мая",
    "июн",
    "июл",
    "авг",
    "сен",
    "окт",
    "ноя",
    "дек",
)
WEEKDAYS_TR = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")


def wp_newspaper_tagdiv(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="td_module_flex td_module_flex_1 td_module_wrap td-animation-stack"><div class="td-module-container td-category-pos-"><div class="td-image-container"><div class="td-module-thumb"><a href="{i.link}" rel="bookmark" class="td-image-wrap" title="{e(i.title)}"><span class="entry-thumb td-thumb-css" style="background-image: url(/wp-content/uploads/{n}.jpg)"></span></a></div></div>'
        f'<div class="td-module-meta-info"><h3 class="entry-title td-module-title"><a href="{i.link}" rel="bookmark" title="{e(i.title)}">{e(i.title)}</a></h3><div class="td-editor-date"><span class="td-author-date"><span class="td-post-author-name"><a href="/author/redazione/">Redazione</a> <span>-</span> </span><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{iso(i.day, 12, "+01:00")}">{long_date(i.day, lang)}</time></span></span></div>'
        f'<div class="td-excerpt">{e(SUMMARY[lang])}</div></div></div></div>'
        for n, i in enumerate(items)
    )
    return f'<div class="td-container"><div class="td_block_wrap tdb_loop"><div class="td_block_inner tdb-block-inner td-fix-index">{rows}</div><div class="page-nav td-pb-padding-side"><span class="current">1</span><a href="/page/2/" class="page" title="2">2</a></div></div></div>'


def wp_elementor_posts(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="elementor-post elementor-grid-item post-{500 + n} post type-post"><a class="elementor-post__thumbnail__link" href="{i.link}" tabindex="-1"><div class="elementor-post__thumbnail"><img src="/u/{n}.jpg" alt=""></div></a>'
        f'<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{i.link}">{e(i.title)}</a></h3><div class="elementor-post__meta-data"><span class="elementor-post-date">{long_date(i.day, lang)}</span><span class="elementor-post-avatar">Keine Kommentare</span></div>'
        f'<div class="elementor-post__excerpt"><p>{e(SUMMARY[lang])}</p></div><a class="elementor-post__read-more" href="{i.link}" aria-label="Mehr über {e(i.title)}" tabindex="-1">Weiterlesen »</a></div></article>'
        for n, i in enumerate(items)
    )
    return f'<div class="elementor-widget-container"><div class="elementor-posts-container elementor-posts elementor-posts--skin-classic elementor-grid">{rows}</div></div>'


def wp_divi_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article id="post-{600 + n}" class="et_pb_post clearfix et_pb_blog_item_0_{n} post-{600 + n} post type-post"><a href="{i.link}" class="entry-featured-image-url"><img src="/u/{n}.jpg" alt="{e(i.title)}" class=""></a>'
        f'<h2 class="entry-title"><a href="{i.link}">{e(i.title)}</a></h2><p class="post-meta"> von <span class="author vcard"><a href="/author/petra/" title="Beiträge von Petra" rel="author">Petra</a></span> | <span class="published">{SHORT_DE[i.day.month - 1]} {i.day.day}, {i.day.year}</span> | <a href="/category/verein/" rel="category tag">Verein</a> | <span class="comments-number"><a href="{i.link}#respond">0 Kommentare</a></span></p>'
        f'<div class="post-content"><div class="post-content-inner"><p>{e(SUMMARY[lang])}</p></div><a href="{i.link}" class="more-link">weiterlesen</a></div></article>'
        for n, i in enumerate(items)
    )
    return f'<div class="et_pb_module et_pb_blog_0 et_pb_blog_grid_wrapper"><div class="et_pb_blog_grid clearfix"><div class="et_pb_ajax_pagination_container">{rows}<div><div class="pagination clearfix"><div class="alignleft"><a href="/page/2/">« Ältere Einträge</a></div></div></div></div></div></div>'


def hexo_landscape(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article id="post-{n}" class="h-entry article article-type-post" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting"><div class="article-meta"><a href="{i.link}" class="article-date"><time class="dt-published" datetime="{i.day.isoformat()}T02:12:00.000Z" itemprop="datePublished">{i.day.isoformat()}</time></a></div>'
        f'<div class="article-inner"><header class="article-header"><h1 itemprop="name"><a class="p-name article-title" href="{i.link}">{e(i.title)}</a></h1></header><div class="e-content article-entry" itemprop="articleBody"><p>{e(SUMMARY[lang])}</p><p class="article-more-link"><a href="{i.link}#more">阅读全文 »</a></p></div>'
        f'<footer class="article-footer"><a data-url="{i.link}" data-id="x{n}" class="article-share-link">分享</a><a href="{i.link}#comments" class="article-comment-link">评论</a><ul class="article-tag-list"><li class="article-tag-list-item"><a class="article-tag-list-link" href="/tags/%E7%AC%94%E8%AE%B0/" rel="tag">笔记</a></li></ul></footer></div></article>'
        for n, i in enumerate(items)
    )
    return f'<section id="main">{rows}<nav id="page-nav"><span class="page-number current">1</span><a class="page-number" href="/page/2/">2</a><a class="extend next" rel="next" href="/page/2/">下一页 »</a></nav></section>'


def docusaurus_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="margin-bottom--xl" itemprop="blogPost" itemscope itemtype="http://schema.org/BlogPosting"><header><h2 class="title_f1Hy" itemprop="headline"><a itemprop="url" href="{i.link}">{e(i.title)}</a></h2>'
        f'<div class="container_mt6G margin-vert--md"><time datetime="{i.day.isoformat()}T00:00:00.000Z" itemprop="datePublished">{long_date(i.day, lang)}</time> · <!-- -->4 min de leitura</div>'
        f'<div class="margin-top--md margin-bottom--sm row"><div class="col col--6 authorCol_Hf19"><div class="avatar margin-bottom--sm"><a href="https://github.com/joao{n % 2}" target="_blank" rel="noopener noreferrer" class="avatar__photo-link"><img class="avatar__photo" src="https://github.com/joao{n % 2}.png" alt="João"></a>'
        f'<div class="avatar__intro" itemprop="author" itemscope itemtype="https://schema.org/Person"><div class="avatar__name"><a href="https://github.com/joao{n % 2}" target="_blank" rel="noopener noreferrer" itemprop="url"><span itemprop="name">João Silva</span></a></div><small class="avatar__subtitle" itemprop="description">Mantenedor</small></div></div></div></div></header>'
        f'<div class="markdown" itemprop="articleBody"><p>{e(SUMMARY[lang])}</p></div><footer class="row docusaurus-mt-lg"><div class="col text--right col--3"><a aria-label="Leia mais sobre {e(i.title)}" href="{i.link}"><b>Leia mais</b></a></div></footer></article>'
        for n, i in enumerate(items)
    )
    return f'<div class="main-wrapper"><div class="container margin-vert--lg"><div class="row"><main class="col col--7" itemscope itemtype="http://schema.org/Blog">{rows}<nav class="pagination-nav" aria-label="Navegação da página de listagem de posts"><a class="pagination-nav__link pagination-nav__link--next" href="/blog/page/2"><div class="pagination-nav__label">Posts mais antigos</div></a></nav></main></div></div></div>'


def mkdocs_material_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="md-post md-post--excerpt"><header class="md-post__header"><nav class="md-post__authors md-typeset"><span class="md-author"><img src="/a.png" alt="Jonas"></span></nav><div class="md-post__meta md-meta"><ul class="md-meta__list"><li class="md-meta__item"><time datetime="{i.day.isoformat()} 00:00:00">{long_date(i.day, lang)}</time></li>'
        f'<li class="md-meta__item">in <a href="../category/news/" class="md-meta__link">News</a></li><li class="md-meta__item">3 Min. Lesezeit</li></ul></div></header><div class="md-post__content md-typeset"><h2 id="{slugify(i.title, n)}"><a class="toclink" href="{i.link}">{e(i.title)}</a></h2><p>{e(SUMMARY[lang])}</p><nav class="md-post__action"><a href="{i.link}">Weiterlesen</a></nav></div></article>'
        for n, i in enumerate(items)
    )
    return f'<div class="md-content" data-md-component="content"><div class="md-content__inner"><header class="md-typeset"><h1 id="blog">Blog</h1></header>{rows}<nav class="md-pagination"><span class="md-pagination__current">1</span> <a class="md-pagination__link" href="page/2/">2</a></nav></div></div>'


def shopify_dawn_blog(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="blog-articles__article article"><div class="article-card-wrapper card-wrapper underline-links-hover"><div class="card article-card card--standard card--media"><div class="card__inner color-scheme-2 gradient ratio"><div class="article-card__image-wrapper card__media"><div class="article-card__image media media--hover-effect"><img src="//cdn.shop.example/{n}.jpg" alt="" class="motion-reduce"></div></div></div>'
        f'<div class="card__content"><div class="card__information"><h3 class="card__heading h2"><a href="{i.link}" class="full-unstyled-link">{e(i.title)}</a></h3><div class="article-card__info caption-with-letter-spacing h5"><span class="circle-divider"><time datetime="{i.day.isoformat()}T10:00:00Z">{long_date(i.day, lang)}</time></span><span>Por Ana</span></div>'
        f'<p class="article-card__excerpt rte-width">{e(SUMMARY[lang])}</p><div class="article-card__footer"><span>{n} comentarios</span></div></div><div class="card__badge top left"></div></div></div></div></div>'
        for n, i in enumerate(items)
    )
    return f'<div class="main-blog page-width section-template--main-padding"><h1 class="title--primary">Noticias</h1><div class="blog-articles blog-articles--collage">{rows}</div><div class="pagination-wrapper"><nav class="pagination"><ul class="pagination__list list-unstyled"><li><a href="/blogs/news?page=2" class="pagination__item link">2</a></li></ul></nav></div></div>'


def discourse_topics(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<tr data-topic-id="{300 + n}" class="topic-list-item category-duyurular"><td class="main-link clearfix topic-list-data" colspan="1"><span class="link-top-line"><a href="{i.link}" class="title raw-link raw-topic-link" data-topic-id="{300 + n}">{e(i.title)}</a></span>'
        f'<div class="link-bottom-line"><a class="badge-category__wrapper" href="/c/duyurular/5"><span class="badge-category"><span class="badge-category__name">Duyurular</span></span></a></div></td>'
        f'<td class="posters topic-list-data"><a href="/u/yonetici" data-user-card="yonetici" class="latest single"><img alt="" width="25" height="25" src="/user_avatar/yonetici.png" class="avatar" title="yonetici - Orijinal Gönderen, Son Gönderen"></a></td>'
        f'<td class="num posts-map posts topic-list-data"><button class="btn-link posts-map badge-posts"><span class="number">{n + 2}</span></button></td><td class="num views topic-list-data"><span class="number" title="bu konu {300 + n} kez görüntülendi">{300 + n}</span></td>'
        f'<td class="num topic-list-data age activity" title="Oluşturuldu: {i.day.day} {MONTHS["tr"][i.day.month - 1]} {i.day.year} 10:12&#10;Son Cevap: 20 Mart 2024 08:00"><a class="post-activity" href="{i.link}/{n + 2}"><span class="relative-date" data-time="1710921600000" data-format="tiny">{15 + n}g</span></a></td></tr>'
        for n, i in enumerate(items)
    )
    return f'<div id="list-area"><div class="contents"><table class="topic-list"><thead><tr><th class="default">Konu</th><th class="posters">Kullanıcılar</th><th class="posts num">Cevaplar</th><th class="views num">Görüntülemeler</th><th class="activity num">Aktivite</th></tr></thead><tbody class="topic-list-body">{rows}</tbody></table></div></div>'


def de_press_month_headings(items: Sequence[Item], lang: str) -> str:
    out, month = [], None
    for i in items:
        if (i.day.year, i.day.month) != month:
            if month is not None:
                out.append("</ul>")
            month = (i.day.year, i.day.month)
            out.append(
                f'<h2 class="month">{MONTHS["de"][i.day.month - 1]} {i.day.year}</h2><ul class="press">'
            )
        out.append(
            f'<li><span class="date">{i.day.day:02d}.{i.day.month:02d}.</span> <a href="{i.link}">{e(i.title)}</a></li>'
        )
    out.append("</ul>")
    return (
        f'<main><h1>Pressemitteilungen</h1><div class="press-archive">{"".join(out)}</div></main>'
    )


def ko_blog_dotted(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="item"><a href="{i.link}" class="link"><div class="thumb"><img src="/t/{n}.jpg" alt=""></div><div class="desc"><strong class="title ell">{e(i.title)}</strong><p class="text">{e(SUMMARY[lang])}</p><span class="date">{i.day.year}. {i.day.month}. {i.day.day}.</span><span class="comment">댓글 {n}</span></div></a></li>'
        for n, i in enumerate(items)
    )
    return f'<div id="postListBody"><h3 class="category_title">전체글 보기</h3><ul class="post_list thumb_type">{rows}</ul><div class="paginate"><strong>1</strong><a href="?page=2">2</a></div></div>'


def hatena_archive(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<section class="archive-entry test-archive-entry autopagerize_page_element" data-uuid="1300{n}"><div class="archive-entry-header"><div class="date archive-date"><a href="/archive/{i.day.year}/{i.day.month:02d}/{i.day.day:02d}" rel="nofollow"><time datetime="{i.day.isoformat()}" title="{i.day.isoformat()}"><span class="date-year">{i.day.year}</span><span class="hyphen">-</span><span class="date-month">{i.day.month:02d}</span><span class="hyphen">-</span><span class="date-day">{i.day.day:02d}</span></time></a></div>'
        f'<h1 class="entry-title"><a class="entry-title-link" href="{i.link}">{e(i.title)}</a></h1></div><div class="categories"><a href="/archive/category/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B" class="archive-category-link category-お知らせ">お知らせ</a></div>'
        f'<div class="archive-entry-body"><p class="entry-description">{e(SUMMARY[lang])}</p><div class="social-buttons"><a href="https://b.hatena.example/entry/{n}" class="hatena-bookmark-button">B!</a></div></div></section>'
        for n, i in enumerate(items)
    )
    return f'<div id="main-inner"><div class="archive-header-category"><h2 class="archive-heading">記事一覧</h2></div><div class="archive-entries">{rows}</div><div class="pager autopagerize_insert_before"><span class="pager-next"><a href="?page=2" class="test-pager-next" rel="next">次のページ</a></span></div></div>'


def ru_vc_feed(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="content content--short"><div class="content-header"><div class="content-header__info"><a class="content-header__item content-header-author" href="/u/{n}-ivan"><div class="content-header-author__name">Иван Петров</div></a>'
        f'<time class="time" datetime="{iso(i.day, 9, "+03:00")}" title="{i.day.day:02d}.{i.day.month:02d}.{i.day.year} 09:{(i.day.day * 7) % 60:02d}">{i.day.day} {MONTHS_RU_SHORT[i.day.month - 1]} {i.day.year}</time></div></div>'
        f'<a href="{i.link}" class="content-link"></a><div class="content-title content-title--short l-island-a"><h2>{e(i.title)}</h2></div><div class="content-container"><p>{e(SUMMARY[lang])}</p></div>'
        f'<div class="content-footer"><a href="{i.link}?comments" class="comments_counter">{n + 3}</a><span class="views">1,{n}K</span></div></div>'
        for n, i in enumerate(items)
    )
    return f'<div class="feed"><div class="feed__container">{rows}</div></div>'


def it_pubblicato_alle(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="news-box"><h4 class="news-title"><a href="{i.link}" title="Leggi: {e(i.title)}">{e(i.title)}</a></h4><p class="news-meta">Pubblicato il {i.day.day:02d}/{i.day.month:02d}/{i.day.year} alle 10:{(i.day.day * 7) % 60:02d} · Ultima modifica 02/04/2024</p><p>{e(SUMMARY[lang])}</p></div>'
        for i in items
    )
    return f'<div id="content"><h2>Comunicati</h2>{rows}</div>'


def pl_comma_time(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="news"><a href="{i.link}"><span class="news__date">{i.day.day:02d}.{i.day.month:02d}.{i.day.year}, 10:{(i.day.day * 7) % 60:02d}</span><span class="news__title">{e(i.title)}</span><span class="news__lead">{e(SUMMARY[lang])}</span></a></li>'
        for i in items
    )
    return f'<section class="aktualnosci"><h2>Aktualności</h2><ul class="news-list">{rows}</ul><a href="/aktualnosci/archiwum">Archiwum</a></section>'


def nl_weekday_short(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<a class="list-item" href="{i.link}"><div class="list-item__content"><div class="list-item__meta"><span>{WEEKDAYS_NL[i.day.weekday()]} {i.day.day} {SHORT_NL[i.day.month - 1].rstrip(".")} {i.day.year}</span> · <span>Nieuws</span></div><h3 class="list-item__title">{e(i.title)}</h3></div><svg class="icon" aria-hidden="true"><use href="#arrow"></use></svg></a>'
        for i in items
    )
    return f'<main><h1>Nieuwsberichten</h1><div class="list">{rows}</div></main>'


def es_english_short_dates(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="post-item"><div class="post-date"><span class="day">{i.day.day:02d}</span><span class="month">{SHORT_EN[i.day.month - 1]}</span><span class="year">{i.day.year}</span></div><div class="post-body"><h3><a href="{i.link}">{e(i.title)}</a></h3><p>{e(SUMMARY[lang])}</p></div></div>'
        for i in items
    )
    return f'<div class="blog-list"><h2>Blog</h2>{rows}</div>'


def fr_updated_line(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<article class="actu"><h3><a href="{i.link}">{e(i.title)}</a></h3><p class="dates">Publié le {i.day.day:02d}/{i.day.month:02d}/{i.day.year} – Mis à jour le 06/04/2024</p><p>{e(SUMMARY[lang])}</p></article>'
        for i in items
    )
    return f'<div class="actualites"><h2>Toutes les actualités</h2>{rows}</div>'


def pt_br_as_hours(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="feed-post"><div class="feed-post-header"><span class="feed-post-header-chapeu">Política</span></div><div class="feed-post-body"><h2 class="feed-post-link-wrapper"><a class="feed-post-link" href="{i.link}">{e(i.title)}</a></h2><div class="feed-post-body-resumo">{e(SUMMARY[lang])}</div></div>'
        f'<div class="feed-post-metadata"><span class="feed-post-datetime">{i.day.day:02d}/{i.day.month:02d}/{i.day.year} às 10h{(i.day.day * 7) % 60:02d}</span><span class="feed-post-metadata-section"> Brasília </span></div></div>'
        for i in items
    )
    return f'<div class="bastian-page"><div class="_evg">{rows}</div><div class="load-more"><a href="?page=2">Veja mais</a></div></div>'


def tr_weekday_after(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div class="haber"><a href="{i.link}"><img src="/h/{n}.jpg" alt="{e(i.title)}"></a><div class="haber-bilgi"><a href="{i.link}" class="baslik">{e(i.title)}</a><span class="tarih">{i.day.day:02d} {MONTHS["tr"][i.day.month - 1]} {i.day.year} {WEEKDAYS_TR[i.day.weekday()]}</span></div></div>'
        for n, i in enumerate(items)
    )
    return f'<div class="haberler"><h1>Haberler</h1>{rows}</div>'


def sv_kl_time(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="c-list__item"><article class="c-teaser"><h2 class="c-teaser__heading"><a href="{i.link}">{e(i.title)}</a></h2><p class="c-teaser__meta">Publicerad {i.day.day} {MONTHS["sv"][i.day.month - 1]} {i.day.year} kl. 10.{(i.day.day * 7) % 60:02d}</p></article></li>'
        for i in items
    )
    return f'<main><h1>Pressmeddelanden</h1><ul class="c-list">{rows}</ul></main>'


def zh_yearless_under_year(items: Sequence[Item], lang: str) -> str:
    out, year = [], None
    for i in items:
        if i.day.year != year:
            if year is not None:
                out.append("</ul>")
            year = i.day.year
            out.append(f'<h3 class="archive-year">{year}年</h3><ul class="archive-list">')
        out.append(
            f'<li><span class="archive-date">{i.day.month:02d}-{i.day.day:02d}</span><a href="{i.link}">{e(i.title)}</a></li>'
        )
    out.append("</ul>")
    return f'<div class="archive"><h2>归档</h2>{"".join(out)}</div>'


# ------------------------------------------------------------------------------- batch 3


def br_in_title(items: Sequence[Item], lang: str) -> str:
    rows = []
    for i in items:
        words = i.title.split(" ")
        half = len(words) // 2
        head = f"{e(' '.join(words[:half]))}<br>{e(' '.join(words[half:]))}"
        rows.append(
            f'<li class="entry"><a href="{i.link}"><h3>{head}</h3></a><p class="when">{long_date(i.day, lang)}</p></li>'
        )
    return f'<section class="news"><h2>Nouvelles</h2><ul class="entries">{"".join(rows)}</ul></section>'


def bare_card_link(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<div><a href="{i.link}"><span>Stadt</span><span>{e(i.title)}</span><span>{long_date(i.day, lang)}</span><span>3 Min.</span></a></div>'
        for i in items
    )
    return f"<main><h1>Neuigkeiten</h1><div>{rows}</div></main>"


def meta_itemprop_date(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li class="teaser"><meta itemprop="datePublished" content="{iso(i.day, 10, "+01:00")}">'
        f'<a class="teaser-link" href="{i.link}"><h3>{e(i.title)}</h3></a><p>{e(SUMMARY[lang])}</p></li>'
        for i in items
    )
    return f'<main><h1>Notizie</h1><ul class="teasers">{rows}</ul></main>'


def two_rows_per_item(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<tr class="meta-row"><td>{i.day.day:02d}.{i.day.month:02d}.{i.day.year}</td><td>Pressemitteilung</td></tr>'
        f'<tr class="title-row"><td colspan="2"><a href="{i.link}">{e(i.title)}</a></td></tr>'
        for i in items
    )
    return f'<main><h1>Presse</h1><table class="presse">{rows}</table></main>'


def sticky_first(items: Sequence[Item], lang: str) -> str:
    first, rest = items[0], items[1:]
    sticky = (
        f'<article class="post sticky featured"><a href="{first.link}"><img src="/big.jpg" alt=""></a>'
        f'<h1 class="entry-title"><a href="{first.link}">{e(first.title)}</a></h1><div class="entry-meta">'
        f'<time datetime="{first.day.isoformat()}">{long_date(first.day, lang)}</time></div><p>{e(SUMMARY[lang])}</p></article>'
    )
    others = "".join(
        f'<article class="post"><h2 class="entry-title"><a href="{i.link}">{e(i.title)}</a></h2><div class="entry-meta">'
        f'<time datetime="{i.day.isoformat()}">{long_date(i.day, lang)}</time></div></article>'
        for i in rest
    )
    return f'<main class="site-main">{sticky}<div class="posts">{others}</div></main>'


def ja_date_cat_title_in_link(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li><a href="{i.link}"><span class="date">{i.day.year}.{i.day.month:02d}.{i.day.day:02d}</span>'
        f'<span class="category">お知らせ</span><span class="ttl">{e(i.title)}</span></a></li>'
        for i in items
    )
    return f'<div class="newsArea"><h2>ニュース</h2><ul class="newsList">{rows}</ul></div>'


def time_weekday_us(items: Sequence[Item], lang: str) -> str:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    rows = "".join(
        f'<div class="release"><time>{days[i.day.weekday()]}, {i.day.month:02d}/{i.day.day:02d}/{i.day.year}</time>'
        f'<h4><a href="{i.link}">{e(i.title)}</a></h4></div>'
        for i in items
    )
    return f'<div class="releases"><h2>Press Releases</h2>{rows}</div>'


def aria_label_card(items: Sequence[Item], lang: str) -> str:
    rows = "".join(
        f'<li><a class="tile" href="{i.link}" aria-label="{e(i.title)}"><img src="/t/{n}.jpg" alt="">'
        f"<span>{long_date(i.day, lang)}</span></a></li>"
        for n, i in enumerate(items)
    )
    return f'<section><h2>Notícias</h2><ul class="tiles">{rows}</ul></section>'


def path_link(prefix: str) -> Callable[[int, date, str], str]:
    def make(n: int, day: date, title: str) -> str:
        return prefix.format(y=day.year, m=day.month, d=day.day, slug=slugify(title, n), n=n + 1)

    return make


SHAPES: tuple[Shape, ...] = (
    Shape("wp-twentytwentyfour", "fr", "https://www.mairie-exemple.fr", wp_twentytwentyfour,
          path_link("/{y}/{m:02d}/{d:02d}/{slug}/")),
    Shape("wp-astra", "es", "https://www.ayto-ejemplo.es", wp_astra, path_link("/{slug}/")),
    Shape("wp-generatepress", "de", "https://www.verein-beispiel.de", wp_generatepress,
          path_link("/{slug}/")),
    Shape("wp-kadence", "it", "https://www.comune-esempio.it", wp_kadence,
          path_link("/{y}/{m:02d}/{slug}/")),
    Shape("ghost-casper", "nl", "https://buurt.voorbeeld.nl", ghost_casper, path_link("/{slug}/")),
    Shape("ghost-source", "sv", "https://blogg.exempel.se", ghost_source, path_link("/{slug}/")),
    Shape("jekyll-minima", "pt", "https://blog.exemplo.pt", jekyll_minima,
          path_link("/{y}/{m:02d}/{d:02d}/{slug}.html")),
    Shape("eleventy-base-blog", "sv", "https://anteckningar.exempel.se", eleventy_base,
          path_link("/blog/{slug}/")),
    Shape("gatsby-starter-blog", "en", "https://kyle.example.dev", gatsby_starter,
          path_link("/{slug}/")),
    Shape("next-chakra-emotion", "pl", "https://miasto.przyklad.pl", next_emotion,
          path_link("/aktualnosci/{slug}")),
    Shape("drupal-olivero-us-dates", "fr", "https://www.commune-exemple.fr", drupal_olivero,
          path_link("/node/{n}")),
    Shape("joomla-category-blog", "de", "https://www.gemeinde-beispiel.at", joomla_blog,
          path_link("/index.php/aktuelles/{n}-{slug}")),
    Shape("typo3-news", "de", "https://www.stadt-beispiel.de", typo3_news,
          path_link("/aktuelles/detail/{slug}")),
    Shape("blogger-date-headers", "es", "https://cronicas-ejemplo.blogspot.com", blogger_dates,
          path_link("/{y}/{m:02d}/{slug}.html")),
    Shape("substack-archive", "en", "https://example.substack.com", substack_archive,
          path_link("/p/{slug}")),
    Shape("medium-profile", "en", "https://medium.example.com", medium_profile,
          path_link("/@ana.lima/{slug}-{n}f3a9c0b1d2?source=user_profile_page")),
    Shape("squarespace-basic-grid", "en-US", "https://www.studio-example.com", squarespace_grid,
          path_link("/blog/{slug}")),
    Shape("wix-blog", "fr", "https://www.atelier-exemple.fr", wix_blog, path_link("/post/{slug}")),
    Shape("webflow-cards", "en", "https://www.product-example.io", webflow_cards,
          path_link("/blog/{slug}")),
    Shape("bootstrap-stretched-link", "it", "https://www.pro-loco-esempio.it", bootstrap_cards,
          path_link("/notizie/{slug}.html")),
    Shape("tailwind-ui-blog", "en", "https://www.saas-example.com", tailwind_ui,
          path_link("/blog/{slug}")),
    Shape("press-table-nl", "nl", "https://www.gemeente-voorbeeld.nl", press_table,
          path_link("/pers/{y}/{slug}")),
    Shape("dl-title-then-date", "sv", "https://www.kommun-exempel.se", dl_title_then_date,
          path_link("/nyheter/{slug}.html")),
    Shape("ja-corporate-news-dl", "ja", "https://www.kaisha-rei.co.jp", ja_news_dl,
          path_link("/news/{y}{m:02d}{d:02d}_{n:02d}.html")),
    Shape("ko-board-table", "ko", "https://www.city-yeshi.go.kr", ko_board,
          path_link("/board/view.do?bbsId=notice&nttId={y}{n:03d}")),
    Shape("zh-gov-list-truncated", "zh", "https://www.shili.gov.cn", zh_gov_list,
          path_link("/xw/gzdt/{y}{m:02d}/t{y}{m:02d}{d:02d}_{n}.html")),
    Shape("ru-news-bitrix", "ru", "https://www.gorod-primer.ru", ru_news,
          path_link("/news/{y}/{n}/")),
    Shape("ar-news-cards", "ar", "https://www.baladiya-mithal.org", ar_cards,
          path_link("/news/{n}")),
    Shape("tr-phpbb-announcements", "tr", "https://forum.kulup-ornek.org.tr", tr_forum_news,
          path_link("/viewtopic.php?t={n}")),
    Shape("pt-municipal-date-blocks", "pt", "https://www.cm-exemplo.pt", pt_municipal,
          path_link("/noticias/{slug}")),
    Shape("wp-newspaper-tagdiv", "it", "https://www.giornale-esempio.it", wp_newspaper_tagdiv,
          path_link("/{y}/{m:02d}/{d:02d}/{slug}/"), batch=2),
    Shape("wp-elementor-posts", "de", "https://www.praxis-beispiel.de", wp_elementor_posts,
          path_link("/{slug}/"), batch=2),
    Shape("wp-divi-blog-short-months", "de", "https://www.sportverein-beispiel.de", wp_divi_blog,
          path_link("/{slug}/"), batch=2),
    Shape("hexo-landscape", "zh", "https://notes.lizi.cn", hexo_landscape,
          path_link("/{y}/{m:02d}/{d:02d}/post-{n}/"), batch=2),
    Shape("docusaurus-blog", "pt", "https://docs.projeto-exemplo.dev", docusaurus_blog,
          path_link("/blog/{y}/{m:02d}/{d:02d}/{slug}"), batch=2),
    Shape("mkdocs-material-blog", "de", "https://docs.projekt-beispiel.de", mkdocs_material_blog,
          path_link("/blog/{y}/{m:02d}/{d:02d}/{slug}/"), batch=2),
    Shape("shopify-dawn-blog", "es", "https://tienda-ejemplo.es", shopify_dawn_blog,
          path_link("/blogs/noticias/{slug}"), batch=2),
    Shape("discourse-topic-list", "tr", "https://forum.topluluk-ornek.org", discourse_topics,
          path_link("/t/{slug}/{n}00"), batch=2),
    Shape("de-press-month-headings", "de", "https://www.landkreis-beispiel.de",
          de_press_month_headings, path_link("/presse/{y}/{slug}.html"), batch=2),
    Shape("ko-blog-dotted-dates", "ko", "https://blog.yeshi.co.kr", ko_blog_dotted,
          path_link("/post/2235{n}8841"), batch=2),
    Shape("hatena-archive", "ja", "https://rei.hatenablog.example", hatena_archive,
          path_link("/entry/{y}/{m:02d}/{d:02d}/1012{n}3"), batch=2),
    Shape("ru-vc-feed", "ru", "https://vc.primer.ru", ru_vc_feed, path_link("/u/{n}-ivan/98{n}345-post"),
          batch=2),
    Shape("it-pubblicato-alle", "it", "https://www.regione-esempio.it", it_pubblicato_alle,
          path_link("/comunicati/{slug}"), batch=2),
    Shape("pl-date-comma-time", "pl", "https://www.gmina-przyklad.pl", pl_comma_time,
          path_link("/aktualnosci/{slug}"), batch=2),
    Shape("nl-weekday-short-month", "nl", "https://www.provincie-voorbeeld.nl", nl_weekday_short,
          path_link("/nieuws/{slug}"), batch=2),
    Shape("es-english-short-dates", "es", "https://www.estudio-ejemplo.es", es_english_short_dates,
          path_link("/blog/{slug}"), batch=2),
    Shape("fr-published-then-updated", "fr", "https://www.prefecture-exemple.gouv.fr",
          fr_updated_line, path_link("/actualites/{slug}"), batch=2),
    Shape("pt-br-as-hours", "pt", "https://noticias.exemplo.com.br", pt_br_as_hours,
          path_link("/politica/noticia/{y}/{m:02d}/{d:02d}/{slug}.ghtml"), batch=2),
    Shape("tr-weekday-after-date", "tr", "https://www.belediye-ornek.bel.tr", tr_weekday_after,
          path_link("/haber/{slug}-{n}"), batch=2),
    Shape("sv-kl-time", "sv", "https://www.region-exempel.se", sv_kl_time,
          path_link("/press/{slug}"), batch=2),
    Shape("zh-yearless-under-year", "zh", "https://blog.lizi.cn", zh_yearless_under_year,
          path_link("/p/{y}{m:02d}{d:02d}{n}"), batch=2),
    Shape("fr-br-inside-heading", "fr", "https://www.ville-exemple.fr", br_in_title,
          path_link("/actualites/{slug}"), batch=3),
    Shape("de-bare-card-link", "de", "https://www.ort-beispiel.de", bare_card_link,
          path_link("/neuigkeiten/{slug}"), batch=3),
    Shape("it-meta-itemprop-date", "it", "https://www.paese-esempio.it", meta_itemprop_date,
          path_link("/notizie/{slug}"), batch=3),
    Shape("de-two-rows-per-item", "de", "https://www.kreis-beispiel.de", two_rows_per_item,
          path_link("/presse/{slug}"), batch=3),
    Shape("en-sticky-first-post", "en", "https://blog.sticky-example.org", sticky_first,
          path_link("/{y}/{m:02d}/{slug}/"), batch=3),
    Shape("ja-date-category-title-in-link", "ja", "https://www.kigyo-rei.co.jp",
          ja_date_cat_title_in_link, path_link("/news/{y}/{n:03d}.html"), batch=3),
    Shape("en-us-time-weekday-numbers", "en-US", "https://www.agency-example.gov", time_weekday_us,
          path_link("/news/press-releases/{slug}"), batch=3),
    Shape("pt-aria-label-tiles", "pt", "https://www.camara-exemplo.pt", aria_label_card,
          path_link("/noticias/{slug}"), batch=3),
)  # fmt: skip


def cases(batch: int | None = None) -> list[Case]:
    result = []
    for shape in SHAPES:
        if batch is not None and shape.batch != batch:
            continue
        lang = shape.lang.split("-")[0]
        items = tuple(
            Item(shape.site + shape.link(n, day, title), title, day)
            for n, (title, day) in enumerate(zip(TITLES[lang], DAYS, strict=True))
        )
        body = shape.body(items, lang)
        html = page(shape.lang, shape.name, body, rtl=lang == "ar")
        slug = f"{shape.name}--{shape.lang.lower()}"
        result.append(Case(slug, f"b{shape.batch}", shape.site + "/news/", html, items))
    return result


def main(argv: Sequence[str]) -> None:
    write(Path(argv[0]), cases(int(argv[1]) if len(argv) > 1 else None), source="shapes")


if __name__ == "__main__":
    main(sys.argv[1:])
