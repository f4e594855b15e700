"""feedsmith.extract.auto.selectors: CSS selectors for the chosen list and its fields."""

from __future__ import annotations

import lxml.html
from lxml.cssselect import CSSSelector

from feedsmith.extract.auto.candidates import collect_links, group_links, merge_groups
from feedsmith.extract.auto.groups import Group, Signatures, first_links
from feedsmith.extract.auto.parts import find_parts
from feedsmith.extract.auto.selectors import derive_selectors

BASE = "https://blog.example.net/"


def selectors_of(body: str) -> tuple[lxml.html.HtmlElement, dict[str, str], Group]:
    root = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    sig = Signatures()
    groups = merge_groups(group_links(collect_links(root, BASE), sig), sig)
    group = max(groups, key=lambda g: len(g.links))
    parts = [
        find_parts(link, link.chain[group.level], frozenset(), ()) for link in first_links(group)
    ]
    return root, derive_selectors(root, group, parts, sig), group


def selected(root: lxml.html.HtmlElement, selector: str) -> list[object]:
    found = CSSSelector(selector)(root)
    assert isinstance(found, list)
    return list(found)


def cards(n: int, cls: str = "post") -> str:
    return "".join(
        f'<article class="{cls}"><h2 class="title"><a href="/p/{i}">Story number {i}</a></h2>'
        f'<time datetime="2025-03-0{i + 1}">March {i + 1}</time>'
        f'<p class="excerpt">The teaser of story {i}, long enough to be one.</p></article>'
        for i in range(n)
    )


def test_selectors_pick_the_items_and_their_fields() -> None:
    root, selectors, _ = selectors_of(f"<main>{cards(4)}</main>")
    assert selectors["items"] == "article.post"
    assert len(selected(root, selectors["items"])) == 4
    assert selectors["title"] == "h2"
    assert selectors["link"] == "a"
    assert selectors["date"] == "time"
    assert selectors["summary"] == "p"


def test_the_items_selector_narrows_by_an_ancestor_when_the_page_has_more() -> None:
    # the same card class in a sidebar: the selector names the list's container
    body = (
        f'<main class="river">{cards(4)}</main>'
        '<aside class="sidebar"><article class="post"><a href="/other">An other story</a>'
        "</article></aside>"
    )
    root, selectors, _ = selectors_of(body)
    assert selectors["items"] == "main.river article.post"
    assert len(selected(root, selectors["items"])) == 4


def test_no_title_selector_when_the_title_is_no_elements_text() -> None:
    rows = "".join(
        f'<li><a href="/p/{i}">2025-03-0{i + 1} | Story number {i}</a></li>' for i in range(4)
    )
    _, selectors, _ = selectors_of(f"<ul>{rows}</ul>")
    assert "title" not in selectors
    assert selectors["link"] == "a"


def test_a_field_most_items_lack_gets_no_selector() -> None:
    rows = "".join(
        f'<li><a href="/p/{i}">Story number {i}</a>'
        + ('<img src="/i.jpg">' if i == 0 else "")
        + "</li>"
        for i in range(4)
    )
    _, selectors, _ = selectors_of(f"<ul>{rows}</ul>")
    assert "image" not in selectors
