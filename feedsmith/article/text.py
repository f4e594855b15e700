"""Small helpers on text and elements shared by the article modules."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

NOT_ALNUM = re.compile(r"[\W_]+")
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


def squash(value: str) -> str:
    return " ".join(unescape(value).split())


def norm(value: str) -> str:
    return NOT_ALNUM.sub("", unicodedata.normalize("NFKC", value).casefold())


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
