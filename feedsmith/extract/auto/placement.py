"""Where a block sits on the page: inside navigation, sidebars, tickers and banners (penalised),
or the main content (favoured); and whether a link lies in a menu, header, footer or form."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.etree import _Element as Element

from feedsmith.extract.auto.addresses import is_item_href
from feedsmith.extract.auto.elements import class_words
from feedsmith.extract.auto.groups import Group, Signatures
from feedsmith.extract.urlshape import has_article_kind, shape

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


# where a list of article links is never the content: menus, headers, footers, forms
_BOILERPLATE_TAGS = frozenset({"nav", "header", "footer", "menu", "form", "select"})
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[^a-z])(?:nav|navbar|navigation|menu|submenu|header|masthead|footer|breadcrumbs?"
    r"|pagination|pager|paging|skip|toolbar|dropdown|mega|megamenu|coupons?|deals?|shop"
    r"|partners?|sponsored|sponsor|promo|ads?|advert|advertisement|commerce)(?:$|[^a-z])"
)


# pager words: a container named so (`et_pb_ajax_pagination_container`) that holds headlines
# is the paged list itself, not its pager
_PAGER_WORDS = re.compile(r"(?:^|[^a-z])(?:pagination|pager|paging)(?:$|[^a-z])")
# headlines that make a container named like a pager the list it pages
_PAGED_HEADLINES = 3


def _paged_list(el: Element, words: str, bad: re.Pattern[str]) -> bool:
    """A container whose only bad words are a pager's, holding headlines (links of three
    words or more): the list that is paged, not the pager (whose links are numbers and
    "next")."""
    if not _PAGER_WORDS.search(words) or bad.search(_PAGER_WORDS.sub(" ", words)):
        return False
    headlines = 0
    for anchor in el.iter("a"):
        if len("".join(map(str, anchor.itertext())).split()) >= 3:
            headlines += 1
            if headlines >= _PAGED_HEADLINES:
                return True
    return False


def in_boilerplate(chain: Sequence[Element], memo: dict[Element, bool]) -> bool:
    """Inside navigation, a header or footer, a menu or a form (by tag or by class words),
    one that holds links to other articles: a card's own `<header>` or `card-header` around
    its headline, or a `promo` card with a link to its section, is part of the teaser."""
    for el in chain[1:]:
        bad = memo.get(el)
        if bad is None:
            words = class_words(el)
            bad = (
                el.tag in _BOILERPLATE_TAGS
                or bool(
                    words
                    and _BOILERPLATE_WORDS.search(words)
                    and not _paged_list(el, words, _BOILERPLATE_WORDS)
                )
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
        if not is_item_href(href) or not has_article_kind(k for k, _ in shape(href)[1:]):
            continue
        if first is None:
            first = href
        elif href != first:
            return True
    return False


def context_factor(group: Group, sig: Signatures, own_class: bool = True) -> float:
    """Penalise lists inside navigation, sidebars, tickers and banners; favour main content.
    Without `own_class`, the item's own class words do not count (only where it sits)."""
    chain = group.links[0].chain
    factor = 1.0
    bad_seen = False
    for depth, el in enumerate(chain[group.level :]):
        words = class_words(el) if own_class or depth > 0 else ""
        # `sidebar-right content`: a layout that has a sidebar, around the content
        bad = el.tag in _BAD_TAGS or (
            bool(_BAD_WORDS.search(words))
            and not _LAYOUT_CONTENT.search(words)
            and not _paged_list(el, words, _BAD_WORDS)
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
