"""A republished feed's dates, read as the feed formats define them (`type: feed`).

The strings and instants of fixtures/sources/feedparser-dates.yaml (feedparser's date-parser
tests) are served as the ``pubDate`` of an RSS feed and the ``updated`` of an Atom feed by the
loopback server, built end to end, and every entry's date is checked: the expected instant, or,
for a string that is no date, the time the entry was first seen and a warning.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import pytest
import yaml

from feedsmith.config import parse_config
from feedsmith.normalise.feeddates import feed_date, is_machine_date, read_feed_date
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult, Entry
from tests.conftest import FIXTURES, LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
CASES: list[dict[str, Any]] = yaml.safe_load(
    (FIXTURES / "sources" / "feedparser-dates.yaml").read_text(encoding="utf-8")
)


def _expected(case: dict[str, Any]) -> datetime | None:
    value = case["ours"] if "ours" in case else case["expect"]
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _rss(site: LoopbackSite) -> str:
    items = "".join(
        f"<item><title>case {i}</title><link>{site.url(f'/d/{i}')}</link>"
        f"<pubDate>{escape(case['date'])}</pubDate></item>"
        for i, case in enumerate(CASES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Dates</title>'
        f"<link>{site.url('/d/')}</link><description>d</description>{items}</channel></rss>"
    )


def _atom(site: LoopbackSite) -> str:
    entries = "".join(
        f'<entry><id>urn:d:{i}</id><title>case {i}</title><link href="{site.url(f"/d/{i}")}"/>'
        f"<updated>{escape(case['date'])}</updated></entry>"
        for i, case in enumerate(CASES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Dates</title><id>urn:d</id><updated>2025-10-01T00:00:00Z</updated>{entries}</feed>"
    )


def _build(tmp_path: Path, url: str) -> tuple[BuildResult, dict[str, Entry]]:
    text = yaml.safe_dump(
        {
            "site": {"base_url": "https://feeds.example.org/"},
            "feeds": [{"id": "f", "url": url, "type": "feed", "max_items": 100}],
        }
    )
    cfg = parse_config(text, root=tmp_path)
    with Runtime(cfg) as runtime:
        result = build_feed(cfg.feeds[0], runtime, now=NOW, strict=True)
        stored = runtime.store.entries("f", limit=200)
    return result, {e.link.rsplit("/", 1)[1]: e for e in stored}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feedparser_date_strings_as_a_feed_source(
    tmp_path: Path, site: LoopbackSite, kind: str
) -> None:
    body, media = (_rss(site), "application/rss+xml") if kind == "rss" else (_atom(site), "")
    url = site.add(f"/dates.{kind}", body, content_type=media or "application/atom+xml")
    result, entries = _build(tmp_path, url)
    assert result.status == "ok", result.error
    assert result.items == len(CASES) == len(entries)
    check_public(tmp_path / "public", "f")  # year 99 and all: valid RSS, Atom and JSON
    warned = {d.item for d in result.diagnostics if d.field == "date" and d.level == "warning"}
    wrong = []
    for i, case in enumerate(CASES):
        entry, expected = entries[str(i)], _expected(case)
        assert entry.published is not None
        if expected is None:
            # no date: the time the entry was first seen (staggered by its place), with a warning
            got_right = not entry.dated and entry.published == NOW - timedelta(seconds=i)
            got_right = got_right and (i in warned or not case["date"])
        else:
            got_right = entry.dated and entry.published.replace(microsecond=0) == expected
        if not got_right:
            wrong.append((case["date"], case["reader"], expected, entry.published, entry.dated))
    assert not wrong, "\n".join(map(repr, wrong))


def test_the_fixture_holds_for_feedparsers_own_readers() -> None:
    """The fixture is feedparser's facts: each reader gives what its test expects (a check of
    the copy, and a warning when a new feedparser reads a date differently)."""
    from feedparser import datetimes

    for case in CASES:
        reader = getattr(datetimes, "_parse_date_" + case["reader"], datetimes._parse_date)
        parsed = reader(case["date"])
        got = datetime(*tuple(parsed)[:6], tzinfo=UTC) if parsed else None
        expect = case["expect"]
        assert got == (datetime.fromisoformat(expect[:-1] + "+00:00") if expect else None), case


def test_a_time_without_a_zone_is_in_the_feeds_zone() -> None:
    paris = "Europe/Paris"
    assert feed_date("2025-10-27T08:30:00", paris) == datetime(2025, 10, 27, 7, 30, tzinfo=UTC)
    assert feed_date("Mon, 27 Oct 2025 08:30:00", paris) == datetime(
        2025, 10, 27, 7, 30, tzinfo=UTC
    )
    assert feed_date("Mon, 27 Oct 2025", paris) == datetime(2025, 10, 26, 23, 0, tzinfo=UTC)
    # a zone written in the date wins over the feed's
    assert feed_date("Mon, 27 Oct 2025 08:30:00 GMT", paris) == datetime(
        2025, 10, 27, 8, 30, tzinfo=UTC
    )
    assert feed_date("2025-10-27T08:30:00Z", paris) == datetime(2025, 10, 27, 8, 30, tzinfo=UTC)
    # Korean feeds give Korean time whatever the feed's zone
    assert feed_date("2004-05-25 \uc624\ud6c4 11:23:17", paris) == datetime(
        2004, 5, 25, 14, 23, 17, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dates in no feed format: the text chain, with day, month and year required
        ("29 octobre 2025", datetime(2025, 10, 29, tzinfo=UTC)),
        ("mercredi 29 octobre 2025 à 14h05", datetime(2025, 10, 29, 14, 5, tzinfo=UTC)),
        ("octobre 2025", None),  # no day: never filled in from the clock
        # broken machine dates are not guessed around
        ("Sun, 16 zzz 2012 11:47:32 GMT", None),
        ("2013-01-28T09:xx:00Z", None),
        # unrepresentable: no date, not a failure
        ("9999-12-31T23:59:59-05:00", None),
        ("0001-01-01T00:00:00+01:00", None),
        ("Fri, 31 Dec 9999 23:59:59 -0500", None),
        # more than a day ahead of the clock: a misreading or an event, not a publication date
        ("2025-11-03T00:00:00Z", None),
    ],
)
def test_feed_date_chain(text: str, expected: datetime | None) -> None:
    reading = read_feed_date([text], now=NOW, languages=["fr"])
    assert (reading.value if reading else None) == expected


def test_the_first_date_in_a_feed_format_wins() -> None:
    reading = read_feed_date(["not a date", "2003-12"], now=NOW)
    assert reading is not None and reading.value == datetime(2003, 12, 1, tzinfo=UTC)
    reading = read_feed_date(["2003-12-31T25:00:00Z", "Wed, 31 Dec 2003 10:00:00 GMT"], now=NOW)
    assert reading is not None and reading.value == datetime(2003, 12, 31, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "machine"),
    [
        ("2013-xx-27", True),
        ("22013", True),
        ("Sun, Dec x 2012", True),
        ("Sunday, 16 zzz 2012", True),
        ("16 Dec 2012 10:00", True),
        ("Montag, 3. März 2025", False),
        ("29/10/2025", False),
        ("hace 3 días", False),
    ],
)
def test_machine_date_shapes(text: str, machine: bool) -> None:
    assert is_machine_date(text) is machine


def test_a_feed_date_more_than_a_day_ahead_is_no_date() -> None:
    now = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
    ahead = read_feed_date(["2025-11-02T12:00:00Z"], now=now)
    assert ahead is not None and ahead.value == datetime(2025, 11, 2, 12, 0, tzinfo=UTC)
    assert read_feed_date(["2025-11-02T12:01:00Z"], now=now) is None
    assert read_feed_date(["Tue, 04 Nov 2025 12:00:00 GMT"], now=now) is None
    assert read_feed_date(["2030-01-01T00:00:00Z"], now=None) is not None  # no clock, no check
