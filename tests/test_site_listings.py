"""feedsmith.site.listings: what the site says about each feed, from the config and its state."""

from __future__ import annotations

from datetime import UTC, datetime

from feedsmith.config import Config, parse_config
from feedsmith.site.files import DEFAULT_MAX_AGE, MAX_MAX_AGE
from feedsmith.site.listings import collect, max_age


def config(base_url: str | None = None) -> Config:
    site = f"site: {{base_url: {base_url!r}}}\n" if base_url else ""
    return parse_config(
        site
        + """\
feeds:
  - {id: b, url: "https://b.example/", title: "Same", formats: [json, rss], language: pt_BR}
  - {id: a, url: "https://a.example/", title: "same", schedule: 30m}
  - {id: hidden, url: "https://off.example/", enabled: false}
  - {id: c, url: "https://c.example/", title: "Cron", schedule: "cron: 0 9 * * *"}
"""
    )


def test_enabled_feeds_sorted_by_title_whatever_the_case_then_id() -> None:
    listings = collect(config(), {}, frozenset())
    assert [item.id for item in listings] == ["c", "a", "b"]


def test_only_the_wanted_formats_present_in_public_are_linked_in_format_order() -> None:
    present = frozenset({"b.json", "b.xml", "b.atom", "b.html", "a.atom"})
    listings = {item.id: item for item in collect(config(), {}, present)}
    b = listings["b"]
    assert [(f.format, f.filename, f.label) for f in b.files] == [
        ("rss", "b.xml", "RSS"),
        ("json", "b.json", "JSON Feed"),
    ]  # b.atom is there but not one of b's formats
    assert [f.url for f in b.files] == ["b.xml", "b.json"]  # relative to public/
    assert b.page == "b.html"
    assert listings["a"].page is None
    with_base = {item.id: item for item in collect(config("https://x.example/p/"), {}, present)}
    assert with_base["b"].files[0].url == "https://x.example/p/b.xml"
    assert with_base["b"].page == "https://x.example/p/b.html"


def test_what_the_state_says_is_made_safe_to_publish() -> None:
    states = {
        "a": {
            "title": "Page\ntitle\x07 here",
            "home_url": "javascript:alert(1)",
            "updated": "2026-11-30T10:00:00",
            "last_success": "2026-11-30T10:00:00+01:00",
            "entries": "12",
            "failures": True,
        },
        "b": {"title": 5, "home_url": "https://b.example/news", "entries": True},
    }
    listings = {item.id: item for item in collect(config(), states, frozenset())}
    a, b = listings["a"], listings["b"]
    assert a.title == "Page title here"
    assert a.home_url is None  # only http(s) links
    assert a.updated == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # no offset: UTC
    assert a.last_success == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert a.entries == 12 and a.failures == 0
    assert b.title == "Same"  # not text: the config's title
    assert b.home_url == "https://b.example/news"
    assert b.entries is None
    assert b.language == "pt-BR"


def test_max_age_is_the_rebuild_interval_at_most_a_day() -> None:
    feeds = {feed.id: feed for feed in config().feeds}
    assert max_age(feeds["a"]) == 1800
    assert max_age(feeds["c"]) == DEFAULT_MAX_AGE  # a cron schedule
    assert max_age(feeds["b"]) == DEFAULT_MAX_AGE  # no schedule
    daily = parse_config('feeds:\n  - {id: d, url: "https://d.example/", schedule: 3d}\n')
    assert max_age(daily.feeds[0]) == MAX_MAX_AGE
