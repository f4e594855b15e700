"""CSS selectors for the chosen list: one for the items on the document and one per field relative
to an item, each checked against the page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.cssselect import CSSSelector
from lxml.etree import XPathError
from lxml.etree import _Element as Element

from feedsmith.extract.auto.elements import text_of
from feedsmith.extract.auto.groups import GENERATED_CLASS, Group, Signatures, first_links
from feedsmith.extract.auto.parts import Parts

# ancestors tried to narrow down the items selector
_MAX_SELECTOR_TRIES = 4


def derive_selectors(
    root: Element, group: Group, parts: list[Parts], sig: Signatures
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
    if any(text_of(p.title) != p.title_text for p in parts):
        del selectors["title"]
    return selectors


def _simple(el: Element, sig: Signatures) -> str:
    """A readable simple selector: the tag plus at most two stable classes."""
    return ".".join(sig(el).split(".")[:3])


def _common_simple(elements: Sequence[Element], sig: Signatures) -> str:
    """The tag and up to two classes shared by all `elements` (an id if there is just one)."""
    first = elements[0]
    tag = first.tag if all(el.tag == first.tag for el in elements) else "*"
    shared = set(sig(first).split(".")[1:])
    for el in elements[1:]:
        shared &= set(sig(el).split(".")[1:])
    classes = [c for c in sig(first).split(".")[1:] if c in shared][:2]
    ident = first.get("id") or ""
    single = len({id(el) for el in elements}) == 1
    if single and re.fullmatch(r"[A-Za-z][\w-]*", ident) and not GENERATED_CLASS.search(ident):
        return f"{tag}#{ident}"
    return tag + "".join(f".{c}" for c in classes)


def _items_selector(root: Element, group: Group, items: list[Element], sig: Signatures) -> str:
    wanted = {id(el) for el in items}
    links = first_links(group)
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
    items: Sequence[Element], targets: Sequence[Element], sig: Signatures
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
