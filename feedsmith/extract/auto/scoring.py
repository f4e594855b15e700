"""How much a candidate group looks like the page's list of articles: size, title-like texts,
dates/images/teasers beside the links, where it sits, same-host and slug-like addresses, offers."""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from feedsmith.extract.auto.addresses import slug_like
from feedsmith.extract.auto.datetext import DATE_TEXT
from feedsmith.extract.auto.elements import spaced_text, word_count
from feedsmith.extract.auto.groups import Group, Link, Signatures, first_links
from feedsmith.extract.auto.placement import context_factor
from feedsmith.extract.auto.titles import heading_text, quick_title
from feedsmith.extract.urlshape import coherence

# a heuristic group needs at least this many distinct links
_MIN_GROUP_ITEMS = 2


# items per group looked at closely when scoring
_SCORE_SAMPLE = 30


# addresses of shops, coupons, deals and partner offers, in the languages we see
_COMMERCE = re.compile(
    r"coupon|voucher|gutschein|rabatt|angebot|cupon|cupón|descuento|bon-de-reduction"
    r"|code-promo|codes-promo|codice-sconto|sconti|kortingscode|kupon|indirim|/deals?/"
    r"|/shop/|/store/|/partner|affiliate|/sponsored/|/anzeige/|utm_medium=(?:affiliate|partner)",
    re.IGNORECASE,
)
# a price or a discount in a link's text: "20% off", "-15 %", "$40", "50 €", "£10", "¥500"
_PRICE = re.compile(r"\d\s?%|[$€£¥₹₩]\s?\d|\d\s?(?:€|\$|£|¥|₹|₩|円|元)")


def is_offers(block: Group, memo: dict[int, bool]) -> bool:
    """Most of the block's link texts carry a price or a discount (`£89`, `-20 %`, `40% off`)."""
    known = memo.get(id(block))
    if known is None:
        titles = [quick_title(link) for link in first_links(block)[:_SCORE_SAMPLE]]
        known = sum(bool(_PRICE.search(t)) for t in titles) >= 0.5 * len(titles)
        memo[id(block)] = known
    return known


def quick_score(group: Group, host: str) -> float:
    urls = {link.url for link in group.links}
    words = sum(word_count(link.text) for link in group.links) / len(group.links)
    return len(urls) * min(words, 8.0)


def score_group(group: Group, sig: Signatures, host: str) -> float:
    links = first_links(group)
    urls = [link.url for link in links]
    distinct = len(set(urls))
    if distinct < _MIN_GROUP_ITEMS:
        return 0.0
    sample = links[:_SCORE_SAMPLE]
    titles = [quick_title(link) or heading_text(link.chain[group.level]) for link in sample]
    words = sum(min(word_count(t), 12) for t in titles) / len(titles)
    if words < 1.0:
        return 0.0
    text_factor = min(words, 6.0) / 6.0
    if words < 2.0:
        text_factor *= 0.4
    same_host = sum(urlsplit(u).netloc.lower() == host for u in urls) / len(urls)
    slugs = sum(slug_like(u) for u in urls) / len(urls)
    # a strip of shops, coupons and partner offers is never the list of articles
    commerce = sum(bool(_COMMERCE.search(u)) for u in urls) / len(urls)
    # … nor are offers by their texts (a price, a discount) when most of a block has them
    priced = sum(bool(_PRICE.search(t)) for t in titles) / len(titles)
    if priced >= 0.5:
        commerce = max(commerce, priced)
    return (
        math.sqrt(distinct)
        * text_factor
        * _richness(group, sample)
        * context_factor(group, sig)
        * (0.6 + 0.4 * same_host)
        * (0.5 + 0.5 * slugs)
        * (1.0 - 0.9 * commerce)
        # a list's items share an address shape; a box of articles, shops and other sites not
        * (0.4 + 0.6 * coherence(urls))
        * distinct
        / len(urls)
    )


def _richness(group: Group, sample: list[Link]) -> float:
    """1 plus the shares of items that show a date, an image and a teaser beside the link."""
    dated = pictured = summarised = 0
    for link in sample:
        item = link.chain[group.level]
        if item is link.anchor:
            continue
        text = spaced_text(item)
        dated += item.find(".//time") is not None or bool(DATE_TEXT.search(text))
        pictured += item.find(".//img") is not None
        summarised += len(text) - len(link.text) >= 40
    return 1.0 + (dated + 0.5 * pictured + 0.5 * summarised) / len(sample)
