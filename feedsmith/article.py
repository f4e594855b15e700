"""Full-text article extraction: one web page in, one :class:`Article` out.

Pure: no network, no files, no clock. Metadata comes from the most reliable source that has it
(structured data first: JSON-LD, Open Graph and ``<meta>``, microdata, ``<time datetime>``; then
trafilatura/htmldate; then dates written in the text). The body comes from trafilatura, or from
``content_selector`` when one is given. The body HTML is sanitised with nh3, and its links and
images are absolute.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import lru_cache, partial
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import htmldate
import lxml.html
import nh3
import trafilatura
import trafilatura.metadata
from lxml import etree
from lxml.cssselect import CSSSelector
from trafilatura.htmlprocessing import convert_to_html

from feedsmith import byline, jsonpath
from feedsmith.decoding import decode
from feedsmith.extract import base_url_of
from feedsmith.normalise.dates import date_only, day_instant, most_precise, parse_date
from feedsmith.publishable import xml_safe, xml_safe_source

__all__ = ["Article", "extract_article"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """The main content of a web page and its metadata. Datetimes are aware UTC."""

    # headline, without a trailing site name
    title: str | None
    # author name(s), several joined with ", "
    author: str | None
    # publication time, aware UTC. A day written without a time is the instant of that day in
    # the page's zone nearest noon UTC, so readers almost everywhere show that day
    published: datetime | None
    # language tag as the page declares it (e.g. "fr" or "en-GB")
    lang: str | None
    # absolute URL of the lead image
    image: str | None
    # sanitised HTML of the body with absolute links and image sources
    content_html: str
    # plain text of the body, one block per line
    text: str
    # ``published`` stands for a calendar day in no known zone (noon UTC of that day)
    day_only: bool = False
    # the page's time zone, when something tells it (the offset its timestamps carry, as
    # ``Etc/GMT-2``; the feed's ``timezone``; its language or region): an IANA name
    zone: str | None = None

    def local_published(self) -> datetime | None:
        """``published`` as the page shows it: in the page's zone (on the page's own day; an
        evening in Buenos Aires is the next morning in UTC), else in UTC."""
        if self.published is None or self.zone is None:
            return self.published
        return self.published.astimezone(ZoneInfo(self.zone))


# --------------------------------------------------------------------------- settings

# trafilatura settings, chosen by measuring on the corpus (bench/eval_articles.py).
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_links": True,
    "include_formatting": True,
    "favor_recall": False,
    "deduplicate": False,
}
# htmldate without the clock: trafilatura's default cap is today's date.
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "max_date": "2099-12-31",
}
_MIN_YEAR, _MAX_YEAR = 1990, 2099
# Less text than this from trafilatura's baseline is a menu or a notice, not an article; a body
# this short is a stub (a caption, a notice, or what the cleanup left of a short article)
_MIN_FALLBACK_CHARS = 200
# ... and another reading of a stub page replaces it when it has this many times its text
_FULLER = 2
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# a block repeated is dropped from this many letters and digits on (short ones repeat rightly)
_MIN_REPEATED = 40
# a newsletter box is short; an article about newsletters is not dropped for saying the word
_MAX_PROMO_CHARS = 300
_NEWSLETTER = re.compile(
    r"newsletter|nieuwsbrief|infolettre|lettre d.information|boletín|bolet[ií]n|"
    r"nyhetsbrev|uutiskirje|hírlevél|bülten|ニュースレター|뉴스레터|通讯",
    re.IGNORECASE,
)
_CALL = re.compile(
    r"sign[ -]?up|subscribe|register|get (?:our|the)|inscri|abonn|suscr[ií]b|iscriv|assin|"
    r"zapisz|meld je aan|registr|prenumer|tilaa|feliratkoz|kaydol|登録|구독|订阅",
    re.IGNORECASE,
)
# how far up an image's containers may say "logo", "promo", ... (a page's <body> may say "ads")
_DECORATION_DEPTH = 3
# Images smaller than this (width or height attribute) are icons or pixels.
_MIN_IMAGE_SIZE = 64
# logos, icons, avatars, share buttons, ads and promotions (class, id, alt or address)
_DECORATION = re.compile(
    r"(?:^|[\W_])(?:logo|icon|avatar|sprite|emoji|badge|pixel|spacer|share|social|banner|promo|"
    r"advert\w*|ads?|gravatar|placeholder|newsletter|subscribe)s?(?=$|[\W_\d])"
)

_ARTICLE_TYPES = frozenset(
    t.casefold()
    for t in (
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "TechArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Recipe",
        "Review",
    )
)
_PAGE_TYPES = frozenset(("webpage", "itempage", "collectionpage", "aboutpage"))

_META_TITLE = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title")
_META_DATE = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
)
_META_MODIFIED = ("article:modified_time", "og:updated_time", "last-modified", "dcterms.modified")
_META_AUTHOR = (
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
)
_META_IMAGE = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
_META_SITE = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_META_LANG = ("content-language", "dc.language", "og:locale", "language")

_LAZY_SRC = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
)
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "srcset")

_SANITISE_SCHEMES = frozenset(("http", "https", "mailto"))
# built once: nh3.clean builds its sanitiser anew on every call
_CLEANER = nh3.Cleaner(url_schemes=set(_SANITISE_SCHEMES))
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)

# A heading matches a metadata title when this share of its words is in the title and they
# make up this share of the title's words.
_AGREE_HEADING, _AGREE_TITLE = 0.6, 0.5
# ... or when the title is (nearly) all in the heading, a shortened headline
_SHORTENED = 0.9
# ... or when the title is the heading with a label before or after it, a heading this long
_MIN_CORE_WORDS = 4
# ... and the article's one <h1>, that long, over metadata titles that share this share of its
# words (the same story reworded for search engines)
_REWRITE_SHARE = 1 / 3
_MAX_SUBHEADINGS = 20
# a heading made of more pieces than this is not cut into kicker and headline
_MAX_PIECES = 12
# scripts written without spaces between words (Thai, kana, CJK ideographs, Hangul)
_CJK_RANGES = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_RANGES}]")
# words, and CJK/Thai characters one by one (those scripts do not separate words by spaces)
_WORD = re.compile(rf"[{_CJK_RANGES}]|[^\W{_CJK_RANGES}]+")
# containers of other articles, menus and widgets (class or id)
_RELATED = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|teaser\w*|sidebar|widget|more-?stories|read-?more|"
    r"most-?(?:read|popular)|trending|promo\w*|newsletter)(?:$|[\s_-])",
    re.IGNORECASE,
)
# "updated" in the languages of the development pages and more; a <time> so labelled is not
# the publication date
_UPDATED = re.compile(
    r"updat|modif|aktualisiert|actualiz|aggiornat|mis à jour|atualizad|bijgewerkt|"
    r"zaktualizowan|uppdaterad|opdateret|oppdatert|päivitetty|güncellen|更新|수정",
    re.IGNORECASE,
)
# how much of the text right before a <time> may label it ("Mis à jour le")
_LABEL_CHARS = 40
# the texts of the first links to the home page read as the site's name: how many links, and
# how long a name at most
_MAX_HOME_LINKS, _MAX_SITE_NAME = 8, 40
# an address of the home page: "/", "index.html", "https://www.example.com/" (group 1: the host)
_HOME_HREF = re.compile(
    r"(?:(?:https?:)?//([^/?#:]+)(?::\d+)?)?(?:/|\./)?(?:(?:index|default)\.[a-z]+)?$",
    re.IGNORECASE,
)
# the page's <time> elements that may date the article: with a datetime inside an <article>, or
# marked pubdate (one pass over the document, in document order, as the union of the two)
_STAMPS = etree.XPath("descendant-or-self::time[@pubdate or (@datetime and ancestor::article)]")
# rel="author" links (the string functions run only on links that have a rel)
_REL_AUTHOR = etree.XPath(
    "descendant-or-self::a[@rel][contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
)
# Languages written almost only in one time zone (or in zones with one offset), and regions
# (ISO 3166) with one main zone; a page's language tag picks its zone for times written without
# an offset when neither its timestamps nor the feed say.
_LANGUAGE_ZONES = {
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "zh": "Asia/Shanghai",
    "th": "Asia/Bangkok",
    "vi": "Asia/Ho_Chi_Minh",
    "de": "Europe/Berlin",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw",
    "cs": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "nn": "Europe/Oslo",
    "no": "Europe/Oslo",
    "fi": "Europe/Helsinki",
    "et": "Europe/Tallinn",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "el": "Europe/Athens",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana",
    "sr": "Europe/Belgrade",
    "bs": "Europe/Sarajevo",
    "uk": "Europe/Kyiv",
    "tr": "Europe/Istanbul",
    "he": "Asia/Jerusalem",
    "fa": "Asia/Tehran",
    "hy": "Asia/Yerevan",
    "ka": "Asia/Tbilisi",
    "hi": "Asia/Kolkata",
    "ru": "Europe/Moscow",
    "id": "Asia/Jakarta",
}
_REGION_ZONES = {
    "gb": "Europe/London",
    # countries spanning zones: the one most of their people (and newsrooms) live in
    "us": "America/New_York",
    "ca": "America/Toronto",
    "br": "America/Sao_Paulo",
    "au": "Australia/Sydney",
    "ie": "Europe/Dublin",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "ch": "Europe/Zurich",
    "at": "Europe/Vienna",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "ma": "Africa/Casablanca",
    "dz": "Africa/Algiers",
    "tn": "Africa/Tunis",
    "sn": "Africa/Dakar",
    "ci": "Africa/Abidjan",
    "eg": "Africa/Cairo",
    "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi",
    "za": "Africa/Johannesburg",
    "sa": "Asia/Riyadh",
    "ae": "Asia/Dubai",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila",
    "hk": "Asia/Hong_Kong",
    "tw": "Asia/Taipei",
    "nz": "Pacific/Auckland",
    "mx": "America/Mexico_City",
    "co": "America/Bogota",
    "pe": "America/Lima",
    "ve": "America/Caracas",
    "cl": "America/Santiago",
    "ar": "America/Argentina/Buenos_Aires",
    "uy": "America/Montevideo",
}
_NOT_ALNUM = re.compile(r"[\W_]+")
# separators left at the edge of a piece of a heading cut where an element starts or ends
_CUT_EDGES = " |·•｜:/–—-"
# quotation marks and brackets that come in pairs (not “”, „“: “ opens in one language and
# closes in another)
_PAIRS = ("«»", "‹›", "()", "[]", "「」", "『』", "（）", "【】")
# elements whose text is not shown where they stand (and "¶"/"#" anchors next to headings)
_INVISIBLE_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "button", "select"))
_SCREEN_READER_ONLY = re.compile(
    r"(?:^|[\s_-])(?:sr-only|visually-?hidden|screen-?reader(?:-text|-only)?|a11y-hidden|"
    r"offscreen|hidden)(?:$|\s)",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(
    r"\s+[|\-–—:·•»«/]\s+|\s*[|·•»«｜]\s*|\s+::\s+|:\s+"
    # between words of scripts written without spaces, a dash or an underscore separates too
    rf"|(?<=[{_CJK_RANGES}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[-_–—](?=[{_CJK_RANGES}])"
)
# Comments and processing instructions split text nodes, which trips trafilatura's heuristics.
_HTML_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
# Soft hyphens and zero-width characters split words for search and for the eye.
_INVISIBLE = re.compile("\u00ad|\u200b|\ufeff|&shy;|&#173;|&#xad;", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{2,4})(?!\d)")
# characters after a written date where its time may follow (" à 08h05", ", 10:15 am")
_TIME_AFTER = 24
# 2019年4月4日, 2019년 4월 4일
_CJK_DATE = re.compile(r"\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")
_WORD_DATE = re.compile(
    r"(?<!\w)(?:\d{1,2}\.?\s*(?:de\s+)?[^\W\d_]{3,}\.?,?\s*(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?!\w)"
)


# --------------------------------------------------------------------------- public API


def extract_article(
    html: str | bytes,
    url: str,
    *,
    content_selector: str | None = None,
    remove: Sequence[str] = (),
    timezone: str | None = None,
    now: datetime | None = None,
) -> Article:
    """Extract the main article of a page.

    Args:
        html: the page, as text or as the raw bytes served (decoded from the BOM, the
            ``<meta>`` charset, UTF-8, or by detection, in that order).
        url: the page's address, the base for relative links (a ``<base href>`` wins).
        content_selector: CSS selector of the body; every match is kept, minus ``remove``.
            Without one (or when it matches nothing) trafilatura finds the body.
        remove: CSS selectors of elements to drop before extracting the body.
        timezone: the feed's IANA zone, for times written without an offset when the page's
            own timestamps do not tell its zone (its language may; else UTC). A day written
            without a time stays that day (see `Article.published`).
        now: the time of the run. With it, relative dates ("il y a 2 heures") are read and a
            date more than a day ahead is refused; without it only absolute dates are read
            (this function never looks at the clock).

    Returns:
        The article; fields that cannot be found are ``None`` (``content_html``/``text`` "").
    """
    source = _decode(html)
    root = _parse(source)
    if root is None:
        return Article(
            title=None, author=None, published=None, lang=None, image=None, content_html="", text=""
        )
    base = base_url_of(root, url)
    _prepare(root, base, remove)
    meta = _collect(root, base)
    sites = _Sites.of(meta, base)
    zone = _page_zone(meta, timezone)
    lang = _choose_lang(meta)
    dates = _DateReader(timezone=zone or "UTC", now=now, languages=_date_languages(lang))
    body_html = _selected_html(root, content_selector) if content_selector else ""
    selected = bool(body_html)  # the feed's selector found the body: no other reading
    if not body_html:
        body_html = _auto_body(root, base, _lead_image(meta, base))
    title = _choose_title(meta, root, sites.with_names(meta.home_names))
    content_html = _sanitise(_finish(body_html, base, title))
    text = _plain_text(content_html)
    if len(text) < _MIN_FALLBACK_CHARS and not selected:
        content_html, text = _fuller(content_html, text, body_html, source, base, title, remove)
    published = _choose_date(meta, text, dates, root, base)
    day_only = published is not None and date_only(published, dates.timezone)
    if published is not None and day_only:
        published = day_instant(published, dates.timezone)
    return Article(
        title=title,
        author=_choose_author(meta, root, sites),
        published=published,
        day_only=day_only and zone is None,
        zone=zone,
        lang=lang,
        image=_choose_image(meta, content_html, base),
        content_html=content_html,
        text=text,
    )


# --------------------------------------------------------------------------- decoding, parsing


def _decode(data: str | bytes) -> str:
    """Served bytes as text, by the fetcher's rules (`feedsmith.decoding`)."""
    return data if isinstance(data, str) else decode(data)[0]


