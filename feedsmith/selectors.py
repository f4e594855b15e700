"""Compile the selector strings users write: CSS by default, ``xpath:`` prefix for XPath.

Compiled selectors are cached by their text, so each distinct selector is compiled once per
process however many feeds and items use it.
"""

from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

XPATH_PREFIX = "xpath:"
_css = HTMLTranslator()


class SelectorSyntaxError(ValueError):
    """The selector text is not valid CSS or XPath."""


@lru_cache(maxsize=4096)
def compile_selector(selector: str) -> etree.XPath:
    """Return a compiled XPath for a CSS selector, or for ``xpath:EXPR``.

    CSS selectors are relative to the context node (``descendant-or-self``), so ``h2 a`` run on an
    item finds the item's own heading link; ``.`` or ``:scope`` means the item itself.
    """
    text = selector.strip()
    try:
        if text.startswith(XPATH_PREFIX):
            return etree.XPath(text[len(XPATH_PREFIX) :].strip())
        if text in {".", ":scope"}:
            return etree.XPath("self::*")
        return etree.XPath(_css.css_to_xpath(text, prefix="descendant-or-self::"))
    except (SelectorError, etree.XPathSyntaxError) as exc:
        kind = "XPath" if text.startswith(XPATH_PREFIX) else "CSS"
        raise SelectorSyntaxError(f"invalid {kind} selector {selector!r}: {exc}") from exc
