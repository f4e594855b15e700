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
- One connection per thread (`_PerThread`): the threads of a worker read and write at once,
  each in its own transactions, where one shared connection made every thread wait for the
  others' round trips (SQLite's one connection behind a lock is another matter: its calls
  never wait on a network).
- A connection the server dropped while it sat idle (a restart, a failover, an idle timeout,
  ``pg_terminate_backend``) is opened again and the statement tried once more, when that is
  safe: the start of a transaction (nothing in it yet) and a read outside one. A connection
  lost inside a transaction fails the operation under way (a `StoreError`, so that build fails
  cleanly, its work rolled back) and is opened again for the next one.
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
# statements that change nothing: asked again once when the connection was found closed
_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)
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
            conn.close()
        try:
            self._conn = psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT
            )
        except psycopg.Error as exc:
            raise PostgresError(f"cannot connect: {exc}".strip()) from exc
        return self._conn

    def _lost(self, exc: psycopg.Error) -> bool:
        """Whether ``exc`` came from a connection that no longer works (the server closed it),
        as opposed to an error the server answered with."""
        conn = self._conn
        return isinstance(exc, psycopg.OperationalError) and (
            conn is None or conn.closed or bool(conn.broken)
        )

    def _sql(self, sql: str) -> str:
        query = self._queries.get(sql)
        if query is None:
            query = self._queries[sql] = _to_psycopg(sql)
        return query

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[dict[str, Any]]:
        query = self._sql(sql)
        try:
            return self._connection().execute(query, params)
        except psycopg.Error as exc:
            # a read outside a transaction changed nothing: it is asked again on a new
            # connection (once) when the old one was found closed
            if self._depth or not _READ.match(sql) or not self._lost(exc):
                raise PostgresError(str(exc)) from exc
            log.info("%s closed the idle connection (%s); reading again", mask(self.url), exc)
        try:
            return self._connection().execute(query, params)
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

    def _begin(self) -> None:
        tx = self._connection().transaction()
        tx.__enter__()
        self._tx = tx

    def __enter__(self) -> _Connection:
        if self._depth == 0:
            try:
                self._begin()
            except psycopg.Error as exc:
                # nothing was done in the transaction yet: a connection found closed is
                # opened again and the transaction begun once more
                if not self._lost(exc):
                    raise PostgresError(str(exc)) from exc
                log.info("%s closed the idle connection (%s); reconnecting", mask(self.url), exc)
                try:
                    self._begin()
                except psycopg.Error as again:
                    raise PostgresError(str(again)) from again
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


class _PerThread:
    """The `sqlite3.Connection` face again, each thread on a `_Connection` of its own (opened
    on the thread's first use; those of threads that ended are closed as new ones open)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._guard = threading.Lock()
        self._open: list[tuple[threading.Thread, _Connection]] = []

    def mine(self) -> _Connection:
        conn: _Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _Connection(self.url)
            with self._guard:
                ended = [c for t, c in self._open if not t.is_alive()]
                self._open = [(t, c) for t, c in self._open if t.is_alive()]
                self._open.append((threading.current_thread(), conn))
            for old in ended:
                old.close()
        return conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[dict[str, Any]]:
        return self.mine().execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.mine().executemany(sql, rows)

    def executescript(self, script: str) -> None:
        self.mine().executescript(script)

    def __enter__(self) -> _PerThread:
        self.mine().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.mine().__exit__(exc_type, exc, tb)

    def close(self) -> None:
        with self._guard:
            opened, self._open = self._open, []
        self._local = threading.local()
        for _, conn in opened:
            conn.close()


class _NoLock:
    """The store's call lock, which connections of their own per thread make needless."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class PostgresStore(Store):
    """`Store` on a PostgreSQL database, shared by every worker (see the module docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = Path("postgresql")  # unused: messages use `where`
        # each thread has its own connection (`_PerThread`): no lock between them
        self._lock = cast(threading.RLock, _NoLock())
        connection = _PerThread(url)
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
        try:
            with self.db:
                self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (feed_id,))
                return super().update(feed_id, entries, now=now, max_items=max_items)
        except sqlite3.Error as exc:
            raise StoreError("cannot update entries", feed_id=feed_id, where=self.where) from exc

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
        cast(_PerThread, self.db).close()
