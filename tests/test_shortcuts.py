"""The cheap exact paths give what the full reading gives, on every shape of input.

`canonical`, `publishable_url`, `one_line` and `inner_html` first check whether their input is
one they would give back as it is, and the numeric date reader whether a text could hold such a
date; only the full reading (`_canonical_parts`, `_read_url`, `_read_line`, `_numeric_date`,
`_inner_html`) has the last word (`inner_html`'s shortcut must also leave the tree as the full
reading leaves it). The tests build thousands of inputs from parts that sit on either side of
every condition of a shortcut (case, ports, empty queries and fragments, tracking names, encoded
names, controls, spaces, characters that are encoded or removed; tags and attributes that hold
links) and compare the two.
"""

from __future__ import annotations

import itertools

import lxml.html
import pytest
from lxml import etree

from feedsmith.extract.fields import _holds_no_link, _inner_html, inner_html
from feedsmith.normalise.dates import _numeric, _numeric_date
from feedsmith.normalise.urls import _canonical_parts, canonical
from feedsmith.publishable import (
    LINK_SCHEMES,
    WEB_SCHEMES,
    _read_line,
    _read_url,
    all_xml_safe,
    one_line,
    publishable_url,
    xml_safe,
)

SCHEMES = ("http", "https", "HTTP", "Https", "ftp", "file", "javascript", "mailto")
HOSTS = (
    "example.org",
    "Example.ORG",
    "a-b.example.org",
    "127.0.0.2",
    "",
    "user:pw@example.org",
    "[::1]",
    "ex_ample.org",
    "exämple.org",
    ".",
)
PORTS = ("", ":80", ":443", ":8080", ":0", ":080", ":99999", ":", ":x")
PATHS = ("", "/", "/a/b.html", "/A/../b", "/a b", "/é", "/a\tb", "/a%20b", '/a"b', "/\u202eb")
QUERIES = (
    "",
    "?",
    "?id=3",
    "?utm_source=x&id=3",
    "?id=3&fbclid=1",
    "?utm%5Fsource=x",
    "?a+b=1",
    "?UTM_Medium=m",
    "?a=1&&b=2",
    "?x",
    "?a=%7F",
    "?utm_source=x",
    "?utm_source=x&utm_medium=y",
    "?fbclid=1&gclid",
    "?utm_source=&xtor",
    "?utm_source=x&&utm_medium=y",
    "?UTM_Medium=m&fbclid=2",
    "?utm_source=x&",
    "?utm_source=x=y",
)
FRAGMENTS = ("", "#", "#top", "#a#b", "# x")
ENDS = ("", " ", "\n", "\x00")


def _urls() -> list[str]:
    urls = []
    for scheme, host, port, path in itertools.product(SCHEMES, HOSTS, PORTS, PATHS):
        urls.append(f"{scheme}://{host}{port}{path}")
    for query, fragment, end in itertools.product(QUERIES, FRAGMENTS, ENDS):
        for head in (
            "https://example.org/a",
            "http://127.0.0.2:8080/x/",
            "HTTP://Ex.org",
            "http://example.org:80/a",
            "https://example.org:65535/a",
            "https://example.org:65536/a",
        ):
            urls.append(f"{head}{query}{fragment}{end}")
            urls.append(f"{end}{head}{query}{fragment}")
    return urls


URLS = _urls()


def test_the_url_set_takes_both_paths() -> None:
    assert len(URLS) > 5000
    assert sum(canonical(u) == u for u in URLS) > 100
    assert sum(canonical(u) != u for u in URLS) > 100
    assert sum(publishable_url(u) == u for u in URLS) > 100
    assert sum(publishable_url(u) is None for u in URLS) > 100


def test_the_url_set_takes_the_tracking_only_path() -> None:
    # links whose query is only tracking parameters lose it without being taken apart
    stripped = [u for u in URLS if "utm_" in u and "?" not in canonical(u) and u[0] == "h"]
    assert len(stripped) > 50


def test_canonical_is_the_full_reading() -> None:
    wrong = [
        (u, canonical(u), _canonical_parts(u)) for u in URLS if canonical(u) != _canonical_parts(u)
    ]
    assert wrong == []


@pytest.mark.parametrize("schemes", [WEB_SCHEMES, LINK_SCHEMES, frozenset({"https"})])
def test_publishable_url_is_the_full_reading(schemes: frozenset[str]) -> None:
    wrong = [
        (u, publishable_url(u, schemes=schemes), _read_url(u, schemes))
        for u in URLS
        if publishable_url(u, schemes=schemes) != _read_url(u, schemes)
    ]
    assert wrong == []


