"""The other blocks of a news page: teasers elsewhere on the page (the lead, other rivers,
themed boxes, "most read") that link articles of the chosen list's address shape."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urljoin

from lxml.etree import _Element as Element

from feedsmith.extract.auto.addresses import has_id, site_of, url_key
from feedsmith.extract.auto.elements import word_count
from feedsmith.extract.auto.groups import Group, Link, Signatures, first_links
from feedsmith.extract.auto.placement import context_factor, in_boilerplate
from feedsmith.extract.auto.scoring import is_offers
from feedsmith.extract.auto.titles import quick_title
from feedsmith.extract.urlshape import (
    article_patterns,
    coherence,
    has_article_kind,
    matches,
    shape,
)

# teasers beside the chosen list that make a page a news page of many blocks
_MIN_PORTAL_EXTRA = 4
# boxes the chosen list's items come from that make a page a news page of many blocks
_MIN_BOXES = 3
# teasers of another shape in one block that make it a block of this site's pages
_MIN_ID_BLOCK = 3
# the words of a lone link's headline that make it a teaser
_MIN_LONE_WORDS = 4
# levels above a link where a card of a list may start
_MAX_CARD_DEPTH = 5


def other_blocks(
    best: Group, groups: Sequence[Group], links: Sequence[Link], sig: Signatures
) -> list[tuple[Link, Element]]:
    """Teasers elsewhere on the page that link articles of this site, outside navigation,
    headers, footers and the chosen list's items: the lead, the other rivers and themed boxes,
    "most read" of a news page. Returns (link, item) pairs in page order.

    An article of this site has the address shape of the chosen list's articles (another
    section's word allowed once the page shows several sections), or sits beside such a
    teaser as one more item of the same list (a carousel's first card, styled apart).
    Short link texts (a menu entry, a tag, a byline) count only at an article's exact shape.
    """
    patterns = article_patterns(link.url for link in first_links(best))
    if not patterns:
        return []
    chosen_items = {link.chain[best.level] for link in best.links}
    taken = {url_key(link.url) for link in best.links}
    group_of: dict[Element, Group] = {}
    for group in groups:
        if group is not best:
            for link in group.links:
                group_of[link.anchor] = group
    found: list[tuple[Link, Element]] = []
    # the blocks the found teasers come from (a group, or a lone card)
    blocks: set[int] = set()
    # by URL: (link, item, the words where its address differs from the chosen list's)
    aside: dict[str, tuple[Link, Element, tuple[str, ...]]] = {}
    other: dict[str, tuple[Link, Element, tuple[str, ...]]] = {}
    # blocks that hold a link of the exact shape; another section's word, by URL, and its block
    exact: set[int] = set()
    # teasers (of any section) by block, outside sidebars
    in_main: Counter[int] = Counter()
    section_of: dict[str, tuple[tuple[str, ...], int | None]] = {}
    # teasers of another shape, kept in case they are cards of the kind the article teasers
    # are, or sit beside one: (link, its kind of card)
    unshaped: list[tuple[Link, tuple[str, ...] | None]] = []
    # those teasers by block, when their address names a page of this site by an id
    id_blocks: dict[int, list[tuple[Link, Element]]] = {}
    kinds = {_teaser_kind(link, best.level, sig) for link in best.links}
    # context factor by block (the groups outlive this call, so their ids are safe keys)
    context: dict[int, float] = {}
    boilerplate: dict[Element, bool] = {}
    offers: dict[int, bool] = {}
    host = shape(best.links[0].url)[0]
    site = site_of(host[1])
    for link in links:
        anchor = link.anchor
        if word_count(link.text) < 2 and not (
            len(anchor) or anchor.get("title") or anchor.get("aria-label")
        ):
            continue  # a bare link of one word: a menu entry, a tag
        key = url_key(link.url)
        words = matches(link.url, patterns)
        block = group_of.get(link.anchor)
        if words == () and block is not None:
            exact.add(id(block))
        if key in taken or any(el in chosen_items for el in link.chain):
            continue
        if words is None:
            found_shape = shape(link.url)
            if site_of(found_shape[0][1]) != site or not has_article_kind(
                k for k, _ in found_shape[1:]
            ):
                continue  # another site's, or a section's address
        title_words = word_count(quick_title(link))
        if title_words < (2 if words == () else 3) or in_boilerplate(link.chain, boilerplate):
            continue  # two words: a byline or a tag, unless the address is an article's
        if block is not None and is_offers(block, offers):
            continue  # a strip of deals and discounts, whatever its addresses look like
        if words is None:
            kind = _teaser_kind(link, block.level, sig) if block is not None else None
            unshaped.append((link, kind))
            if has_id(link.url):
                card = link.chain[block.level] if block is not None else _card(link)
                id_blocks.setdefault(id(block) if block is not None else id(card), []).append(
                    (link, card)
                )
            continue
        item = _card(link) if block is None else link.chain[block.level]
        if block is not None and id(block) not in context:
            context[id(block)] = context_factor(block, sig, own_class=False)
        # a block in a sidebar, a "most read" box, a ticker (by where it sits: every teaser
        # of a page may be named `promo`)
        in_aside = block is not None and context[id(block)] < 1.0
        if words:
            section_of[key] = (words, id(block) if block is not None else None)
        if block is not None and not in_aside:
            in_main[id(block)] += 1
        if in_aside:
            aside.setdefault(key, (link, item, words))  # a sidebar, "most read", a carousel
        elif words:
            other.setdefault(key, (link, item, words))  # another section's articles
        else:
            taken.add(key)  # the same article in a sidebar is this teaser
            found.append((link, item))
            blocks.add(id(block) if block is not None else id(item))
            if block is not None:
                kinds.add(_teaser_kind(link, block.level, sig))
            aside.pop(key, None)
            other.pop(key, None)
    # a page of many blocks (a news front page) wants them all: articles of other sections
    # (`/sport/…` beside a list of `/politik/…`) and "most read" boxes; a blog index keeps its
    # sidebar and its other kinds of page out
    distinct = len({link.url for link in best.links})
    sections = {words for _, _, words in other.values()}
    # one block of several teasers, some of another section (a river beside the features)
    river = any(n >= _MIN_PORTAL_EXTRA for n in in_main.values())
    # the chosen list itself gathered from several boxes (the same card in each), on a site
    # whose article addresses name their section (a blog's archive by year has one shape)
    sectioned = any(fixed is None and kind == "w" for p in patterns for kind, fixed, _ in p)
    boxes = len({item.getparent() for item in chosen_items}) if sectioned else 0
    portal = (
        len(found) >= max(_MIN_PORTAL_EXTRA, distinct // 2)
        or boxes >= _MIN_BOXES
        or len(blocks) >= 2
        or (len(other) >= _MIN_PORTAL_EXTRA and (len(sections) >= 2 or river))
    )
    if not portal:
        return sorted(found, key=lambda pair: pair[0].order)
    # another section's address counts where that section shows twice, or inside a block
    # of this page's articles (a tag or a topic page, alone among menus, does not)
    shown = Counter(words for words, _ in section_of.values())

    def article(key: str, link: Link) -> bool:
        words, block = section_of.get(key, ((), None))
        if not words or shown[words] >= 2 or block in exact:
            return True
        # a page of its own kind (a live page, a column) named by an id, with a headline
        return has_id(link.url) and word_count(quick_title(link)) >= _MIN_LONE_WORDS

    found += [(link, item) for key, (link, item, _) in other.items() if article(key, link)]
    found += [
        (link, item)
        for key, (link, item, _) in aside.items()
        if key not in taken and article(key, link)
    ]
    taken.update(url_key(link.url) for link, _ in found)
    for link, kind in unshaped:
        key = url_key(link.url)
        if kind in kinds and key not in taken:
            taken.add(key)
            found.append((link, _card(link)))
    found += _beside_teasers(unshaped, [*chosen_items, *(item for _, item in found)], taken)
    found += _id_blocks(id_blocks.values(), taken)
    return sorted(found, key=lambda pair: pair[0].order)


def _id_blocks(
    blocks: Iterable[Sequence[tuple[Link, Element]]], taken: set[str]
) -> list[tuple[Link, Element]]:
    """Blocks of teasers of another kind of page of this site (a video strip, columns, a
    gallery, on the same host or another of the site's): three or more headlines whose
    addresses share one shape and each name a page by an id or a date; or one such link
    alone in its block with a headline's words (a live page above a ticker)."""
    result: list[tuple[Link, Element]] = []
    for pairs in blocks:
        fresh = {url_key(link.url): (link, item) for link, item in pairs}
        fresh = {key: pair for key, pair in fresh.items() if key not in taken}
        if len(fresh) == 1:
            link, _ = next(iter(fresh.values()))
            if word_count(quick_title(link)) < _MIN_LONE_WORDS:
                continue  # a lone link: only with a headline's words (a promo has few)
        elif len(fresh) < _MIN_ID_BLOCK or coherence([x.url for x, _ in fresh.values()]) < 0.8:
            continue
        taken.update(fresh)
        result.extend(fresh.values())
    return result


def _teaser_kind(link: Link, level: int, sig: Signatures) -> tuple[str, ...]:
    """A teaser's kind of card: the signatures from its link up to its item's parent (the
    same card in another carousel or box of the page has the same kind)."""
    return tuple(sig(el) for el in link.chain[: level + 2])


def _beside_teasers(
    candidates: Sequence[tuple[Link, tuple[str, ...] | None]],
    items: Sequence[Element],
    taken: set[str],
) -> list[tuple[Link, Element]]:
    """The candidates whose card is a sibling of the same tag as two or more teasers' items:
    one more card of the same list, whatever its address looks like."""
    counts = Counter(
        (id(el.getparent()), el.tag) for el in set(items) if el.getparent() is not None
    )
    beside = {key for key, n in counts.items() if n >= 2}
    result: list[tuple[Link, Element]] = []
    for link, _ in candidates:
        key = url_key(link.url)
        if key in taken:
            continue
        card = _card(link)
        parent = card.getparent()
        if parent is not None and (id(parent), card.tag) in beside:
            taken.add(key)
            result.append((link, card))
    return result


def _card(link: Link) -> Element:
    """The largest ancestor of a lone link that holds no link to another article."""
    card = link.anchor
    for el in link.chain[1 : 1 + _MAX_CARD_DEPTH]:
        anchors = el.findall(".//a")
        if len(anchors) > 8:
            break
        key = url_key(link.url)
        if any(url_key(urljoin(link.url, a.get("href") or "")) != key for a in anchors):
            break
        card = el
    return card
