"""Feeds taken out of feeds.yaml: their files leave public/, their history stays a while.

A feed removed from the feeds file is no longer built, so its ``.xml``/``.atom``/``.json``
and its ``.html`` page would stay in public/ frozen, served to subscribers who never learn
that it ended (`render.feed_files` names them all). On the next
build (``feedsmith build``, or ``feedsmith run`` at start and on every reload) its files are
deleted and the feed is marked removed in the state database. Its entries stay there for
`KEEP_REMOVED`: a feed put back within that time publishes the same ids and dates again, so
readers see no flood of old entries as new. After that its entries and state are forgotten.

A feed that is only disabled (``enabled: false``) is still listed and keeps its files. A
feeds file that lists no feed at all takes nothing down (it is far more likely a mistake).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from feedsmith.render import feed_files

if TYPE_CHECKING:
    from feedsmith.backends.interfaces import Publisher, StateStore

log = logging.getLogger(__name__)

# how long the entries of a removed feed are kept, in case it is put back
KEEP_REMOVED = timedelta(days=30)
_REMOVED = "removed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Retired:
    """A feed no longer in the feeds file, as this run found it."""

    feed_id: str
    # files deleted from public/ in this run (empty once they are gone)
    deleted: tuple[str, ...] = ()
    # its entries and state were forgotten in this run (removed longer than KEEP_REMOVED ago)
    forgotten: bool = False


def retire(
    listed: Iterable[str], store: StateStore, publisher: Publisher, *, now: datetime
) -> tuple[Retired, ...]:
    """Delete the files of feeds that are not ``listed``; forget those removed long ago; clear
    the mark of feeds listed again. Raises `PublishError` (a file), `StoreError`."""
    listed = set(listed)
    states = store.all_feed_states()
    if not listed and any(not f.startswith("_") and _REMOVED not in st for f, st in states.items()):
        # a feeds file with no feed at all is far more often a mistake (a file emptied by a
        # half-finished save, a bad copy) than the wish to end every feed at once: nothing is
        # taken down until at least one feed is listed
        log.warning(
            "the feeds file lists no feed: the files of the feeds built before are kept "
            "(list at least one feed to take the others down, or delete their files by hand)"
        )
        return ()
    retired = []
    for feed_id, state in states.items():
        if feed_id.startswith("_"):
            continue  # feedsmith's own files (_health)
        removed = state.get(_REMOVED)
        if feed_id in listed:
            if removed is not None:
                del state[_REMOVED]
                store.save_feed_state(feed_id, state)
                log.info("feed=%s is back in the feeds file: its history is kept", feed_id)
            continue
        if removed is None:
            deleted = publisher.remove(_files(feed_id, state.get("built")))
            store.save_feed_state(feed_id, {**state, _REMOVED: now.isoformat()})
            log.info(
                "feed=%s is no longer in the feeds file: deleted %s; its entries are kept %d "
                "days in case it comes back",
                feed_id,
                ", ".join(deleted) or "no file",
                KEEP_REMOVED.days,
            )
            retired.append(Retired(feed_id=feed_id, deleted=deleted))
        elif now - datetime.fromisoformat(str(removed)) > KEEP_REMOVED:
            store.forget(feed_id)
            log.info("feed=%s removed %s: its entries are forgotten", feed_id, removed)
            retired.append(Retired(feed_id=feed_id, forgotten=True))
    return tuple(retired)


def _files(feed_id: str, built: object) -> list[str]:
    """The names a feed may have published: every format, and what its last build wrote."""
    names = set(feed_files(feed_id))
    if isinstance(built, dict):
        names.update(str(n) for n in built.get("files") or ())
    return sorted(names)
