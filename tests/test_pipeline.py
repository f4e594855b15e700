"""Building feeds end to end against the loopback server, read back by real parsers."""

from __future__ import annotations

import calendar
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedsmith.config import Config, parse_config
from feedsmith.pipeline import Runtime, build_all, build_feed
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


def page(*items: tuple[str, str, str | None]) -> str:
    """A list page: (slug, title, date or None) per item."""
    rows = "".join(
        f'<li class="it"><a href="/a/{slug}?utm_source=x">{title}</a>'
        + (f'<span class="d">{date}</span>' if date else "")
        + f"<p>About {title}.</p></li>"
        for slug, title, date in items
    )
    return f"<html><head><title>Site</title></head><body><ul>{rows}</ul></body></html>"


def config_for(tmp_path: Path, site: LoopbackSite, *paths: str, max_items: int = 50) -> Config:
    feeds = "".join(
        f"""
  - id: feed{i}
    url: {site.url(path)}
    language: fr
    max_items: {max_items}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
"""
        for i, path in enumerate(paths)
    )
    return parse_config(
        f"site: {{base_url: 'https://feeds.example.org/'}}\ncrawl: {{backoff: 0}}\nfeeds:{feeds}",
        root=tmp_path,
    )


THREE = page(
    ("un", "Premier article", "29 - 10 - 2025"),
    ("deux", "Deuxième article", "28 - 10 - 2025"),
    ("trois", "Troisième article", "27 - 10 - 2025"),
)


def test_build_writes_feeds_a_reader_understands(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok" and result.items == 3 and result.new_items == 3
    assert set(result.files_written) == {"feed0.xml", "feed0.atom", "feed0.json", "feed0.html"}

    parsed = check_public(config.public_path, "feed0")
    for fmt in ("rss", "atom"):
        feed = parsed[fmt]
        assert feed.feed.title == "Site"
        assert [e.title for e in feed.entries] == [
            "Premier article",
            "Deuxième article",
            "Troisième article",
        ]
        first = feed.entries[0]
        assert first.link == site.url("/a/un")
        assert first.id == site.url("/a/un")
        # the day alone: noon UTC
        assert calendar.timegm(first.published_parsed) == calendar.timegm(
            datetime(2025, 10, 29, 12, tzinfo=UTC).timetuple()
        )
        assert "About Premier article." in first.summary
    assert any(link.rel == "self" for link in parsed["atom"].feed.links)
    json_items = parsed["json"]["items"]
    assert json_items[0]["url"] == site.url("/a/un")
    assert json_items[0]["date_published"] == "2025-10-29T12:00:00+00:00"
    assert parsed["json"]["feed_url"] == "https://feeds.example.org/feed0.json"


def test_unchanged_rebuild_is_byte_identical_and_rewrites_nothing(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        files = sorted(config.public_path.iterdir())
        before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
        again = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=3))
    assert again.status == "unchanged" and again.files_written == ()
    assert again.new_items == 0 and again.from_cache and again.http_status == 304
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert [h.status for h in site.hits_for("/list")] == [200, 304]


