"""feedsmith.extract.auto.scoring: how much a candidate group looks like the list of articles."""

from __future__ import annotations

import lxml.html

from feedsmith.extract.auto.candidates import collect_links, group_links, merge_groups
from feedsmith.extract.auto.groups import Group, Signatures
from feedsmith.extract.auto.scoring import is_offers, quick_score, score_group

BASE = "https://news.example.com/"
HOST = "news.example.com"


def group_of(rows: str, wrapper: str = "<ul>{}</ul>") -> tuple[Group, Signatures]:
    root = lxml.html.document_fromstring(f"<html><body>{wrapper.format(rows)}</body></html>")
    sig = Signatures()
    groups = merge_groups(group_links(collect_links(root, BASE), sig), sig)
    return max(groups, key=lambda g: len(g.links)), sig


def stories(n: int, extra: str = "") -> str:
    return "".join(
        f'<li><a href="/2025/03/harbour-story-{i}">The harbour reopens after storm {i}</a>{extra}'
        "</li>"
        for i in range(n)
    )


def test_one_distinct_link_is_no_list() -> None:
    rows = "".join('<li><a href="/same-story-here">The same story again</a></li>' for _ in range(5))
    group, sig = group_of(rows)
    assert score_group(group, sig, HOST) == 0.0


def test_dates_and_teasers_beside_the_links_raise_the_score() -> None:
    bare, sig = group_of(stories(5))
    rich, rich_sig = group_of(
        stories(5, "<time>March 3, 2025</time><p>A teaser long enough to read as a summary.</p>")
    )
    assert score_group(rich, rich_sig, HOST) > 1.5 * score_group(bare, sig, HOST)


def test_more_items_and_longer_texts_score_higher() -> None:
    five, sig5 = group_of(stories(5))
    ten, sig10 = group_of(stories(10))
    assert score_group(ten, sig10, HOST) > score_group(five, sig5, HOST)
    assert quick_score(ten, HOST) > quick_score(five, HOST)
    short_rows = "".join(f'<li><a href="/2025/03/harbour-story-{i}">Go</a></li>' for i in range(5))
    short, sig_short = group_of(short_rows)
    assert score_group(short, sig_short, HOST) < score_group(five, sig5, HOST)


def test_a_strip_of_offers_is_no_list_of_articles() -> None:
    offers = "".join(
        f'<li><a href="/2025/03/deal-{i}">Winter boots now {10 + i}% off at the shop</a></li>'
        for i in range(5)
    )
    group, sig = group_of(offers)
    assert is_offers(group, {})
    articles, sig_a = group_of(stories(5))
    assert not is_offers(articles, {})
    assert score_group(group, sig, HOST) < 0.2 * score_group(articles, sig_a, HOST)


def test_the_same_list_in_a_sidebar_scores_lower() -> None:
    main, sig_main = group_of(stories(5), "<main><ul>{}</ul></main>")
    aside, sig_aside = group_of(stories(5), "<aside><ul>{}</ul></aside>")
    assert score_group(aside, sig_aside, HOST) < 0.5 * score_group(main, sig_main, HOST)
