"""The state store on PostgreSQL (psycopg 3), for many workers on many machines.

`PostgresStore` *is* `feedsmith.store.Store`: the same class, the same queries, the same
rules (stable ids, first-seen dates, dates kept once read, history and pruning, full-text
records, feed health). Only its connection differs: `_Connection` wraps a psycopg connection so
that it speaks the part of `sqlite3.Connection` the store uses (``?`` marks, ``execute`` /
``executemany`` / ``executescript``, a ``with`` block as one transaction, rows by column name,
errors as `sqlite3.Error`). So there is one schema and one set of queries, and a change to the
store holds on both engines; the store's tests run on both.

What PostgreSQL adds:

- Text columns compare byte by byte (``COLLATE "C"``), as SQLite's do, so "newest first, then
  by id" is the same order on both.
- Concurrent writers: each feed's update takes a transaction-scoped advisory lock on the feed,
  so two workers updating one feed at once run one after the other (the second sees the
  first's rows) and an entry is never inserted twice; the primary keys hold regardless.
- The few SQLite functions the queries use (``instr``) are defined as SQL functions.
- The schema is created on first use, under an advisory lock, so workers starting together do
  not race on ``CREATE TABLE``.
- A dropped connection fails the operation under way (a `StoreError`, so that build fails
  cleanly) and is opened again for the next one.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import psycopg
from psycopg.rows import dict_row

from feedsmith.backends.endpoints import mask
from feedsmith.errors import StoreError
from feedsmith.store import _SCHEMA, Store
from feedsmith.types import Entry

log = logging.getLogger(__name__)

# advisory lock ids: one for creating the schema; feeds use hashtextextended(feed id)
_SCHEMA_LOCK = 0x66656564  # "feed"
CONNECT_TIMEOUT = 10
# SQLite's built-in functions the store's queries use, defined in PostgreSQL terms
SQLITE_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE "
    "AS $$ SELECT strpos($1, $2) $$",
)


class PostgresError(sqlite3.DatabaseError):
    """A psycopg error, raised as the sqlite3 error the store handles (the psycopg error is
    its cause)."""


def _to_psycopg(sql: str) -> str:
    """A query with ``?`` marks as psycopg writes it (``%s``, and ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def schema_sql(schema: str = _SCHEMA) -> list[str]:
    """The store's schema as PostgreSQL statements: comments dropped, text compared byte by
    byte."""
    text = re.sub(r"--[^\n]*", "", schema)
    text = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', text)
    return [part.strip() for part in text.split(";") if part.strip()]


class _Connection:
    """A psycopg connection with the face of the `sqlite3.Connection` the store uses."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection[dict[str, Any]] | None = None
        self._tx: AbstractContextManager[Any] | None = None
        self._depth = 0
        self._queries: dict[str, str] = {}

    def _connection(self) -> psycopg.Connection[dict[str, Any]]:
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if self._depth:
            raise PostgresError("the connection to PostgreSQL was lost during a transaction")
        if conn is not None:
            log.info("reconnecting to %s", mask(self.url))
        try:
            self._conn = psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT
            )
        except psycopg.Error as exc:
            raise PostgresError(f"cannot connect: {exc}".strip()) from exc
        return self._conn

    def _sql(self, sql: str) -> str:
        query = self._queries.get(sql)
        if query is None:
            query = self._queries[sql] = _to_psycopg(sql)
        return query

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[dict[str, Any]]:
        try:
            return self._connection().execute(self._sql(sql), params)
        except psycopg.Error as exc:
            raise PostgresError(str(exc)) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        try:
            with self._connection().cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        except psycopg.Error as exc:
            raise PostgresError(str(exc)) from exc

    def executescript(self, script: str) -> None:
        for statement in schema_sql(script):
            self.execute(statement)

    def __enter__(self) -> _Connection:
        if self._depth == 0:
            conn = self._connection()
            try:
                self._tx = conn.transaction()
                self._tx.__enter__()
            except psycopg.Error as exc:
                raise PostgresError(str(exc)) from exc
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth or self._tx is None:
            return
        tx, self._tx = self._tx, None
        try:
            tx.__exit__(exc_type, exc, tb)
        except psycopg.Error as error:
            if exc is None:  # the commit failed: the caller must know nothing was kept
                raise PostgresError(str(error)) from error
            log.debug("rollback failed after %s", exc_type, exc_info=True)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


class PostgresStore(Store):
    """`Store` on a PostgreSQL database, shared by every worker (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = Path("postgresql")  # unused: messages use `where`
        self._lock = threading.RLock()
        connection = _Connection(url)
        # the store's queries run unchanged through the wrapper (see the module docstring)
        self.db = cast(sqlite3.Connection, connection)
        try:
            with self.db:
                self.db.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
                for statement in SQLITE_FUNCTIONS:
                    self.db.execute(statement)
                self._create()
        except sqlite3.Error as exc:
            connection.close()
            raise StoreError(
                "cannot open the state database on PostgreSQL: check that the server runs "
                "and that the host, port, user, password and database are right",
                where=self.where,
            ) from exc

    @property
    def where(self) -> str:
        return mask(self.url)

    def update(
        self, feed_id: str, entries: Sequence[Entry], *, now: datetime, max_items: int
    ) -> tuple[tuple[Entry, ...], int, int]:
        """`Store.update`, one feed's writers one after another (an advisory lock on it)."""
        with self._lock:
            try:
                with self.db:
                    self.db.execute(
                        "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (feed_id,)
                    )
                    return super().update(feed_id, entries, now=now, max_items=max_items)
            except sqlite3.Error as exc:
                raise StoreError(
                    "cannot update entries", feed_id=feed_id, where=self.where
                ) from exc

    def feed_state(self, feed_id: str) -> dict[str, Any]:
        try:
            return super().feed_state(feed_id)
        except sqlite3.Error as exc:
            raise StoreError("cannot read feed state", feed_id=feed_id, where=self.where) from exc

    def all_feed_states(self) -> dict[str, dict[str, Any]]:
        try:
            return super().all_feed_states()
        except sqlite3.Error as exc:
            raise StoreError("cannot read the feeds' states", where=self.where) from exc

    def entries(self, feed_id: str, *, limit: int) -> tuple[Entry, ...]:
        try:
            return super().entries(feed_id, limit=limit)
        except sqlite3.Error as exc:
            raise StoreError("cannot read entries", feed_id=feed_id, where=self.where) from exc

    def close(self) -> None:
        with self._lock:
            cast(_Connection, self.db).close()
