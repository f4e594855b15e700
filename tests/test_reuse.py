"""Work kept for items seen before (`feedsmith.reuse`): a page with one new item is built from
the kept records, and its files are byte for byte those of the same build done in full.

Real parts: the synthetic news site's pages (`bench.site`, three layouts) on the loopback
server, the SQLite state store, every format written to disk.
"""

from __future__ import annotations

import json
import zoneinfo
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench import site as news
from feedsmith.config import Config, parse_config
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.render import render_checked
from feedsmith.reuse import (
    _RAW_GIVEN,
    _RAW_KEPT,
    ItemMemo,
    _entry_from,
    _entry_to,
    applies,
    code_version,
    raw_from,
    raw_to,
    zone_rules_version,
)
from feedsmith.types import Entry, Feed, Format, RawItem, Source
from tests.conftest import LoopbackSite

NOW = datetime(2025, 10, 29, 18, 0, tzinfo=UTC)


def _config(root: Path, site: LoopbackSite, plans: list[news.FeedPlan], max_items: int) -> Config:
    feeds = []
    for plan in plans:
        feed: dict[str, Any] = {"id": plan.feed_id, "url": site.url(plan.path)}
        feed.update(json.loads(json.dumps(news.SELECTORS[plan.layout])))
        feeds.append(feed)
    doc = {
        "site": {"base_url": "https://feeds.example.org/"},
        "state_dir": str(root / "state"),
        "public_dir": str(root / "public"),
        "defaults": {"max_items": max_items, "language": "fr", "timezone": "Europe/Paris"},
        "feeds": feeds,
    }
    return parse_config(yaml.safe_dump(doc, allow_unicode=True), root=root)


def _files(config: Config) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(config.public_path.glob("rubrique-*"))}


def _serve(site: LoopbackSite, plans: list[news.FeedPlan], newer: int) -> None:
    for plan in plans:
        site.add(plan.path, news.list_page(plan, 0, newer))


def _kept(records: dict[str, str]) -> tuple[list[list[Any]], list[str]]:
    """(the items' records, the entries' parts of RSS and Atom files)."""
    items = [json.loads(v) for k, v in records.items() if not k.startswith("part:")]
    parts = []
    for key, text in records.items():
        if key.startswith("part:"):  # one row an entry: each format, then its part
            fields = text.split("\x1f")
            assert fields[::2] == ["rss", "atom"] or fields[::2] == ["atom"]
            parts += [part.strip() for part in fields[1::2]]
    return items, parts


def _raw(record: list[Any]) -> dict[str, Any]:
    return dict(record[0][0])


def _entry_of(record: list[Any]) -> Entry | None:
    """The kept entry of an item's record (KeyError when it is not kept)."""
    if len(record) != 3:
        raise KeyError("not kept")
    return _entry_from(record[1]) if record[1] is not None else None


def _build(config: Config, now: datetime, *, forget: bool = False) -> list[Any]:
    with Runtime(config) as runtime:
        if forget:  # what a build with nothing kept does: every item read in full
            for feed in config.feeds:
                runtime.store.save_reuse(feed.id, runtime.store.reuse_records(feed.id), {})
        return [build_feed(feed, runtime, now=now, strict=True) for feed in config.feeds]


