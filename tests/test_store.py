"""The state store's guarantees, run on both engines: SQLite (the default) and PostgreSQL.

Each test gets an empty store of either kind; PostgreSQL's are fresh databases on a server the
tests start themselves (tests/servers.py), skipped when PostgreSQL is not installed.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedsmith.errors import StoreError
from feedsmith.store import KEEP_FACTOR, ArticleRecord, Store
from feedsmith.types import BuildResult, Entry
from tests.conftest import LoopbackSite
from tests.servers import Postgres

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OpenStore = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenStore]:
    """Opens a store on one database (each call another connection to the same one)."""
    opened: list[Store] = []
    if request.param == "sqlite":

        def make() -> Store:
            return Store(tmp_path / "state.sqlite")

    else:
        from feedsmith.backends.postgres import PostgresStore

        url = request.getfixturevalue("postgres").database()

        def make() -> Store:
            return PostgresStore(url)

    def tracked() -> Store:
        store = make()
        opened.append(store)
        return store

    yield tracked
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: OpenStore) -> Store:
    return open_store()


def entry(slug: str, title: str | None = None, date: datetime | None = None) -> Entry:
    return Entry(
        id=f"https://example.org/{slug}",
        link=f"https://example.org/{slug}",
        title=title or slug.title(),
        published=date,
        dated=date is not None,
        summary_html=f"<p>{slug}</p>",
        categories=("a", "b"),
    )


def test_new_entries_get_first_seen_dates_in_page_order(store: Store) -> None:
    dated = entry("dated", date=NOW - timedelta(days=2))
    entries, new, changed = store.update(
        "f", [entry("one"), entry("two"), dated], now=NOW, max_items=10
    )
    assert (new, changed) == (3, 0)
    assert [e.id.rsplit("/", 1)[1] for e in entries] == ["one", "two", "dated"]
    one, two, old = entries
    assert one.published == NOW and two.published == NOW - timedelta(seconds=1)
    assert not one.dated and old.dated and old.published == NOW - timedelta(days=2)
    assert one.categories == ("a", "b") and one.summary_html == "<p>one</p>"
    # the same page again: nothing new, nothing changed, the same dates
    again, new, changed = store.update(
        "f", [entry("one"), entry("two"), dated], now=NOW + timedelta(hours=1), max_items=10
    )
    assert (new, changed) == (0, 0)
    assert again == entries


def test_changed_content_keeps_the_id_and_moves_updated(store: Store) -> None:
    store.update("f", [entry("one")], now=NOW, max_items=10)
    later = NOW + timedelta(hours=3)
    (kept,), new, changed = store.update(
        "f", [entry("one", title="One, corrected")], now=later, max_items=10
    )
    assert (new, changed) == (0, 1)
    assert kept.id == "https://example.org/one" and kept.title == "One, corrected"
    assert kept.published == NOW and kept.updated == later


def test_entries_that_leave_the_page_stay_until_pruned(store: Store) -> None:
    store.update("f", [entry(f"e{i}") for i in range(3)], now=NOW, max_items=2)
    later = NOW + timedelta(hours=1)
    entries, new, _ = store.update("f", [entry("fresh")], now=later, max_items=2)
    assert new == 1
    assert [e.id.rsplit("/", 1)[1] for e in entries] == ["fresh", "e0"]  # newest two of four
    assert len(store.entries("f", limit=100)) == 4
    # beyond max_items × KEEP_FACTOR the oldest are forgotten, never one on the page now
    many = [entry(f"n{i}") for i in range(2 * KEEP_FACTOR + 3)]
    store.update("f", many, now=later + timedelta(hours=1), max_items=2)
    kept = store.entries("f", limit=1000)
    assert {e.id for e in many} <= {e.id for e in kept}
    assert len(kept) == len(many)


def test_a_date_once_read_is_kept(store: Store) -> None:
    read = NOW - timedelta(days=1)
    store.update("f", [entry("one", date=read)], now=NOW, max_items=10)
    (kept,), _, _ = store.update("f", [entry("one")], now=NOW + timedelta(hours=1), max_items=10)
    assert kept.published == read and kept.dated


def test_an_undated_entry_takes_a_relative_date_only_if_not_after_it_was_first_seen(
    store: Store,
) -> None:
    store.update("f", [entry("late"), entry("early")], now=NOW, max_items=10)
    later = NOW + timedelta(days=1)
    # read the next day: "5 minutes ago" (after the entry was first seen) and "3 days ago"
    late = replace(entry("late", date=later - timedelta(minutes=5)), relative_date=True)
    early = replace(entry("early", date=later - timedelta(days=3)), relative_date=True)
    got, _, _ = store.update("f", [late, early], now=later, max_items=10)
    by_slug = {e.id.rsplit("/", 1)[1]: e for e in got}
    assert by_slug["late"].published == NOW and not by_slug["late"].dated
    assert by_slug["early"].published == later - timedelta(days=3) and by_slug["early"].dated


def test_order_is_newest_first_then_page_order_then_id_byte_by_byte(store: Store) -> None:
    same = NOW - timedelta(days=1)
    entries, _, _ = store.update(
        "f", [entry(s, date=same) for s in ("b", "_x", "a")], now=NOW, max_items=10
    )
    assert [e.id.rsplit("/", 1)[1] for e in entries] == ["b", "_x", "a"]  # the page's order
    # "B" first seen a second later, second on its page: the same first-seen time as "b"
    entries, _, _ = store.update(
        "f",
        [entry("c", date=same), entry("B", date=same)],
        now=NOW + timedelta(seconds=1),
        max_items=10,
    )
    assert [e.id.rsplit("/", 1)[1] for e in entries] == ["c", "B", "b", "_x", "a"]


def test_feeds_are_kept_apart(store: Store) -> None:
    store.update("f", [entry("one")], now=NOW, max_items=10)
    entries, new, _ = store.update("g", [entry("one")], now=NOW, max_items=10)
    assert new == 1 and len(entries) == 1
    assert len(store.entries("f", limit=10)) == 1


def test_article_records_round_trip_and_are_replaced(store: Store) -> None:
    store.update("f", [entry("one"), entry("two")], now=NOW, max_items=10)
    ok = ArticleRecord(
        entry_id="https://example.org/one",
        list_hash="h1",
        ok=True,
        content_html="<p>Full text, 100% of it</p>",
        published=NOW - timedelta(days=3),
        author="Ana",
        language="pt",
    )
    failed = ArticleRecord(
        entry_id="https://example.org/two", list_hash="h2", ok=False, attempts=2, error="HTTP 500"
    )
    store.save_article("f", ok, now=NOW)
    store.save_article("f", failed, now=NOW)
    found = store.articles("f", ["https://example.org/one", "https://example.org/two", "x"])
    assert found == {ok.entry_id: ok, failed.entry_id: failed}
    retried = ArticleRecord(entry_id=failed.entry_id, list_hash="h2", ok=False, attempts=3)
    store.save_article("f", retried, now=NOW)
    assert store.articles("f", [failed.entry_id])[failed.entry_id].attempts == 3
    assert store.articles("g", [ok.entry_id]) == {}


def test_feed_state_round_trips_in_feed_order(store: Store) -> None:
    assert store.feed_state("b") == {}
    store.save_feed_state("b", {"failures": 2, "last_error": "HTTP 500 ü", "nested": {"x": [1]}})
    store.save_feed_state("B", {"failures": 0})
    store.save_feed_state("b", {"failures": 3})
    assert store.feed_state("b") == {"failures": 3}
    assert list(store.all_feed_states()) == ["B", "b"]


def test_two_connections_see_each_others_writes(open_store: OpenStore) -> None:
    first, second = open_store(), open_store()
    first.update("f", [entry("one")], now=NOW, max_items=10)
    first.save_feed_state("f", {"items": 1})
    _, new, _ = second.update("f", [entry("one"), entry("two")], now=NOW, max_items=10)
    assert new == 1
    assert second.feed_state("f") == {"items": 1}


def test_concurrent_writers_never_duplicate_an_entry(postgres: Postgres) -> None:
    """Workers updating the same feeds at the same moment, each on its own connection: every
    entry stored once, counted new once, and no update fails."""
    from feedsmith.backends.postgres import PostgresStore

    url = postgres.database()
    stores = [PostgresStore(url) for _ in range(4)]
    page = [entry(f"e{i}") for i in range(40)]
    start = threading.Barrier(len(stores))
    news: list[int] = []
    errors: list[BaseException] = []

    def work(store: Store) -> None:
        start.wait()
        try:
            for feed in ("f", "g", "f", "g"):
                news.append(store.update(feed, page, now=NOW, max_items=100)[1])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert sum(news) == 2 * len(page)  # each entry new exactly once per feed
        assert len(stores[0].entries("f", limit=1000)) == len(page)
        assert len(stores[0].entries("g", limit=1000)) == len(page)
    finally:
        for store in stores:
            store.close()


def test_an_idle_connection_the_server_dropped_is_opened_again(postgres: Postgres) -> None:
    """A restart, a failover or an idle timeout ends the store's connection between two
    calls: the next read and the next transaction reconnect (once) and work."""
    from feedsmith.backends.postgres import PostgresStore

    url = postgres.database()
    store = PostgresStore(url)
    try:
        store.update("f", [entry("one")], now=NOW, max_items=10)
        store.save_feed_state("f", {"runs": 1})
        assert postgres.drop_connections(url) == 1
        assert store.feed_state("f") == {"runs": 1}  # a read
        assert postgres.drop_connections(url) == 1
        entries, new, _ = store.update("f", [entry("two")], now=NOW, max_items=10)
        assert new == 1 and len(entries) == 2  # a transaction
        assert postgres.drop_connections(url) == 1
        store.save_feed_state("f", {"runs": 2})
        assert store.feed_state("f") == {"runs": 2}
    finally:
        store.close()


def test_a_connection_dropped_inside_a_transaction_fails_that_call_and_the_next_reconnects(
    postgres: Postgres,
) -> None:
    """Lost mid-transaction, the call fails (nothing of it kept; never tried again behind the
    caller's back) and the next one reconnects."""
    from feedsmith.backends.postgres import PostgresStore

    url = postgres.database()
    store = PostgresStore(url)
    failed: list[BaseException] = []

    def update() -> None:
        try:
            store.update("f", [entry("two")], now=NOW, max_items=10)
        except StoreError as exc:
            failed.append(exc)

    try:
        store.update("f", [entry("one")], now=NOW, max_items=10)
        with postgres.feed_held(url, "f"):
            writer = threading.Thread(target=update)
            writer.start()
            assert postgres.drop_waiting(url) == 1  # the writer, waiting in its transaction
        writer.join(60)
        assert not writer.is_alive()
        (caught,) = failed
        assert isinstance(caught, StoreError) and caught.feed_id == "f"
        assert "127.0.0.1" in str(caught)
        assert [e.id for e in store.entries("f", limit=10)] == [entry("one").id]
        entries, new, _ = store.update("f", [entry("two")], now=NOW, max_items=10)
        assert new == 1 and len(entries) == 2
    finally:
        store.close()


def test_threads_of_one_store_write_at_once_on_connections_of_their_own(
    postgres: Postgres,
) -> None:
    """One thread waiting inside its transaction does not hold up another thread's writes."""
    from feedsmith.backends.postgres import PostgresStore

    url = postgres.database()
    store = PostgresStore(url)
    try:
        with postgres.feed_held(url, "f"):
            writer = threading.Thread(
                target=store.update, args=("f", [entry("one")]), kwargs={"now": NOW, "max_items": 5}
            )
            writer.start()
            deadline = datetime.now(UTC) + timedelta(seconds=60)
            while not _waiting(postgres, url):
                assert datetime.now(UTC) < deadline, "the first writer never waited"
                threading.Event().wait(0.05)
            # another thread of the same store, while the first waits in its transaction
            _, new, _ = store.update("g", [entry("two")], now=NOW, max_items=5)
            store.save_feed_state("g", {"runs": 1})
            assert new == 1 and writer.is_alive()
        writer.join(60)
        assert [e.id for e in store.entries("f", limit=5)] == [entry("one").id]
    finally:
        store.close()


def _waiting(postgres: Postgres, url: str) -> bool:
    import psycopg

    with psycopg.connect(postgres.url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            (url.rsplit("/", 1)[1],),
        ).fetchone()
    return bool(row and row[0])


def test_an_unreachable_server_is_one_clear_error_with_the_password_masked(
    postgres: Postgres,
) -> None:
    from feedsmith.backends.postgres import PostgresStore
    from tests.servers import free_port

    with pytest.raises(StoreError) as caught:
        PostgresStore(f"postgresql://feedsmith:hunter2@127.0.0.1:{free_port()}/nothing")
    message = str(caught.value)
    assert "hunter2" not in message and "feedsmith:***@127.0.0.1" in message
    assert "check that the server runs" in message


def test_a_build_on_postgresql_publishes_what_a_build_on_sqlite_does(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    """The same feeds built twice, state in SQLite and in PostgreSQL: the same bytes out."""
    from feedsmith.backends.postgres import PostgresStore
    from feedsmith.config import parse_config
    from feedsmith.pipeline import Runtime, build_all

    site.add("/a", THREE)
    site.add("/b", THREE.replace("article", "billet"))
    url = postgres.database()
    outputs = []
    for name, state in (("sqlite", ""), ("postgres", f"state: '{url}'\n")):
        root = tmp_path / name
        root.mkdir()
        feeds = "".join(
            f"  - {{id: {fid}, url: '{site.url(path)}', items: li.it, "
            "fields: {title: a, link: a, date: .d}}\n"
            for fid, path in (("a", "/a"), ("b", "/b"))
        )
        config = parse_config(
            f"site: {{base_url: 'https://feeds.example.org/'}}\n{state}feeds:\n{feeds}", root=root
        )
        for when in (NOW, NOW + timedelta(hours=1)):
            with Runtime(config) as runtime:
                assert isinstance(runtime.store, PostgresStore) == (name == "postgres")
                results = build_all(config.feeds, runtime, now=when)
            assert [r.status for r in results] in (["ok", "ok"], ["unchanged", "unchanged"])
        public = root / "public"
        outputs.append({p.name: p.read_bytes() for p in sorted(public.iterdir()) if p.is_file()})
    on_sqlite, on_postgres = outputs
    assert set(on_sqlite) == set(on_postgres)
    assert {"a.xml", "a.atom", "a.json", "index.html", "status.json"} <= set(on_postgres)
    for name in on_sqlite:
        if name not in ("status.json", "_health.atom"):  # these name the run's timings
            assert on_sqlite[name] == on_postgres[name], name
    store = PostgresStore(url)
    try:
        assert len(store.entries("a", limit=10)) == 3
        assert store.feed_state("b")["failures"] == 0
    finally:
        store.close()


THREE = (
    "<html><head><title>Site</title></head><body><ul>"
    + "".join(
        f'<li class="it"><a href="/p/{n}">Un article {n}</a><span class="d">2{n} - 10 - 2025</span>'
        "</li>"
        for n in (1, 2, 3)
    )
    + "</ul></body></html>"
)


def test_forget_deletes_everything_kept_of_one_feed(store: Store) -> None:
    store.update("f", [entry("one")], now=NOW, max_items=10)
    store.update("g", [entry("one")], now=NOW, max_items=10)
    store.save_feed_state("f", {"items": 1})
    store.save_article(
        "f", ArticleRecord(entry_id=entry("one").id, list_hash="h", ok=True), now=NOW
    )
    store.save_reuse("f", [], {"k": "{}"})
    store.forget("f")
    assert store.entries("f", limit=10) == () and store.feed_state("f") == {}
    assert store.articles("f", [entry("one").id]) == {}
    assert store.reuse_records("f") == {}
    assert len(store.entries("g", limit=10)) == 1


def test_kept_item_records_are_replaced_forgotten_and_kept_apart(store: Store) -> None:
    # what feedsmith.reuse keeps: text by key, per feed; a build adds its new keys and forgets
    # those its page no longer has
    # an entry's row: each format and its part, parted by U+001F (which both engines' text holds)
    part = "rss\x1f<item>…</item>\n\x1fatom\x1f<entry>…</entry>\n"
    store.save_reuse("f", [], {"a": '{"x": "é"}', "part:b": part})
    store.save_reuse("g", [], {"a": "{}"})
    assert store.reuse_records("f") == {"a": '{"x": "é"}', "part:b": part}
    store.save_reuse("f", ["a"], {"c": "{}", "part:b": "rss\x1f<item/>\n"})
    assert store.reuse_records("f") == {"c": "{}", "part:b": "rss\x1f<item/>\n"}
    store.save_reuse("f", [], {})  # nothing changed: nothing written
    assert store.reuse_records("g") == {"a": "{}"}
    many = {f"k{n}": "{}" for n in range(1200)}  # more keys than one statement takes
    store.save_reuse("g", [], many)
    store.save_reuse("g", list(many), {})
    assert store.reuse_records("g") == {"a": "{}"}


def test_copy_state_moves_a_sqlite_state_to_postgresql(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    from click.testing import CliRunner

    from feedsmith.backends.postgres import PostgresStore
    from feedsmith.cli import cli
    from feedsmith.config import parse_config
    from feedsmith.pipeline import Runtime, build_all

    site.add("/a", THREE)
    feeds = (
        f"feeds:\n  - {{id: a, url: '{site.url('/a')}', items: li.it, "
        "fields: {title: a, link: a, date: .d}}\n"
    )
    config = parse_config(feeds, root=tmp_path)
    with Runtime(config) as runtime:
        build_all(config.feeds, runtime, now=NOW)
    url = postgres.database()
    path = tmp_path / "feeds.yaml"
    path.write_text(f"state: '{url}'\n" + feeds, encoding="utf-8")
    source = tmp_path / ".feedsmith" / "state.sqlite"
    for _ in range(2):  # a second copy changes nothing
        result = CliRunner().invoke(
            cli, ["cluster", "copy-state", "-c", str(path), "--from", str(source)]
        )
        assert result.exit_code == 0, result.output
        assert "copied 3 entries, 0 articles, 1 feed_state" in result.output
    old, new = Store(source), PostgresStore(url)
    try:
        assert new.entries("a", limit=10) == old.entries("a", limit=10)
        assert new.all_feed_states() == old.all_feed_states()
    finally:
        old.close()
        new.close()


def test_a_build_whose_database_connection_drops_fails_cleanly_and_the_next_one_works(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    """Dropped while idle between builds, the connection is opened again and the build works;
    dropped inside the build's transaction, that build fails (files untouched) and the next
    one works."""
    from feedsmith.config import parse_config
    from feedsmith.pipeline import Runtime, build_feed

    site.add("/a", THREE)
    url = postgres.database()
    config = parse_config(
        f"state: '{url}'\nfeeds:\n  - {{id: a, url: '{site.url('/a')}', items: li.it, "
        "fields: {title: a, link: a, date: .d}}\n",
        root=tmp_path,
    )
    with Runtime(config) as runtime:
        assert build_feed(config.feeds[0], runtime, now=NOW).status == "ok"
        assert postgres.drop_connections(url) == 1  # idle: a restart, an idle timeout
        site.add("/a", THREE.replace("Un article 2", "Un article deux"))
        second = build_feed(config.feeds[0], runtime, now=NOW + timedelta(minutes=30))
        assert second.status == "ok" and second.error is None
        assert "deux" in (tmp_path / "public" / "a.atom").read_text(encoding="utf-8")
        before = {p.name: p.read_bytes() for p in (tmp_path / "public").glob("a.*")}
        site.add("/a", THREE.replace("Un article 1", "Un article corrigé"))
        results: list[BuildResult] = []
        with postgres.feed_held(url, "a"):
            builder = threading.Thread(
                target=lambda: results.append(
                    build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=1))
                )
            )
            builder.start()
            assert postgres.drop_waiting(url) == 1  # a failover mid-transaction
        builder.join(60)
        (failed,) = results
        assert failed.status == "failed" and failed.error_kind == "store"
        assert "postgresql://feedsmith@127.0.0.1" in (failed.error or "")
        after = {p.name: p.read_bytes() for p in (tmp_path / "public").glob("a.*")}
        assert after == before  # the feed's files as they were
        again = build_feed(config.feeds[0], runtime, now=NOW + timedelta(hours=2))
        assert again.status == "ok"
        assert "corrigé" in (tmp_path / "public" / "a.atom").read_text(encoding="utf-8")


def test_status_reads_the_state_from_postgresql(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    from click.testing import CliRunner

    from feedsmith.cli import cli

    site.add("/a", THREE)
    url = postgres.database()
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"state: '{url}'\nfeeds:\n  - {{id: a, url: '{site.url('/a')}', items: li.it, "
        "fields: {title: a, link: a, date: .d}}\n",
        encoding="utf-8",
    )
    built = CliRunner().invoke(cli, ["build", "-c", str(path)])
    assert built.exit_code == 0, built.output
    assert not (tmp_path / ".feedsmith" / "state.sqlite").exists()
    status = CliRunner().invoke(cli, ["status", "--json", "-c", str(path)])
    assert status.exit_code == 0, status.output
    (row,) = json.loads(status.output)["feeds"]
    assert row["id"] == "a" and row["health"] == "ok" and row["entries"] == 3


def test_feedsmith_build_whose_database_connection_drops_fails_cleanly_and_the_next_works(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    """`feedsmith build` with ``state: postgresql://…``: the server drops the connection while
    the build writes the feed's entries (in its transaction); the build exits 1 naming the
    database (password masked), the feed's files stay as they were, and the next `feedsmith
    build` works."""
    import os
    import subprocess
    import sys

    site.add("/a", THREE)
    # trust authentication: the password is never checked, only kept out of every message
    url = postgres.database().replace("feedsmith@", "feedsmith:s3cret@")
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"state: '{url}'\nfeeds:\n  - {{id: a, url: '{site.url('/a')}', items: li.it, "
        "fields: {title: a, link: a, date: .d}}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "feedsmith", "build", "-c", str(path)]
    env = {**os.environ, "COLUMNS": "400"}  # the table of results shows errors whole

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
        )

    first = build()
    assert first.returncode == 0, first.stdout + first.stderr
    public = tmp_path / "public"
    before = {p.name: p.read_bytes() for p in public.glob("a.*")}

    changed = THREE.replace("Un article 1", "Un article corrigé")
    site.add("/a", changed)
    plain = url.replace(":s3cret@", "@")
    with postgres.feed_held(plain, "a"):
        running = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        try:
            assert postgres.drop_waiting(plain) == 1
        except BaseException:
            running.kill()
            raise
    out, err = running.communicate(timeout=120)
    output = out + err
    assert running.returncode == 1, output
    assert url.replace(":s3cret@", ":***@") in output and "s3cret" not in output, output
    assert "Traceback" not in output, output
    assert {p.name: p.read_bytes() for p in public.glob("a.*")} == before

    again = build()
    assert again.returncode == 0, again.stdout + again.stderr
    assert "corrigé" in (public / "a.atom").read_text(encoding="utf-8")


def test_a_new_sqlite_state_has_16_kb_pages_and_one_made_before_keeps_its_own(
    tmp_path: Path,
) -> None:
    before = tmp_path / "before.sqlite"
    with contextlib.closing(sqlite3.connect(before)) as db:  # as stores were made until now
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE feed_state (feed_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        db.execute("INSERT INTO feed_state VALUES ('f', '{\"items\": 3}')")
        db.commit()
    for path, size in ((before, 4096), (tmp_path / "new.sqlite", 16384)):
        store = Store(path)
        try:
            assert store.db.execute("PRAGMA page_size").fetchone()[0] == size
            store.update("f", [entry("a")], now=NOW, max_items=10)
            store.save_reuse("f", [], {"k": "[{}, [], []]"})
            assert [e.id for e in store.entries("f", limit=10)] == [entry("a").id]
            assert store.reuse_records("f") == {"k": "[{}, [], []]"}
        finally:
            store.close()
    store = Store(before)  # what was there before is still there
    try:
        assert store.feed_state("f") == {"items": 3}
    finally:
        store.close()


def test_a_feed_waiting_on_the_database_holds_up_no_other_feed(
    tmp_path: Path, site: LoopbackSite, postgres: Postgres
) -> None:
    """Two feeds built at once on one Runtime (a worker's threads): while one waits inside its
    entries' transaction, the other is stored, rendered and published. (Under the Runtime's
    one lock the second waited for the first: a worker's threads took turns on every database
    round trip and file write.)"""
    from feedsmith.config import FeedConfig, parse_config
    from feedsmith.pipeline import Runtime, build_feed

    site.add("/a", THREE)
    site.add("/b", THREE)
    url = postgres.database()
    fields = "items: li.it, fields: {title: a, link: a, date: .d}"
    config = parse_config(
        f"state: '{url}'\nfeeds:\n"
        f"  - {{id: a, url: '{site.url('/a')}', {fields}}}\n"
        f"  - {{id: b, url: '{site.url('/b')}', {fields}}}\n",
        root=tmp_path,
    )
    first_feed, second_feed = config.feeds
    results: dict[str, BuildResult] = {}

    def build(feed: FeedConfig) -> None:
        results[feed.id] = build_feed(feed, runtime, now=NOW)

    with Runtime(config) as runtime:
        with postgres.feed_held(url, "a"):
            first = threading.Thread(target=build, args=(first_feed,))
            first.start()
            deadline = datetime.now(UTC) + timedelta(seconds=60)
            while not _waiting(postgres, url):
                assert datetime.now(UTC) < deadline, "feed a never reached its transaction"
                threading.Event().wait(0.05)
            second = threading.Thread(target=build, args=(second_feed,))
            second.start()
            second.join(60)
            assert "b" in results, "feed b waited for feed a"
            assert results["b"].status == "ok" and first.is_alive()
            assert (tmp_path / "public" / "b.atom").exists()
        first.join(60)
        second.join(60)
    assert results["a"].status == "ok"


def test_update_returns_what_the_rows_hold_however_the_run_gives_it(store: Store) -> None:
    """`update` builds the entries it returns from what it was given where the row's hash
    proves the row holds those values, and reads the others back: either way it returns what
    `entries` decodes. Rows written before the hash proved anything (content hash alone), and
    values the content hash reads alike (None and "", categories joined), hold what was stored
    first, not what this run gave."""
    later = NOW + timedelta(hours=1)
    plain = entry("plain")
    empty = Entry(id="https://example.org/e", link="https://example.org/e", title="E")
    joined = replace(entry("cats"), categories=("a\x1fb",))
    dated = entry("dated", date=NOW - timedelta(days=1))
    given = [plain, empty, joined, dated]
    first, _, _ = store.update("f", given, now=NOW, max_items=10)
    assert first == store.entries("f", limit=10)
    # the same content hash, other values: the rows keep what they hold, and say so
    again = [
        plain,
        replace(empty, summary_html="", author=""),
        replace(joined, categories=("a", "b")),
        replace(dated, title="Dated anew"),  # a change: rewritten
    ]
    second, new, changed = store.update("f", again, now=later, max_items=10)
    assert (new, changed) == (0, 1)
    assert second == store.entries("f", limit=10)
    by_id = {e.id: e for e in second}
    assert by_id[empty.id].summary_html is None and by_id[empty.id].author is None
    assert by_id[joined.id].categories == ("a\x1fb",)
    assert by_id[dated.id].title == "Dated anew"
    # rows as an earlier version wrote them (the content hash alone) read back the same, and
    # those found to hold the given values are marked for the next run
    with store.db:
        store.db.execute("UPDATE entries SET hash=substr(hash, 1, 64) WHERE feed_id=?", ("f",))
    third, _, _ = store.update("f", again, now=later + timedelta(hours=1), max_items=10)
    assert third == store.entries("f", limit=10)
    rows = store.db.execute("SELECT id, hash FROM entries WHERE feed_id=?", ("f",)).fetchall()
    hashes = {row["id"]: row["hash"] for row in rows}
    assert len(hashes[plain.id]) > 64  # marked: holds what the run gave
    assert len(hashes[empty.id]) == 64  # holds None where the run gave "": not marked
    fourth, _, _ = store.update("f", again[:1], now=later + timedelta(hours=2), max_items=10)
    assert fourth == store.entries("f", limit=10) == third
