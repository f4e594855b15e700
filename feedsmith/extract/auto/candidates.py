"""Candidate lists: the page's links, grouped by the tag-and-class path of their ancestors, each
group's item level found, and groups that are one list merged (sibling items with different
classes, the same kind of item in several sections)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from lxml.etree import _Element as Element

from feedsmith.extract.auto.addresses import is_item_href
from feedsmith.extract.auto.elements import text_of
from feedsmith.extract.auto.groups import Group, Link, Signatures
from feedsmith.extract.auto.placement import context_factor

_SKIP_SUBTREES = frozenset({"script", "style", "noscript", "template", "svg"})


def collect_links(root: Element, base: str) -> list[Link]:
    links: list[Link] = []
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not is_item_href(href):
            continue
        chain = [anchor]
        parent = anchor.getparent()
        skip = False
        while parent is not None:
            if parent.tag in _SKIP_SUBTREES:
                skip = True
                break
            chain.append(parent)
            parent = parent.getparent()
        if skip:
            continue
        url = urljoin(base, (href or "").strip())
        links.append(
            Link(anchor=anchor, chain=chain, url=url, text=text_of(anchor), order=len(links))
        )
    return links


def group_links(links: list[Link], sig: Signatures) -> list[Group]:
    groups: dict[tuple[str, ...], list[Link]] = {}
    for link in links:
        key = tuple(sig(el) for el in link.chain)
        groups.setdefault(key, []).append(link)
    return [Group(links=_unshared(members)) for members in groups.values()]


def _unshared(links: list[Link]) -> list[Link]:
    """The links without those to one address repeated on several items (an author, a
    category in every row of a table), when the links to addresses of their own are more."""
    if len(links) < 6:
        return links
    counts: dict[str, int] = {}
    for link in links:
        counts[link.url] = counts.get(link.url, 0) + 1
    shared = {url for url, n in counts.items() if n >= 3}
    if not shared or 2 * len(shared) >= len(counts):
        return links
    return [link for link in links if link.url not in shared]


def _item_level(group: Group) -> int:
    """The highest level at which every link still has an ancestor of its own."""
    depth = min(len(link.chain) for link in group.links) - 1
    level = 0
    for candidate in range(1, depth):
        ancestors = {id(link.chain[candidate]) for link in group.links}
        if len(ancestors) < _distinct_items(group, candidate - 1):
            break
        level = candidate
    return level


def _distinct_items(group: Group, level: int) -> int:
    return len({id(link.chain[level]) for link in group.links})


def merge_groups(groups: list[Group], sig: Signatures) -> list[Group]:
    """Join groups that are one list: sibling items whose classes differ (`category-news`), and
    the same kind of item repeated in several content sections."""
    repeated = [g for g in groups if len(g.links) >= 2]
    for group in repeated:
        group.level = _item_level(group)
    repeated = _merge_by(repeated, lambda g: _sibling_key(g, sig))
    _attach_single_links([g for g in groups if len(g.links) == 1], repeated, sig)
    return _merge_by(repeated, lambda g: _section_key(g, sig))


def _attach_single_links(singles: list[Group], groups: list[Group], sig: Signatures) -> None:
    """A link alone with its class path joins a list of its siblings (one item's odd class)."""
    by_key: dict[tuple[object, ...], Group] = {}
    for group in groups:
        key = _sibling_key(group, sig)
        if key is not None:
            by_key.setdefault(key, group)
    if not by_key:
        return
    for single in singles:
        link = single.links[0]
        for level in range(1, len(link.chain) - 1):
            item = link.chain[level]
            inner = tuple(sig(el) for el in link.chain[:level])
            siblings = by_key.get(("siblings", id(link.chain[level + 1]), item.tag, inner))
            if siblings is not None:
                siblings.links.append(link)
                siblings.links.sort(key=lambda member: member.order)
                break


def _merge_by(
    groups: list[Group], key_of: Callable[[Group], tuple[object, ...] | None]
) -> list[Group]:
    merged: dict[tuple[object, ...], Group] = {}
    result: list[Group] = []
    for group in groups:
        key = key_of(group)
        if key is None:
            result.append(group)
        elif key in merged:
            merged[key].links.extend(group.links)
        else:
            merged[key] = group
            result.append(group)
    for group in merged.values():
        group.links.sort(key=lambda link: link.order)
    return result


def _sibling_key(group: Group, sig: Signatures) -> tuple[object, ...] | None:
    if group.level == 0:
        return None
    chain = group.links[0].chain
    item = chain[group.level]
    inner = tuple(sig(el) for el in chain[: group.level])
    # ids are safe here: every chain holds its elements, so lxml keeps one proxy per node
    return ("siblings", id(chain[group.level + 1]), item.tag, inner)


def _section_key(group: Group, sig: Signatures) -> tuple[object, ...] | None:
    chain = group.links[0].chain
    if "." not in sig(chain[group.level]) or context_factor(group, sig) < 1.0:
        return None
    return ("sections", *(sig(el) for el in chain[: group.level + 1]))