def test_one_new_item_builds_the_same_bytes_as_a_build_in_full(
    tmp_path: Path, site: LoopbackSite
) -> None:
    plans = news.plan(3, 1)  # ticker, river, cards
    assert {p.layout for p in plans} == {"ticker", "river", "cards"}
    _serve(site, plans, newer=0)
    kept = _config(tmp_path / "kept", site, plans, max_items=100)
    full = _config(tmp_path / "full", site, plans, max_items=100)
    for config in (kept, full):
        assert all(applies(feed) for feed in config.feeds)
        _build(config, NOW)
        with Runtime(config) as runtime:  # every item of the page was kept, with its entry
            items, parts = _kept(runtime.store.reuse_records(plans[0].feed_id))
        assert items and all(_entry_of(r) for r in items)
        assert len(parts) == 2 * len(items)  # each entry's RSS and Atom part
    assert _files(kept) == _files(full)

    _serve(site, plans, newer=1)  # one new item on top of each page, the oldest gone
    later = NOW + timedelta(hours=1)
    reused = _build(kept, later)
    done_in_full = _build(full, later, forget=True)
    assert [r.new_items for r in reused] == [r.new_items for r in done_in_full] == [1, 1, 1]
    assert [r.diagnostics for r in reused] == [r.diagnostics for r in done_in_full]
    assert [dict(r.field_coverage) for r in reused] == [
        dict(r.field_coverage) for r in done_in_full
    ]
    assert _files(kept) == _files(full)
    # the kept records now hold this page's items only
    with Runtime(kept) as runtime:
        for plan, result in zip(plans, reused, strict=True):
            items, parts = _kept(runtime.store.reuse_records(plan.feed_id))
            assert len(items) == result.items
            # RSS and Atom parts of every entry published (one more than the page: history)
            assert len(parts) == 2 * (result.items + 1)
            assert all(p.startswith(("<item>", "<entry")) for p in parts)

    # against a first build of the changed page: the same entries for the items on it; the
    # feed built over time also keeps the item that left the page (its history)
    fresh = _config(tmp_path / "fresh", site, plans, max_items=100)
    _build(fresh, later)
    for plan in plans:
        name = f"{plan.feed_id}.json"
        over_time = {i["id"]: i for i in json.loads(_files(kept)[name])["items"]}
        first = json.loads(_files(fresh)[name])["items"]
        assert len(over_time) == len(first) + 1
        for item in first:
            assert over_time[item["id"]] == item


RELATIVE = """<html><body><ul>
<li class="it"><a href="/a/un">Un</a><span class="d">il y a 2 heures</span></li>
<li class="it"><a href="/a/deux">Deux</a><span class="d">28 octobre 2025 à 14h05</span></li>
<li class="it"><a href="/a/trois">Trois</a><span class="d">28 octobre</span></li>
<li class="it"><a href="/a/quatre">Quatre</a></li>
</ul></body></html>"""


