"""No entry is lost or re-dated by the clock: each scenario is built end to end from the loopback
server at injected times, with its state in SQLite and again in PostgreSQL, and the entries
read back from the store.

- a date printed without a year, read across New Year and again a year later;
- an item that leaves the page and comes back;
- a change of the feed's `timezone:`;
- local times in a summer-time gap or fold;
- a redesign that moves every date on the page (relative and yearless readings are kept;
  an absolute date that changed is a correction: taken, and logged);
- a page without item dates: first-seen dates stable across runs, and never the HTTP
  Last-Modified of the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from feedsmith.config import Config, parse_config
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import Entry
from tests.conftest import LoopbackSite

Build = Callable[..., dict[str, Entry]]


@pytest.fixture(params=["sqlite", "postgres"])
def state(request: pytest.FixtureRequest) -> str | None:
    """None: the default SQLite file in the state folder; else a PostgreSQL database's URL."""
    if request.param == "sqlite":
        return None
    url: str = request.getfixturevalue("postgres").database()
    return url


@pytest.fixture
def build(tmp_path: Path, site: LoopbackSite, state: str | None) -> Iterator[Build]:
    """build(feed options, now) → the feed's stored entries by title, after one build."""

    def run(now: datetime, **options: Any) -> dict[str, Entry]:
        feed = {"id": "f", "url": site.url("/list"), **options}
        doc: dict[str, Any] = {
            "state_dir": str(tmp_path / "state"),
            "public_dir": str(tmp_path / "public"),
            "feeds": [feed],
        }
        if state is not None:
            doc["state"] = state
        config: Config = parse_config(yaml.safe_dump(doc, allow_unicode=True), root=tmp_path)
        with Runtime(config) as runtime:
            result = build_feed(config.feeds[0], runtime, now=now, strict=True)
            assert result.status in {"ok", "unchanged"}, result.error
            return {e.title: e for e in runtime.store.entries("f", limit=100)}

    yield run


def _list(items: list[tuple[str, str]], lang: str = "fr") -> str:
    lis = "".join(
        f'<li class="it"><h3><a href="/n/{title.split()[-1].lower()}">{title}</a></h3>'
        f'<span class="d">{date}</span><p>{title}, la suite de l’article.</p></li>'
        for title, date in items
    )
    head = "<head><title>Actualités</title></head>"
    return f'<html lang="{lang}">{head}<body><ul>{lis}</ul></body></html>'


SELECTORS = {
    "language": "fr",
    "timezone": "Europe/Paris",
    "items": "li.it",
    "fields": {"title": "a", "link": "a", "date": ".d"},
}


def test_a_yearless_date_keeps_its_year_across_new_year_and_a_year_later(
    site: LoopbackSite, build: Build
) -> None:
    site.add("/list", _list([("Vœux du maire", "2 janvier"), ("Bilan de l’année", "30 décembre")]))
    first = build(datetime(2025, 1, 2, 9, 0, tzinfo=UTC), **SELECTORS)
    assert first["Vœux du maire"].published.date().isoformat() == "2025-01-02"  # type: ignore[union-attr]
    assert first["Bilan de l’année"].published.date().isoformat() == "2024-12-30"  # type: ignore[union-attr]
    # a year later the same text reads as this year's 2 January: the first reading is kept
    later = build(datetime(2026, 1, 5, 9, 0, tzinfo=UTC), **SELECTORS)
    for title in first:
        assert later[title].published == first[title].published
        assert later[title].id == first[title].id


def test_a_yearless_date_on_a_detected_list_is_placed_by_the_builds_clock(
    site: LoopbackSite, build: Build
) -> None:
    # list detection places a yearless date from the fetch: it must be the build's clock, not
    # the wall clock (a build at an injected time before today read "2 janvier" as a future day)
    items = [
        ("Vœux du maire pour la nouvelle année", "2 janvier"),
        ("Bilan de l’année écoulée en images", "30 décembre"),
        ("Le marché de Noël ouvre ses portes", "12 décembre"),
        ("Travaux de voirie dans le centre", "28 novembre"),
    ]
    site.add("/list", _list(items))
    now = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    first = build(now, language="fr", timezone="Europe/Paris")
    days = {t: e.published.date().isoformat() for t, e in first.items() if e.published}
    assert days == {
        items[0][0]: "2025-01-02",
        items[1][0]: "2024-12-30",
        items[2][0]: "2024-12-12",
        items[3][0]: "2024-11-28",
    }
    assert all(e.dated for e in first.values())
    later = build(
        now.replace(year=2026) + timedelta(days=3), language="fr", timezone="Europe/Paris"
    )
    assert {t: (e.id, e.published) for t, e in later.items()} == {
        t: (e.id, e.published) for t, e in first.items()
    }


