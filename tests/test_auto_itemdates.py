"""feedsmith.extract.auto.itemdates: each item's date candidates, inside it or beside it."""

from __future__ import annotations

import lxml.html
from lxml.etree import _Element as Element

from feedsmith.extract.auto.candidates import collect_links
from feedsmith.extract.auto.itemdates import dates_of_items
from feedsmith.extract.auto.parts import find_parts

BASE = "https://blog.example.net/"


def dates(body: str, lang: str = "en", item_tag: str = "li") -> list[tuple[str, ...]]:
    """The date candidates of every `/p/…` link's item (the nearest `item_tag` around it)."""
    root = lxml.html.document_fromstring(f'<html lang="{lang}"><body>{body}</body></html>')
    parts = []
    for link in collect_links(root, BASE):
        if "/p/" not in link.url:
            continue
        item: Element = next((el for el in link.chain if el.tag == item_tag), link.anchor)
        parts.append(find_parts(link, item, frozenset(), ()))
    return dates_of_items(root, parts)[0]


def test_machine_readable_first_then_the_day_read_from_the_text() -> None:
    found = dates(
        '<ul><li><a href="/p/1">One story</a> <time datetime="2025-03-03T08:00:00Z">3 March 2025'
        "</time></li></ul>"
    )
    assert found == [("2025-03-03T08:00:00Z", "2025-03-03", "3 March 2025")]


def test_the_published_date_comes_before_an_update() -> None:
    (found,) = dates(
        '<ul><li><a href="/p/1">One story</a> <span>Updated 9 May 2025 · '
        "Posted 2 May 2025</span></li></ul>"
    )
    assert found[0] == "2025-05-02"


def test_a_date_printed_after_each_item_belongs_to_it() -> None:
    body = "".join(
        f'<h2><a href="/p/{d}">Story of day {d}</a></h2><p class="meta">{d} March 2025</p>'
        for d in (3, 4, 5)
    )
    found = dates(f"<div>{body}</div>", item_tag="h2")
    assert [d[0] for d in found] == ["2025-03-03", "2025-03-04", "2025-03-05"]


def test_items_under_a_date_heading_take_its_date() -> None:
    body = (
        "<h2>Tuesday, 4 March 2025</h2><ul><li><a href='/p/1'>First</a></li>"
        "<li><a href='/p/2'>Second</a></li></ul>"
        "<h2>Monday, 3 March 2025</h2><ul><li><a href='/p/3'>Third</a></li>"
        "<li><a href='/p/4'>Fourth</a></li></ul>"
    )
    found = dates(body)
    assert [d[0] for d in found] == ["2025-03-04", "2025-03-04", "2025-03-03", "2025-03-03"]


def test_a_date_without_a_year_takes_the_year_heading_above_it() -> None:
    body = (
        "<h2>2024</h2><ul><li><a href='/p/1'>Late one</a> <span>Dec 12</span></li></ul>"
        "<h2>2023</h2><ul><li><a href='/p/2'>Early one</a> <span>Jan 5</span></li></ul>"
    )
    found = dates(body)
    assert [d[0] for d in found] == ["2024-12-12", "2023-01-05"]


def test_numeric_order_follows_what_the_pages_other_dates_prove() -> None:
    # 25/03 can only be day first: so 04/03 is 4 March too, even on an en-US page
    rows = "".join(
        f"<li><a href='/p/{i}'>Story {i}</a> <span>{d}</span></li>"
        for i, d in enumerate(("25/03/2025", "04/03/2025"))
    )
    found = dates(f"<ul>{rows}</ul>", lang="en-US")
    assert [d[0] for d in found] == ["2025-03-25", "2025-03-04"]
    # with nothing to prove the order, an en-US page reads month first
    (alone,) = dates("<ul><li><a href='/p/1'>Story</a> <span>04/03/2025</span></li></ul>", "en-US")
    assert alone[0] == "2025-04-03"


def test_a_relative_date_is_kept_for_the_date_chain() -> None:
    (found,) = dates("<ul><li><a href='/p/1'>One story</a> <span>3 days ago</span></li></ul>")
    assert "3 days ago" in found
