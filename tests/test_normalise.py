"""Links, ids and HTML: the parts of an entry that must be stable and safe."""

from __future__ import annotations

import itertools
import unittest.mock
from urllib.parse import urljoin

import pytest

from feedsmith import links
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
        ("http://[2001:DB8::1]:8080/a?utm_source=x", "http://[2001:db8::1]:8080/a"),
        ("http://[::ffff:127.0.0.1]/a?fbclid=1", "http://[::ffff:127.0.0.1]/a"),
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


class _FellBack(Exception):
    pass


def _shortcut(base: str, href: str) -> str | None:
    """What `join` answers without urljoin, or None where it hands over to urljoin."""

    def refuse(*args: object) -> str:
        raise _FellBack

    with unittest.mock.patch.object(links, "urljoin", refuse):
        try:
            return join(base, href)
        except _FellBack:
            return None


# the base/link pairs join answers itself: only these can differ from urljoin (the others are
# urljoin's own answer)
SHORTCUT_PAIRS = [
    (base, href)
    for base, href in itertools.product(BASES, HREFS)
    if _shortcut(base, href) is not None
]


def test_the_shortcut_covers_absolute_and_site_rooted_links() -> None:
    assert ("https://ex.org/news/index.html", "/a/b.html") in SHORTCUT_PAIRS
    assert ("https://ex.org/news/index.html", "https://other.net/x") in SHORTCUT_PAIRS
    assert ("file:///srv/site/page.html", "/a/b.html") not in SHORTCUT_PAIRS
    assert len(SHORTCUT_PAIRS) >= 40


@pytest.mark.parametrize(("base", "href"), SHORTCUT_PAIRS)
def test_join_is_urljoin(base: str, href: str) -> None:
    assert _shortcut(base, href) == urljoin(base, href)


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("https://ex.org/news/index.html", "/a/b.html", "https://ex.org/a/b.html"),
        ("https://ex.org", "/a/b.html", "https://ex.org/a/b.html"),
        ("HTTP://Ex.Org:8080/a/b/?q=1#frag", "/x?y=1", "http://Ex.Org:8080/x?y=1"),
        ("http://user@ex.org/a;p/b", "/c", "http://user@ex.org/c"),
        ("https://[::1]:8443/x/", "/y", "https://[::1]:8443/y"),
        ("https://ex.org/news/index.html", "https://other.net/x", "https://other.net/x"),
        ("https://ex.org/news/index.html", "//cdn.ex.net/x", "https://cdn.ex.net/x"),
        ("https://ex.org/news/index.html", "story.html", "https://ex.org/news/story.html"),
        ("https://ex.org/news/index.html", "../up", "https://ex.org/up"),
        ("https://ex.org/news/index.html", "/a/../b", "https://ex.org/b"),
        (
            "https://ex.org/news/index.html",
            "?only=query",
            "https://ex.org/news/index.html?only=query",
        ),
        ("https://ex.org/news/index.html", "#f", "https://ex.org/news/index.html#f"),
        ("file:///srv/site/page.html", "/a/b.html", "file:///a/b.html"),
        ("ftp://ex.org/pub/", "x", "ftp://ex.org/pub/x"),
        ("", "/a", "/a"),
        ("https://ex.org/news/", "mailto:a@ex.org", "mailto:a@ex.org"),
    ],
)
def test_join_by_hand(base: str, href: str, expected: str) -> None:
    assert join(base, href) == expected


def test_join_raises_as_urljoin_does() -> None:
    with pytest.raises(ValueError):
        join("https://ex.org/", "https://[bad/x")


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
