"""How each feed is doing, in the places the user already looks.

The pure part decides, from a feed's stored state and one run's `BuildResult`: the baseline of
its last good runs (item count and the share of items where each field was found), whether the
run drifted from it (a site changed its layout), the feed's health in one word (`feed_health`:
``ok``, ``degraded``, ``drifting``, ``failing``, the same word everywhere it is shown), and which
*events* the run causes: one each time that word changes (a feed that starts failing, drifts, is
degraded, or recovers). Events are kept in the feed's state (the last `EVENTS_KEPT`), so they
survive restarts.

The I/O part writes ``public/status.json`` (one record per feed) and ``public/_health.atom`` (one
entry per event, newest first), so breakage shows up in the user's feed reader. Both are written
atomically and only when their bytes change; the health feed is dated by its newest event, or,
with none, by the build that last wrote it (the clock is read then, and the date kept after).

The modules: `word` (the health word), `layout` (baseline and drift), `events` (a run folded
into the state), `status` (status.json records), `feed` (the health feed); this package writes
both files (`publish_health`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from feedsmith.health.events import EVENTS_KEPT, article_failures, update
from feedsmith.health.feed import EPOCH, HEALTH_ENTRIES, HEALTH_ID, health_feed
from feedsmith.health.layout import (
    ACCEPT_AFTER,
    BASELINE_RUNS,
    FEW,
    USUAL,
    Baseline,
    Drift,
    baseline,
    drift,
    hold_back,
)
from feedsmith.health.status import STATUS_FILE, status_document, status_record
from feedsmith.health.word import Health, feed_health
from feedsmith.publish import write_atomic
from feedsmith.render import render

__all__ = [
    "ACCEPT_AFTER",
    "BASELINE_RUNS",
    "EVENTS_KEPT",
    "FEW",
    "HEALTH_ENTRIES",
    "HEALTH_ID",
    "STATUS_FILE",
    "USUAL",
    "Baseline",
    "Drift",
    "Health",
    "article_failures",
    "baseline",
    "drift",
    "feed_health",
    "health_feed",
    "hold_back",
    "publish_health",
    "status_document",
    "status_record",
    "update",
]

log = logging.getLogger(__name__)


_ATOM = "http://www.w3.org/2005/Atom"


def publish_health(
    public_dir: Path,
    feeds: Sequence[tuple[str, bool]],
    states: Mapping[str, Mapping[str, Any]],
    *,
    title: str,
    base_url: str | None,
    now: datetime,
) -> tuple[str, ...]:
    """Write status.json and _health.atom when they changed; return the names written.

    A health feed with no event is dated by the build that wrote it (``now``), and keeps that
    date while nothing in it changes, so an unchanged feed is never rewritten.
    """
    known = {fid for fid, _ in feeds}
    states = {fid: s for fid, s in states.items() if fid in known}
    document = status_document(feeds, states)
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    # an error message may quote what a page said: nothing UTF-8 cannot hold goes out
    data = text.encode("utf-8", "replace")
    written = []
    if write_atomic(public_dir / STATUS_FILE, data):
        written.append(STATUS_FILE)
    path = public_dir / (HEALTH_ID + ".atom")
    since = _dated(path)
    feed = health_feed(states, title=title, base_url=base_url, empty_since=since)
    (rendered,) = render(feed, ("atom",))
    if not feed.entries and (since is None or not _same(path, rendered.data)):
        (rendered,) = render(replace(feed, updated=now.astimezone(UTC)), ("atom",))
    if write_atomic(public_dir / rendered.filename, rendered.data):
        written.append(rendered.filename)
    return tuple(written)


def _dated(path: Path) -> datetime | None:
    """The feed-level <updated> of the Atom file at ``path``, if there is a readable one."""
    try:
        root = etree.parse(str(path)).getroot()
        text = root.findtext(f"{{{_ATOM}}}updated")
        value = datetime.fromisoformat(text).astimezone(UTC) if text else None
    except (OSError, etree.XMLSyntaxError, ValueError):
        return None
    # 1970: how earlier versions dated an empty health feed
    return value if value is not None and value > EPOCH else None


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False
