"""Automatic article-list detection: the `items: auto` mode.

`detect` looks for the page's main list of articles, in order of trust:

1. JSON-LD (`ItemList`, or several `Article`/`NewsArticle`/`BlogPosting` objects);
2. microdata (`itemtype` Article, NewsArticle, BlogPosting, …);
3. embedded application state (`<script id="__NEXT_DATA__">` and friends): the longest list of
   objects that each carry a title and a URL;
4. a structural heuristic over the `<a href>` links of the page; on a page of many blocks (a
   news front page: lead, rivers, themed boxes, "most read") the teasers of every block whose
   addresses have the shape of the chosen list's articles join it ("blocks").

The heuristic groups links by the tag-and-class path of their ancestors, finds for each group the
repeated "item" element (the largest ancestor that is still one per link), scores each group
(size, title-like link text, dates/summaries/images beside the link, main content versus
navigation, sidebars, tickers and banners, same-host and slug-like URLs) and keeps the best one.
It then derives CSS selectors for the items and their fields, checked against the page.

Pure: no network, no files, no clock. The document is never modified.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.cssselect import CSSSelector
from lxml.etree import XPathError
from lxml.etree import _Element as Element
from lxml.html import HtmlElement

from feedsmith import jsonpath
from feedsmith.extract.datephrase import DatePhrase, find_dates, month_first
from feedsmith.extract.urlshape import (
    article_patterns,
    coherence,
    has_article_kind,
    matches,
    shape,
)
from feedsmith.types import RawItem

__all__ = ["Detection", "detect"]

# structured sources below this many items defer to the heuristic
_MIN_STRUCTURED_ITEMS = 3
# structured lists up to this long are checked against a news page's blocks, which win when
# they hold this many times as many items
_MAX_STRUCTURED_SHARE_CHECK = 30
_WIDER_FACTOR = 1.5
# a heuristic group needs at least this many distinct links
_MIN_GROUP_ITEMS = 2
# only this many groups (by a cheap first score) get the full, costlier scoring
_MAX_SCORED_GROUPS = 25
# ancestors tried to narrow down the items selector
_MAX_SELECTOR_TRIES = 4
# items per group looked at closely when scoring
_SCORE_SAMPLE = 30

_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "report",
        "scholarlyarticle",
        "techarticle",
        "posting",
        "socialmediaposting",
        "liveblogposting",
        "podcastepisode",
        "episode",
        "event",
        "jobposting",
        "product",
        "creativework",
    }
)

# ancestors (above the item) that mark boilerplate rather than the main list
_BAD_TAGS = frozenset({"nav", "header", "footer", "aside", "marquee", "menu", "form", "select"})
_GOOD_TAGS = frozenset({"main"})
# class/id words of navigation, sidebars, tickers, banners, "most read" boxes …
_BAD_WORDS = re.compile(
    r"(?:^|[^a-z])(?:nav|navbar|navigation|menu|submenu|header|masthead|footer|sidebar|side"
    r"|aside|widget|widgets|breadcrumbs?|pagination|pager|paging|ticker|tickers|marquee|scroller"
    r"|breaking|flash|alert|cookies?|consent|gdpr|banner|share|sharing|social|follow|tags?"
    r"|tagcloud|categories|category-list|archives?|login|signup|subscribe|newsletter|ads?|advert"
    r"|advertisement|sponsored|sponsor|promo|popular|trending|mostread|most|top-?stories-rail"
    r"|coupons?|vouchers?|deals|partners?|affiliate|commerce|shop|shopping"
    r"|related|recommended|comments?|skip|toolbar|modal|popup|overlay|dropdown|mega|lang"
    r"|languages?|hidden|offcanvas|drawer)(?:$|[^a-z])"
    r"|mostread|most-read|mostpopular|meistgelesen|meistkommentiert|plus-lus|les-plus|populaire"
    r"|masleido|mas-leido|defilant|defile|laufband"
)
_GOOD_WORDS = re.compile(
    r"(?:^|[^a-z])(?:main|content|posts?|articles?|entries|entry|stories|story|news|blog|feed"
    r"|results?|list|listing|archive-list|river|stream|teasers?|cards?|items?)(?:$|[^a-z])"
)
# class words of the page's content column, even beside sidebar words
# (whole class names only: `sidebar-content` is a sidebar's content, `sidebar-right content` a
# content column beside a sidebar)
_LAYOUT_CONTENT = re.compile(
    r"(?:^|\s)(?:main|content|main-content|site-content|page-content)(?:\s|$)"
)
# classes that say nothing stable about the element's role
_STATE_CLASS = re.compile(
    r"^(?:is-|has-|js-)|^(?:active|selected|current|first|last|odd|even|show|shown|hidden|open"
    r"|visible|clearfix|row|col|ng-star-inserted|ng-scope)$"
)
_GENERATED_CLASS = re.compile(r"\d{3,}|[0-9a-f]{8}-|^css-|^sc-|^jsx-|__[a-z0-9]{5}$")
# `with-sidebar`, `has-nav`: a container that holds such a part is not that part
_LAYOUT_PREFIXES = ("with-", "has-", "no-", "without-", "show-", "hide-")
_SUMMARY_WORDS = re.compile(
    r"summary|excerpt|description|desc|dek|teaser|intro|lead|abstract|snippet|chapo|standfirst"
)
# class words and labels of a date that is an update, not the publication
_UPDATED_WORDS = re.compile(r"updated|modified|datemodified|date-modified|last-?mod|edited")
_UPDATED_LABEL = re.compile(
    r"(?:updated|last\s+updated|modified|edited|mis\s+à\s+jour|modifié|aktualisiert|geändert"
    r"|actualizado|modificado|aggiornato|atualizado|bijgewerkt|gewijzigd|zaktualizowano"
    r"|uppdaterad|güncellendi|更新|수정)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"date|time|published|posted|pubdate|datum|fecha", re.IGNORECASE)
_AUTHOR_WORDS = re.compile(r"author|byline|writer|autor|auteur", re.IGNORECASE)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil"
    r"|août|aout|sept|déc|janvier|février|avril|juillet|septembre|octobre|novembre|décembre"
    r"|januar|februar|märz|april|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março"
    r"|maio|junho|julho|setembro|outubro|dezembro|gennaio|febbraio|aprile|maggio|giugno"
    r"|luglio|settembre|ottobre"
)
_DATE_TEXT = re.compile(
    r"\b\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\b"
    r"|\b\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?:{_MONTHS})[a-zéû]*\.?,?\s+"
    r"(?:de\s+|del\s+)?\d{4}\b"
    rf"|\b(?:{_MONTHS})[a-zéû]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b(?:today|yesterday|heute|gestern|hier|aujourd'hui|hoy|ayer)\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|\b(?:il y a|hace|vor|há)\s+\d+\s+(?:min|heure|jour|semaine|mois|hora|día|dia|semana|mes"
    r"|Minute|Stunde|Tag|Woche|Monat)\w*",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")
_SLUG_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}|\d{4,}|\.s?html?$|^\d{1,4}$", re.I)
_NON_ITEM_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
_SKIP_SUBTREES = frozenset({"script", "style", "noscript", "template", "svg"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# where a list of article links is never the content: menus, headers, footers, forms
_BOILERPLATE_TAGS = frozenset({"nav", "header", "footer", "menu", "form", "select"})
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[^a-z])(?:nav|navbar|navigation|menu|submenu|header|masthead|footer|breadcrumbs?"
    r"|pagination|pager|paging|skip|toolbar|dropdown|mega|megamenu|coupons?|deals?|shop"
    r"|partners?|sponsored|sponsor|promo|ads?|advert|advertisement|commerce)(?:$|[^a-z])"
)
# addresses of shops, coupons, deals and partner offers, in the languages we see
_COMMERCE = re.compile(
    r"coupon|voucher|gutschein|rabatt|angebot|cupon|cupón|descuento|bon-de-reduction"
    r"|code-promo|codes-promo|codice-sconto|sconti|kortingscode|kupon|indirim|/deals?/"
    r"|/shop/|/store/|/partner|affiliate|/sponsored/|/anzeige/|utm_medium=(?:affiliate|partner)",
    re.IGNORECASE,
)
# a price or a discount in a link's text: "20% off", "-15 %", "$40", "50 €", "£10", "¥500"
_PRICE = re.compile(r"\d\s?%|[$€£¥₹₩]\s?\d|\d\s?(?:€|\$|£|¥|₹|₩|円|元)")
# elements of a card inside its link looked at for a date (a broken page may nest a whole
# carousel inside one link)
_MAX_CARD_ELEMENTS = 60
# teasers beside the chosen list that make a page a news page of many blocks
_MIN_PORTAL_EXTRA = 4
# boxes the chosen list's items come from that make a page a news page of many blocks
_MIN_BOXES = 3
# levels above a link where a card of a list may start
_MAX_CARD_DEPTH = 5
# letters of scripts written without spaces between words
_DENSE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# siblings looked at for a date printed beside an item, and the longest text such a line has
_MAX_DATE_LINE = 200
_MAX_SIBLINGS = 4
# a year heading's text: "2024", "2024 (4)", "2024:"
_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:\(\d+\)|\[\d+\]|:)?")
# never text of a title or date
_HIDDEN = ("script", "style", "noscript", "template")
# elements whose text is a block of its own (a space goes between it and its neighbours)
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "dt", "dd", "td", "th", "section", "article", "header", "footer",
     "time", "span", "small", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption"}
)  # fmt: skip
_URL_LIKE = re.compile(r"(?:https?://|www\.)\S+$|\S+\.(?:com|org|net|html?|php)(?:/\S*)?$", re.I)
# "read more" links, in the languages of the pages we see
_READ_MORE = re.compile(
    r"[\W_]*(?:read|continue|view|see|show)(?:\s+(?:the\s+)?(?:more|all|full|post|article|story"
    r"|reading|details))+|more|mehr|weiterlesen|(?:mehr\s+)?lesen|lire\s+(?:la\s+suite|plus)"
    r"|en\s+savoir\s+plus|la\s+suite|leer\s+m[aá]s|ver\s+m[aá]s|seguir\s+leyendo|leggi(?:\s+"
    r"(?:tutto|di\s+pi[uù]))?|continua(?:\s+a\s+leggere)?|ler\s+mais|saiba\s+mais|lees\s+meer"
    r"|meer|czytaj\s+(?:dalej|wi[eę]cej)|l[aä]s\s+mer|devam[ıi]n[ıi]\s+oku|devam[ıi]|続きを読む"
    r"|もっと見る|阅读全文|阅读更多|查看更多|더\s*보기|자세히\s*보기|details|permalink"
    r"|would\s+you\s+like\s+to\s+know\s+more\??"
    r"[\W_]*",
    re.IGNORECASE,
)
# words around a date that are not a title ("Posted on", "le")
_DATE_NOISE = re.compile(
    r"\b(?:posted|published|updated|on|le|am|el|il|du|vom|dal|del|de|op|dnia|tarihinde)\b",
    re.IGNORECASE,
)
# a word that ties a date at the end of a title into the title
_CONNECTOR = re.compile(
    r"\b(?:on|of|from|to|until|since|by|for|am|vom|bis|seit|ab|le|du|au|depuis|jusqu'au|el"
    r"|del|de|desde|hasta|il|dal|al|op|van|tot|w|z|do|od|på|den|från|till)\s*$",
    re.IGNORECASE,
)
_LEADING_PUNCT = re.compile(r"^[\s|·•—–\-:,/]+")
_TRAILING_PUNCT = re.compile(r"[\s|·•—–\-:,/]+$")
# class words of the parts of a link or card that are not its title
_NOT_TITLE_WORDS = re.compile(
    r"date|(?:^|[^a-z])(?:time|meta|metadata|byline|author|tags?|labels?|badges?|pill|chip"
    r"|category|categories|count|comments|read-?time|reading-?time|read-?more|more)(?:$|[^a-z])"
    r"|summary|excerpt|description|teaser|snippet|badge|subtitle|kicker|overline|eyebrow"
    r"|topline|dachzeile|surtitre"
)
# classes of text for screen readers only (WordPress, Bootstrap, Tailwind, …)
_SCREEN_READER = re.compile(
    r"screen-reader|sr-only|visually-?hidden|screenreader|assistive-text|a11y-hidden|u-hidden"
    r"|hidden-visually|element-invisible|offscreen",
    re.IGNORECASE,
)
_NO_DISPLAY = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"title|headline|heading|titre|titel|titulo|título")


@dataclass(frozen=True, slots=True, kw_only=True)
class Detection:
    """The list `detect` found on a page, and how it found it."""

    # the items in page order; values: title, link, summary, image, author (str | None)
    items: tuple[RawItem, ...]
    # "json-ld", "microdata", "next-data", "heuristic" (one repeated block), "blocks" (the
    # teasers of several blocks of a news page, newest first when dated) or "none"
    method: str
    # CSS selectors: "items" (on the document) and fields relative to one item element;
    # empty when the method is not selector-based
    selectors: Mapping[str, str]
    # absolute URLs of the feeds the page advertises with <link rel="alternate">
    feed_links: tuple[str, ...]
    # confidence of the chosen group, for diagnostics (0 when nothing was found)
    score: float


def detect(root: HtmlElement, page_url: str) -> Detection:
    """Find the main list of articles on a parsed page.

    Args:
        root: the parsed document (`lxml.html.document_fromstring`); left unchanged.
        page_url: the page's address; `<base href>` is honoured for relative links.

    Returns:
        The detection; `items` is empty when the page has no recognisable list.
    """
    base = _base_url(root, page_url)
    feeds = _feed_links(root, base)
    fallback: Detection | None = None
    for finder in (_from_json_ld, _from_microdata, _from_embedded_state):
        found = finder(root, base)
        if found is None:
            continue
        if len(found.items) >= _MIN_STRUCTURED_ITEMS:
            return replace(_wider_blocks(root, base, found), feed_links=feeds)
        if fallback is None or len(found.items) > len(fallback.items):
            fallback = found
    found = _from_heuristic(root, base)
    if found is None or (fallback is not None and len(found.items) < len(fallback.items)):
        found = fallback
    if found is None:
        return Detection(items=(), method="none", selectors={}, feed_links=feeds, score=0.0)
    return replace(found, feed_links=feeds)


def _wider_blocks(root: HtmlElement, base: str, structured: Detection) -> Detection:
    """A news page's structured data often lists one carousel or the top few stories; when
    the page's blocks hold those items and clearly more, the blocks are the list (each item
    keeps the structured data's dates where the page shows none)."""
    if len(structured.items) > _MAX_STRUCTURED_SHARE_CHECK:
        return structured
    blocks = _from_heuristic(root, base)
    if blocks is None or blocks.method != "blocks":
        return structured
    listed = {
        _url_key(urljoin(item.base_url, item.values.get("link") or "")): item
        for item in structured.items
    }
    keys = [
        _url_key(urljoin(item.base_url, item.values.get("link") or "")) for item in blocks.items
    ]
    held = len(listed.keys() & set(keys))
    if len(keys) < _WIDER_FACTOR * len(listed) or held < 0.8 * len(listed):
        return structured
    items = tuple(
        replace(item, dates=item.dates or listed[key].dates) if key in listed else item
        for item, key in zip(blocks.items, keys, strict=True)
    )
    return replace(blocks, items=items)


