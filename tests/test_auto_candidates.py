"""feedsmith.extract.auto.groups and .candidates: the page's links grouped into candidate lists."""

from __future__ import annotations

import lxml.html

from feedsmith.extract.auto.candidates import collect_links, group_links, merge_groups
from feedsmith.extract.auto.groups import Group, Signatures, first_links

BASE = "https://news.example.com/"


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def groups_of(body: str) -> list[Group]:
    sig = Signatures()
    return merge_groups(group_links(collect_links(page(body), BASE), sig), sig)


def test_signatures_keep_stable_classes_only() -> None:
    el = lxml.html.fragment_fromstring(
        '<li class="post is-active odd css-1x2y3z card__ab12c post first"></li>'
    )
    assert Signatures()(el) == "li.post"


def test_collect_links_resolves_and_skips_scripts_templates_and_non_items() -> None:
    root = page(
        '<a href="/a">A</a><a href="#top">top</a><a href="mailto:x@y.z">mail</a>'
        '<template><a href="/t">T</a></template><svg><a href="/s">S</a></svg>'
        '<a href="b">B</a>'
    )
    links = collect_links(root, BASE)
    assert [link.url for link in links] == [BASE + "a", BASE + "b"]
    assert [link.order for link in links] == [0, 1]
    assert links[0].chain[0] is links[0].anchor and links[0].chain[-1] is root


def test_links_group_by_path_and_the_item_is_one_per_link() -> None:
    rows = "".join(
        f'<li class="row"><h3><a href="/n/{i}">Story {i}</a></h3></li>' for i in range(4)
    )
    nav = '<nav><a href="/">Home</a> <a href="/about">About</a></nav>'
    groups = groups_of(f"{nav}<ul class='list'>{rows}</ul>")
    stories = next(g for g in groups if "/n/0" in g.links[0].url)
    assert len(stories.links) == 4
    # the item is the <li> (two levels above the anchor), the largest one-per-link ancestor
    assert stories.level == 2
    assert [link.chain[stories.level].tag for link in stories.links] == ["li"] * 4


def test_sibling_items_with_different_classes_are_one_list() -> None:
    rows = "".join(
        f'<article class="post category-{c}"><a href="/p/{i}">Post {i}</a></article>'
        for i, c in enumerate(["news", "news", "sport", "sport", "culture", "culture"])
    )
    groups = groups_of(f"<main>{rows}</main>")
    merged = [g for g in groups if len(g.links) == 6]
    assert len(merged) == 1
    assert [link.url for link in merged[0].links] == [f"{BASE}p/{i}" for i in range(6)]


def test_a_link_shared_by_every_row_leaves_the_group() -> None:
    rows = "".join(
        f'<tr><td><a href="/t/{i}">Thread number {i}</a></td><td><a href="/u/admin">admin</a></td>'
        "</tr>"
        for i in range(6)
    )
    groups = groups_of(f"<table>{rows}</table>")
    assert all(link.url != BASE + "u/admin" for g in groups for link in g.links)


def test_first_links_gives_one_link_per_item() -> None:
    rows = "".join(
        f'<div class="card"><a href="/c/{i}"><img src="x.jpg"></a>'
        f'<a href="/c/{i}">Card {i}</a></div>'
        for i in range(3)
    )
    links = collect_links(page(f"<section>{rows}</section>"), BASE)
    # two links in each card: the card is not one per link, so the item is the link itself
    (cards,) = groups_of(f"<section>{rows}</section>")
    assert cards.level == 0 and len(first_links(cards)) == 6
    # at the card's level, one link per card: the first inside it
    by_card = Group(links=links, level=1)
    assert [link.order for link in first_links(by_card)] == [0, 2, 4]