def _parse(text: str) -> lxml.html.HtmlElement | None:
    # no character XML cannot carry, raw or as a reference: lxml and trafilatura refuse them
    text = xml_safe_source(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


# a feed names the same body and removals for every page: each compiled once
@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector)


def _prepare(root: lxml.html.HtmlElement, base: str, remove: Sequence[str]) -> None:
    """Drop ``remove`` matches and ruby annotations, resolve lazy images (in place)."""
    for selector in remove:
        for element in _elements(_css(selector)(root)):
            element.drop_tree()
    # ruby annotations (furigana) are a reading aid, not text: 子(こ)ども reads 子ども
    for annotation in list(root.iter("rt", "rp")):
        annotation.drop_tree()
    for img in root.iter("img"):
        _resolve_lazy_image(img)


def _absolute_link(base: str, href: str) -> str | None:
    try:
        return xml_safe(urljoin(base, href.strip()))
    except ValueError:
        return None  # not a URL: the attribute goes, as make_links_absolute's "discard" did


def _resolve_lazy_image(img: etree._Element) -> None:
    src = (img.get("src") or "").strip()
    lazy = next((v for a in _LAZY_SRC if (v := (img.get(a) or "").strip())), "")
    if lazy and not lazy.startswith("data:"):
        img.set("src", xml_safe(lazy))
        return
    if src and not src.startswith("data:"):
        return
    for attr in _LAZY_SRCSET:
        best = _best_srcset(img.get(attr) or "")
        if best:
            img.set("src", xml_safe(best))
            return