def test_dates_read_against_the_clock_are_never_kept(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", RELATIVE)
    text = (
        "state_dir: state\npublic_dir: public\nfeeds:\n"
        f"  - id: news\n    url: {site.url('/list')}\n"
        "    language: fr\n    items: li.it\n    fields: {title: a, link: a, date: .d}\n"
    )
    config = parse_config(text, root=tmp_path)
    _build(config, NOW)
    with Runtime(config) as runtime:
        records, _ = _kept(runtime.store.reuse_records("news"))
    by_title = {_raw(r)["title"]: r for r in records}
    # relative ("il y a 2 heures") and completed from the clock ("28 octobre": which year?):
    # the raw values are kept, the entry is normalised again on every build
    for title in ("Un", "Trois"):
        with pytest.raises(KeyError):
            _entry_of(by_title[title])
    # a date that gives day, month and year, and no date at all: kept
    deux, quatre = _entry_of(by_title["Deux"]), _entry_of(by_title["Quatre"])
    assert deux is not None and deux.published == datetime(2025, 10, 28, 14, 5, tzinfo=UTC)
    assert quatre is not None and quatre.published is None

    # a day later, one item changed: the relative date reads as before (the store keeps its
    # first reading), the changed item is read in full (same link: same entry, new title)
    site.add("/list", RELATIVE.replace("Quatre", "Quatre bis"))
    _build(config, NOW + timedelta(days=1))
    with Runtime(config) as runtime:
        entries = {e.title: e for e in runtime.store.entries("news", limit=10)}
    assert entries["Un"].published == NOW - timedelta(hours=2)
    assert set(entries) == {"Un", "Deux", "Trois", "Quatre bis"}


@pytest.mark.parametrize(
    ("fields", "kept"),
    [
        ({"title": "a", "link": "a"}, True),
        ({"title": "xpath:.//a", "link": "xpath:(self::a|.//a)[1]"}, True),
        ({"title": "xpath:../h1", "link": "a"}, False),
        ({"title": "xpath://h1", "link": "a"}, False),
        ({"title": "xpath:preceding-sibling::li[1]/a", "link": "a"}, False),
        ({"title": "li:first-child a", "link": "a"}, False),
    ],
)
def test_items_are_kept_only_when_their_fields_come_from_their_own_markup(
    tmp_path: Path, fields: dict[str, str], kept: bool
) -> None:
    doc = {"feeds": [{"id": "f", "url": "http://127.0.0.1:9/", "items": "li", "fields": fields}]}
    config = parse_config(yaml.safe_dump(doc), root=tmp_path)
    assert applies(config.feeds[0]) is kept


def _entry(n: int, **fields: Any) -> Entry:
    when = NOW - timedelta(hours=n)
    values: dict[str, Any] = {
        "id": f"https://news.example.org/a/{n}",
        "link": f"https://news.example.org/a/{n}",
        "title": f"Article {n} & <co>",
        "published": when,
        "updated": when,
        "summary_html": f"<p>Résumé {n}</p>",
        "author": "AFP" if n % 2 else None,
        "image": f"https://news.example.org/i/{n}.png" if n % 3 else None,
        "categories": ("monde",) if n % 2 else (),
        "language": "fr" if n % 4 == 0 else None,
    }
    values.update(fields)
    return Entry(**values)


@pytest.mark.parametrize(
    "body",
    [None, "<p>le corps</p>", "<p>un corps qui écrit </item>\n    <item> et <entry> en texte</p>"],
)
def test_rss_and_atom_put_together_from_kept_parts_are_feedgens_bytes(
    tmp_path: Path, body: str | None
) -> None:
    doc = {"feeds": [{"id": "f", "url": "http://127.0.0.1:9/", "items": "li"}]}
    feed_config = parse_config(yaml.safe_dump(doc), root=tmp_path).feeds[0]
    feed = Feed(
        id="f",
        title="Le fil",
        home_url="https://news.example.org/",
        description="Tout",
        language="fr",
        self_urls={"rss": "https://feeds.example.org/f.xml"},
        entries=tuple(_entry(n, content_html=body if n == 2 else None) for n in range(1, 8)),
        updated=NOW,
        stylesheet="feed.xsl",
        timezone="Europe/Paris",
    )
    formats: tuple[Format, ...] = ("rss", "atom", "json")
    memo = ItemMemo(feed_config, "http://127.0.0.1:9/", {})
    assert render_checked(feed, formats, parts=memo) == render_checked(feed, formats)
    # the next build, from the records as stored: nothing new, then one new entry on top, then
    # one entry changed
    _, stored = memo.changes()
    hostile = body is not None and "</item>" in body
    # one row an entry; the RSS file holding "</item>" as text is not cut: nothing is kept of it
    assert len(stored) == 7
    _, parts = _kept(stored)
    assert len(parts) == (7 if hostile else 14)
    for entries in (
        feed.entries,
        (_entry(0), *feed.entries),
        (_entry(0), *feed.entries[:3], _entry(4, title="Changé"), *feed.entries[4:]),
    ):
        changed = replace(feed, entries=entries)
        again = ItemMemo(feed_config, "http://127.0.0.1:9/", stored)
        assert render_checked(changed, formats, parts=again) == render_checked(changed, formats)


def test_work_that_cannot_be_kept_never_fails_a_build(tmp_path: Path, site: LoopbackSite) -> None:
    plans = news.plan(1, 1)
    _serve(site, plans, newer=0)
    config = _config(tmp_path, site, plans, max_items=100)
    _build(config, NOW)
    with Runtime(config) as runtime:  # the state database refuses new records (a real trigger)
        runtime.store.db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON reuse BEGIN SELECT RAISE(ABORT, 'full'); END"
        )
        before = runtime.store.reuse_records(plans[0].feed_id)
    _serve(site, plans, newer=1)
    [result] = _build(config, NOW + timedelta(hours=1))
    assert result.status == "ok" and result.new_items == 1 and result.files_written
    with Runtime(config) as runtime:  # nothing half-saved: the last build's records stand
        assert runtime.store.reuse_records(plans[0].feed_id) == before
        runtime.store.db.execute("DROP TRIGGER refuse")
    fresh = _config(tmp_path / "fresh", site, plans, max_items=100)
    _serve(site, plans, newer=0)
    _build(fresh, NOW)  # the same history, with every record
    _serve(site, plans, newer=1)
    _build(fresh, NOW + timedelta(hours=1))
    assert _files(config) == _files(fresh)


