"""The cheap exact paths for URLs give what the full reading gives, on every shape of URL.

`canonical` and `publishable_url` first check whether a URL is one they would give back as it
is; only the full reading (`_canonical_parts`, `_read_url`) has the last word. Each test below
builds several thousand URLs from parts that sit on either side of every condition of the
shortcut (case, ports, empty queries and fragments, tracking names, encoded names, controls,
characters that are encoded or removed) and compares the two.
"""

from __future__ import annotations

import itertools

import pytest

from feedsmith.normalise.urls import _canonical_parts, canonical
from feedsmith.publishable import LINK_SCHEMES, WEB_SCHEMES, _read_url, publishable_url

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
)
FRAGMENTS = ("", "#", "#top", "#a#b", "# x")
ENDS = ("", " ", "\n", "\x00")


def _urls() -> list[str]:
    urls = []
    for scheme, host, port, path in itertools.product(SCHEMES, HOSTS, PORTS, PATHS):
        urls.append(f"{scheme}://{host}{port}{path}")
    for query, fragment, end in itertools.product(QUERIES, FRAGMENTS, ENDS):
        for head in ("https://example.org/a", "http://127.0.0.2:8080/x/", "HTTP://Ex.org"):
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


def test_canonical_is_the_full_reading() -> None:
    wrong = [(u, canonical(u), _canonical_parts(u)) for u in URLS if canonical(u) != _canonical_parts(u)]
    assert wrong == []


@pytest.mark.parametrize("schemes", [WEB_SCHEMES, LINK_SCHEMES, frozenset({"https"})])
def test_publishable_url_is_the_full_reading(schemes: frozenset[str]) -> None:
    wrong = [
        (u, publishable_url(u, schemes=schemes), _read_url(u, schemes))
        for u in URLS
        if publishable_url(u, schemes=schemes) != _read_url(u, schemes)
    ]
    assert wrong == []
