"""Links, ids and HTML: the parts of an entry that must be stable and safe."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin

import pytest

from feedsmith.links import join
from feedsmith.normalise.html import clean_text, sanitize
from feedsmith.normalise.ids import entry_id
from feedsmith.normalise.urls import absolute, canonical


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG:443/a?utm_source=x&id=3", "https://example.org/a?id=3"),
        ("http://example.org:8080/a?fbclid=1", "http://example.org:8080/a"),
        ("https://example.org/a?gclid=1&utm_medium=m&mc_cid=2", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1#section", "https://example.org/a?b=2&a=1#section"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/Path/Case", "https://example.org/Path/Case"),
    ],
)
def test_canonical(url: str, expected: str) -> None:
    assert canonical(url) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("story.html", "https://ex.org/news/story.html"),
        ("../about", "https://ex.org/about"),
        ("//cdn.ex.net/x", "https://cdn.ex.net/x"),
        ("  /trimmed  ", "https://ex.org/trimmed"),
        ("javascript:void(0)", None),
        ("mailto:a@ex.org", None),
        ("#top", None),
        ("", None),
        (None, None),
    ],
)
def test_absolute(href: str | None, expected: str | None) -> None:
    assert absolute(href, "https://ex.org/news/index.html") == expected


BASES = (
    "https://ex.org/news/index.html",
    "https://ex.org",
    "HTTP://Ex.Org:8080/a/b/?q=1#frag",
    "http://user@ex.org/a;p/b",
    "file:///srv/site/page.html",
    "ftp://ex.org/pub/",
    "https://[::1]:8443/x/",
    "/no/scheme/",
    "",
)
HREFS = (
    "/a/b.html",
    "/a//b",
    "/a/./b",
    "/a/../b",
    "/a/..",
    "/a/.",
    "/",
    "/a;p",
    "/a%2e%2e/b",
    "/a b",
    "/a\tb",
    "/a\\b",
    "/a?",
    "/a?x=1",
    "/a#",
    "/a#f",
    "//cdn.ex.net/x",
    "///x",
    "https://other.net/x",
    "https://other.net",
    "http://other.net/x?y",
    "http:///x",
    "https://[::1]/x",
    "https://[bad/x",
    "HTTPS://Other.Net/X",
    "https://o.net/a/../b",
    "story.html",
    "../up",
    "./here",
    "?only=query",
    "#only-fragment",
    "mailto:a@ex.org",
)


@pytest.mark.parametrize(("base", "href"), list(itertools.product(BASES, HREFS)))
def test_join_is_urljoin(base: str, href: str) -> None:
    try:
        expected: str | type[ValueError] = urljoin(base, href)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError):
            join(base, href)
    else:
        assert join(base, href) == expected


def test_ids_prefer_guid_then_canonical_link_then_title_hash() -> None:
    assert (
        entry_id(feed_id="f", link="https://a.org/x?utm_source=y", guid="g-1", title="T") == "g-1"
    )
    assert entry_id(feed_id="f", link="https://A.org/x?utm_source=y", guid=None, title="T") == (
        "https://a.org/x"
    )
    hashed = entry_id(feed_id="f", link=None, guid=None, title="T")
    assert hashed.startswith("urn:feedsmith:f:")
    assert hashed == entry_id(feed_id="f", link=None, guid=None, title="T")
    assert hashed != entry_id(feed_id="f", link=None, guid=None, title="U")


def test_sanitize_removes_active_content() -> None:
    dirty = (
        '<script>x()</script><p onclick="x()" style="a">Hi <a href="javascript:x()">j</a>'
        '<a href="https://ok.org/">ok</a></p><iframe src="https://x.org"></iframe>'
    )
    clean = sanitize(dirty)
    assert clean is not None
    for bad in ("script", "onclick", "javascript", "iframe", "style"):
        assert bad not in clean
    assert 'href="https://ok.org/"' in clean


def test_text_loses_characters_xml_cannot_carry() -> None:
    assert clean_text("a\x00b\x1b c\x7f\ud800 \ufffe d\u00a0e") == "ab c d e"
    assert clean_text("  \n ") is None
