"""feedsmith.extract.auto.elements: an element's text as a reader sees it, its class words."""

from __future__ import annotations

import lxml.html

from feedsmith.extract.auto.elements import (
    class_words,
    clean,
    is_ancestor,
    spaced_text,
    text_of,
    visible_text,
    word_count,
)


def fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


def test_clean_drops_control_characters_and_folds_white_space() -> None:
    assert clean("  Story\x07 one\n\t about\x1b the  harbour \x7f") == "Story one about the harbour"
    assert clean(None) == ""


def test_text_of_joins_nodes_and_spaced_text_keeps_words_apart() -> None:
    el = fragment("<div><span>2025</span><p>Next story</p></div>")
    assert text_of(el) == "2025Next story"
    assert spaced_text(el) == "2025 Next story"


def test_visible_text_leaves_out_what_a_reader_does_not_see() -> None:
    el = fragment(
        '<a href="/a">Title<span class="screen-reader-text"> (opens)</span>'
        '<span style="display: none">secret</span><span hidden>also hidden</span>'
        "<script>var x = 1;</script><em>end</em><p>block</p></a>"
    )
    assert visible_text(el) == "Titleend block"
    assert visible_text(el, skip=lambda e: e.tag == "em") == "Title block"


def test_visible_text_budget_stops_after_that_many_elements() -> None:
    el = fragment("<div>" + "".join(f"<p>w{i}</p>" for i in range(10)) + "</div>")
    assert visible_text(el, budget=3) == "w0 w1 w2"


def test_word_count_counts_two_characters_of_a_dense_script_as_a_word() -> None:
    assert word_count("Harbour reopens after storm") == 4
    # 8 CJK characters in one run: 4 words, as long as a short headline elsewhere
    assert word_count("東京で新しい駅開業") == 4
    assert word_count("") == 0


def test_class_words_join_class_id_role_without_layout_hints() -> None:
    el = fragment('<div class="Content with-sidebar has-nav" id="Main" role="main"></div>')
    assert class_words(el) == "content main main"
    assert class_words(fragment("<div></div>")) == ""


def test_is_ancestor_is_strict() -> None:
    root = fragment("<div><ul><li><a>x</a></li></ul></div>")
    anchor = root.find(".//a")
    assert is_ancestor(root, anchor)
    assert not is_ancestor(anchor, root)
    assert not is_ancestor(anchor, anchor)