# pieces of a title: words in several scripts, every kind of space, controls, surrogates,
# non-characters, invisible and bidi characters, and the joiners that stay
PIECES = ("Élection", "日本語", "a", " ", "  ", "\u00a0", "\t", "\n", "\u2003", "\x00", "\x1f",
          "\x7f", "\ud800", "\ufffe", "\u200b", "\u202e", "\u2066", "\ufeff", "\u180e",
          "\u200d", "\x85", "\u2028", "-", "\u061c")  # fmt: skip


def _lines() -> list[str]:
    lines = [""]
    for size in (1, 2, 3):
        lines += ["".join(p) for p in itertools.product(PIECES, repeat=size)]
    return lines


LINES = _lines()


def test_the_line_set_takes_both_paths() -> None:
    assert sum(one_line(t) == t for t in LINES) > 100
    assert sum(one_line(t) != t for t in LINES) > 1000


def test_one_line_is_the_full_reading() -> None:
    wrong = [(t, one_line(t), _read_line(t)) for t in LINES if one_line(t) != _read_line(t)]
    assert wrong == []


def test_all_xml_safe_is_each_xml_safe() -> None:
    for a, b in itertools.product(PIECES, repeat=2):
        assert all_xml_safe((a, b)) == (xml_safe(a) == a and xml_safe(b) == b)


# pieces of dates: numbers of every width, separators with and without spaces, words, times
DATE_PIECES = ("29", "2025", "5", " ", "-", " - ", "/", ".", ". ", ":", "h", "14h05",
               "octobre", "+01:00", "\t", "1.2.10", "2025年")  # fmt: skip


def test_the_numeric_reader_is_asked_only_when_it_could_read() -> None:
    texts = [
        "".join(p) for size in (1, 2, 3, 4) for p in itertools.product(DATE_PIECES, repeat=size)
    ]
    read = [t for t in texts if _numeric_date(t, False) is not None]
    assert len(read) > 100
    for month_first in (False, True):
        reader = _numeric(("en",) if month_first else ("fr",))
        wrong = [t for t in texts if reader(t) != _numeric_date(t, month_first)]
        assert wrong == []


INNER_TAGS = ("p", "div", "span", "a", "img", "style", "meta", "object", "param", "IMG", "td")
INNER_ATTRS = (
    "",
    ' class="excerpt"',
    ' href="/x y"',
    ' src="/i.jpg"',
    ' data-src="/lazy.jpg"',
    ' style="color: red"',
    ' style="background: url(/bg.png)"',
    ' http-equiv="refresh" content="0; url=/next"',
    ' valuetype="ref" value="/v"',
    ' data="/d" codebase="/c/"',
    ' cite="/q"',
    ' id="a" lang="fr"',
)
INNER_TEXTS = ("", "  Un résumé  ", "a &amp; b &lt;c&gt;", "url(/in-text.png)", "x\u00a0y")
INNER_CHILDREN = (
    "",
    "<b>gras</b>",
    '<a href="/rel">lien</a>',
    '<img data-src="/l.jpg">',
    "<!-- c -->",
)


def _inner_cases() -> list[str]:
    cases = []
    for tag, attrs, text, child in itertools.product(
        INNER_TAGS, INNER_ATTRS, INNER_TEXTS, INNER_CHILDREN
    ):
        cases.append(f"<{tag}{attrs}>{text}{child}</{tag}>")
    return cases


def _selected(markup: str) -> etree._Element:
    root = lxml.html.fromstring(f"<html><body><section>{markup}</section></body></html>")
    section = next(root.iter("section"))
    return section[0] if len(section) else section


def test_inner_html_takes_both_paths() -> None:
    cases = _inner_cases()
    shortcut = sum(len(e) == 0 and _holds_no_link(e) for e in map(_selected, cases))
    assert len(cases) > 2000
    assert shortcut > 150
    assert sum(len(_selected(c)) > 0 for c in cases) > 500


@pytest.mark.parametrize("base_url", ["https://example.org/a/b.html", ""])
def test_inner_html_is_the_full_reading(base_url: str) -> None:
    wrong = []
    for markup in _inner_cases():
        quick, full = _selected(markup), _selected(markup)
        got, expected = inner_html(quick, base_url), _inner_html(full, base_url)
        trees = [etree.tostring(e.getroottree(), encoding="unicode") for e in (quick, full)]
        if got != expected or trees[0] != trees[1]:
            wrong.append((markup, got, expected))
    assert wrong == []
