"""The state database: every entry each feed has had, and how each feed is doing.

One SQLite file in the state folder. An entry keeps the id, first-seen time and content hash it
got on its first run, so a feed keeps its newest ``max_items`` entries after they drop off the
source page, an entry without a date keeps the date it was first seen, an entry keeps a date once
read (only another date read from the page replaces it), and an entry whose content changes gets
a new ``updated`` time but never a new id. Each feed is updated in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from feedsmith.errors import StoreError
from feedsmith.types import Entry, Source

log = logging.getLogger(__name__)

# Rows kept per feed beyond what it publishes, so an entry that comes back keeps its identity.
KEEP_FACTOR = 4
# Entries of one day given without a time are this far apart, within the day's first second
DAY_STEP = timedelta(milliseconds=1)
DAY_STEPS = 1000
# The feed's order: newest first; on equal dates, the page's order (first seen, staggered by
# position on first sight: see `Store.update`), then the id
_ORDER = "COALESCE(published, first_seen) DESC, first_seen DESC, id"
# rows whose entry gives a day without a time (the flag in `data`, written by `_to_json`)
_DAY_ONLY = "instr(data, '\"day_only\": true') > 0"
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
CREATE TABLE IF NOT EXISTS articles (
    feed_id   TEXT NOT NULL,
    id        TEXT NOT NULL,       -- the entry's id
    list_hash TEXT NOT NULL,       -- content hash of the entry as the list page gave it
    ok        INTEGER NOT NULL,    -- 1: the article page was read; 0: it failed
    attempts  INTEGER NOT NULL,    -- failed attempts in a row
    data      TEXT NOT NULL,       -- JSON: what the article page added, or the error
    checked   TEXT NOT NULL,
    PRIMARY KEY (feed_id, id)
);
CREATE TABLE IF NOT EXISTS reuse (
    feed_id  TEXT NOT NULL,
    item_key TEXT NOT NULL,        -- an item's markup with the feed's settings (feedsmith.reuse)
    data     TEXT NOT NULL,        -- JSON: its raw values, and its entry when kept
    PRIMARY KEY (feed_id, item_key)
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
    parts: tuple[str, ...] = (
        entry.title,
        entry.link,
        entry.summary_html or "",
        entry.content_html or "",
        entry.author or "",
        entry.image or "",
        _iso(entry.published) if entry.published else "",
        "\x1f".join(entry.categories),
    )
    # appended only when set, so that the hashes of entries stored before they existed hold
    if entry.source is not None:
        parts += (entry.source.title, entry.source.url)
    if entry.language is not None:
        parts += ("lang:" + entry.language,)
    # surrogatepass: a lone surrogate that got this far changes the hash, never fails it
    return hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _fields(entry: Entry) -> tuple[Any, ...]:
    """Every value `_to_json` keeps of the entry, as the entry read back from it holds them
    (`_from_row`): None and "" apart, each category apart."""
    source = (entry.source.title, entry.source.url) if entry.source is not None else None
    return (
        entry.link,
        entry.title,
        entry.summary_html,
        entry.content_html,
        entry.author,
        entry.image,
        tuple(entry.categories),
        source,
        entry.language,
        bool(entry.day_only),
    )


def _size(value: str | None) -> int:
    return -1 if value is None else len(value)


def _row_hash(entry: Entry, digest: str) -> str:
    """What the ``hash`` column holds for an entry written now: its content hash ``digest``
    (what a run compares to tell a changed entry, as before), then what that hash cannot
    tell apart: the length of each value it joins, None apart from "", each category's
    length, whether a source and a language are set, the day-only flag. The hashed text cut
    at those lengths gives back every value `_to_json` keeps (`_fields`), so a row whose
    column equals this holds this entry's values and is not decoded (`Store._newest`). Rows
    written before hold the content hash alone."""
    source = entry.source
    sizes = [
        len(entry.title),
        len(entry.link),
        _size(entry.summary_html),
        _size(entry.content_html),
        _size(entry.author),
        _size(entry.image),
        _size(_iso(entry.published) if entry.published else None),
        len(entry.categories),
        *map(len, entry.categories),
        -1 if source is None else len(source.title),
        -1 if source is None else len(source.url),
        _size(entry.language),
        int(bool(entry.day_only)),
    ]
    return f"{digest}:{'.'.join(map(str, sizes))}"


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
    if entry.language is not None:
        data["language"] = entry.language
    if entry.day_only:
        data["day_only"] = True
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
        language=data.get("language"),
        day_only=bool(data.get("day_only")) and row["published"] is not None,
    )


def _from_given(row: sqlite3.Row, entry: Entry) -> Entry:
    """`_from_row` for a row whose ``data`` is known to hold ``entry``'s values (`_row_hash`):
    the entry with the row's times, without decoding the row."""
    first_seen = _dt(row["first_seen"])
    published = _dt(row["published"]) if row["published"] else first_seen
    source = entry.source
    return Entry(
        id=row["id"],
        link=entry.link,
        title=entry.title,
        published=published,
        updated=max(_dt(row["updated"]), published),
        summary_html=entry.summary_html,
        content_html=entry.content_html,
        author=entry.author,
        image=entry.image,
        categories=tuple(entry.categories),
        source=Source(title=source.title, url=source.url) if source else None,
        dated=row["published"] is not None,
        language=entry.language,
        day_only=entry.day_only and row["published"] is not None,
    )