def test_failing_source_keeps_its_files_and_others_build(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/good", THREE)
    site.add("/flaky", THREE)
    config = config_for(tmp_path, site, "/flaky", "/good")
    with Runtime(config) as runtime:
        build_all(config.feeds, runtime, now=NOW)
        kept = {p.name: p.read_bytes() for p in config.public_path.glob("feed0.*")}
        site.add("/flaky", "server exploded", status=500)
        site.add("/good", page(("neuf", "Nouvel article", "31 - 10 - 2025")))
        failed, good = build_all(config.feeds, runtime, now=NOW + timedelta(hours=1))
    assert failed.status == "failed" and failed.http_status == 500
    assert failed.error is not None
    assert failed.error.startswith("feed0: HTTP 500") and site.url("/flaky") in failed.error
    assert {p.name: p.read_bytes() for p in config.public_path.glob("feed0.*")} == kept
    assert good.status == "ok" and good.new_items == 1


def test_layout_change_to_zero_items_keeps_the_feed(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        kept = (config.public_path / "feed0.xml").read_bytes()
        site.add("/list", "<html><body><div class='new-layout'>…</div></body></html>")
        result = build_feed(config.feeds[0], runtime, now=NOW)
    assert result.status == "failed"
    assert result.error is not None and "zero items" in result.error and "li.it" in result.error
    assert (config.public_path / "feed0.xml").read_bytes() == kept


def test_entries_outlive_the_page_up_to_max_items(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list", max_items=4)
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        site.add(
            "/list",
            page(
                ("cinq", "Cinquième", "31 - 10 - 2025"), ("quatre", "Quatrième", "30 - 10 - 2025")
            ),
        )
        result = build_feed(config.feeds[0], runtime, now=NOW + timedelta(days=1))
    titles = [e.title for e in check_public(config.public_path, "feed0")["rss"].entries]
    assert result.new_items == 2
    assert titles == ["Cinquième", "Quatrième", "Premier article", "Deuxième article"]


def test_undated_entries_keep_their_first_seen_time(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", page(("a", "Alpha", None), ("b", "Beta", None)))
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        site.add("/list", page(("c", "Gamma", None), ("a", "Alpha", None), ("b", "Beta", None)))
        build_feed(config.feeds[0], runtime, now=NOW + timedelta(days=2))
    items = check_public(config.public_path, "feed0")["json"]["items"]
    assert [i["title"] for i in items] == ["Gamma", "Alpha", "Beta"]
    assert [i["date_published"] for i in items] == [
        "2025-11-03T12:00:00+00:00",
        "2025-11-01T12:00:00+00:00",
        "2025-11-01T11:59:59+00:00",  # first seen together: a second apart, in page order
    ]


def test_changed_entry_gets_new_updated_time_not_new_id(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    later = NOW + timedelta(hours=5)
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        site.add("/list", THREE.replace("Premier article", "Premier article (mis à jour)"))
        result = build_feed(config.feeds[0], runtime, now=later)
    assert result.new_items == 0 and result.status == "ok"
    first = check_public(config.public_path, "feed0")["atom"].entries[0]
    assert first.title == "Premier article (mis à jour)"
    assert first.id == site.url("/a/un")
    assert calendar.timegm(first.updated_parsed) == int(later.timestamp())


@pytest.mark.parametrize("formats", [["rss"], ["json", "atom"]])
def test_only_requested_formats_are_written(
    tmp_path: Path, site: LoopbackSite, formats: list[str]
) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    feed = config.feeds[0].model_copy(update={"formats": formats})
    with Runtime(config) as runtime:
        result = build_feed(feed, runtime, now=NOW, strict=True)
    ext = {"rss": ".xml", "atom": ".atom", "json": ".json"}
    assert sorted(result.files_written) == sorted(
        [*(f"feed0{ext[f]}" for f in formats), "feed0.html"]
    )


def test_each_run_is_recorded_in_the_feed_state(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    later = NOW + timedelta(hours=1)
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        ok = runtime.store.feed_state("feed0")
        site.add("/list", "gone", status=503)
        build_feed(config.feeds[0], runtime, now=later)
        build_feed(config.feeds[0], runtime, now=later)
        failing = runtime.store.feed_state("feed0")
    assert ok["failures"] == 0 and ok["items"] == 3 and ok["title"] == "Site"
    assert ok["last_success"] == ok["last_attempt"] == NOW.isoformat()
    assert failing["failures"] == 2 and failing["last_http_status"] == 503
    assert "HTTP 503" in failing["last_error"]
    assert failing["last_success"] == NOW.isoformat()
    assert failing["last_attempt"] == later.isoformat()


def test_unchanged_page_skips_the_build_but_reports_the_same(
    tmp_path: Path, site: LoopbackSite
) -> None:
    """On a 304 with the same config the stages are skipped; the result reads as before."""
    site.add("/list", page(("un", "Premier", "29 - 10 - 2025"), ("deux", "Deuxième", "xyz qqq")))
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        first = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        again = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=1), strict=True)
        built = runtime.store.feed_state("feed0")["built"]
    assert again.status == "unchanged" and again.from_cache
    assert (again.items, again.new_items, again.files_written) == (first.items, 0, ())
    assert again.diagnostics == first.diagnostics and any(
        d.level == "warning" for d in again.diagnostics
    )
    assert again.field_coverage == first.field_coverage
    assert sorted(built["files"]) == ["feed0.atom", "feed0.json", "feed0.xml"]


def test_an_unchanged_rerun_asks_with_the_built_pages_validators_and_needs_no_stored_copy(
    tmp_path: Path, site: LoopbackSite
) -> None:
    """The last build records the page it was made from: a 304 to its validators is enough
    to know nothing changed, the HTTP cache's stored copy is neither read nor needed."""
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        first = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        built = runtime.store.feed_state("feed0")["built"]
        cache = runtime.fetcher.pages.db_path
    assert built["page"]["url"] == site.url("/list") and built["page"]["etag"]
    files = _files(config.public_path)
    with sqlite3.connect(cache) as conn:
        conn.execute("DELETE FROM responses")
    with Runtime(config) as runtime:
        again = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=1), strict=True)
    assert again.status == "unchanged" and again.from_cache and again.http_status == 304
    assert (again.items, again.diagnostics) == (first.items, first.diagnostics)
    hits = site.hits_for("/list")
    assert [h.status for h in hits] == [200, 304]
    assert hits[1].headers.get("If-None-Match") == built["page"]["etag"]
    assert _files(config.public_path) == files
    with sqlite3.connect(cache) as conn:  # nothing was read from it, nothing written to it
        assert conn.execute("SELECT count(*) FROM responses").fetchone() == (0,)
    # the page changes: read and built again, as ever
    site.add("/list", page(("quatre", "Quatrième", "30 - 10 - 2025")))
    with Runtime(config) as runtime:
        changed = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=2), strict=True)
    assert changed.status == "ok" and changed.new_items == 1 and not changed.from_cache


