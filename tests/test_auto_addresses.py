"""feedsmith.extract.auto.addresses: which links can be items, comparing addresses, slugs."""

from __future__ import annotations

from feedsmith.extract.auto.addresses import is_item_href, is_same_url, slug_like, url_key


def test_item_hrefs_exclude_scripts_mail_phone_and_fragments() -> None:
    assert is_item_href("/2025/03/harbour-reopens/")
    assert is_item_href("  https://example.com/a ")
    for href in (
        None,
        "",
        "   ",
        "#top",
        "javascript:void(0)",
        "MAILTO:a@b.c",
        "tel:+1",
        "data:,x",
    ):
        assert not is_item_href(href), href


def test_url_key_ignores_case_of_scheme_and_host_and_a_trailing_slash() -> None:
    assert url_key("HTTPS://Example.COM/Post/") == url_key("https://example.com/Post")
    assert url_key("https://example.com/post?page=2") != url_key("https://example.com/post")
    assert url_key("https://example.com") == "https://example.com/?"


def test_is_same_url_resolves_against_the_base() -> None:
    assert is_same_url("./", "https://example.com/blog/")
    assert not is_same_url("/blog/other", "https://example.com/blog/")
    assert not is_same_url(None, "https://example.com/")


def test_slug_like_paths() -> None:
    assert slug_like("https://example.com/harbour-reopens-after-storm")
    assert slug_like("https://example.com/news/12345")
    assert slug_like("https://example.com/story.html")
    assert slug_like("https://example.com/section/page")  # two segments
    assert not slug_like("https://example.com/")
    assert not slug_like("https://example.com/about")
