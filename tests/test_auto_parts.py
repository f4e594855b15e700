"""feedsmith.extract.auto.parts: the elements of one item that hold its fields."""

from __future__ import annotations

import lxml.html
from lxml.etree import _Element as Element

from feedsmith.extract.auto.candidates import collect_links
from feedsmith.extract.auto.parts import Parts, find_parts, image_url

BASE = "https://blog.example.net/"


def parts_of(card: str) -> Parts:
    root = lxml.html.document_fromstring(f"<html><body><ul>{card}</ul></body></html>")
    link = collect_links(root, BASE)[0]
    item: Element = next((el for el in link.chain if el.tag == "li"), link.anchor)
    return find_parts(link, item, frozenset(), ())


def test_a_card_gives_its_date_summary_image_and_author() -> None:
    parts = parts_of(
        '<li><img data-src="/img/a.jpg" src="data:image/gif;base64,R0l"><h2>'
        '<a href="/p/1">Harbour reopens</a></h2><span class="byline">Ana Ruiz</span>'
        '<time datetime="2025-03-03">3 March</time>'
        '<p class="excerpt">Ships may enter the port again, the authority said.</p></li>'
    )
    assert parts.title_text == "Harbour reopens" and parts.title.tag == "h2"
    assert parts.date is not None and parts.date.tag == "time"
    assert parts.author is not None and parts.author.text == "Ana Ruiz"
    assert parts.summary is not None and parts.summary.get("class") == "excerpt"
    assert parts.image is not None and image_url(parts.image) == "/img/a.jpg"


def test_a_long_paragraph_is_the_summary_when_none_is_named() -> None:
    parts = parts_of(
        '<li><a href="/p/1">Harbour reopens</a><p>Short.</p>'
        "<p>Ships may enter the port again from Monday, the port authority said.</p></li>"
    )
    assert parts.summary is not None and (parts.summary.text or "").startswith("Ships")


def test_the_published_time_is_preferred_over_an_update() -> None:
    parts = parts_of(
        '<li><a href="/p/1">Harbour reopens</a>'
        '<time class="updated" datetime="2025-03-05">5 March</time>'
        '<time class="published" datetime="2025-03-03">3 March</time></li>'
    )
    assert parts.date is not None and parts.date.get("datetime") == "2025-03-03"


def test_a_small_element_with_a_whole_date_in_its_title_attribute_is_the_date() -> None:
    parts = parts_of(
        '<li><a href="/p/1">Harbour reopens</a><span title="5 March 2024">3 days ago</span></li>'
    )
    assert parts.date is not None and parts.date.get("title") == "5 March 2024"


def test_a_card_inside_its_link_keeps_its_date_there() -> None:
    parts = parts_of(
        '<li><a href="/p/1"><h3>Harbour reopens</h3><span class="post-date">March 3, 2025</span>'
        "</a></li>"
    )
    assert parts.item.tag == "li"
    parts = parts_of(
        '<a href="/p/1"><h3>Harbour reopens</h3><span class="date">3.3.2025</span></a>'
    )
    assert parts.item is parts.anchor
    assert parts.date is not None and parts.date.text == "3.3.2025"


def test_image_url_prefers_lazy_sources_and_the_first_srcset_candidate() -> None:
    def img(attrs: str) -> Element:
        el: Element = lxml.html.fragment_fromstring(f"<img {attrs}>")
        return el

    assert image_url(img('srcset="/s.jpg 1x, /l.jpg 2x" src="/x.jpg"')) == "/s.jpg"
    assert image_url(img('data-lazy-src="/lazy.jpg" src="/x.jpg"')) == "/lazy.jpg"
    assert image_url(img('src="data:image/png;base64,AAAA"')) == ""