# --------------------------------------------------------------------------------------------
# page-level helpers


def _base_url(root: Element, page_url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return urljoin(page_url, href)
    return page_url


def _feed_links(root: Element, base: str) -> tuple[str, ...]:
    found: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" not in rels or kind not in _FEED_TYPES or not href:
            continue
        if kind == "application/json" and "feed" not in href.lower():
            continue
        url = urljoin(base, href)
        if url not in found:
            found.append(url)
    return tuple(found)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _text(el: Element) -> str:
    return _clean("".join(map(str, el.itertext())))


def _spaced_text(el: Element) -> str:
    """The text with a space between text nodes, so `2025</span><p>Next` keeps its words apart."""
    return _clean(" ".join(map(str, el.itertext())))


def _is_item_href(href: str | None) -> bool:
    if not href:
        return False
    href = href.strip()
    return bool(href) and not href.lower().startswith(_NON_ITEM_SCHEMES)


# --------------------------------------------------------------------------------------------
# structured data: JSON-LD


def _from_json_ld(root: Element, base: str) -> Detection | None:
    objects: list[Mapping[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = jsonpath.load(script.text or "")  # ValueError when too deep too
        except ValueError:
            continue
        objects.extend(_walk_json_ld(data))
    items = _dedupe_items(_ld_item(obj, base) for obj in objects)
    if not items:
        return None
    # one article about the page itself is the page, not a list
    if len(items) == 1 and _same_url(items[0].values.get("link"), base):
        return None
    return _structured("json-ld", items)


def _walk_json_ld(data: Any) -> Iterator[Mapping[str, Any]]:
    """Yield article-like objects and ItemList elements, in document order."""
    if isinstance(data, list):
        for element in data:
            yield from _walk_json_ld(element)
        return
    if not isinstance(data, dict):
        return
    types = _ld_types(data)
    if "itemlist" in types:
        for element in _as_list(data.get("itemListElement")):
            if isinstance(element, dict):
                inner = element.get("item")
                yield inner if isinstance(inner, dict) else element
        return
    if types & _ARTICLE_TYPES and not types & {"webpage", "website"}:
        yield data
        return
    for key in ("@graph", "mainEntity", "hasPart", "blogPost", "blogPosts", "articles"):
        if key in data:
            yield from _walk_json_ld(data[key])


def _ld_types(obj: Mapping[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1].lower() for t in _as_list(obj.get("@type"))}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_item(obj: Mapping[str, Any], base: str) -> RawItem | None:
    link = _ld_text(obj.get("url")) or _ld_text(obj.get("mainEntityOfPage")) or _ld_id(obj)
    title = _ld_text(obj.get("headline")) or _ld_text(obj.get("name"))
    if not link or not title:
        return None
    dates = tuple(
        d
        for d in (_ld_text(obj.get(k)) for k in ("datePublished", "dateCreated", "uploadDate"))
        if d
    )
    values = {
        "title": title,
        "link": link,
        "summary": _ld_text(obj.get("description")) or None,
        "image": _ld_text(obj.get("image")) or _ld_text(obj.get("thumbnailUrl")) or None,
        "author": _ld_text(obj.get("author")) or None,
    }
    return RawItem(index=0, values=values, dates=dates, base_url=base)


def _ld_id(obj: Mapping[str, Any]) -> str:
    value = obj.get("@id")
    if isinstance(value, str) and not value.startswith("_:") and "#" not in value:
        return value.strip()
    return ""


def _ld_text(value: Any) -> str:
    """A string from a JSON-LD value: a string, the first of a list, or an object's url/name."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        for element in value:
            text = _ld_text(element)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        for key in ("url", "@id", "name", "contentUrl"):
            text = _ld_text(value.get(key))
            if text:
                return text
    return ""


# --------------------------------------------------------------------------------------------
# structured data: microdata


def _from_microdata(root: Element, base: str) -> Detection | None:
    scopes = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el.get("itemscope") is not None
        and _itemtype_name(el) in _ARTICLE_TYPES
    ]
    scopes = [el for el in scopes if not any(_is_ancestor(other, el) for other in scopes)]
    items = _dedupe_items(_microdata_item(el, base) for el in scopes)
    if not items:
        return None
    selectors = {
        "items": "[itemscope][itemtype]",
        "title": '[itemprop="headline"], [itemprop="name"]',
        "link": '[itemprop="url"], a[href]',
        "date": '[itemprop="datePublished"]',
        "summary": '[itemprop="description"]',
        "image": '[itemprop="image"], img',
    }
    types = sorted({el.get("itemtype", "") for el in scopes})
    if len(types) == 1:
        selectors["items"] = f'[itemtype="{types[0]}"]'
    return Detection(
        items=_reindex(items), method="microdata", selectors=selectors, feed_links=(), score=1.0
    )


def _itemtype_name(el: Element) -> str:
    itemtype = (el.get("itemtype") or "").strip().split()
    return itemtype[0].rstrip("/").rsplit("/", 1)[-1].lower() if itemtype else ""


def _is_ancestor(ancestor: Element, el: Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _microdata_item(scope: Element, base: str) -> RawItem | None:
    props: dict[str, Element] = {}
    for el in scope.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        for name in (el.get("itemprop") or "").split():
            props.setdefault(name, el)
    link_el = props.get("url")
    if link_el is None:
        link_el = props.get("mainEntityOfPage")
    link = _prop_value(link_el) if link_el is not None else ""
    if not link:
        anchor = next((a for a in scope.iter("a") if _is_item_href(a.get("href"))), None)
        link = (anchor.get("href") or "").strip() if anchor is not None else ""
    title_el = props.get("headline")
    if title_el is None:
        title_el = props.get("name")
    title = _text(title_el) if title_el is not None else ""
    if not link or not title:
        return None
    dates = tuple(_prop_value(props[k]) for k in ("datePublished", "dateCreated") if k in props)
    values = {
        "title": title,
        "link": link,
        "summary": _optional(_text(props["description"])) if "description" in props else None,
        "image": _optional(_prop_value(props["image"])) if "image" in props else None,
        "author": _optional(_text(props["author"])) if "author" in props else None,
    }
    return RawItem(index=0, values=values, dates=tuple(d for d in dates if d), base_url=base)


def _prop_value(el: Element) -> str:
    for attr in ("content", "datetime", "href", "src", "data-src"):
        value = el.get(attr)
        if value and value.strip():
            return value.strip()
    return _text(el)


def _optional(text: str) -> str | None:
    return text or None


# --------------------------------------------------------------------------------------------
# structured data: embedded application state


def _from_embedded_state(root: Element, base: str) -> Detection | None:
    best: list[RawItem] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if script.get("id") not in ("__NEXT_DATA__", "__NUXT_DATA__") and kind != (
            "application/json"
        ):
            continue
        try:
            data = jsonpath.load(script.text or "")  # ValueError when too deep too
        except ValueError:
            continue
        for candidate in _object_lists(data, depth=0):
            items = _dedupe_items(_state_item(obj, base) for obj in candidate)
            if len(items) > len(best):
                best = items
    if not best:
        return None
    return _structured("next-data", best)


def _object_lists(data: Any, depth: int) -> Iterator[Sequence[Mapping[str, Any]]]:
    if depth > 12:
        return
    if isinstance(data, list):
        dicts = [d for d in data if isinstance(d, dict)]
        if len(dicts) >= _MIN_STRUCTURED_ITEMS:
            yield dicts
        for element in data:
            yield from _object_lists(element, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _object_lists(value, depth + 1)


def _state_item(obj: Mapping[str, Any], base: str) -> RawItem | None:
    title = next((_clean(v) for k in ("title", "headline") if isinstance(v := obj.get(k), str)), "")
    link = next(
        (
            v.strip()
            for k in ("url", "href", "link", "permalink", "canonicalUrl", "path")
            if isinstance(v := obj.get(k), str) and (v.startswith(("http://", "https://", "/")))
        ),
        "",
    )
    if len(title) < 3 or not link:
        return None
    dates = tuple(
        v
        for k in ("datePublished", "publishedAt", "published_at", "date", "createdAt", "pubDate")
        if isinstance(v := obj.get(k), str) and v
    )
    summary = next(
        (
            _clean(v)
            for k in ("description", "excerpt", "summary")
            if isinstance(v := obj.get(k), str)
        ),
        None,
    )
    image = next(
        (v for k in ("image", "imageUrl", "thumbnail") if isinstance(v := obj.get(k), str)), None
    )
    values = {"title": title, "link": link, "summary": summary, "image": image, "author": None}
    return RawItem(index=0, values=values, dates=dates, base_url=base)


# --------------------------------------------------------------------------------------------
# structured helpers


def _structured(method: str, items: list[RawItem]) -> Detection:
    return Detection(items=_reindex(items), method=method, selectors={}, feed_links=(), score=1.0)


def _dedupe_items(items: Iterable[RawItem | None]) -> list[RawItem]:
    seen: set[str] = set()
    result: list[RawItem] = []
    for item in items:
        if item is None:
            continue
        key = _url_key(urljoin(item.base_url, item.values.get("link") or ""))
        if key in seen:
            continue
        seen.add(key)
        result.append(item)
    return result


def _reindex(items: Sequence[RawItem]) -> tuple[RawItem, ...]:
    return tuple(replace(item, index=i) for i, item in enumerate(items))


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}?{parts.query}"


def _same_url(link: str | None, base: str) -> bool:
    return bool(link) and _url_key(urljoin(base, link or "")) == _url_key(base)


# --------------------------------------------------------------------------------------------
# the heuristic: collect links, group them by structural path


@dataclass(slots=True)
class _Link:
    anchor: Element
    # anchor first, then its ancestors up to the root
    chain: list[Element]
    url: str
    text: str
    # position among the page's links
    order: int


@dataclass(slots=True)
class _Group:
    links: list[_Link]
    # how many levels above the anchor the item element sits
    level: int = 0
    score: float = 0.0


class _Signatures:
    """Memoised tag-and-class signatures of elements (one per element for the whole run)."""

    def __init__(self) -> None:
        self._cache: dict[Element, str] = {}

    def __call__(self, el: Element) -> str:
        sig = self._cache.get(el)
        if sig is None:
            classes = _stable_classes(el)
            sig = el.tag + "".join(f".{c}" for c in classes)
            self._cache[el] = sig
        return sig


def _stable_classes(el: Element) -> list[str]:
    classes = []
    for cls in (el.get("class") or "").split():
        low = cls.lower()
        if _STATE_CLASS.search(low) or _GENERATED_CLASS.search(low):
            continue
        if not re.fullmatch(r"-?[_a-zA-Z][_a-zA-Z0-9-]*", cls):
            continue
        classes.append(cls)
    return sorted(set(classes))


def _collect_links(root: Element, base: str) -> list[_Link]:
    links: list[_Link] = []
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not _is_item_href(href):
            continue
        chain = [anchor]
        parent = anchor.getparent()
        skip = False
        while parent is not None:
            if parent.tag in _SKIP_SUBTREES:
                skip = True
                break
            chain.append(parent)
            parent = parent.getparent()
        if skip:
            continue
        url = urljoin(base, (href or "").strip())
        links.append(
            _Link(anchor=anchor, chain=chain, url=url, text=_text(anchor), order=len(links))
        )
    return links


def _group_links(links: list[_Link], sig: _Signatures) -> list[_Group]:
    groups: dict[tuple[str, ...], list[_Link]] = {}
    for link in links:
        key = tuple(sig(el) for el in link.chain)
        groups.setdefault(key, []).append(link)
    return [_Group(links=_unshared(members)) for members in groups.values()]


def _unshared(links: list[_Link]) -> list[_Link]:
    """The links without those to one address repeated on several items (an author, a
    category in every row of a table), when the links to addresses of their own are more."""
    if len(links) < 6:
        return links
    counts: dict[str, int] = {}
    for link in links:
        counts[link.url] = counts.get(link.url, 0) + 1
    shared = {url for url, n in counts.items() if n >= 3}
    if not shared or 2 * len(shared) >= len(counts):
        return links
    return [link for link in links if link.url not in shared]


def _item_level(group: _Group) -> int:
    """The highest level at which every link still has an ancestor of its own."""
    depth = min(len(link.chain) for link in group.links) - 1
    level = 0
    for candidate in range(1, depth):
        ancestors = {id(link.chain[candidate]) for link in group.links}
        if len(ancestors) < _distinct_items(group, candidate - 1):
            break
        level = candidate
    return level


def _distinct_items(group: _Group, level: int) -> int:
    return len({id(link.chain[level]) for link in group.links})


def _merge_groups(groups: list[_Group], sig: _Signatures) -> list[_Group]:
    """Join groups that are one list: sibling items whose classes differ (`category-news`), and
    the same kind of item repeated in several content sections."""
    repeated = [g for g in groups if len(g.links) >= 2]
    for group in repeated:
        group.level = _item_level(group)
    repeated = _merge_by(repeated, lambda g: _sibling_key(g, sig))
    _attach_single_links([g for g in groups if len(g.links) == 1], repeated, sig)
    return _merge_by(repeated, lambda g: _section_key(g, sig))


def _attach_single_links(singles: list[_Group], groups: list[_Group], sig: _Signatures) -> None:
    """A link alone with its class path joins a list of its siblings (one item's odd class)."""
    by_key: dict[tuple[object, ...], _Group] = {}
    for group in groups:
        key = _sibling_key(group, sig)
        if key is not None:
            by_key.setdefault(key, group)
    if not by_key:
        return
    for single in singles:
        link = single.links[0]
        for level in range(1, len(link.chain) - 1):
            item = link.chain[level]
            inner = tuple(sig(el) for el in link.chain[:level])
            siblings = by_key.get(("siblings", id(link.chain[level + 1]), item.tag, inner))
            if siblings is not None:
                siblings.links.append(link)
                siblings.links.sort(key=lambda member: member.order)
                break


def _merge_by(
    groups: list[_Group], key_of: Callable[[_Group], tuple[object, ...] | None]
) -> list[_Group]:
    merged: dict[tuple[object, ...], _Group] = {}
    result: list[_Group] = []
    for group in groups:
        key = key_of(group)
        if key is None:
            result.append(group)
        elif key in merged:
            merged[key].links.extend(group.links)
        else:
            merged[key] = group
            result.append(group)
    for group in merged.values():
        group.links.sort(key=lambda link: link.order)
    return result


def _sibling_key(group: _Group, sig: _Signatures) -> tuple[object, ...] | None:
    if group.level == 0:
        return None
    chain = group.links[0].chain
    item = chain[group.level]
    inner = tuple(sig(el) for el in chain[: group.level])
    # ids are safe here: every chain holds its elements, so lxml keeps one proxy per node
    return ("siblings", id(chain[group.level + 1]), item.tag, inner)


def _section_key(group: _Group, sig: _Signatures) -> tuple[object, ...] | None:
    chain = group.links[0].chain
    if "." not in sig(chain[group.level]) or _context_factor(group, sig) < 1.0:
        return None
    return ("sections", *(sig(el) for el in chain[: group.level + 1]))


# --------------------------------------------------------------------------------------------
# the heuristic: scoring


def _from_heuristic(root: Element, base: str) -> Detection | None:
    sig = _Signatures()
    links = _collect_links(root, base)
    groups = _merge_groups(_group_links(links, sig), sig)
    host = urlsplit(base).netloc.lower()
    groups.sort(key=lambda g: _quick_score(g, host), reverse=True)
    best: _Group | None = None
    for group in groups[:_MAX_SCORED_GROUPS]:
        group.score = _score(group, sig, host)
        if group.score > 0 and (best is None or group.score > best.score):
            best = group
    if best is None:
        return None
    extra = _other_blocks(best, groups, links, sig)
    return _detection_from_group(root, best, base, sig, links, extra)


# --------------------------------------------------------------------------------------------
# the heuristic: the other blocks of a news page


def _other_blocks(
    best: _Group, groups: Sequence[_Group], links: Sequence[_Link], sig: _Signatures
) -> list[tuple[_Link, Element]]:
    """Teasers elsewhere on the page that link articles of this site, outside navigation,
    headers, footers and the chosen list's items: the lead, the other rivers and themed boxes,
    "most read" of a news page. Returns (link, item) pairs in page order.

    An article of this site has the address shape of the chosen list's articles (another
    section's word allowed once the page shows several sections), or sits beside such a
    teaser as one more item of the same list (a carousel's first card, styled apart).
    Short link texts (a menu entry, a tag, a byline) count only at an article's exact shape.
    """
    patterns = article_patterns(link.url for link in _first_links(best))
    if not patterns:
        return []
    chosen_items = {link.chain[best.level] for link in best.links}
    taken = {_url_key(link.url) for link in best.links}
    group_of: dict[Element, _Group] = {}
    for group in groups:
        if group is not best:
            for link in group.links:
                group_of[link.anchor] = group
    found: list[tuple[_Link, Element]] = []
    # the blocks the found teasers come from (a group, or a lone card)
    blocks: set[int] = set()
    # by URL: (link, item, the words where its address differs from the chosen list's)
    aside: dict[str, tuple[_Link, Element, tuple[str, ...]]] = {}
    other: dict[str, tuple[_Link, Element, tuple[str, ...]]] = {}
    # blocks that hold a link of the exact shape; another section's word, by URL, and its block
    exact: set[int] = set()
    # teasers (of any section) by block, outside sidebars
    in_main: Counter[int] = Counter()
    section_of: dict[str, tuple[tuple[str, ...], int | None]] = {}
    # teasers of another shape, kept in case they are cards of the kind the article teasers
    # are, or sit beside one: (link, its kind of card)
    unshaped: list[tuple[_Link, tuple[str, ...] | None]] = []
    kinds = {_teaser_kind(link, best.level, sig) for link in best.links}
    # context factor by block (the groups outlive this call, so their ids are safe keys)
    context: dict[int, float] = {}
    boilerplate: dict[Element, bool] = {}
    offers: dict[int, bool] = {}
    host = shape(best.links[0].url)[0]
    for link in links:
        anchor = link.anchor
        if _word_count(link.text) < 2 and not (
            len(anchor) or anchor.get("title") or anchor.get("aria-label")
        ):
            continue  # a bare link of one word: a menu entry, a tag
        key = _url_key(link.url)
        words = matches(link.url, patterns)
        block = group_of.get(link.anchor)
        if words == () and block is not None:
            exact.add(id(block))
        if key in taken or any(el in chosen_items for el in link.chain):
            continue
        if words is None:
            found_shape = shape(link.url)
            if found_shape[0] != host or not has_article_kind(k for k, _ in found_shape[1:]):
                continue  # another site's, or a section's address
        title_words = _word_count(_title_text(link))
        if title_words < (2 if words == () else 3) or _in_boilerplate(link.chain, boilerplate):
            continue  # two words: a byline or a tag, unless the address is an article's
        if block is not None and _offers(block, offers):
            continue  # a strip of deals and discounts, whatever its addresses look like
        if words is None:
            kind = _teaser_kind(link, block.level, sig) if block is not None else None
            unshaped.append((link, kind))
            continue
        item = _card(link) if block is None else link.chain[block.level]
        if block is not None and id(block) not in context:
            context[id(block)] = _context_factor(block, sig, own_class=False)
        # a block in a sidebar, a "most read" box, a ticker (by where it sits: every teaser
        # of a page may be named `promo`)
        in_aside = block is not None and context[id(block)] < 1.0
        if words:
            section_of[key] = (words, id(block) if block is not None else None)
        if block is not None and not in_aside:
            in_main[id(block)] += 1
        if in_aside:
            aside.setdefault(key, (link, item, words))  # a sidebar, "most read", a carousel
        elif words:
            other.setdefault(key, (link, item, words))  # another section's articles
        else:
            taken.add(key)  # the same article in a sidebar is this teaser
            found.append((link, item))
            blocks.add(id(block) if block is not None else id(item))
            if block is not None:
                kinds.add(_teaser_kind(link, block.level, sig))
            aside.pop(key, None)
            other.pop(key, None)
    # a page of many blocks (a news front page) wants them all: articles of other sections
    # (`/sport/…` beside a list of `/politik/…`) and "most read" boxes; a blog index keeps its
    # sidebar and its other kinds of page out
    distinct = len({link.url for link in best.links})
    sections = {words for _, _, words in other.values()}
    # one block of several teasers, some of another section (a river beside the features)
    river = any(n >= _MIN_PORTAL_EXTRA for n in in_main.values())
    # the chosen list itself gathered from several boxes (the same card in each), on a site
    # whose article addresses name their section (a blog's archive by year has one shape)
    sectioned = any(fixed is None and kind == "w" for p in patterns for kind, fixed, _ in p)
    boxes = len({item.getparent() for item in chosen_items}) if sectioned else 0
    portal = (
        len(found) >= max(_MIN_PORTAL_EXTRA, distinct // 2)
        or boxes >= _MIN_BOXES
        or len(blocks) >= 2
        or (len(other) >= _MIN_PORTAL_EXTRA and (len(sections) >= 2 or river))
    )
    if not portal:
        return sorted(found, key=lambda pair: pair[0].order)
    # another section's address counts where that section shows twice, or inside a block
    # of this page's articles (a tag or a topic page, alone among menus, does not)
    shown = Counter(words for words, _ in section_of.values())

    def article(key: str) -> bool:
        words, block = section_of.get(key, ((), None))
        return not words or shown[words] >= 2 or block in exact

    found += [(link, item) for key, (link, item, _) in other.items() if article(key)]
    found += [
        (link, item) for key, (link, item, _) in aside.items() if key not in taken and article(key)
    ]
    taken.update(_url_key(link.url) for link, _ in found)
    for link, kind in unshaped:
        key = _url_key(link.url)
        if kind in kinds and key not in taken:
            taken.add(key)
            found.append((link, _card(link)))
    found += _beside_teasers(unshaped, [*chosen_items, *(item for _, item in found)], taken)
    return sorted(found, key=lambda pair: pair[0].order)


def _offers(block: _Group, memo: dict[int, bool]) -> bool:
    """Most of the block's link texts carry a price or a discount (`£89`, `-20 %`, `40% off`)."""
    known = memo.get(id(block))
    if known is None:
        titles = [_title_text(link) for link in _first_links(block)[:_SCORE_SAMPLE]]
        known = sum(bool(_PRICE.search(t)) for t in titles) >= 0.5 * len(titles)
        memo[id(block)] = known
    return known


def _teaser_kind(link: _Link, level: int, sig: _Signatures) -> tuple[str, ...]:
    """A teaser's kind of card: the signatures from its link up to its item's parent (the
    same card in another carousel or box of the page has the same kind)."""
    return tuple(sig(el) for el in link.chain[: level + 2])


def _beside_teasers(
    candidates: Sequence[tuple[_Link, tuple[str, ...] | None]],
    items: Sequence[Element],
    taken: set[str],
) -> list[tuple[_Link, Element]]:
    """The candidates whose card is a sibling of the same tag as two or more teasers' items:
    one more card of the same list, whatever its address looks like."""
    counts = Counter(
        (id(el.getparent()), el.tag) for el in set(items) if el.getparent() is not None
    )
    beside = {key for key, n in counts.items() if n >= 2}
    result: list[tuple[_Link, Element]] = []
    for link, _ in candidates:
        key = _url_key(link.url)
        if key in taken:
            continue
        card = _card(link)
        parent = card.getparent()
        if parent is not None and (id(parent), card.tag) in beside:
            taken.add(key)
            result.append((link, card))
    return result


def _word_count(text: str) -> int:
    """Words of a text; in scripts written without spaces (Chinese, Japanese, Thai) every two
    characters count as a word, so a headline there is as long as one elsewhere."""
    if not _DENSE_SCRIPT.search(text):
        return len(_WORD.findall(text))
    count = 0
    for word in _WORD.findall(text):
        dense = len(_DENSE_SCRIPT.findall(word))
        count += max(1, dense // 2) if dense >= 4 else 1
    return count


def _in_boilerplate(chain: Sequence[Element], memo: dict[Element, bool]) -> bool:
    """Inside navigation, a header or footer, a menu or a form (by tag or by class words),
    one that holds links to other articles: a card's own `<header>` or `card-header` around
    its headline, or a `promo` card with a link to its section, is part of the teaser."""
    for el in chain[1:]:
        bad = memo.get(el)
        if bad is None:
            words = _class_words(el)
            bad = (
                el.tag in _BOILERPLATE_TAGS or bool(words and _BOILERPLATE_WORDS.search(words))
            ) and _links_elsewhere(el)
            memo[el] = bad
        if bad:
            return True
    return False


def _links_elsewhere(el: Element) -> bool:
    """The element holds links to two or more addresses that could be articles (a card's
    link to its section or its tag does not count)."""
    first: str | None = None
    for anchor in el.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not _is_item_href(href) or not has_article_kind(k for k, _ in shape(href)[1:]):
            continue
        if first is None:
            first = href
        elif href != first:
            return True
    return False


def _card(link: _Link) -> Element:
    """The largest ancestor of a lone link that holds no link to another article."""
    card = link.anchor
    for el in link.chain[1:6]:
        anchors = el.findall(".//a")
        if len(anchors) > 8:
            break
        key = _url_key(link.url)
        if any(_url_key(urljoin(link.url, a.get("href") or "")) != key for a in anchors):
            break
        card = el
    return card


def _quick_score(group: _Group, host: str) -> float:
    urls = {link.url for link in group.links}
    words = sum(_word_count(link.text) for link in group.links) / len(group.links)
    return len(urls) * min(words, 8.0)


def _score(group: _Group, sig: _Signatures, host: str) -> float:
    links = _first_links(group)
    urls = [link.url for link in links]
    distinct = len(set(urls))
    if distinct < _MIN_GROUP_ITEMS:
        return 0.0
    sample = links[:_SCORE_SAMPLE]
    titles = [_title_text(link) or _heading_text(link.chain[group.level]) for link in sample]
    words = sum(min(_word_count(t), 12) for t in titles) / len(titles)
    if words < 1.0:
        return 0.0
    text_factor = min(words, 6.0) / 6.0
    if words < 2.0:
        text_factor *= 0.4
    same_host = sum(urlsplit(u).netloc.lower() == host for u in urls) / len(urls)
    slugs = sum(_slug_like(u) for u in urls) / len(urls)
    # a strip of shops, coupons and partner offers is never the list of articles
    commerce = sum(bool(_COMMERCE.search(u)) for u in urls) / len(urls)
    # … nor are offers by their texts (a price, a discount) when most of a block has them
    priced = sum(bool(_PRICE.search(t)) for t in titles) / len(titles)
    if priced >= 0.5:
        commerce = max(commerce, priced)
    return (
        math.sqrt(distinct)
        * text_factor
        * _richness(group, sample)
        * _context_factor(group, sig)
        * (0.6 + 0.4 * same_host)
        * (0.5 + 0.5 * slugs)
        * (1.0 - 0.9 * commerce)
        # a list's items share an address shape; a box of articles, shops and other sites not
        * (0.4 + 0.6 * coherence(urls))
        * distinct
        / len(urls)
    )


def _richness(group: _Group, sample: list[_Link]) -> float:
    """1 plus the shares of items that show a date, an image and a teaser beside the link."""
    dated = pictured = summarised = 0
    for link in sample:
        item = link.chain[group.level]
        if item is link.anchor:
            continue
        text = _spaced_text(item)
        dated += item.find(".//time") is not None or bool(_DATE_TEXT.search(text))
        pictured += item.find(".//img") is not None
        summarised += len(text) - len(link.text) >= 40
    return 1.0 + (dated + 0.5 * pictured + 0.5 * summarised) / len(sample)


def _first_links(group: _Group) -> list[_Link]:
    """One link per item: the first of the group inside it."""
    seen: set[int] = set()
    result: list[_Link] = []
    for link in group.links:
        key = id(link.chain[group.level])
        if key not in seen:
            seen.add(key)
            result.append(link)
    return result


def _context_factor(group: _Group, sig: _Signatures, own_class: bool = True) -> float:
    """Penalise lists inside navigation, sidebars, tickers and banners; favour main content.
    Without `own_class`, the item's own class words do not count (only where it sits)."""
    chain = group.links[0].chain
    factor = 1.0
    bad_seen = False
    for depth, el in enumerate(chain[group.level :]):
        words = _class_words(el) if own_class or depth > 0 else ""
        # `sidebar-right content`: a layout that has a sidebar, around the content
        bad = el.tag in _BAD_TAGS or (
            bool(_BAD_WORDS.search(words)) and not _LAYOUT_CONTENT.search(words)
        )
        if bad and not bad_seen:
            # the item's own class (`promo`, `card-header`) may name what it is on every
            # teaser of the page; the containers above it say where it is
            if depth == 0 and el.tag not in _BAD_TAGS:
                factor *= 0.6
            else:
                factor *= 0.15 if depth <= 4 else 0.3
            bad_seen = True
        elif el.tag in _GOOD_TAGS or (el.tag == "article" and depth > 0):
            factor *= 1.3
        elif _GOOD_WORDS.search(words) and depth <= 4:
            factor *= 1.1
    return min(factor, 2.0)


def _class_words(el: Element) -> str:
    """The element's class, id and role words, without layout hints like `with-sidebar`."""
    attrs = el.attrib
    if "class" not in attrs and "id" not in attrs and "role" not in attrs:
        return ""
    words = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}".lower()
    return " ".join(w for w in words.split() if not w.startswith(_LAYOUT_PREFIXES))


def _slug_like(url: str) -> bool:
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    return any(_SLUG_SEGMENT.search(s) for s in segments) or len(segments) >= 2


# --------------------------------------------------------------------------------------------
# the heuristic: fields of one item


def _title_element(link: _Link) -> Element:
    for heading in link.anchor.iter(*_HEADINGS):
        if _text(heading):
            return heading
    return link.anchor


def _title_text(link: _Link) -> str:
    """A quick title for scoring groups (the full rules are in `_item_title`)."""
    el = _title_element(link)
    text = _text(el)
    if not text:
        text = _clean(link.anchor.get("title") or link.anchor.get("aria-label"))
    if not text:
        img = next(link.anchor.iter("img"), None)
        text = _clean(img.get("alt")) if img is not None else ""
    return text


def _heading_text(item: Element) -> str:
    """The text of the first heading in a card (for a link without text of its own)."""
    return next((text for h in item.iter(*_HEADINGS) if (text := _text(h))), "")


def _visible_text(
    el: Element, skip: Callable[[Element], bool] | None = None, budget: int = 1 << 30
) -> str:
    """The element's text without <script>/<style>/<noscript>/<template> (and without the
    subtrees `skip` names), with a space between blocks; from the first `budget` elements."""
    parts: list[str] = []
    left = [budget]

    def walk(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            left[0] -= 1
            if left[0] < 0:
                return
            if (
                isinstance(tag, str)
                and tag not in _HIDDEN
                and not (skip and skip(child))
                and not _unseen(child)
            ):
                if tag in _BLOCKS:
                    parts.append(" ")
                walk(child)
                if tag in _BLOCKS:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _clean("".join(parts))


def _unseen(el: Element) -> bool:
    """An element a reader does not see: text for screen readers only, `hidden`,
    `display:none`."""
    cls = el.get("class")
    if cls is not None and _SCREEN_READER.search(cls) is not None:
        return True
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return style is not None and _NO_DISPLAY.search(style) is not None


def _looks_like_summary(text: str) -> bool:
    """A sentence (or several), not a headline: many words, ending like prose (in scripts
    without spaces between words: many characters, ending with a full stop)."""
    end = text.rstrip()[-1:]
    if end in "。．" and len(text) >= 10:
        return True
    return len(_WORD.findall(text)) >= 8 and end in ".…"


def _prose(text: str) -> bool:
    """A sentence after a card's title: a few words ending with a full stop (a headline
    rarely ends with one)."""
    end = text.rstrip()[-1:]
    return end in "。．" or (end == "." and len(_WORD.findall(text)) >= 4)


def _is_weak_title(text: str, boilerplate: frozenset[str]) -> bool:
    """Text that cannot be an item's title: nothing, a URL, a date, "read more", or the same
    words on most items of the list."""
    if len(_WORD.findall(text)) == 0 or _URL_LIKE.match(text):
        return True
    if text.casefold() in boilerplate or _READ_MORE.fullmatch(text):
        return True
    return _date_only(text)


def _date_only(text: str) -> bool:
    if _DATE_TEXT.fullmatch(text.strip()):
        return True  # "3 hours ago", "yesterday"
    phrases = find_dates(text)
    rest = text
    for phrase in reversed(phrases):
        rest = rest[: phrase.start] + rest[phrase.end :]
    return bool(phrases) and not _WORD.search(_DATE_NOISE.sub("", rest))


def _strip_dates(text: str) -> str:
    """The text without date phrases at its start or end (`2026-03-10 | Title`, `Title Sep 28`)."""
    phrases = find_dates(text)
    if not phrases:
        return text
    start, end = 0, len(text)
    first, last = phrases[0], phrases[-1]
    if not _WORD.search(_DATE_NOISE.sub("", text[: first.start])):
        start = first.end
    before = text[start : last.start]
    if (
        last.start >= start
        and not _WORD.search(_DATE_NOISE.sub("", text[last.end :]))
        and not _CONNECTOR.search(before)  # "Vote on 5 March 2024": the date is the title's
    ):
        end = last.start
    kept = text[start:end]
    if start:
        kept = _LEADING_PUNCT.sub("", kept)
    if end < len(text):
        kept = _TRAILING_PUNCT.sub("", kept)
    kept = _clean(kept)
    return kept if _WORD.search(kept) else text


def _skip_in_title(el: Element) -> bool:
    """Parts of a link that are not its title: dates, teasers, badges, counters."""
    if el.tag == "time":
        return True
    words = _class_words(el)
    return bool(words) and bool(_NOT_TITLE_WORDS.search(words))


def _link_title(anchor: Element) -> tuple[str, Element]:
    """The title a link's own content gives: a title-like child, else its text without dates,
    teasers and badges."""
    for el in anchor.iter():
        if el is anchor or not isinstance(el.tag, str) or el.tag in _HIDDEN:
            continue
        words = _class_words(el)
        if words and _TITLE_WORDS.search(words) and not _NOT_TITLE_WORDS.search(words):
            text = _visible_text(el)
            if text and not _looks_like_summary(text):
                return text, el
    for heading in anchor.iter(*_HEADINGS):
        text = _visible_text(heading)
        if text and not _looks_like_summary(text):
            return text, heading

    def skip(el: Element) -> bool:
        if _skip_in_title(el):
            return True
        if el.tag in _HEADINGS or el.tag == "p":
            return _looks_like_summary(_visible_text(el))
        return False

    pieces = _segments(anchor, skip)
    kept = [
        p
        for n, p in enumerate(pieces)
        if not _date_only(p)
        and not _looks_like_summary(p)
        and not _READ_MORE.fullmatch(p)
        and any(c.isalpha() for c in p)  # a rank or a counter ("1", "12 ·")
        and not (n and _prose(p))
    ]
    if 0 < len(kept) < len(pieces):  # a card inside its link: its date or teaser, not its title
        return _strip_dates(_clean(" ".join(kept))), anchor
    text = _visible_text(anchor, skip)
    if not _WORD.search(text):
        text = _visible_text(anchor)
    return _strip_dates(text), anchor


def _segments(anchor: Element, skip: Callable[[Element], bool]) -> list[str]:
    """The link's text cut where a block element (a <span>, <div>, <p>, <time>) starts or ends;
    inline markup (<em>, <b>) stays inside its piece."""
    inner = [c for c in anchor if isinstance(c.tag, str) and c.tag not in _HIDDEN]
    if (
        len(inner) == 1
        and inner[0].tag in _BLOCKS
        and not (anchor.text or "").strip()
        and not (inner[0].tail or "").strip()
    ):
        return _segments(inner[0], skip)  # the card's one wrapper: its parts are the pieces
    pieces: list[str] = []
    current: list[str] = [anchor.text or ""]
    for child in anchor:
        tag = child.tag
        if isinstance(tag, str) and tag not in _HIDDEN and not skip(child):
            if tag in _BLOCKS:
                pieces.append("".join(current))
                pieces.append(_visible_text(child))
                current = []
            else:
                current.append(_visible_text(child))
        current.append(child.tail or "")
    pieces.append("".join(current))
    return [text for text in (_clean(p) for p in pieces) if _WORD.search(text)]


def _enclosing_heading(anchor: Element, item: Element) -> Element | None:
    el: Element | None = anchor
    while el is not None:
        if el.tag in _HEADINGS:
            return el
        if el is item:
            return None
        el = el.getparent()
    return None


def _item_title(
    link: _Link, item: Element, boilerplate: frozenset[str], same_url: Sequence[Element]
) -> tuple[str, Element]:
    """The item's title and the element holding it.

    In order: the heading around (or in) a link to the item's URL; a link's own title-like text
    (without dates, teasers, badges); the card's heading when the link's text is weak ("read
    more", a date, an icon); the link's `title`/`aria-label`; an image's `alt`. Never a URL.
    A visibly truncated title ("…") gives way to the full one in a `title` attribute.
    """
    anchors = [link.anchor]
    card = item if item is not link.anchor else item.getparent()
    if card is not None:
        anchors += [a for a in same_url if a is not link.anchor and _is_ancestor(card, a)]
    title, element = "", link.anchor
    for anchor in anchors:
        heading = _enclosing_heading(anchor, item)
        if heading is not None:
            text = _strip_dates(_visible_text(heading, _skip_in_title))
            if not _is_weak_title(text, frozenset()):
                title, element = text, heading
                break
    if not title:
        for anchor in anchors:
            text, el = _link_title(anchor)
            if not _is_weak_title(text, boilerplate):
                title, element = text, el
                break
    if not title and item is not link.anchor:
        for heading in item.iter(*_HEADINGS):
            text = _strip_dates(_visible_text(heading, _skip_in_title))
            if not _is_weak_title(text, boilerplate):
                title, element = text, heading
                break
    if not title:
        for anchor in anchors:
            img = next(anchor.iter("img"), None)
            for value in (
                anchor.get("title"),
                anchor.get("aria-label"),
                img.get("alt") if img is not None else None,
            ):
                text = _clean(value)
                if text and not _is_weak_title(text, frozenset()):
                    return text, anchor
        return "", link.anchor
    if title.endswith(("…", "...")):
        stem = title.rstrip("….").rstrip()
        for anchor in anchors:
            for el in (anchor, element):
                for attr in ("title", "aria-label"):
                    full = _clean(el.get(attr))
                    if len(full) >= len(stem) and full != title and full.startswith(stem):
                        return full, element
    return title, element


def _boilerplate(links: Sequence[_Link]) -> frozenset[str]:
    """Link texts most items of a list share ("Read more", "Continue"): not titles."""
    counts: dict[str, int] = {}
    for link in links:
        text = link.text.casefold()
        if text and len(_WORD.findall(text)) <= 5:
            counts[text] = counts.get(text, 0) + 1
    floor = max(3, len(links) / 2)
    return frozenset(text for text, n in counts.items() if n >= floor)


def _machine_dates(el: Element | None) -> list[str]:
    """The date element's machine-readable attributes (datetime, content, title, …)."""
    if el is None:
        return []
    found = []
    for attr in ("datetime", "content", "title", "data-date", "data-timestamp"):
        value = _clean(el.get(attr))
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


def _item_dates(root: Element, parts: Sequence[_Parts]) -> list[tuple[str, ...]]:
    """Date candidates for each item, best first.

    Inside the item: a date element's machine-readable attributes, then the first date phrase
    (outside the title), written `YYYY-MM-DD` so the date chain reads it whatever the page's
    language. An item without one takes the date printed beside it: in the siblings between it
    and the next item (a `<time>` after an `<h2>`), or before it (a `<dt>` before its `<dd>`),
    whichever side the list's items use. Numbers whose order is a choice follow the order the
    page's other dates prove, else the page's language; a date without a year takes the year
    of the year heading above it.
    """
    language = _page_language(root)
    mdy = month_first(language)
    found = [_inside(p, mdy) for p in parts]
    missing = [i for i, f in enumerate(found) if not f.candidates and not f.phrases]
    if missing and len(parts) >= 2:
        _beside(parts, found, missing, mdy)
        missing = [i for i, f in enumerate(found) if not f.candidates and not f.phrases]
        if len(missing) >= 2:
            _under_date_headings(root, parts, found, missing, mdy)
    phrases = [f.phrases[0] for f in found if f.phrases]
    order = {p.evidence for p in phrases if p.evidence}
    years = _YearHeadings(root) if any(p.year is None for p in phrases) else None
    result = []
    for f in found:
        candidates = list(f.candidates)
        if f.phrases:
            phrase = f.phrases[0]
            if phrase.ambiguous and len(order) == 1 and phrase.ambiguous not in order:
                phrase = phrase.swapped()
            year = None
            if years is not None and phrase.year is None:
                year = years.year_before(f.anchor)
            iso = phrase.iso(year)
            raw = f.text[phrase.start : phrase.end].strip()
            candidates += [c for c in (iso, raw) if c]
        elif f.text:
            match = _DATE_TEXT.search(f.text)  # "3 days ago", "hier", … for the date chain
            if match:
                candidates.append(match.group(0))
        result.append(tuple(dict.fromkeys(c for c in candidates if c)))
    return result


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


def _inside(parts: _Parts, mdy: bool) -> _Found:
    candidates = _machine_dates(parts.date)
    title = parts.title if parts.title is not parts.item else None
    if parts.date is not None:
        text = _visible_text(parts.date)
        phrases = _dates_in(text, mdy)
        if phrases:
            return _Found(candidates, phrases, text, parts.date)
        if text and not candidates:
            candidates.append(text)
    if parts.item is parts.anchor and title is None:
        text = _visible_text(parts.item)  # a date in the link's text, left out of its title
        return _Found(candidates, _dates_in(text, mdy), text, parts.item)
    skip = (lambda el: el is title) if title is not None else None
    text = _visible_text(parts.item, skip, _MAX_CARD_ELEMENTS)
    phrases = _dates_in(text, mdy)
    if not phrases and not candidates and title is not None:
        title_text = _visible_text(title)
        in_title = _dates_in(title_text, mdy)
        if in_title:
            return _Found(candidates, in_title, title_text, parts.item)
    return _Found(candidates, phrases, text, parts.item)


def _beside(parts: Sequence[_Parts], found: list[_Found], missing: list[int], mdy: bool) -> None:
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
                and sibling.tag not in _HIDDEN
                and len(_text(sibling)) <= _MAX_DATE_LINE
            ):
                candidates = _machine_dates(sibling if sibling.tag == "time" else None)
                time_el = next(sibling.iter("time"), None) if sibling.tag != "time" else None
                candidates += _machine_dates(time_el)
                text = _visible_text(sibling)
                phrases = find_dates(text, mdy)
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
    root: Element, parts: Sequence[_Parts], found: list[_Found], missing: list[int], mdy: bool
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
        elif el.tag in _HEADINGS:
            text = _visible_text(el)
            phrases = find_dates(text, mdy) if len(text) <= 60 else ()
            if len(phrases) == 1 and phrases[0].year is not None:
                rest = text[: phrases[0].start] + text[phrases[0].end :]
                if len(_WORD.findall(rest)) <= 1:  # a weekday at most
                    headings.append((phrases[0], text, el))
    if len({n for n in at.values() if n >= 0}) < 2:
        return
    for i, n in at.items():
        if n >= 0:
            phrase, text, heading = headings[n]
            found[i] = _Found([], (phrase,), text, heading)


class _YearHeadings:
    """Elements whose whole text is a year (`<h2>2024</h2>`), in document order."""

    def __init__(self, root: Element) -> None:
        self._order: dict[Element, int] = {}
        self._years: list[tuple[int, int]] = []
        for n, el in enumerate(root.iter()):
            self._order[el] = n
            text = el.text
            if text and len(el) == 0 and len(text) < 40:
                match = _YEAR.fullmatch(text.strip())
                if match:
                    self._years.append((n, int(match.group(1))))

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


def _image_url(img: Element) -> str:
    for attr in ("data-src", "data-lazy-src", "data-original", "data-srcset", "srcset", "src"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value.split(",")[0].strip().split(" ")[0] if "srcset" in attr else value
    return ""


@dataclass(slots=True)
class _Parts:
    """The elements of one item that hold its fields."""

    item: Element
    anchor: Element
    title: Element
    title_text: str
    date: Element | None
    summary: Element | None
    image: Element | None
    author: Element | None


def _parts(
    link: _Link, item: Element, boilerplate: frozenset[str], same_url: Sequence[Element]
) -> _Parts:
    """Find the field elements of one item in a single walk over it."""
    title_text, title = _item_title(link, item, boilerplate, same_url)
    parts = _Parts(
        item=item,
        anchor=link.anchor,
        title=title,
        title_text=title_text,
        date=None,
        summary=None,
        image=None,
        author=None,
    )
    if item is link.anchor:
        parts.image = next((img for img in item.iter("img") if _image_url(img)), None)
        if title is not item:  # a card inside its link: its date is there too
            parts.date = next(
                (
                    el
                    for el in itertools.islice(item.iter(), _MAX_CARD_ELEMENTS)
                    if isinstance(el.tag, str)
                    and el is not title
                    and (el.tag == "time" or _is_date_element(el, _class_words(el)))
                ),
                None,
            )
        return parts
    # a set of the elements themselves (not their ids): it keeps lxml's proxies alive
    around_title = set(title.iterancestors()) | set(title.iter())
    paragraph: Element | None = None
    for el in item.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "img":
            if parts.image is None and _image_url(el):
                parts.image = el
            continue
        words = _class_words(el)
        if parts.date is None and (
            tag == "time"
            or _is_date_element(el, words)
            or (el not in around_title and _dated_attribute(el))
        ):
            parts.date = el
        if parts.author is None and _is_author_element(el, words):
            parts.author = el
        if parts.summary is None and el not in around_title:
            if words and _SUMMARY_WORDS.search(words) and len(_text(el)) >= 20:
                parts.summary = el
            elif paragraph is None and tag == "p" and len(_text(el)) >= 40:
                paragraph = el
    if parts.summary is None:
        parts.summary = paragraph
    time_el = _published_time(item)
    if time_el is not None:
        parts.date = time_el
    return parts


def _published_time(item: Element) -> Element | None:
    """The item's `<time>`: the first, unless it is marked as an update (class, itemprop) and
    another is not."""
    times = item.findall(".//time")
    if len(times) < 2:
        return times[0] if times else None
    for el in times:
        words = f"{_class_words(el)} {el.get('itemprop') or ''}".lower()
        if not _UPDATED_WORDS.search(words):
            return el
    return times[0]


def _is_date_element(el: Element, words: str) -> bool:
    # a date is a small element: a few children at most (a <span> for the day, one for the month)
    if not words or el.tag == "a" or len(el) > 4 or not _DATE_WORDS.search(words):
        return False
    text = _text(el)
    if len(text) <= 60 and bool(_DATE_TEXT.search(text) or find_dates(text)):
        return True
    # "3 days ago" with the date itself in an attribute
    return any(find_dates(el.get(attr) or "") for attr in ("title", "datetime", "data-date"))


_DATE_ATTRIBUTES = ("title", "data-date", "datetime", "content")


def _dated_attribute(el: Element) -> bool:
    """A small element whose `title` (or `data-date`, …) attribute holds a whole date (`<span
    title="5 March 2024">3 days ago</span>`, `<abbr title="2024-03-05">`)."""
    values = [v for v in map(el.get, _DATE_ATTRIBUTES) if v]
    if not values or el.tag == "a" or len(el) > 4 or len(_text(el)) > 40:
        return False
    return any(p.year is not None for value in values for p in find_dates(value))


def _is_author_element(el: Element, words: str) -> bool:
    if el.get("rel") != "author" and not (words and _AUTHOR_WORDS.search(words)):
        return False
    return 0 < len(_text(el)) <= 80


def _raw_item(link: _Link, parts: _Parts, dates: tuple[str, ...], base: str, index: int) -> RawItem:
    values = {
        "title": parts.title_text or None,
        "link": (link.anchor.get("href") or "").strip(),
        "summary": _text(parts.summary) if parts.summary is not None else None,
        "image": _image_url(parts.image) if parts.image is not None else None,
        "author": _text(parts.author) if parts.author is not None else None,
    }
    return RawItem(index=index, values=values, dates=dates, base_url=base)


def _detection_from_group(
    root: Element,
    group: _Group,
    base: str,
    sig: _Signatures,
    links: Sequence[_Link],
    extra: Sequence[tuple[_Link, Element]] = (),
) -> Detection:
    items: list[RawItem] = []
    parts: list[_Parts] = []
    kept: list[_Link] = []
    seen: set[str] = set()
    firsts = _first_links(group)
    boilerplate = _boilerplate(firsts)
    # every link of the page by URL: a card may link its item twice (picture, date, "more")
    by_url: dict[str, list[Element]] = {}
    for other in links:
        by_url.setdefault(_url_key(other.url), []).append(other.anchor)
    for link in firsts:
        key = _url_key(link.url)
        if key in seen:
            continue
        seen.add(key)
        same_url = by_url.get(key, ()) if len(by_url.get(key, ())) > 1 else ()
        parts.append(_parts(link, link.chain[group.level], boilerplate, same_url))
        kept.append(link)
    selectors = {} if extra else _selectors(root, group, parts, sig)
    if extra:
        for link, item in extra:
            key = _url_key(link.url)
            same_url = by_url.get(key, ()) if len(by_url.get(key, ())) > 1 else ()
            parts.append(_parts(link, item, frozenset(), same_url))
            kept.append(link)
        order = sorted(range(len(kept)), key=lambda i: kept[i].order)
        kept = [kept[i] for i in order]
        parts = [parts[i] for i in order]
    dates = _item_dates(root, parts)
    pairs = list(zip(kept, parts, dates, strict=True))
    if extra:
        pairs = _newest_first(pairs)
    for link, item_parts, item_dates in pairs:
        items.append(_raw_item(link, item_parts, item_dates, base, len(items)))
    return Detection(
        items=tuple(items),
        # teasers gathered from several blocks: no one CSS selector gives them all
        method="blocks" if extra else "heuristic",
        selectors=selectors,
        feed_links=(),
        score=round(group.score, 3),
    )


def _newest_first(
    pairs: list[tuple[_Link, _Parts, tuple[str, ...]]],
) -> list[tuple[_Link, _Parts, tuple[str, ...]]]:
    """Items of several blocks newest first, when most carry a date the chain reads exactly
    (`YYYY-MM-DD…`); the undated keep their page order after them."""
    days = [next((d for d in dates if _ISO_DAY.match(d)), None) for _, _, dates in pairs]
    if sum(d is not None for d in days) < 0.8 * len(pairs):
        return pairs
    dated = sorted(
        (i for i, d in enumerate(days) if d is not None),
        key=lambda i: days[i] or "",
        reverse=True,
    )
    undated = [i for i, d in enumerate(days) if d is None]
    return [pairs[i] for i in (*dated, *undated)]


# --------------------------------------------------------------------------------------------
# the heuristic: CSS selectors


def _selectors(
    root: Element, group: _Group, parts: list[_Parts], sig: _Signatures
) -> dict[str, str]:
    items = [p.item for p in parts]
    selectors = {
        "items": _items_selector(root, group, items, sig),
        "title": _relative_selector(items, [p.title for p in parts], sig),
        "link": _relative_selector(items, [p.anchor for p in parts], sig),
    }
    optional = {
        "date": [p.date for p in parts],
        "summary": [p.summary for p in parts],
        "image": [p.image for p in parts],
    }
    for name, targets in optional.items():
        present = [(i, t) for i, t in zip(items, targets, strict=True) if t is not None]
        if len(present) >= max(1, len(items) // 2):
            selector = _relative_selector([i for i, _ in present], [t for _, t in present], sig)
            if selector:
                selectors[name] = selector
    # a title cleaned of dates, badges or hidden text, or taken from an attribute, is not the
    # text of any element: no selector gives it (the proposal is then `items: auto`)
    if any(_text(p.title) != p.title_text for p in parts):
        del selectors["title"]
    return selectors


def _simple(el: Element, sig: _Signatures) -> str:
    """A readable simple selector: the tag plus at most two stable classes."""
    return ".".join(sig(el).split(".")[:3])


def _common_simple(elements: Sequence[Element], sig: _Signatures) -> str:
    """The tag and up to two classes shared by all `elements` (an id if there is just one)."""
    first = elements[0]
    tag = first.tag if all(el.tag == first.tag for el in elements) else "*"
    shared = set(sig(first).split(".")[1:])
    for el in elements[1:]:
        shared &= set(sig(el).split(".")[1:])
    classes = [c for c in sig(first).split(".")[1:] if c in shared][:2]
    ident = first.get("id") or ""
    single = len({id(el) for el in elements}) == 1
    if single and re.fullmatch(r"[A-Za-z][\w-]*", ident) and not _GENERATED_CLASS.search(ident):
        return f"{tag}#{ident}"
    return tag + "".join(f".{c}" for c in classes)


def _items_selector(root: Element, group: _Group, items: list[Element], sig: _Signatures) -> str:
    wanted = {id(el) for el in items}
    links = _first_links(group)
    depth = min(len(link.chain) for link in links) - group.level
    levels = [
        _common_simple([link.chain[group.level + up] for link in links], sig) for up in range(depth)
    ]
    best, best_extra = levels[0], _extra(root, levels[0], wanted)
    if best_extra == 0:
        return best
    # the nearest few ancestors that have a class or id, then the whole path
    named = [ancestor for ancestor in levels[1:] if "." in ancestor or "#" in ancestor]
    candidates = [f"{ancestor} {levels[0]}" for ancestor in named[:_MAX_SELECTOR_TRIES]]
    candidates.append(" > ".join(reversed(levels)))
    for selector in candidates:
        extra = _extra(root, selector, wanted)
        if extra == 0:
            return selector
        if extra < best_extra:
            best, best_extra = selector, extra
    return best


def _extra(root: Element, selector: str, wanted: set[int]) -> int:
    """How many elements `selector` selects beyond `wanted` (a large number when it misses some)."""
    found = _select(root, selector)
    if found is None:
        return 1 << 30
    ids = {id(el) for el in found}
    if not wanted <= ids:
        return 1 << 30
    return len(ids - wanted)


def _relative_selector(
    items: Sequence[Element], targets: Sequence[Element], sig: _Signatures
) -> str:
    """The shortest selector that picks `target` first inside each item (descendant-or-self)."""
    first_item, first_target = items[0], targets[0]
    path: list[Element] = []
    el: Element | None = first_target
    while el is not None and el is not first_item:
        path.append(el)
        el = el.getparent()
    if el is None:
        return ""
    if not path:
        path = [first_item]
    candidates = [
        first_target.tag,
        _simple(first_target, sig),
        " ".join(_simple(p, sig) for p in reversed(path[:2])),
        " > ".join(_simple(p, sig) for p in reversed(path)),
    ]
    for selector in dict.fromkeys(candidates):
        if _picks_targets(selector, items, targets):
            return selector
    return candidates[-1]


def _picks_targets(selector: str, items: Sequence[Element], targets: Sequence[Element]) -> bool:
    try:
        compiled = CSSSelector(selector)
    except (ValueError, XPathError, SyntaxError):
        return False
    hits = 0
    for item, target in zip(items, targets, strict=True):
        found = _elements(compiled(item))
        if found and found[0] is target:
            hits += 1
    return hits >= 0.9 * len(items)


def _select(root: Element, selector: str) -> list[Element] | None:
    try:
        found = CSSSelector(selector)(root)
    except (ValueError, XPathError, SyntaxError):
        return None
    return _elements(found)


def _elements(result: object) -> list[Element]:
    """The elements of an XPath/CSS result (which lxml types as any XPath value)."""
    if not isinstance(result, list):
        return []
    return [el for el in result if isinstance(el, Element)]