def _best_srcset(srcset: str) -> str | None:
    """The widest candidate of a ``srcset`` value."""
    best, best_size = None, -1.0
    for candidate in re.split(r",\s+", srcset.strip()):
        parts = candidate.split()
        if not parts or parts[0].startswith("data:"):
            continue
        size = 1.0
        if len(parts) > 1 and parts[1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[1][:-1])
        if size > best_size:
            best, best_size = parts[0].rstrip(","), size
    return best


# --------------------------------------------------------------------------- metadata signals


@dataclass(slots=True)
class _Meta:
    """Candidate values found in the page's markup, best source first within each list."""

    titles: list[str] = field(default_factory=list)
    # visible headings, likeliest first: <h1> in the article, other <h1>, <h2>/<h3> in the article
    headings: list[str] = field(default_factory=list)
    # how many of ``headings`` are <h1> inside the article (or the page, when it has none);
    # they come first
    h1_count: int = 0
    # each heading's text on either side of each place an element starts or ends in it
    heading_cuts: dict[str, list[str]] = field(default_factory=dict)
    page_title: str | None = None
    site_names: list[str] = field(default_factory=list)
    # what the first links to the home page say: the site's name, or "Home" (titles only)
    home_names: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # other timestamps of the page (modified): only a hint of its time zone
    stamps: list[str] = field(default_factory=list)
    # author names from JSON-LD, <meta>, microdata and rel="author" links, in that order
    authors: list[str] = field(default_factory=list)
    # JSON-LD authors typed as an organisation
    organisations: list[str] = field(default_factory=list)
    # elements classed as bylines, with their text
    bylines: list[tuple[etree._Element, str]] = field(default_factory=list)
    # the headline element (the first <h1> of the article) and the article's element
    headline: etree._Element | None = None
    scope: etree._Element | None = None
    images: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)


def _collect(root: lxml.html.HtmlElement, base: str) -> _Meta:
    meta = _Meta()
    _collect_json_ld(root, meta)
    _collect_meta_tags(root, meta)
    _collect_microdata(root, meta)
    _collect_markup(root, meta, base)
    return meta