def _keep_date(
    feed_id: str,
    entry: Entry,
    stored: str | None,
    stored_day_only: bool = False,
    first_seen: str | None = None,
) -> Entry:
    """The entry with the date already read for it, unless this run read another one.

    A date once read is kept: an item that stops showing its date (or a layout that lost its
    dates) never makes it "unknown" and so re-dated to the run, and "il y a 2 heures" read
    again an hour later is the same date. Only another date read from the page replaces it,
    and that is logged. An entry stored without a date (``first_seen`` given: dated by when
    it was first seen) takes a date read later only if it is not after that time: "5 minutes
    ago" printed for an item seen yesterday is not when it was published, and would move it.
    """
    if stored is None:
        if (
            first_seen is not None
            and entry.relative_date
            and entry.published is not None
            and entry.published > _dt(first_seen)
        ):
            log.info(
                "feed=%s entry=%s relative date %s is after the entry was first seen (%s): "
                "kept undated",
                feed_id,
                entry.id,
                _iso(entry.published),
                first_seen,
            )
            return replace(entry, published=None, dated=False, relative_date=False, day_only=False)
        return entry
    if entry.published is None or entry.relative_date:
        return replace(entry, published=_dt(stored), dated=True)
    if entry.day_only and _same_day(_dt(stored), entry.published, stored_day_only):
        # the same day, stored as it was read before days took their instant (local midnight):
        # kept as stored, neither a changed date nor a changed entry
        return replace(entry, published=_dt(stored))
    if _iso(entry.published) != stored:
        log.info(
            "feed=%s entry=%s date changed from %s to %s (read on the page)",
            feed_id,
            entry.id,
            stored,
            _iso(entry.published),
        )
    return entry


def _same_day(stored: datetime, instant: datetime, flagged: bool) -> bool:
    """Whether ``instant`` (a day given alone, as `day_instant` places it) stands for the day
    ``stored`` (the same day given alone, as stored earlier: that instant, or local midnight in
    the feed's zone) begins. In any zone a day's instant lies 0 to 24 hours after its local
    midnight, and another day's does not, so the zone itself is not needed. A date stored
    before the day-only flag existed counts when it falls on a zone's midnight (a quarter
    hour, no seconds)."""
    if not flagged and (stored.second or stored.microsecond or stored.minute % 15):
        return False
    return timedelta(0) <= instant - stored < timedelta(days=1)


