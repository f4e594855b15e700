"""What the W3C Feed Validation Service checks, asserted directly on built feeds.

The validator itself is not installable here; the checks of it that feedsmith's output can
fail are simple to state: a distinct ``atom:updated`` per entry where the source gave an order,
textual content (a summary) in every Atom entry, and a plausible feed date. Every file also
goes through feedparser (bozo 0) and the Atom RELAX NG schema (`tests.helpers.check_public`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import etree

from feedsmith.config import Config, parse_config
from feedsmith.fulltext import apply_article
from feedsmith.pipeline import Runtime, build_all, build_feed
from feedsmith.store import ArticleRecord, Store
from feedsmith.types import BuildResult, Entry
from tests.conftest import LoopbackSite
from tests.helpers import check_atom, check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


def page(*items: tuple[str, str, str | None]) -> str:
    """A list page: (slug, date, summary or None) per item, in the page's order."""
    rows = "".join(
        f'<li class="it"><a href="/v/{slug}">Article {slug}</a><span class="d">{date}</span>'
        + (f"<p>{summary}</p>" if summary else "")
        + "</li>"
        for slug, date, summary in items
    )
    return f"<html><head><title>Site</title></head><body><ul>{rows}</ul></body></html>"


def config(tmp_path: Path, url: str, max_items: int = 50) -> Config:
    return parse_config(
        f"""site: {{base_url: 'https://feeds.example.org/'}}
feeds:
  - id: v
    url: {url}
    language: fr
    max_items: {max_items}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
""",
        root=tmp_path,
    )


def build(tmp_path: Path, url: str, now: datetime = NOW, max_items: int = 50) -> BuildResult:
    cfg = config(tmp_path, url, max_items)
    with Runtime(cfg) as runtime:
        return build_feed(cfg.feeds[0], runtime, now=now, strict=True)


def w3c_checks(atom: bytes, *, now: datetime, shared: frozenset[str] = frozenset()) -> None:
    """The validator's checks: a summary or content in every entry; a distinct updated per
    entry (but for the ``shared`` ids, whose source gave them the same real time); a feed date
    that is plausible (not before feeds existed, not in the future, not older than an entry)."""
    root = etree.fromstring(atom)
    entries = root.findall(f"{ATOM}entry")
    updated: dict[str, str] = {}
    for entry in entries:
        entry_id = entry.findtext(f"{ATOM}id") or ""
        text = entry.find(f"{ATOM}summary")
        if text is None:
            text = entry.find(f"{ATOM}content")
        assert text is not None and (text.text or "").strip(), f"no textual content: {entry_id}"
        updated[entry_id] = entry.findtext(f"{ATOM}updated") or ""
    distinct = [u for i, u in updated.items() if i not in shared]
    assert len(set(distinct)) == len(distinct), updated
    feed_date = datetime.fromisoformat(root.findtext(f"{ATOM}updated") or "")
    assert datetime(1995, 1, 1, tzinfo=UTC) < feed_date <= now + timedelta(days=1)
    assert all(feed_date >= datetime.fromisoformat(u) for u in updated.values())


def atom_times(public: Path) -> dict[str, str]:
    root = etree.parse(str(public / "v.atom")).getroot()
    return {
        (e.findtext(f"{ATOM}id") or "").rsplit("/", 1)[1]: e.findtext(f"{ATOM}updated") or ""
        for e in root.findall(f"{ATOM}entry")
    }


V1 = (
    ("a", "29 - 10 - 2025", "Premier"),
    ("b", "29 - 10 - 2025", None),
    ("c", "29 - 10 - 2025", "Troisième"),
    ("d", "28 - 10 - 2025 10:00", "Quatrième"),
    ("e", "28 - 10 - 2025 10:00", None),
    ("f", "27 - 10 - 2025", "Sixième"),
)


