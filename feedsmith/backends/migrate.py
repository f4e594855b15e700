"""Moving the state from one store to another (SQLite → PostgreSQL): every entry with its id,
dates and hash, every full-text record and feed state, copied as they are.

Rows already in the target are left alone (``ON CONFLICT DO NOTHING``), so a copy can be run
again after an interruption, and never overwrites what workers wrote meanwhile.
"""

from __future__ import annotations

import sqlite3

from feedsmith.errors import StoreError
from feedsmith.store import Store

TABLES = ("entries", "articles", "feed_state")
_BATCH = 1000


def copy_state(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``; return the rows read per table.
    Raises `StoreError`."""
    copied: dict[str, int] = {}
    for table in TABLES:
        try:
            rows = source.db.execute(f"SELECT * FROM {table}").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {table}", where=source.where) from exc
        copied[table] = len(rows)
        if not rows:
            continue
        columns = list(rows[0].keys())
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT DO NOTHING"
        )
        try:
            with target.db:
                for start in range(0, len(rows), _BATCH):
                    chunk = rows[start : start + _BATCH]
                    target.db.executemany(sql, [tuple(row[c] for c in columns) for row in chunk])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write {table}", where=target.where) from exc
    return copied
