"""Small helpers on text and elements shared by the article modules."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

NOT_ALNUM = re.compile(r"[\W_]+")
# `norm` on ASCII text: bytes lowered, and the bytes that are not letters or digits dropped
_LOWER = bytes(range(256)).lower()
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
# lxml.html's parsers pick each element's class by its tag (form elements get classes of their
# own) in a Python call the first time the code touches the element: ~1 µs each, most of what
# walking a page costs. These parsers make every element an `HtmlElement` (the same methods;
# the form helpers go, which nothing here or in trafilatura uses), looked up in C.
_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
BLOCK_TAGS = frozenset(
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


def html_parser(
    *, remove_comments: bool = False, remove_pis: bool = False, collect_ids: bool = True
) -> lxml.html.HTMLParser:
    """An HTML parser (lxml.html's options) whose elements are all `lxml.html.HtmlElement`."""
    parser = lxml.html.HTMLParser(
        remove_comments=remove_comments, remove_pis=remove_pis, collect_ids=collect_ids
    )
    parser.set_element_class_lookup(_CLASSES)
    return parser


# as lxml.html parses fragments by default (comments kept)
_FRAGMENT_PARSER = html_parser()


def parse_fragment(html: str) -> lxml.html.HtmlElement:
    """A piece of HTML parsed into a ``<div>``, as ``lxml.html.fragment_fromstring`` does."""
    return lxml.html.fragment_fromstring(html, create_parent="div", parser=_FRAGMENT_PARSER)


def squash(value: str) -> str:
    return " ".join(unescape(value).split())


def norm(value: str) -> str:
    """Letters and digits only, compared without case or compatibility forms.

    ASCII text in one pass in C (NFKC leaves it as it is and case folding lowers it). Other
    text loses its white space first, also in C (it is never a letter or a digit): the
    substitution then has a few marks to drop, not every gap between words.
    """
    if value.isascii():
        return value.encode("ascii").translate(_LOWER, _ASCII_NOT_ALNUM).decode("ascii")
    folded = "".join(unicodedata.normalize("NFKC", value).casefold().split())
    return NOT_ALNUM.sub("", folded)


def elements(result: object) -> list[lxml.html.HtmlElement]:
    """The elements of an XPath or CSS selector result (which mypy sees as a wide union)."""
    if not isinstance(result, list):
        return []
    return [item for item in result if isinstance(item, lxml.html.HtmlElement)]


def to_html(element: etree._Element, *, with_tail: bool = True) -> str:
    return str(etree.tostring(element, encoding="unicode", method="html", with_tail=with_tail))


def is_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return bool(parts.scheme in ("http", "https") and parts.netloc) or value.startswith("www.")


def text_of(element: etree._Element) -> str:
    return "".join(str(text) for text in element.itertext())