def _collect_json_ld(root: lxml.html.HtmlElement, meta: _Meta) -> None:
    articles, pages = [], []
    named: dict[str, dict[str, Any]] = {}  # nodes by "@id", for references ({"@id": ...})
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        for obj in _json_objects(_load_json(script.text or "")):
            if isinstance(obj.get("@id"), str) and obj.get("name"):
                named.setdefault(obj["@id"], obj)
            meta.stamps.extend(_as_strings(obj.get("dateModified")))
            types = {t.casefold() for t in _as_strings(obj.get("@type"))}
            if types & _ARTICLE_TYPES:
                articles.append(obj)
            elif types & _PAGE_TYPES:
                pages.append(obj)
    for obj in articles:
        meta.titles.extend(_as_strings(obj.get("headline")))
        meta.dates.extend(_as_strings(obj.get("datePublished")))
        author = _resolved(obj.get("author"), named)
        meta.authors.extend(_names(author))
        meta.organisations.extend(_organisations(author))
        meta.images.extend(_image_urls(obj.get("image")))
        meta.langs.extend(_as_strings(obj.get("inLanguage")))
    for obj in pages:
        meta.dates.extend(_as_strings(obj.get("datePublished")))


def _load_json(text: str) -> Any:
    text = _JSON_WRAPPERS.sub("", text).strip()
    try:
        return jsonpath.load(text, strict=False)  # ValueError when nested too deep too
    except ValueError:
        return None


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value that may describe the page, depth first
    (``@graph`` included; the items of a list are other pages, so they are left out)."""
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(value.get(key), list | dict):
                yield from _json_objects(value[key])


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [s for item in value for s in _as_strings(item)]
    return []


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (text, Person/Organization, or a list)."""
    if isinstance(value, list):
        names = [n for item in value for n in _names(item)]
        return [", ".join(dict.fromkeys(names))] if names else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, str) and value.strip() and not _is_url(value):
        return [value.strip()]
    return []


def _resolved(value: Any, named: dict[str, dict[str, Any]]) -> Any:
    """A JSON-LD value with references to nodes elsewhere in the page (``{"@id": ...}`` only,
    as WordPress/Yoast graphs write the author) replaced by those nodes."""
    if isinstance(value, list):
        return [_resolved(item, named) for item in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return named.get(value["@id"], value)
    return value


def _organisations(value: Any) -> list[str]:
    """Names of the JSON-LD authors typed as an organisation rather than a person."""
    if isinstance(value, list):
        return [n for item in value for n in _organisations(item)]
    if isinstance(value, dict):
        types = " ".join(_as_strings(value.get("@type"))).casefold()
        return _as_strings(value.get("name")) if "organization" in types else []
    return []


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, dict):
        return _as_strings(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return [u for item in value for u in _image_urls(item)]
    return _as_strings(value)


def _collect_meta_tags(root: lxml.html.HtmlElement, meta: _Meta) -> None:
    tags: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("http-equiv") or ""
        value = (element.get("content") or "").strip()
        if key and value:
            tags.setdefault(key.strip().lower(), []).append(value)
    # Open Graph titles before JSON-LD headlines, which some sites fill with a description.
    meta.titles[:0] = _first_values(tags, _META_TITLE)
    meta.dates.extend(_first_values(tags, _META_DATE))
    meta.stamps.extend(_first_values(tags, _META_MODIFIED))
    meta.authors.extend(v for v in _first_values(tags, _META_AUTHOR) if not _is_url(v))
    meta.images.extend(_first_values(tags, _META_IMAGE))
    meta.site_names.extend(_first_values(tags, _META_SITE))
    meta.langs.extend(_first_values(tags, _META_LANG))


def _first_values(tags: dict[str, list[str]], keys: Iterable[str]) -> list[str]:
    return [tags[key][0] for key in keys if key in tags]


def _collect_microdata(root: lxml.html.HtmlElement, meta: _Meta) -> None:
    for element in _elements(root.xpath("//*[@itemprop]")):
        props = (element.get("itemprop") or "").split()
        if "headline" in props:
            meta.titles.append(_value_of(element))
        if "datePublished" in props and not _aside(element):
            meta.dates.append(_value_of(element))
        if "author" in props:
            names = _elements(element.xpath(".//*[@itemprop='name']"))
            meta.authors.append(_value_of(names[0] if names else element))


def _value_of(element: etree._Element) -> str:
    for attr in ("content", "datetime", "title"):
        value = element.get(attr)
        if value and value.strip():
            return value.strip()
    return _squash(element.text_content()) if isinstance(element, lxml.html.HtmlElement) else ""


def _visible_text(element: etree._Element) -> str:
    """An element's text as a reader sees it: a line break or a block inside is a space."""
    return _squash("".join(_visible_parts(element)))


def _visible_parts(element: etree._Element) -> list[str]:
    """An element's visible text in pieces, cut wherever an element starts or ends (a kicker
    ``<span>`` before the headline is a piece of its own). Hidden text (scripts, ``hidden``,
    ``aria-hidden``, screen-reader-only labels) and symbol-only anchor links ("¶", "#") are
    left out; a line break or a block is a space."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and not _hidden(child):
                block = child.tag == "br" or child.tag in _BLOCK_TAGS
                parts.append(" " if block else "")
                walk(child)
                parts.append(" " if block else "")
            parts.append(child.tail or "")

    walk(element)
    return [part for part in parts if part]


def _hidden(element: etree._Element) -> bool:
    """Whether readers do not see an element's text where it stands."""
    if element.tag in _INVISIBLE_TAGS or element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().casefold() == "true":
        return True
    if _SCREEN_READER_ONLY.search(f"{element.get('class', '')} {element.get('id', '')}"):
        return True
    if element.tag == "a" and (element.get("href") or "").startswith("#"):
        return not _NOT_ALNUM.sub("", _text_of(element))
    return False


def _aside(element: etree._Element) -> bool:
    """Whether an element sits in a sidebar, menu, footer or a box of other articles."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer"):
            return True
        if _RELATED.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def _says_updated(element: etree._Element) -> bool:
    """Whether a <time> is labelled as the last update rather than the publication: by its
    class or itemprop, its own text, its parent's class, or the words right before it
    ("Updated", ``<span>Aktualisiert:</span> <time>``)."""
    parent = element.getparent()
    label = " ".join(
        [
            element.get("class", ""),
            element.get("itemprop", ""),
            element.text_content() if isinstance(element, lxml.html.HtmlElement) else "",
            parent.get("class", "") if parent is not None else "",
            _text_before(element)[-_LABEL_CHARS:],
        ]
    )
    return bool(_UPDATED.search(label)) and "publish" not in label.casefold()


def _text_before(element: etree._Element) -> str:
    """The text that comes right before an element inside its parent."""
    previous = element.getprevious()
    if previous is None:
        parent = element.getparent()
        return (parent.text or "") if parent is not None else ""
    own = previous.text_content() if isinstance(previous, lxml.html.HtmlElement) else ""
    return own + (previous.tail or "")


def _links_home(heading: etree._Element, page: str) -> bool:
    """Whether a heading is one link up to the site's (or section's) home: the site's name."""
    links = heading.findall(".//a[@href]")
    if not links or _norm(_visible_text(heading)) != _norm(_visible_text(links[0])):
        return False
    target, here = urlsplit(urljoin(page, links[0].get("href", ""))), urlsplit(page)
    if target.netloc != here.netloc or target.path == here.path:
        return False
    folder, _, name = target.path.rpartition("/")
    return name.split(".")[0] in ("", "index", "default") and here.path.startswith(folder + "/")


