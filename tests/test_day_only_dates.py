"""A date without a time of day is that calendar day where the page is published (issue 11).

List pages and article pages give such a day one instant (`normalise.dates.day_instant`):
noon UTC, moved inside the day where the feed's zone is 12 hours or more from UTC; never local
midnight, which readers west of the zone show as the day before. A written time (`00:00`
included) is kept as written; a machine's midnight to the second (`T00:00:00+09:00`) is a day
alone, the day of its own offset. Built end to end on the loopback server; the feeds are read
back by feedparser and shown on clocks in UTC-8 and UTC+9 as a reader shows them.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from feedsmith.config import parse_config
from feedsmith.fulltext import ArticleRecord, apply_article
from feedsmith.normalise import normalise_item
from feedsmith.normalise.dates import day_instant
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.store import Store
from feedsmith.types import Entry, RawItem
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
ZONES = (None, "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati")
PACIFIC = timezone(timedelta(hours=-8))
TOKYO = timezone(timedelta(hours=9))

# (slug, the date as the page prints it, the day it is, the instant wanted by feed zone)
ROWS: tuple[tuple[str, str, date, dict[str | None, str]], ...] = (
    (
        "alone",
        "5 mars 2025",
        date(2025, 3, 5),
        {
            None: "2025-03-05T12:00:00+00:00",
            "Asia/Tokyo": "2025-03-05T12:00:00+00:00",
            "America/Los_Angeles": "2025-03-05T12:00:00+00:00",
            # UTC+14: noon UTC is the next day there; the day's last minute instead
            "Pacific/Kiritimati": "2025-03-05T09:59:00+00:00",
        },
    ),
    (
        "timed",
        "4 mars 2025 à 14h05",
        date(2025, 3, 4),
        {
            None: "2025-03-04T14:05:00+00:00",
            "Asia/Tokyo": "2025-03-04T05:05:00+00:00",
            "America/Los_Angeles": "2025-03-04T22:05:00+00:00",
            "Pacific/Kiritimati": "2025-03-04T00:05:00+00:00",
        },
    ),
    (
        "written-midnight",
        "03/03/2025 00:00",
        date(2025, 3, 3),
        {
            None: "2025-03-03T00:00:00+00:00",
            "Asia/Tokyo": "2025-03-02T15:00:00+00:00",
            "America/Los_Angeles": "2025-03-03T08:00:00+00:00",
            "Pacific/Kiritimati": "2025-03-02T10:00:00+00:00",
        },
    ),
    (
        "machine-midnight",
        "2025-03-02T00:00:00+09:00",
        date(2025, 3, 2),
        # the day of the date's own offset, whatever the feed's zone
        dict.fromkeys(ZONES, "2025-03-02T12:00:00+00:00"),
    ),
)


def page() -> str:
    rows = "".join(
        f'<li class="it"><a href="/a/{slug}">Article {slug}</a><span class="d">{text}</span></li>'
        for slug, text, _, _ in ROWS
    )
    return f'<html lang="fr"><head><title>Site</title></head><body><ul>{rows}</ul></body></html>'


def feed_yaml(url: str, zone: str | None) -> str:
    line = f"\n    timezone: {zone}" if zone else ""
    return (
        "crawl: {backoff: 0}\nfeeds:\n  - id: days\n"
        f"    url: {url}\n    language: fr{line}\n"
        "    items: li.it\n    fields: {title: a, link: a, date: .d}\n"
    )


@pytest.mark.parametrize("zone", ZONES)
def test_list_dates_take_the_days_instant(tmp_path: Path, zone: str | None) -> None:
    feed = parse_config(feed_yaml("https://example.org/list", zone), root=tmp_path).feeds[0]
    for slug, text, _, wanted in ROWS:
        item = RawItem(
            index=0, values={"title": slug, "link": f"/a/{slug}"}, dates=(text,),
            base_url="https://example.org/list",
        )  # fmt: skip
        entry, _ = normalise_item(item, feed, page_url="https://example.org/list", now=NOW)
        assert entry is not None and entry.published is not None
        assert entry.published.isoformat() == wanted[zone], slug
        # a day alone (and a written midnight) count as days for ordering; a time does not
        assert entry.day_only == (slug != "timed"), slug


def test_the_days_instant_lies_inside_the_day_in_every_zone() -> None:
    for name in ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati",
                 "Pacific/Pago_Pago", "Asia/Kathmandu", "Australia/Lord_Howe"):  # fmt: skip
        for day in (date(2025, 3, 30), date(2025, 10, 26), date(2025, 12, 31)):
            zone = ZoneInfo(name)
            midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
            instant = day_instant(midnight, name)
            assert instant.astimezone(zone).date() == day, (name, day)
            assert instant.tzinfo is UTC
            # the same instant from any reading of that day
            assert day_instant(midnight + timedelta(hours=23), name) == instant


@pytest.mark.parametrize("zone", [None, "Asia/Tokyo", "America/Los_Angeles"])
def test_readers_west_and_east_show_the_pages_day(
    tmp_path: Path, site: LoopbackSite, zone: str | None
) -> None:
    url = site.add("/days", page(), validators=False)
    config = parse_config(feed_yaml(url, zone), root=tmp_path)
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok", result.error
    parsed = check_public(config.public_path, "days")
    days = {slug: day for slug, _, day, _ in ROWS if slug != "written-midnight"}
    for fmt in ("rss", "atom"):
        shown = {e.link.rsplit("/", 1)[1]: e.published_parsed for e in parsed[fmt].entries}
        for slug, day in days.items():
            if slug == "timed":
                continue  # a real time is an instant: each reader shows its own clock's day
            instant = datetime.fromtimestamp(calendar.timegm(shown[slug]), UTC)
            for clock in (PACIFIC, TOKYO, UTC):
                assert instant.astimezone(clock).date() == day, (fmt, slug, clock)
    for item in parsed["json"]["items"]:
        slug = item["url"].rsplit("/", 1)[1]
        if slug in days and slug != "timed":
            instant = datetime.fromisoformat(item["date_published"])
            assert {instant.astimezone(c).date() for c in (PACIFIC, TOKYO)} == {days[slug]}


def test_a_later_time_of_the_same_day_wins() -> None:
    day = day_instant(datetime(2025, 3, 5, tzinfo=UTC))
    entry = Entry(
        id="urn:x:a", link="https://example.org/a", title="a", published=day, day_only=True
    )
    record = ArticleRecord(
        entry_id=entry.id,
        list_hash="h",
        ok=True,
        content_html="<p>x</p>",
        published=datetime(2025, 3, 5, 14, 5, tzinfo=UTC),
    )
    timed = apply_article(entry, record)
    assert timed.published == datetime(2025, 3, 5, 14, 5, tzinfo=UTC) and not timed.day_only
    # in the feed's zone: 23:30 in Los Angeles is 5 March there, 6 March in UTC
    west = replace(entry, published=day_instant(datetime(2025, 3, 5, 12, tzinfo=UTC), "UTC"))
    late = replace(record, published=datetime(2025, 3, 6, 7, 30, tzinfo=UTC))
    assert apply_article(west, late, "America/Los_Angeles").published == late.published
    # another day is not a time of this one
    other = replace(record, published=datetime(2025, 3, 7, 9, 0, tzinfo=UTC))
    assert apply_article(entry, other).published == day


@pytest.mark.parametrize("flagged", [True, False])
def test_dates_stored_at_midnight_are_not_redated(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, flagged: bool
) -> None:
    """An entry stored by an earlier version (the day as local midnight, with or without the
    day-only flag) read again as the day's instant: not a new entry, not a changed one, not a
    changed date; a day actually changed on the page still is."""
    tokyo_midnight = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)  # 5 March, 00:00 in Tokyo
    old = Entry(
        id="urn:x:a", link="https://example.org/a", title="a", published=tokyo_midnight,
        dated=True, day_only=flagged,
    )  # fmt: skip
    now_day = replace(old, published=day_instant(tokyo_midnight, "Asia/Tokyo"), day_only=True)
    next_day = replace(
        now_day, published=day_instant(tokyo_midnight + timedelta(days=1), "Asia/Tokyo")
    )
    store = Store(tmp_path / "state.sqlite")
    try:
        store.update("x", [old], now=NOW, max_items=10)
        with caplog.at_level(logging.INFO, logger="feedsmith.store"):
            newest, new, changed = store.update(
                "x", [now_day], now=NOW + timedelta(hours=1), max_items=10
            )
        assert (new, changed) == (0, 0)
        assert newest[0].published == tokyo_midnight
        assert not [r for r in caplog.records if "date changed" in r.getMessage()]
        with caplog.at_level(logging.INFO, logger="feedsmith.store"):
            newest, new, changed = store.update(
                "x", [next_day], now=NOW + timedelta(hours=2), max_items=10
            )
        assert (new, changed) == (0, 1)
        assert newest[0].published == next_day.published
        assert [r for r in caplog.records if "date changed" in r.getMessage()]
    finally:
        store.close()
