"""Numeric dates on a page read with the user's selectors take the order the whole page decides,
as list detection does (`feedsmith.extract.fielddates`), unless the feed sets the order itself.

Each case is a small page parsed by lxml, read with real selectors and normalised by the real
date chain; the end-to-end case builds through the loopback server and the SQLite store.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from feedsmith.config import FeedConfig, parse_config
from feedsmith.extract import extract
from feedsmith.normalise import normalise
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.reuse import ItemMemo
from feedsmith.types import Page
from tests.conftest import LoopbackSite

NOW = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
URL = "http://127.0.0.1:9/news/"


def _page(dates: list[str], lang: str | None) -> Page:
    items = "".join(
        f'<li><a href="/n/{n}">Item {n}</a> <span class="d">{d}</span></li>'
        for n, d in enumerate(dates)
    )
    attr = f' lang="{lang}"' if lang else ""
    text = f"<html{attr}><body><ul>{items}</ul></body></html>"
    return Page(
        requested_url=URL,
        url=URL,
        status=200,
        content=text.encode(),
        text=text,
        encoding="utf-8",
        content_type="text/html",
        fetched_at=NOW,
    )


def _feed(tmp_path: Path, **extra: object) -> FeedConfig:
    feed: dict[str, object] = {"id": "f", "url": URL, "items": "li"}
    feed["fields"] = {"title": "a", "link": "a", "date": ".d"}
    for key, value in extra.items():
        if key == "date":
            feed["fields"] = {"title": "a", "link": "a", "date": value}
        else:
            feed[key] = value
    return parse_config(yaml.safe_dump({"feeds": [feed]}), root=tmp_path).feeds[0]


def _days(page: Page, feed: FeedConfig) -> list[str | None]:
    entries, _ = normalise(extract(page, feed).items, feed, page_url=URL, now=NOW)
    return [e.published.date().isoformat() if e.published and e.dated else None for e in entries]


@pytest.mark.parametrize(
    ("dates", "lang", "settings", "expected"),
    [
        # 25 can only be a day: every date of the page is day first, though the feed says `en`
        (
            ["25/12/2024", "05/12/2024", "11/11/2024"],
            "en",
            {"language": "en"},
            ["2024-12-25", "2024-12-05", "2024-11-11"],
        ),
        # both orders read every date as a day; only month first keeps the list newest first,
        # on a page that declares British English (day first by its language)
        (
            ["10/03/2024", "05/03/2024", "01/04/2024"],
            "en-GB",
            {},
            ["2024-10-03", "2024-05-03", "2024-01-04"],
        ),
        # nothing decides (either order, unordered, a bare `en`): undated, not guessed
        (
            ["05/03/2024", "08/01/2024", "11/02/2024", "02/04/2024"],
            "en",
            {"language": "en"},
            [None, None, None, None],
        ),
        # the same page declaring US English: its language decides
        (
            ["05/03/2024", "08/01/2024", "11/02/2024", "02/04/2024"],
            "en-US",
            {},
            ["2024-05-03", "2024-08-01", "2024-11-02", "2024-02-04"],
        ),
        # a date with its time, the seconds kept
        (
            ["25/12/2024 14:05:33", "05/12/2024 09:00", "11/11/2024"],
            None,
            {},
            ["2024-12-25", "2024-12-05", "2024-11-11"],
        ),
        # year first, two-digit years: only that order puts the list in order
        (
            ["24.12.05", "24.11.11", "24.03.08", "23.12.03"],
            None,
            {},
            ["2024-12-05", "2024-11-11", "2024-03-08", "2023-12-03"],
        ),
    ],
)
def test_the_page_decides_the_order_of_numbers(
    tmp_path: Path,
    dates: list[str],
    lang: str | None,
    settings: dict[str, object],
    expected: list[str | None],
) -> None:
    assert _days(_page(dates, lang), _feed(tmp_path, **settings)) == expected


def test_the_time_read_with_a_decided_order_is_the_one_printed(tmp_path: Path) -> None:
    page = _page(["25/12/2024 14:05:33", "05/12/2024 09:00", "11/11/2024"], None)
    feed = _feed(tmp_path, timezone="Europe/Paris")
    entries, _ = normalise(extract(page, feed).items, feed, page_url=URL, now=NOW)
    assert [e.published for e in entries] == [
        datetime(2024, 12, 25, 13, 5, 33, tzinfo=UTC),
        datetime(2024, 12, 5, 8, 0, tzinfo=UTC),
        datetime(2024, 11, 11, 12, 0, tzinfo=UTC),  # a day alone: noon UTC
    ]


@pytest.mark.parametrize(
    "settings",
    [
        {"language": "en-US"},
        {"language": "fr"},
        {"date": {"selector": ".d", "format": "%d/%m/%Y"}},
        {"date": {"selector": ".d", "languages": ["de"]}},
    ],
)
def test_an_order_the_feed_sets_is_kept(tmp_path: Path, settings: dict[str, object]) -> None:
    # unordered dates, all readable either way: the page would leave them undated
    page = _page(["05/03/2024", "08/01/2024", "11/02/2024", "02/04/2024"], "en")
    got = _days(page, _feed(tmp_path, **settings))
    month_first = settings.get("language") == "en-US"
    assert got == (
        ["2024-05-03", "2024-08-01", "2024-11-02", "2024-02-04"]
        if month_first
        else ["2024-03-05", "2024-01-08", "2024-02-11", "2024-04-02"]
    )


def test_a_machine_date_before_the_text_is_left_alone(tmp_path: Path) -> None:
    page = _page(["05/03/2024", "08/01/2024"], "en")
    text = page.text.replace('<span class="d">05/03/2024', '<time class="d" datetime="2024-05-03">')
    text = text.replace("2024</span></li><li>", "2024</time></li><li>", 1)
    page = replace(page, text=text, content=text.encode())
    assert _days(page, _feed(tmp_path, language="en")) == ["2024-05-03", None]


def test_items_read_from_kept_records_are_settled_the_same(tmp_path: Path) -> None:
    # the kept raw values are the markup's; the page-wide order is decided again on each build
    feed = _feed(tmp_path, language="en")
    page = _page(["25/12/2024", "05/12/2024", "11/11/2024"], "en")
    first = ItemMemo(feed, URL, {})
    cold = extract(page, feed, first)
    _stale, rows = first.changes()
    again = ItemMemo(feed, URL, rows)
    warm = extract(page, feed, again)
    assert warm.items == cold.items
    assert [i.dates[0] for i in warm.items] == ["2024-12-25", "2024-12-05", "2024-11-11"]
    entries, _ = normalise(warm.items, feed, page_url=URL, now=NOW, memo=again)
    assert [e.published.day for e in entries if e.published] == [25, 5, 11]


def test_a_feed_built_twice_keeps_the_page_decided_dates(
    tmp_path: Path, site: LoopbackSite
) -> None:
    page = _page(["25/12/2024", "05/12/2024", "11/11/2024"], "en")
    site.add("/news/", page.text)
    doc = {
        "state_dir": str(tmp_path / "state"),
        "public_dir": str(tmp_path / "public"),
        "feeds": [
            {
                "id": "f",
                "url": site.url("/news/"),
                "language": "en",
                "items": "li",
                "fields": {"title": "a", "link": "a", "date": ".d"},
            }
        ],
    }
    config = parse_config(yaml.safe_dump(doc), root=tmp_path)
    for hours in (0, 1):
        with Runtime(config) as runtime:
            result = build_feed(
                config.feeds[0], runtime, now=NOW.replace(hour=12 + hours), strict=True
            )
            assert result.status in {"ok", "unchanged"}
            stored = runtime.store.entries("f", limit=10)
            assert [e.published.date().isoformat() for e in stored if e.published] == [
                "2024-12-25",
                "2024-12-05",
                "2024-11-11",
            ]
