"""feedsmith.extract.auto.structured: lists a page states as data (JSON-LD, microdata,
application state)."""

from __future__ import annotations

import json

import lxml.html

from feedsmith.extract.auto.structured import (
    from_embedded_state,
    from_json_ld,
    from_microdata,
)

BASE = "https://news.example.com/"


def page(body: str, head: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_graph_articles_in_order_without_duplicates() -> None:
    articles = [
        {"@type": "NewsArticle", "headline": f"Story {i}", "url": f"/s/{i}",
         "datePublished": f"2025-03-0{i}", "author": {"@type": "Person", "name": "Ana"}}
        for i in (1, 2, 2, 3)
    ]  # fmt: skip
    found = from_json_ld(page("", ld({"@graph": [{"@type": "WebSite"}, *articles]})), BASE)
    assert found is not None and found.method == "json-ld"
    assert [item.values["link"] for item in found.items] == ["/s/1", "/s/2", "/s/3"]
    assert [item.index for item in found.items] == [0, 1, 2]
    assert found.items[0].dates == ("2025-03-01",)
    assert found.items[0].values["author"] == "Ana"


def test_json_ld_item_list_elements_and_their_items() -> None:
    data = {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"@type": "Article", "name": "A one",
                                                          "url": "https://news.example.com/a"}},
            {"@type": "ListItem", "position": 2, "name": "B two", "url": "/b"},
        ],
    }  # fmt: skip
    found = from_json_ld(page("", ld(data)), BASE)
    assert found is not None
    assert [item.values["title"] for item in found.items] == ["A one", "B two"]


def test_one_article_about_the_page_itself_is_no_list_and_broken_json_is_skipped() -> None:
    me = ld({"@type": "Article", "headline": "This page", "url": BASE})
    broken = '<script type="application/ld+json">{not json</script>'
    assert from_json_ld(page("", me + broken), BASE) is None


def test_microdata_keeps_the_outermost_article_scopes() -> None:
    cards = "".join(
        f'<div itemscope itemtype="http://schema.org/BlogPosting"><h2 itemprop="headline">Post {i}'
        f'</h2><a href="/p/{i}">read</a><div itemscope itemtype="http://schema.org/Article">'
        f'<span itemprop="name">Inner {i}</span><a itemprop="url" href="/inner/{i}">x</a></div>'
        f'<meta itemprop="datePublished" content="2025-01-0{i}"></div>'
        for i in (1, 2)
    )
    found = from_microdata(page(cards), BASE)
    assert found is not None and found.method == "microdata"
    assert [item.values["title"] for item in found.items] == ["Post 1", "Post 2"]
    assert found.items[0].dates == ("2025-01-01",)
    assert found.selectors["items"] == '[itemtype="http://schema.org/BlogPosting"]'


def test_embedded_state_takes_the_longest_list_of_titled_linked_objects() -> None:
    state = {
        "nav": [{"title": "Home", "url": "/"}, {"title": "About", "url": "/about"},
                {"title": "Contact", "url": "/contact"}],
        "posts": [{"title": f"Story {i} title", "path": f"/s/{i}", "publishedAt": "2025-05-01",
                   "excerpt": " A  teaser "} for i in range(5)],
    }  # fmt: skip
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    found = from_embedded_state(page(script), BASE)
    assert found is not None and found.method == "next-data"
    assert len(found.items) == 5
    assert found.items[0].values["summary"] == "A teaser"
    assert found.items[0].dates == ("2025-05-01",)


def test_no_structured_data_gives_none() -> None:
    root = page('<ul><li><a href="/a">A story</a></li></ul>')
    assert from_json_ld(root, BASE) is None
    assert from_microdata(root, BASE) is None
    assert from_embedded_state(root, BASE) is None
