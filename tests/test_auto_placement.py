"""feedsmith.extract.auto.placement: where a block sits (main content or boilerplate)."""

from __future__ import annotations

import lxml.html
from lxml.etree import _Element as Element

from feedsmith.extract.auto.candidates import collect_links, group_links, merge_groups
from feedsmith.extract.auto.groups import Group, Signatures
from feedsmith.extract.auto.placement import context_factor, in_boilerplate

BASE = "https://news.example.com/"


def group_in(wrapper: str, item_class: str = "row") -> Group:
    """The group of four story links inside `wrapper` (a format string with `{}`)."""
    rows = "".join(
        f'<li class="{item_class}"><a href="/news/story-number-{i}">Story number {i}</a></li>'
        for i in range(4)
    )
    root = lxml.html.document_fromstring(f"<html><body>{wrapper.format(rows)}</body></html>")
    sig = Signatures()
    groups = merge_groups(group_links(collect_links(root, BASE), sig), sig)
    return next(g for g in groups if len(g.links) == 4)


def factor(wrapper: str, item_class: str = "row", own_class: bool = True) -> float:
    return context_factor(group_in(wrapper, item_class), Signatures(), own_class)


def test_main_content_is_favoured_and_sidebars_penalised() -> None:
    plain = factor("<div><ul>{}</ul></div>")
    assert plain == 1.0
    assert factor("<main><ul>{}</ul></main>") > plain
    assert factor('<div class="sidebar"><ul>{}</ul></div>') < 0.5
    assert factor("<nav><ul>{}</ul></nav>") < 0.5


def test_a_content_column_beside_a_sidebar_is_content() -> None:
    assert factor('<div class="sidebar-right content"><ul>{}</ul></div>') >= 1.0
    assert factor('<div class="sidebar-content"><ul>{}</ul></div>') < 0.5


def test_the_items_own_class_weighs_less_and_can_be_left_out() -> None:
    own = factor("<div><ul>{}</ul></div>", item_class="promo")
    assert 0.15 < own < 1.0
    assert factor("<div><ul>{}</ul></div>", item_class="promo", own_class=False) == 1.0


def chain_of(html: str, href: str) -> list[Element]:
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    anchor = next(a for a in root.iter("a") if a.get("href") == href)
    return [anchor, *anchor.iterancestors()]


def test_a_menu_with_other_articles_is_boilerplate_a_cards_own_header_is_not() -> None:
    menu = (
        '<nav><a href="/news/one-story-here">One story here</a>'
        '<a href="/news/another-story-here">Another story here</a></nav>'
    )
    assert in_boilerplate(chain_of(menu, "/news/one-story-here"), {})
    card = (
        '<article><header><a href="/news/one-story-here">One story here</a>'
        '<a href="/news/">News</a></header></article>'
    )
    assert not in_boilerplate(chain_of(card, "/news/one-story-here"), {})
