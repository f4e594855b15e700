"""The body as readers get it: absolute links, without the repeated headline, repeated blocks,
sign-up boxes, decorations and empty blocks.
"""

from __future__ import annotations

import re
from functools import partial

import lxml.html
from lxml import etree

from feedsmith.article.images import not_content
from feedsmith.article.source import absolute_link
from feedsmith.article.text import norm, parse_fragment, to_html

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


def finish(html: str, base: str, title: str | None, *, cleanup: bool = True) -> str:
    """The body as readers get it: links and image addresses absolute (done on the body alone:
    the page has many more links), and without what is not the article's (:func:`_tidy`; with
    ``cleanup`` false only the headline repeated at its top goes)."""
    if not html.strip():
        return html
    fragment = parse_fragment(html)
    # every link given back XML-safe: ``href="x&#1;y"`` decodes to a control character that
    # lxml refuses to set
    fragment.rewrite_links(partial(absolute_link, base), resolve_base_href=False)
    _tidy(fragment, title, cleanup=cleanup)
    return "".join(to_html(child) for child in fragment)


def _tidy(fragment: lxml.html.HtmlElement, title: str | None, *, cleanup: bool = True) -> None:
    """Drop from the body (in place): the headline repeated at its top (readers show the title
    already), a block said twice (a lead paragraph repeated), newsletter sign-up boxes, site
    logos and promotional images, links with nothing to click on, and blocks left empty."""
    first = next((c for c in fragment if c.text_content().strip()), None)
    if (
        first is not None
        and first.tag in _HEADINGS
        and title
        and norm(first.text_content()) == norm(title)
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
        if not_content(img):
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
        key = norm(block.text_content())
        if len(key) >= _MIN_REPEATED:
            copies.setdefault(key, []).append(block)
    for blocks in copies.values():
        if len(blocks) == 2:
            _drop(blocks[1])


def _drop(element: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    if isinstance(element, lxml.html.HtmlElement) and element.getparent() is not None:
        element.drop_tree()
