"""Run the user's item selector and field specs on a parsed page.

lxml does the parsing and selecting (CSS through cssselect, XPath natively); the values that come
out are plain strings in `RawItem`s. Nothing is interpreted here: dates stay text, links may be
relative. The one change made to the document is resolving links and lazy images inside HTML
fields, so that an HTML summary never carries a relative URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml import etree
from lxml.html.defs import link_attrs

from feedsmith.config import FeedConfig, FieldSpec
from feedsmith.links import join
from feedsmith.publishable import xml_safe
from feedsmith.selectors import compile_selector
from feedsmith.types import RawItem

if TYPE_CHECKING:
    from feedsmith.reuse import ItemMemo

HTML_FIELDS = frozenset({"summary", "content"})
LAZY_IMAGE_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "src", "srcset")
_DEFAULT_ATTRS = {
    "link": ("href",),
    "source_url": ("href",),
    "image": (*LAZY_IMAGE_ATTRS, "data-srcset", "content"),
}
# When a feed gives an item selector but no fields, these find the usual parts of a card.
DEFAULT_FIELDS = {
    "title": FieldSpec(selector="xpath:(.//h1|.//h2|.//h3|.//h4|.//a[normalize-space()])[1]"),
    "link": FieldSpec(selector="xpath:(self::a[@href]|.//a[@href])[1]"),
    "date": FieldSpec(selector="xpath:(.//time|.//*[contains(@class,'date')])[1]"),
    "summary": FieldSpec(selector="xpath:.//p[normalize-space()][1]"),
    "image": FieldSpec(selector="img"),
}
_SPACE = re.compile(r"\s+")


def clean_space(text: str) -> str:
    """Collapse runs of white space (non-breaking spaces included) to one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def find_items(root: lxml.html.HtmlElement, selector: str) -> list[etree._Element]:
    found = compile_selector(selector)(root)
    return [n for n in found if isinstance(n, etree._Element)] if isinstance(found, list) else []


def text_of(element: etree._Element) -> str:
    """The element's text, white space collapsed."""
    return clean_space("".join(t for t in element.itertext() if isinstance(t, str)))


def extract_items(
    root: lxml.html.HtmlElement, feed: FeedConfig, base_url: str, memo: ItemMemo | None = None
) -> tuple[RawItem, ...]:
    """One `RawItem` per element the feed's item selector matches; with a ``memo``, an item
    whose markup was read before is taken from it (`feedsmith.reuse`)."""
    assert feed.items is not None
    specs = feed.fields.specs() or DEFAULT_FIELDS
    items = []
    for index, node in enumerate(find_items(root, feed.items)):
        key = memo.key(node, base_url) if memo is not None else None
        if key is not None:
            assert memo is not None
            known = memo.raw(key, index, base_url)
            if known is not None:
                items.append(known)
                continue
        values: dict[str, str | None] = {}
        dates: tuple[str, ...] = ()
        categories: tuple[str, ...] = ()
        for name, spec in specs.items():
            if name == "date":
                dates = date_candidates(node, spec)
            elif name == "categories":
                categories = tuple(_all_texts(node, spec))
            else:
                values[name] = field_value(node, spec, name, base_url)
        item = RawItem(
            index=index,
            values=values,
            dates=dates,
            categories=categories,
            base_url=base_url,
            key=key,
        )
        if key is not None:
            assert memo is not None
            memo.keep_raw(key, item)
        items.append(item)
    return tuple(items)


def _matches(node: etree._Element, spec: FieldSpec) -> list[Any]:
    if spec.selector is None:
        return []
    result = compile_selector(spec.selector)(node)
    return result if isinstance(result, list) else [result]


def cut(value: str | None, spec: FieldSpec) -> str | None:
    """The part of ``value`` the spec's regex keeps (its first group, if it has one)."""
    if value is None or spec.regex is None:
        return value
    match = re.search(spec.regex, value, flags=re.DOTALL)
    if match is None:
        return None
    return match.group(1) if match.groups() else match.group(0)


def field_value(node: etree._Element, spec: FieldSpec, name: str, base_url: str) -> str | None:
    """The first non-empty value the spec finds in the item, or None."""
    as_html = spec.html if spec.html is not None else name in HTML_FIELDS
    attrs = tuple(spec.attr) or _DEFAULT_ATTRS.get(name, ())
    for match in _matches(node, spec):
        value = cut(_value_of(match, attrs, as_html, name, base_url), spec)
        if value:
            return value
    return None


