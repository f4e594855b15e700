"""feedsmith.config.sources and .feed: where entries come from, checked against the source's
type, and a feed of several `sources:`."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from feedsmith.config.feed import FeedConfig
from feedsmith.config.sources import SourceConfig


def feed(**keys: Any) -> FeedConfig:
    return FeedConfig.model_validate({"id": "f", **keys})


def problem(**keys: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        feed(**keys)
    return str(caught.value)


def test_an_html_source_with_items_auto_or_empty_detects_automatically() -> None:
    assert feed(url="https://a.example/").auto
    assert feed(url="https://a.example/", items="auto").auto
    assert feed(url="https://a.example/", items=" ").auto
    assert not feed(url="https://a.example/", items="article").auto


def test_each_type_takes_only_its_own_keys() -> None:
    assert "needs `items`" in problem(url="https://a.example/api", type="json")
    assert "remove `items`" in problem(url="https://a.example/f.xml", type="feed", items="x")
    assert "remove `fields`" in problem(
        url="https://a.example/sitemap.xml", type="sitemap", fields={"title": "h2"}
    )
    assert "not `selector`" in problem(
        url="https://a.example/api", type="json", items="data", fields={"title": {"selector": "h"}}
    )
    assert "sitemap has no next page" in problem(
        url="https://a.example/sitemap.xml", type="sitemap", next="a.next", max_pages=2
    )
    assert "for html pages" in problem(url="https://a.example/f.xml", type="feed", render="browser")


def test_json_fields_given_as_strings_are_paths() -> None:
    config = feed(url="https://a.example/api", type="json", items="data", fields={"title": "name"})
    spec = config.fields.specs()["title"]
    assert spec.path == "name" and spec.selector is None


def test_next_pages_and_browser_waits_need_their_partners() -> None:
    assert "max_pages" in problem(url="https://a.example/", next="a.next")
    assert feed(url="https://a.example/?p={page}", next="https://a.example/?p={page}", max_pages=3)
    assert "needs `render: browser`" in problem(url="https://a.example/", wait_for="div.ready")


def test_a_feed_of_several_sources_gives_one_config_each() -> None:
    config = feed(
        title="Both",
        language="fr",
        sources=[
            {"url": "https://a.example/", "items": "article"},
            {"url": "https://b.example/f.xml", "type": "feed", "language": "de"},
        ],
    )
    first, second = config.source_configs()
    assert (first.url, first.items, first.type, first.language) == (
        "https://a.example/",
        "article",
        "html",
        "fr",
    )
    assert (second.url, second.type, second.language) == ("https://b.example/f.xml", "feed", "de")
    assert first.title == second.title == "Both"
    assert first.sources is None and second.sources is None


def test_source_keys_belong_inside_each_source() -> None:
    message = problem(url="https://a.example/", sources=[{"url": "https://b.example/"}])
    assert "belong inside each source" in message
    assert "at least one source" in problem(sources=[])
    assert "needs a `url`" in problem()
    with pytest.raises(ValidationError, match="unknown time zone"):
        SourceConfig.model_validate({"url": "https://a.example/", "timezone": "Mars/Base"})