def test_a_kept_entry_keeps_every_field() -> None:
    entry = _entry(
        3,
        content_html="<p>corps</p>",
        source=Source(title="AFP", url="https://afp.example.org/"),
        dated=True,
        relative_date=True,
        day_only=True,
        categories=("monde", "europe"),
    )
    assert len(_entry_to(entry)) == len(fields(Entry))
    assert _entry_from(json.loads(json.dumps(_entry_to(entry)))) == entry


def test_a_kept_item_keeps_every_field_of_its_raw_values() -> None:
    # every field is either kept or given again by the build; a field added to RawItem and
    # to neither would come back as its default from a kept record (the year read from the
    # fetch time, for one, would be forgotten and the entry's first date rewritten)
    names = {f.name for f in fields(RawItem)}
    assert set(_RAW_KEPT) | _RAW_GIVEN == names
    assert not set(_RAW_KEPT) & _RAW_GIVEN
    item = RawItem(
        index=4,
        values={"title": "Titre", "link": "/a", "summary": None},
        dates=("03/05", "--03-05"),
        categories=("monde",),
        base_url="https://example.org/list/",
        key="k" * 32,
        year_from_fetch=True,
    )
    for f in fields(RawItem):  # no field left at its default: a dropped one would show
        assert getattr(item, f.name) != getattr(RawItem(index=0, values={}), f.name) or (
            f.name == "index"
        )
    back = raw_from(
        json.loads(json.dumps(raw_to(item))), index=4, base_url=item.base_url, key=item.key
    )
    assert back == item


def test_a_kept_item_record_comes_back_through_the_memo_with_every_field(
    tmp_path: Path,
) -> None:
    doc = {"feeds": [{"id": "f", "url": "http://127.0.0.1:9/", "items": "li"}]}
    feed = parse_config(yaml.safe_dump(doc), root=tmp_path).feeds[0]
    item = RawItem(
        index=0, values={"title": "T"}, dates=("Mar 05",), key="a" * 32, year_from_fetch=True
    )
    first = ItemMemo(feed, "http://127.0.0.1:9/", {})
    first.keep_raw("a" * 32, item)
    _stale, rows = first.changes()
    again = ItemMemo(feed, "http://127.0.0.1:9/", rows)
    assert again.raw("a" * 32, 0, "") == item


def test_another_feedgen_makes_every_kept_record_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    # feedgen writes the entries' kept parts: a file must never put together parts written by
    # two versions of it (a new entry's part beside older ones), so its version is in every key
    real = metadata.version
    before = code_version()

    def other_feedgen(name: str) -> str:
        return "0.0-other" if name == "feedgen" else real(name)

    monkeypatch.setattr(metadata, "version", other_feedgen)
    code_version.cache_clear()
    try:
        assert code_version() != before
    finally:
        monkeypatch.undo()
        code_version.cache_clear()
    assert code_version() == before


def test_other_time_zone_rules_make_every_kept_record_unused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a kept record holds dates already moved into the feed's zone: new rules (a country
    # dropping summer time) must give a cold build's dates, so the rules' version is in the key
    before = code_version()
    (tmp_path / "tzdata.zi").write_text("# version 2099z\nR X 2099 o - Ja 1 0 0 -\n")
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path), *zoneinfo.TZPATH))
    code_version.cache_clear()
    try:
        assert zone_rules_version() == "2099z"
        assert code_version() != before
    finally:
        monkeypatch.undo()
        code_version.cache_clear()
    assert code_version() == before
