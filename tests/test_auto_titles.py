"""feedsmith.extract.auto.titles: an item's title, and the quick title used for scoring."""

from __future__ import annotations

import lxml.html
from lxml.etree import _Element as Element

from feedsmith.extract.auto.candidates import collect_links
from feedsmith.extract.auto.groups import Link
from feedsmith.extract.auto.titles import common_link_texts, item_title, quick_title

BASE = "https://blog.example.net/"


def links_of(body: str) -> list[Link]:
    root = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    return collect_links(root, BASE)


def title(card: str, boilerplate: frozenset[str] = frozenset()) -> str:
    """The title of the first link's card (the `<li>` around it, else the link)."""
    link = links_of(f"<ul>{card}</ul>")[0]
    item: Element = next((el for el in link.chain if el.tag == "li"), link.anchor)
    text, _ = item_title(link, item, boilerplate, ())
    return text


def test_the_heading_around_the_link_wins() -> None:
    assert title('<li><h2><a href="/p/1">Harbour reopens</a> <small>(3)</small></h2></li>') == (
        "Harbour reopens (3)"
    )


def test_a_card_inside_its_link_gives_its_title_not_its_date_or_teaser() -> None:
    card = (
        '<li><a href="/p/1"><span class="date">March 3, 2025</span>'
        "<span>Harbour reopens after the storm</span>"
        "<p>The port authority said on Monday that ships may enter again.</p></a></li>"
    )
    assert title(card) == "Harbour reopens after the storm"


def test_dates_at_the_ends_of_a_link_are_not_the_title() -> None:
    assert title('<li><a href="/p/1">2026-03-10 | Harbour reopens</a></li>') == "Harbour reopens"
    # a date tied into the title by a word stays
    assert title('<li><a href="/p/2">Vote on 5 March 2024</a></li>') == "Vote on 5 March 2024"


def test_read_more_gives_way_to_the_cards_heading() -> None:
    card = '<li><h3>Harbour reopens</h3><p>Text.</p><a href="/p/1">Read more</a></li>'
    assert title(card) == "Harbour reopens"


def test_hidden_text_is_left_out_and_an_icon_link_takes_its_label() -> None:
    hidden = '<li><a href="/p/1">Harbour reopens<span class="sr-only"> (article)</span></a></li>'
    assert title(hidden) == "Harbour reopens"
    icon = '<li><a href="/p/1" aria-label="Harbour reopens"><svg></svg></a></li>'
    assert title(icon) == "Harbour reopens"


def test_a_truncated_title_gives_way_to_the_full_one_in_its_title_attribute() -> None:
    card = (
        '<li><a href="/p/1" title="Harbour reopens after the long winter storm">'
        "Harbour reopens after the…</a></li>"
    )
    assert title(card) == "Harbour reopens after the long winter storm"


def test_common_link_texts_are_the_words_most_items_share() -> None:
    rows = "".join(
        f'<li><a href="/p/{i}">Story {i} of the day</a> <a href="/p/{i}">Read more</a></li>'
        for i in range(6)
    )
    assert common_link_texts(links_of(rows)) == frozenset({"read more"})
    # a text shared by every item is no title of any
    card = '<li><h3>Harbour reopens</h3><a href="/p/1">Continue</a></li>'
    assert title(card, frozenset({"continue"})) == "Harbour reopens"


def test_quick_title_falls_back_to_attributes_and_image_alt() -> None:
    (heading, labelled, pictured) = links_of(
        '<a href="/a"><h3>Heading text</h3><p>Teaser</p></a>'
        '<a href="/b" title="Titled link"></a>'
        '<a href="/c"><img src="c.jpg" alt="Picture alt"></a>'
    )
    assert quick_title(heading) == "Heading text"
    assert quick_title(labelled) == "Titled link"
    assert quick_title(pictured) == "Picture alt"


def test_characters_a_reader_never_sees_are_not_in_titles() -> None:
    # soft hyphens (German and Dutch headlines), zero-width spaces, word joiners
    card = (
        '<li><h3><a href="/p/1">Bundes&shy;regierung be\u200bschließt Rad\u2060wege</a></h3></li>'
    )
    assert title(card) == "Bundesregierung beschließt Radwege"


def test_an_icons_svg_title_is_not_part_of_the_headline() -> None:
    card = (
        '<li><h3><a href="/p/1"><svg viewBox="0 0 9 9"><title>Plus</title><path d="M0 0"></path>'
        "</svg>Harbour reopens after the storm</a></h3></li>"
    )
    assert title(card) == "Harbour reopens after the storm"


def test_a_bem_element_class_is_read_by_its_element_not_its_block() -> None:
    # `c-teaser__link` names a link of a teaser block, not a teaser text; the kicker stays out
    card = (
        '<li class="c-teaser"><h3 class="c-teaser__title"><a class="c-teaser__link" href="/p/1">'
        '<span class="c-teaser__kicker">Sport</span> <span class="c-teaser__headline">'
        "Harbour reopens after the storm</span></a></h3></li>"
    )
    assert title(card) == "Harbour reopens after the storm"


def test_labels_every_card_shows_and_counts_are_not_in_titles() -> None:
    # a card link of bare spans: a category label every item shows, the title, a date, a
    # reading time
    cards = "".join(
        f'<li><a href="/p/{n}"><span>City</span><span>Harbour reopens after storm {n}</span>'
        f"<span>March {n + 1}, 2025</span><span>{n + 3} min read</span></a></li>"
        for n in range(4)
    )
    links = links_of(f"<ul>{cards}</ul>")
    boilerplate = common_link_texts(links)
    for n, link in enumerate(links):
        item = next(el for el in link.chain if el.tag == "li")
        text, _ = item_title(link, item, boilerplate, ())
        assert text == f"Harbour reopens after storm {n}"