def test_a_build_recorded_without_its_pages_validators_is_still_known_unchanged(
    tmp_path: Path, site: LoopbackSite
) -> None:
    """State written by earlier versions: the page's bytes say it is unchanged (the stored
    copy is read once), and the validators are recorded for the next rerun."""
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        state = runtime.store.feed_state("feed0")
        recorded = state["built"]["page"]
        state["built"] = {k: v for k, v in state["built"].items() if k not in ("page", "setup")}
        runtime.store.save_feed_state("feed0", state)
        again = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        assert again.status == "unchanged" and again.from_cache
        assert runtime.store.feed_state("feed0")["built"]["page"] == recorded
        third = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert third.status == "unchanged"
    assert [h.status for h in site.hits_for("/list")] == [200, 304, 304]


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_unchanged_page_is_rebuilt_when_config_or_files_change(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", THREE)
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        (config.public_path / "feed0.atom").unlink()
        restored = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert restored.from_cache and restored.files_written == ("feed0.atom",)
    # asked with the built page's validators (304), then read from the cache to write the file
    assert [h.status for h in site.hits_for("/list")] == [200, 304, 304]

    retitled = config.feeds[0].model_copy(update={"title": "Nouveau titre"})
    with Runtime(config) as runtime:
        result = build_feed(retitled, runtime, now=NOW, strict=True)
    assert result.from_cache and result.status == "ok"
    assert set(result.files_written) == {"feed0.xml", "feed0.atom", "feed0.json", "feed0.html"}
    assert "Nouveau titre" in (config.public_path / "feed0.xml").read_text(encoding="utf-8")


def test_relative_dates_keep_their_first_reading(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", page(("un", "Premier", "il y a 2 heures")))
    config = config_for(tmp_path, site, "/list")
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW)
        # an hour later the page says "il y a 3 heures" for the same article, and has a new one
        site.add(
            "/list",
            page(("deux", "Deuxième", "il y a 5 minutes"), ("un", "Premier", "il y a 3 heures")),
        )
        second = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=1))
        # and the next day the same text is read again, the page otherwise unchanged but for an
        # unrelated attribute (so it is downloaded and read again)
        site.add(
            "/list",
            page(("deux", "Deuxième", "il y a 5 minutes"), ("un", "Premier", "il y a 3 heures"))
            + "<!-- v2 -->",
        )
        third = build_feed(config.feeds[0], runtime, now=NOW + timedelta(days=1))
    items = {i["title"]: i for i in check_public(config.public_path, "feed0")["json"]["items"]}
    assert second.new_items == 1 and third.new_items == 0
    assert items["Premier"]["date_published"] == "2025-11-01T10:00:00+00:00"
    assert items["Premier"]["date_modified"] == "2025-11-01T10:00:00+00:00"
    assert items["Deuxième"]["date_published"] == "2025-11-01T12:55:00+00:00"
    assert third.status == "unchanged" and third.files_written == ()


def test_a_date_without_its_year_keeps_its_first_reading(
    tmp_path: Path, site: LoopbackSite
) -> None:
    # "5 mars" has no year: read on 1 November 2025 it is 5 March 2025; a year and a half later
    # the same text would be 5 March 2027, and the entry must not be re-dated (the first
    # reading is stored); a new item gets the year of the run that first sees it
    site.add("/list", page(("un", "Premier", "5 mars"), ("deux", "Deuxième", "05.03.")))
    config = config_for(tmp_path, site, "/list")
    later = NOW + timedelta(days=550)
    with Runtime(config) as runtime:
        build_feed(config.feeds[0], runtime, now=NOW, strict=True)
        site.add(
            "/list",
            page(
                ("trois", "Troisième", "2 avril"),
                ("un", "Premier", "5 mars"),
                ("deux", "Deuxième", "05.03."),
            ),
        )
        second = build_feed(config.feeds[0], runtime, now=later, strict=True)
    items = {i["title"]: i for i in check_public(config.public_path, "feed0")["json"]["items"]}
    assert second.new_items == 1
    assert items["Premier"]["date_published"].startswith("2025-03-05")
    assert items["Deuxième"]["date_published"].startswith("2025-03-05")
    assert items["Troisième"]["date_published"].startswith("2027-04-02")


def test_a_feed_keeps_its_newest_50_entries_unless_told_otherwise(
    tmp_path: Path, site: LoopbackSite
) -> None:
    start = datetime(2025, 10, 31, 12, 0, tzinfo=UTC)
    sixty = page(
        *(
            (f"n{i}", f"Story {i}", (start - timedelta(hours=i)).strftime("%Y-%m-%d %H:%M"))
            for i in range(60)
        )
    )
    site.add("/sixty", sixty)
    config = parse_config(
        f"crawl: {{backoff: 0}}\nfeeds:\n  - {{id: many, url: {site.url('/sixty')}, "
        "items: li.it, fields: {title: a, link: a, date: .d}}\n",
        root=tmp_path,
    )
    assert config.feeds[0].max_items is None  # the default applies
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok" and result.items == 60, result.error  # read from the page
    parsed = check_public(tmp_path / "public", "many")
    for fmt in ("rss", "atom"):
        titles = [e.title for e in parsed[fmt].entries]
        assert titles == [f"Story {i}" for i in range(50)], fmt  # the newest 50
    assert len(parsed["json"]["items"]) == 50
