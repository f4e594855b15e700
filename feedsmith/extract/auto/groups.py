"""The heuristic's typed data: a link with its ancestor chain, a group of links that may be a
list, and the memoised tag-and-class signatures that group them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element as Element

# classes that say nothing stable about the element's role
_STATE_CLASS = re.compile(
    r"^(?:is-|has-|js-)|^(?:active|selected|current|first|last|odd|even|show|shown|hidden|open"
    r"|visible|clearfix|row|col|ng-star-inserted|ng-scope)$"
)
GENERATED_CLASS = re.compile(r"\d{3,}|[0-9a-f]{8}-|^css-|^sc-|^jsx-|__[a-z0-9]{5}$")
# a class that numbers the element among its siblings (`et_pb_blog_item_0_3`, `views-row-2`)
_INDEX_CLASS = re.compile(r"[a-z][-_]\d{1,2}(?:[-_]\d{1,2})*$")


@dataclass(slots=True)
class Link:
    anchor: Element
    # anchor first, then its ancestors up to the root
    chain: list[Element]
    url: str
    text: str
    # position among the page's links
    order: int


@dataclass(slots=True)
class Group:
    links: list[Link]
    # how many levels above the anchor the item element sits
    level: int = 0
    score: float = 0.0


class Signatures:
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
        if _STATE_CLASS.search(low) or GENERATED_CLASS.search(low) or _INDEX_CLASS.search(low):
            continue
        if not re.fullmatch(r"-?[_a-zA-Z][_a-zA-Z0-9-]*", cls):
            continue
        classes.append(cls)
    return sorted(set(classes))


def first_links(group: Group) -> list[Link]:
    """One link per item: the first of the group inside it."""
    seen: set[int] = set()
    result: list[Link] = []
    for link in group.links:
        key = id(link.chain[group.level])
        if key not in seen:
            seen.add(key)
            result.append(link)
    return result
