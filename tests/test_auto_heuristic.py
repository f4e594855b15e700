"""feedsmith.extract.auto.heuristic and .blocks: the structural heuristic, from the page's links
to a `Detection`, with the other blocks of a news page."""

from __future__ import annotations

import lxml.html

from feedsmith.extract.auto.heuristic import from_heuristic

BASE = "https://news.example.com/"


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f'<html lang="en"><body>{body}</body></html>')


MENU = (
    '<header><nav><a href="/">Home</a><a href="/politics/">Politics</a>'
    '<a href="/sport/">Sport</a><a href="/about/">About us</a></nav></header>'
)


def river(section: str, n: int, day0: int = 1, cls: str = "teaser") -> str:
    return "".join(
        f'<article class="{cls}"><h2><a href="/{section}/2025/03/{section}-story-number-{i}">'
        f"The {section} story number {i} of the day</a></h2>"
        f'<time datetime="2025-03-{day0 + i:02d}">{day0 + i} March 2025</time></article>'
        for i in range(n)
    )


def test_a_blog_index_is_one_list_and_its_sidebar_stays_out() -> None:
    sidebar = (
        '<aside class="sidebar"><h3>Most read</h3><ul>'
        + "".join(
            f'<li><a href="/politics/2024/01/old-hit-number-{i}">An old hit number {i} here</a>'
            "</li>"
            for i in range(5)
        )
        + "</ul></aside>"
    )
    found = from_heuristic(page(f"{MENU}<main>{river('politics', 6)}</main>{sidebar}"), BASE)
    assert found is not None and found.method == "heuristic"
    links = [item.values["link"] or "" for item in found.items]
    assert len(links) == 6 and all("/politics/2025/" in link for link in links)
    assert [item.index for item in found.items] == list(range(6))
    assert found.items[0].values["title"] == "The politics story number 0 of the day"
    assert found.items[0].dates[0] == "2025-03-01"
    assert found.selectors["items"] and found.score > 0


def test_a_news_front_page_joins_its_blocks_newest_first() -> None:
    body = (
        f"{MENU}<main>"
        f'<section class="politics">{river("politics", 5, day0=1)}</section>'
        f'<section class="sport">{river("sport", 5, day0=10, cls="card")}</section>'
        f'<section class="culture">{river("culture", 5, day0=20, cls="box")}</section>'
        "</main>"
    )
    found = from_heuristic(page(body), BASE)
    assert found is not None and found.method == "blocks"
    assert found.selectors == {}  # no one selector gives teasers of several blocks
    assert len(found.items) == 15
    days = [item.dates[0][:10] for item in found.items]
    assert days == sorted(days, reverse=True)
    assert {(item.values["link"] or "").split("/")[1] for item in found.items} == {
        "politics",
        "sport",
        "culture",
    }


def test_a_strip_of_deals_stays_out_of_a_news_page() -> None:
    deals = (
        '<section class="strip">'
        + "".join(
            f'<div class="card"><a href="/politics/2025/03/deal-number-{i}-today">'
            f"Winter boots now {20 + i}% off today</a></div>"
            for i in range(4)
        )
        + "</section>"
    )
    body = (
        f"{MENU}<main>"
        f'<section class="politics">{river("politics", 5, day0=1)}</section>'
        f'<section class="sport">{river("sport", 5, day0=10, cls="card")}</section>'
        f"{deals}</main>"
    )
    found = from_heuristic(page(body), BASE)
    assert found is not None
    assert not any("deal-number" in (item.values["link"] or "") for item in found.items)


def test_a_page_without_a_list_gives_none() -> None:
    assert from_heuristic(page("<p>Only text, <a href='/about/'>one</a> link.</p>"), BASE) is None