def test_day_only_dates_keep_the_pages_order_real_times_are_left_alone(
    tmp_path: Path, site: LoopbackSite
) -> None:
    # no ETag: every build reads, stores and renders again (no 304 shortcut)
    url = site.add("/v", page(*V1), validators=False)
    result = build(tmp_path, url)
    assert result.status == "ok", result.error
    public = tmp_path / "public"
    parsed = check_public(public, "v")
    atom = (public / "v.atom").read_bytes()
    ids = {slug: site.url(f"/v/{slug}") for slug in "abcdef"}
    w3c_checks(atom, now=NOW, shared=frozenset({ids["d"], ids["e"]}))
    times = atom_times(public)
    assert list(times) == list("abcdef")  # the page's order
    # one day without a time of day: its instant (noon UTC), a millisecond apart, the page's
    # last at the instant itself
    assert times["a"] == "2025-10-29T12:00:00.002000+00:00"
    assert times["b"] == "2025-10-29T12:00:00.001000+00:00"
    assert times["c"] == "2025-10-29T12:00:00+00:00"
    # a real time is never moved, even when two entries share it; a day alone is its noon UTC
    assert times["d"] == times["e"] == "2025-10-28T10:00:00+00:00"
    assert times["f"] == "2025-10-27T12:00:00+00:00"
    # JSON Feed carries the same times; RSS (whole seconds) the same order
    items = json.loads((public / "v.json").read_text())["items"]
    assert [i["date_modified"] for i in items] == list(times.values())
    assert [i["date_published"] for i in items[:3]] == [times["a"], times["b"], times["c"]]
    assert [e.link for e in parsed["rss"].entries] == list(ids.values())

    # unchanged input: byte-identical output, nothing rewritten
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in public.glob("v.*")}
    again = build(tmp_path, url, now=NOW + timedelta(hours=1))
    assert not again.from_cache and again.status == "unchanged" and again.files_written == ()
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in public.glob("v.*")} == before

    # a new entry on top of the same day moves none of the others
    site.add("/v", page(("z", "29 - 10 - 2025", "Nouveau"), *V1), validators=False)
    assert build(tmp_path, url, now=NOW + timedelta(hours=2)).status == "ok"
    newer = atom_times(public)
    assert newer["z"] == "2025-10-29T12:00:00.003000+00:00"
    assert {k: v for k, v in newer.items() if k != "z"} == times
    w3c_checks((public / "v.atom").read_bytes(), now=NOW, shared=frozenset({ids["d"], ids["e"]}))


def test_a_window_that_cuts_a_day_keeps_the_times_it_shows(
    tmp_path: Path, site: LoopbackSite
) -> None:
    url = site.add("/v", page(*V1))
    assert build(tmp_path, url, max_items=2).status == "ok"
    times = atom_times(tmp_path / "public")
    # entry c of the same day lies beyond the window, and still counts
    assert times == {
        "a": "2025-10-29T12:00:00.002000+00:00",
        "b": "2025-10-29T12:00:00.001000+00:00",
    }