def _spread(entries: Sequence[Entry], below: int = 0) -> tuple[Entry, ...]:
    """The entries (newest first) with distinct times for those of one day given without a
    time of day: each run of such entries sharing a date is spread over the second after the
    day's instant (`normalise.dates.day_instant`; local midnight for dates stored before),
    a millisecond apart in the feed's order (the page's), the lowest at the instant itself. A
    reader shows the day as before, and sorts the entries as the page did; readers and
    validators that want a distinct ``updated`` per entry get one. Entries with a real time are
    left alone, even where two share it.

    Counted from the bottom of each run, so an entry added on top changes no other; ``below`` is
    how many entries of the last run lie beyond the window (they count, so the window's bottom
    moving changes nothing either).
    """
    out = list(entries)
    start = 0
    while start < len(out):
        first = out[start]
        end = start + 1
        while (
            first.day_only
            and end < len(out)
            and out[end].day_only
            and out[end].published == first.published
        ):
            end += 1
        size = end - start + (below if end == len(out) else 0)
        if first.day_only and size > 1:
            for rank in range(start, end):
                entry = out[rank]
                assert entry.published is not None and entry.updated is not None
                step = DAY_STEP * min(size - 1 - (rank - start), DAY_STEPS - 1)
                published = entry.published + step
                out[rank] = replace(
                    entry, published=published, updated=max(entry.updated, published)
                )
        start = end
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleRecord:
    """What an entry's article page gave (full text), or why reading it failed."""

    entry_id: str
    # content hash of the entry as the list page gave it: a change means "read it again"
    list_hash: str
    ok: bool
    # failed attempts in a row (0 after a success)
    attempts: int = 0
    content_html: str | None = None
    published: datetime | None = None
    author: str | None = None
    image: str | None = None
    language: str | None = None
    error: str | None = None