def _value_of(
    match: Any, attrs: Sequence[str], as_html: bool, name: str, base_url: str
) -> str | None:
    if not isinstance(match, etree._Element):
        return None if isinstance(match, bool) else clean_space(str(match))
    if attrs:
        value = first_attr(match, attrs)
        if value is None and name in ("link", "source_url"):
            # a heading selected as the link: use the anchor inside or around it
            anchor = _nearest_anchor(match)
            value = anchor.get("href") if anchor is not None else None
        # an attribute asked for (or implied, for links and images) never falls back to text
        return value
    if as_html:
        return inner_html(match, base_url)
    return text_of(match)


def first_attr(element: etree._Element, attrs: Iterable[str]) -> str | None:
    """The first attribute with a usable value; placeholders such as data: URIs are skipped."""
    for attr in attrs:
        value = element.get(attr)
        if value is None:
            continue
        value = value.strip()
        if attr.endswith("srcset"):
            value = value.split(",")[0].strip().split(" ")[0]
        if value and not value.startswith("data:"):
            return xml_safe(value)  # lxml takes back only XML-safe text (``src="&#1;"``)
    return None


def _nearest_anchor(element: etree._Element) -> etree._Element | None:
    for candidate in element.iterdescendants("a"):
        if candidate.get("href"):
            return candidate
    for candidate in element.iterancestors("a"):
        if candidate.get("href"):
            return candidate
    return None


def inner_html(element: etree._Element, base_url: str) -> str:
    """The element's content as HTML, with links and lazy images made absolute."""
    if len(element) == 0 and _holds_no_link(element):
        # text only (the usual summary): nothing for `_inner_html` to find or change
        return _escape(element.text or "").strip()
    return _inner_html(element, base_url)


def _inner_html(element: etree._Element, base_url: str) -> str:
    """`inner_html` in full: lazy images and links rewritten in the tree, then written."""
    if isinstance(element, lxml.html.HtmlElement):
        for img in element.iter("img"):
            real = first_attr(img, LAZY_IMAGE_ATTRS)
            if real is not None:
                img.set("src", real)
        if base_url:
            # not make_links_absolute: it searches the whole document for <base> on every call
            # (lxml passes resolve_base_href=True on to rewrite_links); base_url honours it
            element.rewrite_links(partial(_join, base_url), resolve_base_href=False)
    parts = [_escape(element.text or "")]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in element]
    return "".join(parts).strip()


# what lxml's `iterlinks` reads on one element: these attributes, a style attribute, and
# elements whose content or other attributes hold links; an <img> is rewritten above
_LINK_ATTRS = link_attrs | {"style"}
_LINK_TAGS = frozenset({"object", "meta", "param", "style", "img"})


def _holds_no_link(element: etree._Element) -> bool:
    """Whether an element alone (its children aside) gives `inner_html` nothing to rewrite."""
    tag = element.tag
    return (
        isinstance(tag, str)
        and "}" not in tag
        and tag not in _LINK_TAGS
        and _LINK_ATTRS.isdisjoint(element.attrib.keys())
    )


def _join(base_url: str, href: str) -> str:
    # an attribute lxml is given back must be XML-safe (``href="x&#1;y"`` decodes to a control)
    try:
        return xml_safe(join(base_url, href))
    except ValueError:
        return xml_safe(href)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def date_candidates(node: etree._Element, spec: FieldSpec) -> tuple[str, ...]:
    """Date strings for one item, machine-readable attributes first, then the visible text."""
    found: list[str] = []
    for match in _matches(node, spec):
        if not isinstance(match, etree._Element):
            found.append(cut(clean_space(str(match)), spec) or "")
            continue
        if spec.attr:
            found.append(first_attr(match, spec.attr) or "")
            continue
        for holder in (match, *match.iterdescendants("time")):
            for attr in ("datetime", "content"):
                value = holder.get(attr)
                if value:
                    found.append(value.strip())
        found.append(cut(text_of(match), spec) or "")
        break
    return tuple(dict.fromkeys(v for v in found if v))


def _all_texts(node: etree._Element, spec: FieldSpec) -> list[str]:
    texts = []
    for match in _matches(node, spec):
        raw = text_of(match) if isinstance(match, etree._Element) else clean_space(str(match))
        value = cut(raw, spec)
        if value:
            texts.append(value)
    return list(dict.fromkeys(texts))