def test_an_item_that_leaves_the_page_and_comes_back_keeps_its_date_and_id(
    site: LoopbackSite, build: Build
) -> None:
    dated = ("Un article daté", "12 mars 2025")
    undated = ("Un article sans date", "")
    relative = ("Un article récent", "il y a 2 heures")
    site.add("/list", _list([dated, undated, relative]))
    now = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    first = build(now, **SELECTORS)
    site.add("/list", _list([("Autre chose", "19 mars 2025")]))
    gone = build(now + timedelta(hours=5), **SELECTORS)
    assert set(first) <= set(gone)  # kept while off the page
    site.add("/list", _list([dated, undated, relative]))
    back = build(now + timedelta(days=2), **SELECTORS)
    for title in first:
        assert (back[title].id, back[title].published) == (first[title].id, first[title].published)
    assert first["Un article récent"].published == now - timedelta(hours=2)
    assert not first["Un article sans date"].dated


def test_a_timezone_change_re_reads_written_times_and_keeps_first_readings(
    site: LoopbackSite, build: Build, caplog: pytest.LogCaptureFixture
) -> None:
    site.add(
        "/list",
        _list(
            [
                ("Conseil municipal", "12 mars 2025 à 18h30"),
                ("Fête du quartier", "il y a 3 heures"),
                ("Marché", "5 mars"),
                ("Expo", "10 mars 2025"),
            ]
        ),
    )
    now = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    paris = build(now, **SELECTORS)
    assert paris["Conseil municipal"].published == datetime(2025, 3, 12, 17, 30, tzinfo=UTC)
    with caplog.at_level(logging.INFO, logger="feedsmith.store"):
        montreal = build(now + timedelta(hours=1), **{**SELECTORS, "timezone": "America/Montreal"})
    # a time written without a zone is read in the feed's zone: the new zone corrects it
    assert montreal["Conseil municipal"].published == datetime(2025, 3, 12, 22, 30, tzinfo=UTC)
    assert "date changed" in caplog.text
    # relative and yearless readings are the first ones; a day alone is the same day
    for title in ("Fête du quartier", "Marché"):
        assert montreal[title].published == paris[title].published
    assert montreal["Expo"].published.date() == paris["Expo"].published.date()  # type: ignore[union-attr]
    assert {e.id for e in montreal.values()} == {e.id for e in paris.values()}


def test_local_times_in_a_summer_time_gap_or_fold_read_the_same_every_time(
    site: LoopbackSite, build: Build
) -> None:
    # 02:30 does not exist on 30 March 2025 in Paris and happens twice on 26 October: each is
    # read with the offset in force before the change (the earlier instant of the two)
    site.add(
        "/list",
        _list(
            [("Passage à l’heure d’hiver", "26/10/2025 02:30"), ("Heure d’été", "30/03/2025 02:30")]
        ),
    )
    now = datetime(2025, 10, 27, 12, 0, tzinfo=UTC)
    first = build(now, **SELECTORS)
    assert first["Heure d’été"].published == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    assert first["Passage à l’heure d’hiver"].published == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    again = build(now + timedelta(hours=1), **SELECTORS)
    assert {t: e.published for t, e in again.items()} == {t: e.published for t, e in first.items()}


def test_a_redesign_that_moves_every_date_rewrites_only_absolute_ones(
    site: LoopbackSite, build: Build, caplog: pytest.LogCaptureFixture
) -> None:
    before = [
        ("Relatif", "il y a 2 heures"),
        ("Sans année", "5 mars"),
        ("Absolu", "12 mars 2025"),
        ("Sans date", ""),
    ]
    site.add("/list", _list(before))
    now = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    first = build(now, **SELECTORS)
    # the redesign prints other texts for every date: later relative readings, the yearless
    # date with another form, the absolute one a day later (the site corrected it), and a
    # date where there was none
    after = [
        ("Relatif", "il y a 1 jour"),
        ("Sans année", "05/03"),
        ("Absolu", "13 mars 2025"),
        ("Sans date", "il y a 5 minutes"),
    ]
    site.add("/list", _list(after))
    with caplog.at_level(logging.INFO, logger="feedsmith.store"):
        later = build(now + timedelta(hours=20), **SELECTORS)
    assert later["Relatif"].published == first["Relatif"].published
    assert later["Sans année"].published == first["Sans année"].published
    assert later["Absolu"].published.date().isoformat() == "2025-03-13"  # type: ignore[union-attr]
    assert "date changed" in caplog.text and "/n/absolu" in caplog.text
    # an entry first dated by when it was seen keeps that date: a relative reading later
    # would only move it
    assert later["Sans date"].published == first["Sans date"].published
    assert {e.id for e in later.values()} == {e.id for e in first.values()}


def test_first_seen_dates_are_stable_and_never_the_pages_last_modified(
    site: LoopbackSite, build: Build
) -> None:
    page = _list([("Un", ""), ("Deux", ""), ("Trois", "")])
    site.add("/list", page, headers={"Last-Modified": "Mon, 03 Mar 2025 08:00:00 GMT"})
    now = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
    first = build(now, **SELECTORS)
    assert [first[t].published for t in ("Un", "Deux", "Trois")] == [
        now,
        now - timedelta(seconds=1),
        now - timedelta(seconds=2),
    ]
    assert not any(e.dated for e in first.values())
    site.add("/list", page.replace("Un,", "Un (mis à jour),"))
    again = build(now + timedelta(days=1), **SELECTORS)
    assert {t: e.published for t, e in again.items()} == {t: e.published for t, e in first.items()}
