"""Metadata from the visible markup: ``<title>``, headings, ``<time>``, rel="author" links,
bylines, home links, ``lang``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from feedsmith import byline
from feedsmith.article.signals import Meta
from feedsmith.article.text import elements, norm, squash
from feedsmith.article.visible import aside, says_updated, visible_parts, visible_text

_MAX_SUBHEADINGS = 20
# a heading made of more pieces than this is not cut into kicker and headline
_MAX_PIECES = 12
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


def _links_home(heading: etree._Element, page: str) -> bool:
    """Whether a heading is one link up to the site's (or section's) home: the site's name."""
    links = heading.findall(".//a[@href]")
    if not links or norm(visible_text(heading)) != norm(visible_text(links[0])):
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
        cuts.extend((squash("".join(pieces[:index])), squash("".join(pieces[index:]))))
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
        text = visible_text(link) or (logo.get("alt", "") if logo is not None else "")
        if 2 <= len(text) <= _MAX_SITE_NAME and text not in names:
            names.append(text)
        found += 1
        if found == _MAX_HOME_LINKS:
            break
    return names


def collect_markup(root: lxml.html.HtmlElement, meta: Meta, base: str) -> None:
    title = root.find(".//title")
    if title is not None:
        meta.page_title = squash(title.text_content())
    scope = elements(root.xpath("//article | //main | //*[@role='main']"))
    inside = scope[0] if scope else root
    own = list(inside.iter("h1"))
    others = list(root.iter("h1")) if scope else []
    lower = list(inside.iter("h2", "h3"))[:_MAX_SUBHEADINGS]
    for heading in dict.fromkeys([*own, *others, *lower]):
        pieces = visible_parts(heading)
        text = squash("".join(pieces))
        if _links_home(heading, base):
            meta.site_names.append(text)
        elif text and text not in meta.headings:
            meta.headings.append(text)
            meta.h1_count += heading in own
            meta.heading_cuts[text] = _cuts(pieces)
    times = elements(_STAMPS(root))
    for stamp in [t for t in times if not aside(t) and not says_updated(t)][:1]:
        meta.dates.append(stamp.get("datetime") or stamp.text_content())
    for link in elements(_REL_AUTHOR(root)):
        meta.authors.append(squash(link.text_content()))
    meta.bylines.extend(byline.visible_bylines(root))
    meta.scope = inside if scope else None
    meta.headline = own[0] if own else (others[0] if others else None)
    meta.home_names.extend(_home_link_names(root, base))
    html = root if root.tag == "html" else root.find(".//html")
    if html is not None:
        for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
            if html.get(attr):
                meta.langs.insert(0, html.get(attr, ""))
