"""The state database: every entry each feed has had, and how each feed is doing.

One SQLite file in the state folder. An entry keeps the id, first-seen time and content hash it
got on its first run, so a feed keeps its newest ``max_items`` entries after they drop off the
source page, an entry without a date keeps the date it was first seen, and an entry whose content
changes gets a new ``updated`` time but never a new id. Each feed is updated in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from feedsmith.errors import StoreError
from feedsmith.types import Entry, Source

# Rows kept per feed beyond what it publishes, so an entry that comes back keeps its identity.
KEEP_FACTOR = 4
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    feed_id    TEXT NOT NULL,
    id         TEXT NOT NULL,
    data       TEXT NOT NULL,      -- the entry as JSON, without its times
    published  TEXT,               -- from the page; NULL when the page gave no date
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    updated    TEXT NOT NULL,      -- when the content last changed
    hash       TEXT NOT NULL,
    PRIMARY KEY (feed_id, id)
);
CREATE TABLE IF NOT EXISTS feed_state (
    feed_id TEXT PRIMARY KEY,
    data    TEXT NOT NULL          -- JSON, owned by the health module
);
"""


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def content_hash(entry: Entry) -> str:
    parts = (
        entry.title,
        entry.link,
        entry.summary_html or "",
        entry.content_html or "",
        entry.author or "",
        entry.image or "",
        _iso(entry.published) if entry.published else "",
        "\x1f".join(entry.categories),
    )
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def _to_json(entry: Entry) -> str:
    data: dict[str, Any] = {
        "link": entry.link,
        "title": entry.title,
        "summary_html": entry.summary_html,
        "content_html": entry.content_html,
        "author": entry.author,
        "image": entry.image,
        "categories": list(entry.categories),
    }
    if entry.source is not None:
        data["source"] = {"title": entry.source.title, "url": entry.source.url}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _from_row(row: sqlite3.Row) -> Entry:
    data = json.loads(row["data"])
    source = data.pop("source", None)
    first_seen = _dt(row["first_seen"])
    published = _dt(row["published"]) if row["published"] else first_seen
    return Entry(
        id=row["id"],
        link=data["link"],
        title=data["title"],
        published=published,
        updated=max(_dt(row["updated"]), published),
        summary_html=data.get("summary_html"),
        content_html=data.get("content_html"),
        author=data.get("author"),
        image=data.get("image"),
        categories=tuple(data.get("categories") or ()),
        source=Source(**source) if source else None,
        dated=row["published"] is not None,
    )


class Store:
    """Entry history and per-feed state, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError("cannot open the state database", where=str(path)) from exc

    def close(self) -> None:
        self.db.close()

    def update(
        self, feed_id: str, entries: Sequence[Entry], *, now: datetime, max_items: int
    ) -> tuple[tuple[Entry, ...], int, int]:
        """Record one run's entries; return the feed's newest entries and the new/changed counts.

        Entries come in page order. Undated ones get their first-seen time, staggered by a
        second each on first sight so that a reader keeps the page's order.
        """
        new = changed = 0
        stamp = _iso(now)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        seen: list[tuple[str, str, str]] = []
        try:
            with self.db:
                # one query for the stored hashes, then the writes in batches
                known = dict(
                    self.db.execute(
                        "SELECT id, hash FROM entries WHERE feed_id=?", (feed_id,)
                    ).fetchall()
                )
                for position, entry in enumerate(entries):
                    digest = content_hash(entry)
                    stored = known.get(entry.id)
                    published = _iso(entry.published) if entry.published else None
                    if stored is None:
                        first_seen = now - timedelta(seconds=position)
                        inserts.append(
                            (
                                feed_id,
                                entry.id,
                                _to_json(entry),
                                published,
                                _iso(first_seen),
                                stamp,
                                _iso(entry.published or first_seen),
                                digest,
                            )
                        )
                        known[entry.id] = digest
                        new += 1
                    elif stored != digest:
                        updates.append(
                            (_to_json(entry), published, stamp, stamp, digest, feed_id, entry.id)
                        )
                        known[entry.id] = digest
                        changed += 1
                    else:
                        seen.append((stamp, feed_id, entry.id))
                self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?)", inserts)
                self.db.executemany(
                    "UPDATE entries SET data=?, published=?, last_seen=?, updated=?, "
                    "hash=? WHERE feed_id=? AND id=?",
                    updates,
                )
                self.db.executemany("UPDATE entries SET last_seen=? WHERE feed_id=? AND id=?", seen)
                self._prune(feed_id, max_items * KEEP_FACTOR, now)
                newest = self.entries(feed_id, limit=max_items)
        except sqlite3.Error as exc:
            raise StoreError(
                "cannot update entries", feed_id=feed_id, where=str(self.path)
            ) from exc
        return newest, new, changed

    def entries(self, feed_id: str, *, limit: int) -> tuple[Entry, ...]:
        """The feed's newest entries, newest first; ties broken by id for a total order."""
        rows = self.db.execute(
            "SELECT * FROM entries WHERE feed_id=? "
            "ORDER BY COALESCE(published, first_seen) DESC, id LIMIT ?",
            (feed_id, limit),
        ).fetchall()
        return tuple(_from_row(row) for row in rows)

    def _prune(self, feed_id: str, keep: int, now: datetime) -> None:
        """Forget the oldest entries beyond ``keep``, never one seen in this run."""
        self.db.execute(
            "DELETE FROM entries WHERE feed_id=? AND last_seen<? AND id NOT IN (SELECT id "
            "FROM entries WHERE feed_id=? ORDER BY COALESCE(published, first_seen) DESC, id "
            "LIMIT ?)",
            (feed_id, _iso(now), feed_id, keep),
        )

    def feed_state(self, feed_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM feed_state WHERE feed_id=?", (feed_id,)).fetchone()
        return dict(json.loads(row["data"])) if row else {}

    def save_feed_state(self, feed_id: str, data: dict[str, Any]) -> None:
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO feed_state VALUES (?, ?) ON CONFLICT(feed_id) "
                    "DO UPDATE SET data=excluded.data",
                    (feed_id, json.dumps(data, sort_keys=True)),
                )
        except sqlite3.Error as exc:
            raise StoreError(
                "cannot save feed state", feed_id=feed_id, where=str(self.path)
            ) from exc

    def all_feed_states(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT feed_id, data FROM feed_state ORDER BY feed_id")
        return {row["feed_id"]: json.loads(row["data"]) for row in rows}
