"""The page as a tree: decoded, parsed once, and prepared (removals, ruby annotations, lazy
images).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from feedsmith.article.text import elements, html_parser
from feedsmith.decoding import decode
from feedsmith.publishable import xml_safe, xml_safe_source

# Comments and processing instructions split text nodes, which trips trafilatura's heuristics.
_HTML_PARSER = html_parser(remove_comments=True, remove_pis=True, collect_ids=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LAZY_SRC = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
)
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "srcset")


def decode_page(data: str | bytes) -> str:
    """Served bytes as text, by the fetcher's rules (`feedsmith.decoding`)."""
    return data if isinstance(data, str) else decode(data)[0]


def parse_page(text: str) -> lxml.html.HtmlElement | None:
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
def css(selector: str) -> CSSSelector:
    return CSSSelector(selector)


def prepare(root: lxml.html.HtmlElement, base: str, remove: Sequence[str]) -> None:
    """Drop ``remove`` matches and ruby annotations, resolve lazy images (in place)."""
    for selector in remove:
        for element in elements(css(selector)(root)):
            element.drop_tree()
    # ruby annotations (furigana) are a reading aid, not text: 子(こ)ども reads 子ども
    for annotation in list(root.iter("rt", "rp")):
        annotation.drop_tree()
    for img in root.iter("img"):
        _resolve_lazy_image(img)


def absolute_link(base: str, href: str) -> str | None:
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
