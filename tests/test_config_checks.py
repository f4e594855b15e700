"""feedsmith.config.checks: single values of feeds.yaml, checked where they are read."""

from __future__ import annotations

import re

import pytest

from feedsmith.config.checks import (
    FEED_ID_PATTERN,
    MAX_ID_LENGTH,
    RESERVED_IDS,
    check_css,
    check_feed_id,
    check_path,
    check_selector,
    check_timezone,
)


def test_feed_ids_name_files() -> None:
    assert check_feed_id("hn-front.page_2") == "hn-front.page_2"
    assert re.match(FEED_ID_PATTERN, "hn-front.page_2")
    for bad in ("-dash-first", ".hidden", "a/b", "a b", ""):
        assert not re.match(FEED_ID_PATTERN, bad), bad
    with pytest.raises(ValueError, match=f"at most {MAX_ID_LENGTH}"):
        check_feed_id("x" * (MAX_ID_LENGTH + 1))
    assert check_feed_id("x" * MAX_ID_LENGTH)


@pytest.mark.parametrize("name", sorted(RESERVED_IDS))
def test_the_sites_own_file_names_are_reserved_whatever_the_case(name: str) -> None:
    with pytest.raises(ValueError, match="reserved"):
        check_feed_id(name.upper())


def test_selectors_css_or_xpath() -> None:
    assert check_selector("article.post > h2 a") == "article.post > h2 a"
    assert check_selector("xpath://div[@class='post']") == "xpath://div[@class='post']"
    assert check_selector(None) is None
    for bad in ("article[[", "xpath://div[", "a:nth-child("):
        with pytest.raises(ValueError):
            check_selector(bad)


def test_css_only_where_only_css_is_read() -> None:
    assert check_css("div.body p") == "div.body p"
    with pytest.raises(ValueError, match="invalid CSS selector"):
        check_css("div[[")


def test_json_paths() -> None:
    assert check_path("data.items") == "data.items"
    assert check_path("links.0.href|url") == "links.0.href|url"
    with pytest.raises(ValueError):
        check_path("data..items")


def test_time_zones_are_iana_names() -> None:
    assert check_timezone("Europe/Paris") == "Europe/Paris"
    assert check_timezone(None) is None
    for bad in ("Mars/Olympus", "CEST+2", "../etc/passwd"):
        with pytest.raises(ValueError, match="IANA"):
            check_timezone(bad)