def test_every_atom_entry_has_a_summary(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/v", page(*V1))
    assert build(tmp_path, url).status == "ok"
    root = etree.parse(str(tmp_path / "public" / "v.atom")).getroot()
    bare = [e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Article b"]
    assert len(bare) == 1
    summary = bare[0].find(f"{ATOM}summary")
    # no summary and no content on the page: the title, as text
    assert summary is not None and summary.get("type") == "text"
    assert summary.text == "Article b"
    assert bare[0].find(f"{ATOM}content") is None


def _health(public: Path) -> tuple[bytes, int, datetime]:
    path = public / "_health.atom"
    data = path.read_bytes()
    check_atom(data)
    updated = etree.fromstring(data).findtext(f"{ATOM}updated") or ""
    return data, path.stat().st_mtime_ns, datetime.fromisoformat(updated)


def test_an_empty_health_feed_is_dated_by_the_build_that_wrote_it(
    tmp_path: Path, site: LoopbackSite
) -> None:
    cfg = config(tmp_path, site.add("/v", page(*V1)))
    public = tmp_path / "public"
    with Runtime(cfg) as runtime:
        build_all(cfg.feeds, runtime, now=NOW)
        data, mtime, updated = _health(public)
        assert b"<entry" not in data and updated == NOW
        w3c_checks(data, now=NOW)
        # a later run with nothing new keeps the file, and its date, as they were
        build_all(cfg.feeds, runtime, now=NOW + timedelta(hours=1))
        assert _health(public) == (data, mtime, NOW)
        # a file from before (dated 1970) is dated by the next build
        (public / "_health.atom").write_bytes(
            data.replace(b"2025-11-01T12:00:00", b"1970-01-01T00:00:00")
        )
        build_all(cfg.feeds, runtime, now=NOW + timedelta(hours=2))
        assert _health(public)[2] == NOW + timedelta(hours=2)
        # with events, the newest event dates it
        site.add("/v", "", status=500)
        build_all(cfg.feeds, runtime, now=NOW + timedelta(hours=3))
        data, _, updated = _health(public)
        assert b"<entry" in data and updated == NOW + timedelta(hours=3)
        w3c_checks(data, now=NOW + timedelta(hours=3))


def test_entries_stored_before_the_day_only_flag_get_it_without_an_update(
    tmp_path: Path,
) -> None:
    day = datetime(2025, 10, 29, tzinfo=UTC)
    entries = [
        Entry(id=f"urn:x:{n}", link=f"https://example.org/{n}", title=n, published=day)
        for n in "ab"
    ]
    store = Store(tmp_path / "state.sqlite")
    try:
        store.update("x", entries, now=NOW, max_items=10)  # as stored by an earlier version
        flagged = [replace(e, day_only=True) for e in entries]
        later = NOW + timedelta(hours=1)
        newest, new, changed = store.update("x", flagged, now=later, max_items=10)
        assert (new, changed) == (0, 0)
        assert [e.published for e in newest] == [day + timedelta(milliseconds=1), day]
        updated = store.db.execute("SELECT updated FROM entries WHERE feed_id='x'").fetchall()
        assert {row[0] for row in updated} == {day.isoformat(timespec="microseconds")}
    finally:
        store.close()


def test_a_kept_date_keeps_its_day_only_flag(tmp_path: Path) -> None:
    day = datetime(2025, 10, 29, tzinfo=UTC)
    entries = [
        Entry(
            id=f"urn:x:{n}",
            link=f"https://example.org/{n}",
            title=n,
            published=day,
            dated=True,
            day_only=True,
        )
        for n in "ab"
    ]
    store = Store(tmp_path / "state.sqlite")
    try:
        store.update("x", entries, now=NOW, max_items=10)
        # the page stops showing b's date, and b's title changes: its date and flag are kept
        undated = replace(entries[1], title="b2", published=None, dated=False, day_only=False)
        newest, _, changed = store.update(
            "x", [entries[0], undated], now=NOW + timedelta(hours=1), max_items=10
        )
        assert changed == 1
        assert [(e.title, e.published) for e in newest] == [
            ("a", day + timedelta(milliseconds=1)),
            ("b2", day),
        ]
    finally:
        store.close()


def test_a_time_of_day_from_the_article_page_is_a_real_time() -> None:
    day = datetime(2025, 10, 29, tzinfo=UTC)
    entry = Entry(
        id="urn:x:a", link="https://example.org/a", title="a", published=day, day_only=True
    )
    timed = ArticleRecord(
        entry_id=entry.id,
        list_hash="h",
        ok=True,
        content_html="<p>x</p>",
        published=day + timedelta(hours=14),
    )
    assert not apply_article(entry, timed).day_only
    dayonly = replace(timed, published=day)
    assert apply_article(entry, dayonly).day_only