def _cuts(pieces: Sequence[str]) -> list[str]:
    """The text before and after each boundary between ``pieces``."""
    if len(pieces) > _MAX_PIECES:
        return []
    cuts: list[str] = []
    for index in range(1, len(pieces)):
        cuts.extend((_squash("".join(pieces[:index])), _squash("".join(pieces[index:]))))
    return [cut for cut in cuts if cut]


def _home_link_names(root: lxml.html.HtmlElement, page: str) -> list[str]:
    """What the first links to the site's home page say (their text, or their logo's ``alt``):
    the site's name as the page writes it ("新华网", "Le Courrier")."""
    host = (urlsplit(page).hostname or "").removeprefix("www.").casefold()
    names: list[str] = []
    found = 0
    for link in root.iter("a"):
        href = (link.get("href") or "").strip()
        match = _HOME_HREF.match(href) if href else None
        if match is None or (match.group(1) or host).casefold().removeprefix("www.") != host:
            continue
        logo = link.find(".//img[@alt]")
        text = _visible_text(link) or (logo.get("alt", "") if logo is not None else "")
        if 2 <= len(text) <= _MAX_SITE_NAME and text not in names:
            names.append(text)
        found += 1
        if found == _MAX_HOME_LINKS:
            break
    return names


def _collect_markup(root: lxml.html.HtmlElement, meta: _Meta, base: str) -> None:
    title = root.find(".//title")
    if title is not None:
        meta.page_title = _squash(title.text_content())
    scope = _elements(root.xpath("//article | //main | //*[@role='main']"))
    inside = scope[0] if scope else root
    own = list(inside.iter("h1"))
    others = list(root.iter("h1")) if scope else []
    lower = list(inside.iter("h2", "h3"))[:_MAX_SUBHEADINGS]
    for heading in dict.fromkeys([*own, *others, *lower]):
        pieces = _visible_parts(heading)
        text = _squash("".join(pieces))
        if _links_home(heading, base):
            meta.site_names.append(text)
        elif text and text not in meta.headings:
            meta.headings.append(text)
            meta.h1_count += heading in own
            meta.heading_cuts[text] = _cuts(pieces)
    times = _elements(_STAMPS(root))
    for stamp in [t for t in times if not _aside(t) and not _says_updated(t)][:1]:
        meta.dates.append(stamp.get("datetime") or stamp.text_content())
    for link in _elements(_REL_AUTHOR(root)):
        meta.authors.append(_squash(link.text_content()))
    meta.bylines.extend(byline.visible_bylines(root))
    meta.scope = inside if scope else None
    meta.headline = own[0] if own else (others[0] if others else None)
    meta.home_names.extend(_home_link_names(root, base))
    html = root if root.tag == "html" else root.find(".//html")
    if html is not None:
        for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
            if html.get(attr):
                meta.langs.insert(0, html.get(attr, ""))


# --------------------------------------------------------------------------- choosing fields


def _choose_title(meta: _Meta, root: lxml.html.HtmlElement, sites: _Sites) -> str | None:
    """The headline, decided by how the page's candidates agree, not by a fixed order of sources.

    The visible headline (a heading of the page) wins when some title in the metadata
    (``og:title``, JSON-LD ``headline``, ``<title>``, ...) says the same thing: equal, or the
    same words give or take a kicker ("Kultur: ..."), a site suffix or an SEO rewrite; a
    kicker or a hidden label inside the heading is left out when the metadata title does. When
    no heading agrees with any of them, the article's one ``<h1>`` still wins when it is as long
    as a headline and shares a third of its words with a metadata title (reworded for search
    engines); else the metadata title most of the others contain wins (the ``<title>``
    "Headline | Site" contains the ``og:title`` "Headline"), without the site's name. A page
    with no metadata title gets its one ``<h1>``.
    """
    named = [_squash(t) for t in (*meta.titles, meta.page_title) if t]
    pairs = [(_strip_site_name(n, sites), n) for n in named]
    pairs = [(t, n) for t, n in pairs if t and not sites.named(t)]
    titles = [t for t, _ in pairs]
    best, best_score = None, 0.0
    for heading in meta.headings:
        if sites.named(heading):
            continue
        # the heading, or it without a label some metadata title leaves out; each source that
        # agrees is a vote: what most of them agree with wins, the whole heading on a tie (one
        # shortened <title> does not cut a prefix that og:title and JSON-LD write too)
        for variant in _heading_readings(heading, titles, meta.heading_cuts.get(heading)):
            score = sum(max(_agreement(variant, t), _agreement(variant, n)) for t, n in pairs)
            if score > best_score:
                best, best_score = variant, score
    if best is not None:
        return best
    own = meta.headings[0] if meta.h1_count == 1 and not sites.named(meta.headings[0]) else None
    if own is not None and titles and not any(_rewrite_of(own, t) for t in titles):
        own = None  # the article's <h1> says something else (a section, a label)
    if own is not None:
        return own
    if titles:
        return max(titles, key=lambda t: _support(t, titles))
    found = trafilatura.metadata.extract_title(root)  # no metadata and no heading: its guess
    return (_strip_site_name(_squash(found), sites) or None) if found else None


