"""The structural heuristic: group the page's links, score the groups, keep the best one (with the
other blocks of a news page), and turn its items into `RawItem`s and a `Detection`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from lxml.etree import _Element as Element

from feedsmith.extract.auto.addresses import url_key
from feedsmith.extract.auto.blocks import other_blocks
from feedsmith.extract.auto.candidates import collect_links, group_links, merge_groups
from feedsmith.extract.auto.detection import Detection
from feedsmith.extract.auto.elements import text_of
from feedsmith.extract.auto.groups import Group, Link, Signatures, first_links
from feedsmith.extract.auto.itemdates import dates_of_items
from feedsmith.extract.auto.parts import Parts, find_parts, image_url
from feedsmith.extract.auto.scoring import quick_score, score_group
from feedsmith.extract.auto.selectors import derive_selectors
from feedsmith.extract.auto.titles import common_link_texts
from feedsmith.types import RawItem

# only this many groups (by a cheap first score) get the full, costlier scoring
_MAX_SCORED_GROUPS = 25


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def from_heuristic(root: Element, base: str, fetched: datetime | None = None) -> Detection | None:
    sig = Signatures()
    links = collect_links(root, base)
    groups = merge_groups(group_links(links, sig), sig)
    host = urlsplit(base).netloc.lower()
    groups.sort(key=lambda g: quick_score(g, host), reverse=True)
    best: Group | None = None
    for group in groups[:_MAX_SCORED_GROUPS]:
        group.score = score_group(group, sig, host)
        if group.score > 0 and (best is None or group.score > best.score):
            best = group
    if best is None:
        return None
    extra = other_blocks(best, groups, links, sig)
    return _detection_from_group(root, best, base, sig, links, extra, fetched)


def _raw_item(
    link: Link, parts: Parts, dates: tuple[str, ...], base: str, index: int, from_fetch: bool
) -> RawItem:
    values = {
        "title": parts.title_text or None,
        "link": (link.anchor.get("href") or "").strip(),
        "summary": text_of(parts.summary) if parts.summary is not None else None,
        "image": image_url(parts.image) if parts.image is not None else None,
        "author": text_of(parts.author) if parts.author is not None else None,
    }
    return RawItem(
        index=index, values=values, dates=dates, base_url=base, year_from_fetch=from_fetch
    )


def _detection_from_group(
    root: Element,
    group: Group,
    base: str,
    sig: Signatures,
    links: Sequence[Link],
    extra: Sequence[tuple[Link, Element]] = (),
    fetched: datetime | None = None,
) -> Detection:
    items: list[RawItem] = []
    parts: list[Parts] = []
    kept: list[Link] = []
    seen: set[str] = set()
    firsts = first_links(group)
    boilerplate = common_link_texts(firsts)
    # every link of the page by URL: a card may link its item twice (picture, date, "more")
    by_url: dict[str, list[Element]] = {}
    for other in links:
        by_url.setdefault(url_key(other.url), []).append(other.anchor)
    for link in firsts:
        key = url_key(link.url)
        if key in seen:
            continue
        seen.add(key)
        same_url = by_url.get(key, ()) if len(by_url.get(key, ())) > 1 else ()
        parts.append(find_parts(link, link.chain[group.level], boilerplate, same_url))
        kept.append(link)
    selectors = {} if extra else derive_selectors(root, group, parts, sig)
    if extra:
        for link, item in extra:
            key = url_key(link.url)
            same_url = by_url.get(key, ()) if len(by_url.get(key, ())) > 1 else ()
            parts.append(find_parts(link, item, frozenset(), same_url))
            kept.append(link)
        order = sorted(range(len(kept)), key=lambda i: kept[i].order)
        kept = [kept[i] for i in order]
        parts = [parts[i] for i in order]
    dates, from_fetch = dates_of_items(root, parts, fetched)
    pairs = list(zip(kept, parts, dates, strict=True))
    fetch_years = {id(p) for n, p in enumerate(parts) if n in from_fetch}
    if extra:
        pairs = _newest_first(pairs)
    for link, item_parts, item_dates in pairs:
        from_clock = id(item_parts) in fetch_years
        items.append(_raw_item(link, item_parts, item_dates, base, len(items), from_clock))
    return Detection(
        items=tuple(items),
        # teasers gathered from several blocks: no one CSS selector gives them all
        method="blocks" if extra else "heuristic",
        selectors=selectors,
        feed_links=(),
        score=round(group.score, 3),
    )


def _newest_first(
    pairs: list[tuple[Link, Parts, tuple[str, ...]]],
) -> list[tuple[Link, Parts, tuple[str, ...]]]:
    """Items of several blocks newest first, when most carry a date the chain reads exactly
    (`YYYY-MM-DD…`); the undated keep their page order after them."""
    days = [next((d for d in dates if _ISO_DAY.match(d)), None) for _, _, dates in pairs]
    if sum(d is not None for d in days) < 0.8 * len(pairs):
        return pairs
    dated = sorted(
        (i for i, d in enumerate(days) if d is not None),
        key=lambda i: days[i] or "",
        reverse=True,
    )
    undated = [i for i, d in enumerate(days) if d is None]
    return [pairs[i] for i in (*dated, *undated)]