def _article_json(record: ArticleRecord) -> str:
    data = {
        "content_html": record.content_html,
        "published": _iso(record.published) if record.published else None,
        "author": record.author,
        "image": record.image,
        "language": record.language,
        "error": record.error,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _article_from_row(row: sqlite3.Row) -> ArticleRecord:
    data = json.loads(row["data"])
    return ArticleRecord(
        entry_id=row["id"],
        list_hash=row["list_hash"],
        ok=bool(row["ok"]),
        attempts=row["attempts"],
        content_html=data.get("content_html"),
        published=_dt(data["published"]) if data.get("published") else None,
        author=data.get("author"),
        image=data.get("image"),
        language=data.get("language"),
        error=data.get("error"),
    )


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _serialised(
    method: Callable[Concatenate[Store, _P], _R],
) -> Callable[Concatenate[Store, _P], _R]:
    """One call at a time on the shared connection: feeds are built on several threads, and a
    transaction of one must never take in (or commit) the statements of another."""

    def locked(self: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    locked.__doc__ = method.__doc__
    locked.__name__ = method.__name__
    return locked


class Store:
    """Entry history and per-feed state, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = threading.RLock()
            self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            # a new file gets 16 KB pages (SQLite's default is 4 KB): the work kept for a
            # feed's items (`feedsmith.reuse`) is rows of 1-2.5 KB, which fill 4 KB pages badly
            # (measured: those rows take a quarter less disk and are written a fifth faster); a file
            # made before keeps its pages (the pragma does nothing once the file has a table)
            self.db.execute("PRAGMA page_size=16384")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._create()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError("cannot open the state database", where=str(path)) from exc

    @property
    def where(self) -> str:
        """The database, for messages (a server's password masked)."""
        return str(self.path)

    def _create(self) -> None:
        """Create the tables (and bring them up to date); the same SQL on every engine
        (`feedsmith.backends.postgres` runs it on PostgreSQL)."""
        self.db.executescript(_SCHEMA)

    @_serialised
    def close(self) -> None:
        self.db.close()

    @_serialised
    def update(
        self, feed_id: str, entries: Sequence[Entry], *, now: datetime, max_items: int
    ) -> tuple[tuple[Entry, ...], int, int]:
        """Record one run's entries; return the feed's newest entries and the new/changed counts.

        Entries come in page order. Undated ones get their first-seen time, staggered by a
        second each on first sight so that a reader keeps the page's order; so do entries that
        share a date, through the first-seen time (`_ORDER`, `_spread`).
        """
        new = changed = 0
        stamp = _iso(now)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        seen: list[tuple[str, str, str]] = []
        # id -> the entry whose values its row's ``data`` holds if the row's hash is this one
        given: dict[str, tuple[Entry, str]] = {}
        try:
            with self.db:
                # one query for the stored hashes, then the writes in batches
                rows = self.db.execute(
                    f"SELECT id, hash, published, first_seen, {_DAY_ONLY} AS day_only FROM entries "
                    "WHERE feed_id=?",
                    (feed_id,),
                ).fetchall()
                known = {row["id"]: row["hash"][:64] for row in rows}
                day_only = {row["id"]: bool(row["day_only"]) for row in rows}
                reflagged: list[tuple[str, str, str, str]] = []
                first_reading = {row["id"]: row["published"] for row in rows}
                first_seen_at = {row["id"]: row["first_seen"] for row in rows}
                for position, entry in enumerate(entries):
                    kept = _keep_date(
                        feed_id,
                        entry,
                        first_reading.get(entry.id),
                        day_only.get(entry.id, False),
                        first_seen_at.get(entry.id),
                    )
                    if kept.published != entry.published:
                        # the stored date, kept: with it, whether it gave a time of day
                        kept = replace(kept, day_only=day_only.get(entry.id, False))
                    entry = kept
                    digest = content_hash(entry)
                    stored = known.get(entry.id)
                    published = _iso(entry.published) if entry.published else None
                    if stored is None:
                        first_seen = now - timedelta(seconds=position)
                        row_hash = _row_hash(entry, digest)
                        inserts.append(
                            (
                                feed_id,
                                entry.id,
                                _to_json(entry),
                                published,
                                _iso(first_seen),
                                stamp,
                                _iso(entry.published or first_seen),
                                row_hash,
                            )
                        )
                        known[entry.id] = digest
                        given[entry.id] = (entry, row_hash)
                        new += 1
                    elif stored != digest:
                        row_hash = _row_hash(entry, digest)
                        updates.append(
                            (_to_json(entry), published, stamp, stamp, row_hash, feed_id, entry.id)
                        )
                        known[entry.id] = digest
                        given[entry.id] = (entry, row_hash)
                        changed += 1
                    else:
                        seen.append((stamp, feed_id, entry.id))
                        if entry.day_only and not day_only.get(entry.id):
                            # stored before the flag existed: same content, same `updated`
                            row_hash = _row_hash(entry, digest)
                            reflagged.append((_to_json(entry), row_hash, feed_id, entry.id))
                            given[entry.id] = (entry, row_hash)
                        elif entry.id not in given:
                            given[entry.id] = (entry, _row_hash(entry, digest))
                self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?)", inserts)
                self.db.executemany(
                    "UPDATE entries SET data=?, published=?, last_seen=?, updated=?, "
                    "hash=? WHERE feed_id=? AND id=?",
                    updates,
                )
                self.db.executemany("UPDATE entries SET last_seen=? WHERE feed_id=? AND id=?", seen)
                self.db.executemany(
                    "UPDATE entries SET data=?, hash=? WHERE feed_id=? AND id=?", reflagged
                )
                self._prune(feed_id, max_items * KEEP_FACTOR, now)
                newest = self._newest(feed_id, max_items, given)
        except sqlite3.Error as exc:
            raise StoreError("cannot update entries", feed_id=feed_id, where=self.where) from exc
        return newest, new, changed

    def _newest(
        self, feed_id: str, limit: int, given: dict[str, tuple[Entry, str]]
    ) -> tuple[Entry, ...]:
        """`entries`, within `update`'s transaction: a row whose hash says its ``data`` holds
        the values of the entry this run gave (`_row_hash`) is not decoded; the others are read
        and decoded as `entries` does, and those of them found to hold the given entry's values
        get the hash that says so (rows written before the hash said it)."""
        rows = self.db.execute(
            "SELECT id, published, first_seen, updated, hash FROM entries WHERE feed_id=? "
            f"ORDER BY {_ORDER} LIMIT ?",
            (feed_id, limit),
        ).fetchall()
        proven: dict[str, Entry] = {}
        for row in rows:
            pair = given.get(row["id"])
            if pair is not None and row["hash"] == pair[1]:
                proven[row["id"]] = _from_given(row, pair[0])
        rest = [row["id"] for row in rows if row["id"] not in proven]
        decoded: dict[str, Entry] = {}
        rehashed: list[tuple[str, str, str]] = []
        for start in range(0, len(rest), 500):
            chunk = rest[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT * FROM entries WHERE feed_id=? AND id IN ({marks})", (feed_id, *chunk)
            ).fetchall():
                entry = decoded[row["id"]] = _from_row(row)
                pair = given.get(row["id"])
                if (
                    pair is not None
                    and row["hash"] != pair[1]
                    and row["hash"] == pair[1][:64]
                    and _fields(entry) == _fields(pair[0])
                ):
                    rehashed.append((pair[1], feed_id, row["id"]))
        self.db.executemany("UPDATE entries SET hash=? WHERE feed_id=? AND id=?", rehashed)
        entries = [proven[i] if (i := row["id"]) in proven else decoded[i] for row in rows]
        return self._spread_rows(feed_id, rows, entries, limit)

    @_serialised
    def entries(self, feed_id: str, *, limit: int) -> tuple[Entry, ...]:
        """The feed's newest entries, newest first, in a total order (see `_ORDER`); entries of
        one day given without a time get distinct times (`_spread`)."""
        rows = self.db.execute(
            f"SELECT * FROM entries WHERE feed_id=? ORDER BY {_ORDER} LIMIT ?", (feed_id, limit)
        ).fetchall()
        return self._spread_rows(feed_id, rows, [_from_row(row) for row in rows], limit)

    def _spread_rows(
        self, feed_id: str, rows: Sequence[sqlite3.Row], entries: list[Entry], limit: int
    ) -> tuple[Entry, ...]:
        """The entries read from ``rows`` (the feed's newest ``limit``), spread (`_spread`)."""
        below = 0
        if entries and len(entries) == limit and entries[-1].day_only:
            last = rows[-1]["published"]
            total = self.db.execute(
                f"SELECT COUNT(*) FROM entries WHERE feed_id=? AND published=? AND {_DAY_ONLY}",
                (feed_id, last),
            ).fetchone()[0]
            below = total - sum(1 for row in rows if row["published"] == last)
        return _spread(entries, below)

    def _prune(self, feed_id: str, keep: int, now: datetime) -> None:
        """Forget the oldest entries beyond ``keep``, never one seen in this run."""
        self.db.execute(
            "DELETE FROM entries WHERE feed_id=? AND last_seen<? AND id NOT IN (SELECT id "
            f"FROM entries WHERE feed_id=? ORDER BY {_ORDER} LIMIT ?)",
            (feed_id, _iso(now), feed_id, keep),
        )
        self.db.execute(
            "DELETE FROM articles WHERE feed_id=? AND id NOT IN "
            "(SELECT id FROM entries WHERE feed_id=?)",
            (feed_id, feed_id),
        )

    @_serialised
    def articles(self, feed_id: str, ids: Iterable[str]) -> dict[str, ArticleRecord]:
        """What is known of these entries' article pages (full text), by entry id."""
        wanted = list(ids)
        found: dict[str, ArticleRecord] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT * FROM articles WHERE feed_id=? AND id IN ({marks})",
                    (feed_id, *chunk),
                ).fetchall()
                found.update((row["id"], _article_from_row(row)) for row in rows)
        except sqlite3.Error as exc:
            raise StoreError(
                "cannot read article states", feed_id=feed_id, where=self.where
            ) from exc
        return found

    @_serialised
    def save_article(self, feed_id: str, record: ArticleRecord, *, now: datetime) -> None:
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?) ON CONFLICT(feed_id, id) DO "
                    "UPDATE SET list_hash=excluded.list_hash, ok=excluded.ok, "
                    "attempts=excluded.attempts, data=excluded.data, checked=excluded.checked",
                    (
                        feed_id,
                        record.entry_id,
                        record.list_hash,
                        int(record.ok),
                        record.attempts,
                        _article_json(record),
                        _iso(now),
                    ),
                )
        except sqlite3.Error as exc:
            raise StoreError(
                "cannot save an article state", feed_id=feed_id, where=self.where
            ) from exc

    @_serialised
    def reuse_records(self, feed_id: str) -> dict[str, str]:
        """The work kept for the feed's items, by key (`feedsmith.reuse`); JSON text."""
        try:
            rows = self.db.execute(
                "SELECT item_key, data FROM reuse WHERE feed_id=?", (feed_id,)
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError("cannot read kept items", feed_id=feed_id, where=self.where) from exc
        return {row["item_key"]: row["data"] for row in rows}

    @_serialised
    def save_reuse(self, feed_id: str, stale: Iterable[str], fresh: dict[str, str]) -> None:
        """Forget the ``stale`` keys and keep the ``fresh`` records; nothing when both are
        empty (a page that did not change writes nothing)."""
        gone = list(stale)
        if not gone and not fresh:
            return
        try:
            with self.db:
                for start in range(0, len(gone), 500):
                    chunk = gone[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    self.db.execute(
                        f"DELETE FROM reuse WHERE feed_id=? AND item_key IN ({marks})",
                        (feed_id, *chunk),
                    )
                self.db.executemany(
                    "INSERT INTO reuse VALUES (?,?,?) ON CONFLICT(feed_id, item_key) "
                    "DO UPDATE SET data=excluded.data",
                    [(feed_id, key, data) for key, data in fresh.items()],
                )
        except sqlite3.Error as exc:
            raise StoreError("cannot keep items", feed_id=feed_id, where=self.where) from exc

    @_serialised
    def feed_state(self, feed_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM feed_state WHERE feed_id=?", (feed_id,)).fetchone()
        return dict(json.loads(row["data"])) if row else {}

    @_serialised
    def save_feed_state(self, feed_id: str, data: dict[str, Any]) -> None:
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO feed_state VALUES (?, ?) ON CONFLICT(feed_id) "
                    "DO UPDATE SET data=excluded.data",
                    (feed_id, json.dumps(data, sort_keys=True)),
                )
        except sqlite3.Error as exc:
            raise StoreError("cannot save feed state", feed_id=feed_id, where=self.where) from exc

    @_serialised
    def forget(self, feed_id: str) -> None:
        """Delete everything kept of a feed: its entries, article pages and state."""
        try:
            with self.db:
                for table in ("entries", "articles", "reuse", "feed_state"):
                    self.db.execute(f"DELETE FROM {table} WHERE feed_id=?", (feed_id,))
        except sqlite3.Error as exc:
            raise StoreError("cannot forget a feed", feed_id=feed_id, where=self.where) from exc

    @_serialised
    def all_feed_states(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT feed_id, data FROM feed_state ORDER BY feed_id")
        return {row["feed_id"]: json.loads(row["data"]) for row in rows}