def _heading_readings(
    heading: str, titles: Sequence[str], cuts: Sequence[str] | None = None
) -> list[str]:
    """The heading, then the heading without a label that a metadata title leaves out: one
    set off by a separator ("Politics | Headline") or in an element of its own
    (``<span>Kicker</span> Headline``), where what remains is one of the metadata titles. Of
    readings of the same words, the one with its quotation marks paired and then the longest
    comes first (« and » separate titles too, and open and close quotations as well)."""
    keys = {_norm(t) for t in titles}
    found = [
        side.strip()
        for match in _TITLE_SEPARATORS.finditer(heading)
        for side in (heading[match.end() :], heading[: match.start()])
        if _norm(side) in keys
    ]
    found.extend(c for cut in cuts or () if _norm(c := cut.strip(_CUT_EDGES)) in keys)
    found.sort(key=lambda side: (not _paired(side), -len(side)))
    return [heading, *(side for side in dict.fromkeys(found) if side != heading)]


def _paired(text: str) -> bool:
    """Whether a text closes every quotation and bracket it opens (``»Zitat«`` as well)."""
    return all(text.count(pair[0]) == text.count(pair[1]) for pair in _PAIRS)


def _title_words(value: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", value).casefold())


def _agreement(heading: str, title: str) -> float:
    """How well a visible heading matches a metadata title (0: not the same headline).

    The title may be the heading with a label of any length before or after it (a kicker, a
    section, a site name); else most of the heading's words must be in the title and they must
    make up a good part of it (a one-word section heading does not match), or the title must
    be a shortened form of the heading.
    """
    words, title_words = _title_words(heading), _title_words(title)
    mine, theirs = Counter(words), Counter(title_words)
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    labelled = len(words) >= _MIN_CORE_WORDS and words in (
        title_words[: len(words)],
        title_words[-len(words) :],
    )
    shortened = recall >= _SHORTENED and precision >= _AGREE_TITLE  # a short <title>
    if not (labelled or shortened) and (precision < _AGREE_HEADING or recall < _AGREE_TITLE):
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _rewrite_of(heading: str, title: str) -> bool:
    """Whether a headline-long heading shares enough words with a title to be the same story
    told in other words (an SEO rewrite of the headline in the metadata)."""
    words = Counter(_story_words(heading))
    if sum(words.values()) < _MIN_CORE_WORDS:
        return False
    common = sum((words & Counter(_story_words(title))).values())
    return common >= _REWRITE_SHARE * sum(words.values())


def _story_words(value: str) -> list[str]:
    """A title's words, with the characters of scripts written without spaces taken in pairs
    (one character alone says too little about what a title is about)."""
    words = _title_words(value)
    out = []
    for index, word in enumerate(words):
        if len(word) > 1 or not _CJK.match(word):
            out.append(word)
        elif index + 1 < len(words) and _CJK.match(words[index + 1]):
            out.append(word + words[index + 1])
    return out


def _support(title: str, titles: Sequence[str]) -> int:
    """How many candidate titles contain this one (itself included) as most of their text."""
    key = _norm(title)
    return sum(1 for other in titles if key in (o := _norm(other)) and 2 * len(key) >= len(o))


def _strip_site_name(title: str, sites: _Sites) -> str:
    """Drop a leading "Site: " or a trailing " | Site - Tagline" naming the site."""
    pieces = _TITLE_SEPARATORS.split(title)
    separators = _TITLE_SEPARATORS.findall(title)
    if len(pieces) < 2:
        return title
    if sites.named(pieces[0]):
        return _strip_site_name(title[len(pieces[0]) + len(separators[0]) :].strip(), sites)
    for index in range(1, len(pieces)):
        if sites.named(pieces[index]):
            return "".join(p + s for p, s in zip(pieces[:index], separators, strict=False))[
                : -len(separators[index - 1])
            ].strip()
    return title


@dataclass(frozen=True, slots=True)
class _Sites:
    """Ways the page names its site: ``og:site_name`` and the like, and the host name."""

    names: frozenset[str]
    labels: frozenset[str]

    @classmethod
    def of(cls, meta: _Meta, url: str) -> _Sites:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        labels = [label for label in host.split(".")[:-1] if len(label) >= 4]
        names = {_norm(name) for name in meta.site_names} | {_norm(host)}
        return cls(names=frozenset(n for n in names if n), labels=frozenset(labels))

    def with_names(self, names: Iterable[str]) -> _Sites:
        """These ways of naming the site, and more."""
        more = {key for key in map(_norm, names) if key}
        return _Sites(names=self.names | more, labels=self.labels)

    def named(self, text: str) -> bool:
        key = _norm(text)
        if not key:
            return False
        if key in self.names:
            return True
        short = len(text.split()) <= 2  # "CNN Politics"; "SibenLab privacy policy" is a title
        return short and any(label in key for label in self.labels)

    def is_site(self, text: str) -> bool:
        """Whether a text is the site's name itself (not a longer name with it inside)."""
        key = _norm(text)
        return bool(key) and (key in self.names or any(key == _norm(lb) for lb in self.labels))


def _choose_author(meta: _Meta, root: lxml.html.HtmlElement, sites: _Sites) -> str | None:
    """The author's name(s), decided in `feedsmith.byline`; trafilatura's guess only when the
    page names no one at all (not even its publisher)."""
    found = byline.Candidates(
        structured=meta.authors, organisations=meta.organisations, visible=meta.bylines
    )
    site = byline.Site(named=sites.named, is_site=sites.is_site)
    author, publisher = byline.choose(found, root, meta.headline, site, meta.scope)
    if author or publisher:
        return author or publisher
    guess = trafilatura.metadata.extract_author(root)
    return byline.clean(guess, sites.named, sites.is_site) if guess else None


def _page_zone(meta: _Meta, timezone: str | None) -> str | None:
    """The page's time zone: the offset its own timestamps carry (when not UTC, which many
    sites write whatever their zone), else the feed's ``timezone``, else its language and
    region's when they point to one zone; None when nothing tells."""
    for value in (*meta.dates, *meta.stamps):
        try:
            stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        offset = stamp.utcoffset()
        if offset and stamp.time() != time() and offset % timedelta(hours=1) == timedelta(0):
            return f"Etc/GMT{-offset // timedelta(hours=1):+d}"  # (POSIX signs are inverted)
    if timezone:
        return timezone
    for value in meta.langs:
        tag = value.strip().replace("_", "-").casefold()
        language, _, region = tag.partition("-")
        zone = _REGION_ZONES.get(region[:2]) or _LANGUAGE_ZONES.get(language)
        if zone:
            return zone
    return None


def _choose_date(
    meta: _Meta, text: str, dates: _DateReader, root: lxml.html.HtmlElement, base: str
) -> datetime | None:
    """The first date the markup gives, else htmldate's, else one written in the text; and of
    the readings of that same day, the one with a time of day (a date-only reading comes out
    as midnight)."""
    readings = [parsed for parsed in map(dates.read, meta.dates) if parsed is not None]
    if readings and not date_only(readings[0], dates.timezone):
        # the markup's first date has its time of day: no other reading can take its place
        # (`most_precise`), so the text is not searched
        return readings[0]
    # htmldate searches the whole page: slow, so only when the markup gives no date
    found = None
    if not readings:
        day = htmldate.find_date(root, url=base, **_DATE_PARAMS)
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


def _same_day_in_page(
    root: lxml.html.HtmlElement, day: datetime, dates: _DateReader
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
class _DateReader:
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


def _date_languages(lang: str | None) -> tuple[str, ...]:
    if not lang:
        return ()
    primary = lang.split("-")[0].casefold()
    return (primary,) if primary == "en" else (primary, "en")


def _with_time(text: str, match: re.Match[str]) -> str:
    """A date found in the text, with what follows on its line: its time, if written there
    ("17 novembre 2026 à 08h05")."""
    end = text.find("\n", match.end(), match.end() + _TIME_AFTER)
    return text[match.start() : end if end != -1 else match.end() + _TIME_AFTER]


def _date_in_text(text: str, dates: _DateReader) -> datetime | None:
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


def _choose_lang(meta: _Meta) -> str | None:
    for value in meta.langs:
        tag = value.strip().replace("_", "-").split(",")[0].strip()
        if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
            return tag
    return None


def _lead_image(meta: _Meta, base: str) -> str | None:
    return next((urljoin(base, v) for v in meta.images if not v.startswith("data:")), None)


def _choose_image(meta: _Meta, content_html: str, base: str) -> str | None:
    for value in meta.images:
        if not value.startswith("data:"):
            return urljoin(base, value)
    match = re.search(r"<img[^>]*\ssrc=\"([^\"]+)\"", content_html)
    return match.group(1).replace("&amp;", "&") if match else None


# --------------------------------------------------------------------------- body


def _selected_html(root: lxml.html.HtmlElement, selector: str) -> str:
    matches = _elements(_css(selector)(root))
    outermost = [m for m in matches if not any(a in matches for a in m.iterancestors())]
    return "".join(_to_html(m, with_tail=False) for m in outermost)


def _trafilatura(
    root: lxml.html.HtmlElement,
    base: str,
    *,
    with_metadata: bool = False,
    include_images: bool = False,
    favor_precision: bool = False,
) -> Any:
    return trafilatura.bare_extraction(
        root,
        url=base,
        with_metadata=with_metadata,
        include_images=include_images,
        favor_precision=favor_precision,
        date_extraction_params=_DATE_PARAMS,
        **_TRAFILATURA_OPTIONS,
    )


def _auto_body(root: lxml.html.HtmlElement, base: str, lead: str | None) -> str:
    """The body HTML: trafilatura's text (one run, without images: with them its body runs on
    into teasers and galleries), and the article's own images put back where the page has
    them (see :func:`_place_images`)."""
    found = _trafilatura(root, base)
    body = found.body if found is not None else None
    if body is not None and len(body) == 1:
        # the whole text in one block: trafilatura's last resort on a short page, which keeps no
        # paragraphs or links; its precision-first run sees the page's own structure
        precise = _trafilatura(root, base, favor_precision=True)
        if (
            precise is not None
            and precise.body is not None
            and len(precise.body.findall(".//p")) > 1
        ):
            body = precise.body
    if body is None or not _text_of(body).strip():
        return ""
    _place_images(root, body, base, lead)
    return _document_html(body)


def _place_images(
    root: lxml.html.HtmlElement, body: etree._Element, base: str, lead: str | None
) -> None:
    """Put the page's images that sit among the body's blocks back into the body (in place).

    The page is read in order: an image counts when a block of the body follows it before any
    heading, and it goes before that block; after the last block, when it is in that block's
    container, and it goes at the end. Images in menus, sidebars,
    footers and boxes of other articles, and logos, icons and avatars never do. The lead image
    (``og:image`` and the like) is kept wherever the page puts it: at the top when no block
    follows it.
    """
    blocks: dict[str, etree._Element] = {}
    for child in body:
        blocks.setdefault(_norm(_text_of(child)), child)
    blocks.pop("", None)
    if not blocks:
        return
    have = {g.get("src") for g in body.iter("graphic")}
    pending: list[tuple[etree._Element, etree._Element]] = []  # (graphic, the page's <img>)
    last: etree._Element | None = None  # the page's element of the last block found
    lead_image: etree._Element | None = None
    for element in root.iter("img", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"):
        if element.tag != "img":
            target = blocks.get(_norm(element.text_content()))
            if target is not None:
                for image, _ in pending:
                    target.addprevious(image)
                pending, last = [], element
            elif element.tag.startswith("h"):
                pending = []  # a heading that is not the article's starts something else
            continue
        src = urljoin(base, element.get("src") or "")
        if not src.startswith(("http://", "https://")) or src in have or _not_content(element):
            continue
        have.add(src)
        graphic = etree.Element("graphic", src=src, alt=_squash(element.get("alt") or ""))
        if lead and src == lead:
            lead_image = graphic
        else:
            pending.append((graphic, element))
    # after the last block: the images in the same container as that block end the article
    container = last.getparent() if last is not None else None
    for image, img in pending:
        if container is not None and any(a is container for a in img.iterancestors()):
            body.append(image)
    if lead_image is not None and lead_image.getparent() is None:
        body.insert(0, lead_image)


def _not_content(img: etree._Element) -> bool:
    """A logo, icon, avatar, tracking pixel or an image in a menu, sidebar or footer."""
    label = " ".join(img.get(a, "") for a in ("class", "id", "alt", "src")).casefold()
    if _DECORATION.search(label):
        return True
    for attr in ("width", "height"):
        size = (img.get(attr) or "").removesuffix("px")
        if size.isdigit() and int(size) < _MIN_IMAGE_SIZE:
            return True
    if _aside(img):
        return True
    for ancestor, _ in zip(img.iterancestors(), range(_DECORATION_DEPTH), strict=False):
        label = " ".join(ancestor.get(a, "") for a in ("class", "id", "href")).casefold()
        if _DECORATION.search(label):
            return True
    return False


def _fuller(
    content_html: str,
    text: str,
    body_html: str,
    source: str,
    base: str,
    title: str | None,
    remove: Sequence[str],
) -> tuple[str, str]:
    """A stub body (under ``_MIN_FALLBACK_CHARS``) replaced by a fuller reading of the page,
    when one has ``_FULLER`` times its text: the same body before the cleanup (which drops a
    short article about a newsletter as a sign-up box), then trafilatura alone on the page
    (:func:`_fallback_body`; not when ``remove`` asks for parts of it to go). Costs nothing
    on a page with a body."""
    readings = [body_html]
    if not remove:
        readings.append(_fallback_body(source, base))
    for html in readings:
        if not html:
            continue
        other = _sanitise(_finish(html, base, title, cleanup=False))
        other_text = _plain_text(other)
        if len(other_text) >= _FULLER * len(text) and len(other_text) > len(text):
            content_html, text = other, other_text
    return content_html, text


def _fallback_body(html: str | bytes, base: str) -> str:
    """For the rare page where the run on the prepared tree finds nothing: trafilatura alone on
    the page as served, with its defaults, then favouring recall, then its baseline (the text of
    the page's paragraphs, or of its body) when that holds at least a paragraph's worth."""
    for recall in (False, True):
        found = trafilatura.bare_extraction(html, url=base, favor_recall=recall)
        body = found.body if isinstance(found, trafilatura.settings.Document) else None
        if body is not None and _text_of(body).strip():
            return _document_html(body)
    page, text, _ = trafilatura.baseline(html)
    return _document_html(page) if len(text.strip()) >= _MIN_FALLBACK_CHARS else ""


def _text_of(element: etree._Element) -> str:
    return "".join(str(text) for text in element.itertext())


def _detached(element: etree._Element) -> etree._Element:
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone


def _document_html(body: etree._Element) -> str:
    converted = convert_to_html(body).find("body")
    if converted is None:
        return ""
    # text right inside the body (trafilatura's last resort keeps a page's loose text so) is a
    # paragraph of its own; it was lost before
    loose = (converted.text or "").strip()
    head = f"<p>{escape(loose)}</p>" if loose else ""
    return head + "".join(_to_html(child) for child in converted)


def _finish(html: str, base: str, title: str | None, *, cleanup: bool = True) -> str:
    """The body as readers get it: links and image addresses absolute (done on the body alone:
    the page has many more links), and without what is not the article's (:func:`_tidy`; with
    ``cleanup`` false only the headline repeated at its top goes)."""
    if not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    # every link given back XML-safe: ``href="x&#1;y"`` decodes to a control character that
    # lxml refuses to set
    fragment.rewrite_links(partial(_absolute_link, base), resolve_base_href=False)
    _tidy(fragment, title, cleanup=cleanup)
    return "".join(_to_html(child) for child in fragment)


def _tidy(fragment: lxml.html.HtmlElement, title: str | None, *, cleanup: bool = True) -> None:
    """Drop from the body (in place): the headline repeated at its top (readers show the title
    already), a block said twice (a lead paragraph repeated), newsletter sign-up boxes, site
    logos and promotional images, links with nothing to click on, and blocks left empty."""
    first = next((c for c in fragment if c.text_content().strip()), None)
    if (
        first is not None
        and first.tag in _HEADINGS
        and title
        and _norm(first.text_content()) == _norm(title)
    ):
        _drop(first)
    if not cleanup:
        return
    for block in list(fragment.iter("p", "blockquote", "li", *_HEADINGS, "div")):
        if block is fragment or block.getparent() is None:
            continue
        text = block.text_content()
        if len(text) <= _MAX_PROMO_CHARS and _NEWSLETTER.search(text) and _CALL.search(text):
            _drop(block)
    _drop_repeated(fragment)
    for img in list(fragment.iter("img")):
        if _not_content(img):
            _drop(img)
    for link in list(fragment.iter("a")):
        if not link.text_content().strip() and link.find(".//img") is None:
            _drop(link)
    for block in list(fragment.iter("p", "div", "li", "figure", "span")):
        if not block.text_content().strip() and block.find(".//img") is None:
            _drop(block)  # what held only what was dropped


def _drop_repeated(fragment: lxml.html.HtmlElement) -> None:
    """Drop the second copy of a block said twice (a lead repeated, a sign-up box shown twice).

    Only the innermost blocks count (a ``<blockquote><p>`` or ``<li><p>`` is one block, not a
    block and its copy). A block said three times or more is the article's own pattern (the
    same question put to each person interviewed) and stays.
    """
    copies: dict[str, list[lxml.html.HtmlElement]] = {}
    for block in fragment.iter("p", "blockquote", "li", *_HEADINGS):
        if next(block.iterdescendants("p", "blockquote", "li", *_HEADINGS), None) is not None:
            continue
        key = _norm(block.text_content())
        if len(key) >= _MIN_REPEATED:
            copies.setdefault(key, []).append(block)
    for blocks in copies.values():
        if len(blocks) == 2:
            _drop(blocks[1])


def _drop(element: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    if isinstance(element, lxml.html.HtmlElement) and element.getparent() is not None:
        element.drop_tree()


def _sanitise(html: str) -> str:
    cleaned = _CLEANER.clean(html).strip()
    return _INVISIBLE.sub("", cleaned)


def _plain_text(html: str) -> str:
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in ("td", "th"):
            element.tail = " " + (element.tail or "")
    lines = (_squash(line) for line in fragment.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- small helpers


def _squash(value: str) -> str:
    return " ".join(unescape(value).split())


def _norm(value: str) -> str:
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", value).casefold())


def _elements(result: object) -> list[lxml.html.HtmlElement]:
    """The elements of an XPath or CSS selector result (which mypy sees as a wide union)."""
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, lxml.html.HtmlElement)]


def _to_html(element: etree._Element, *, with_tail: bool = True) -> str:
    return str(etree.tostring(element, encoding="unicode", method="html", with_tail=with_tail))


def _is_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return bool(parts.scheme in ("http", "https") and parts.netloc) or value.startswith("www.")
