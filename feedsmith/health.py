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
"""

from __future__ import annotations

import json
import logging
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from feedsmith.publish import write_atomic
from feedsmith.publishable import xml_safe
from feedsmith.render import render
from feedsmith.types import BuildResult, Entry, Feed

log = logging.getLogger(__name__)

STATUS_FILE = "status.json"
HEALTH_ID = "_health"
_ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BASELINE_RUNS = 5
EVENTS_KEPT = 20
HEALTH_ENTRIES = 50
# a field found in at least this share of items usually...
USUAL = 0.8
# ...and now in at most this share has drifted
FEW = 0.2
# runs a total drop is held back before it is accepted as the page's new normal
ACCEPT_AFTER = 3
_FIELD_NAMES = {"date": "dates", "title": "titles", "link": "links", "summary": "summaries"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Baseline:
    """What the feed's last good runs looked like (medians)."""

    items: float
    coverage: Mapping[str, float]
    runs: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Drift:
    messages: tuple[str, ...]
    # a field found in most items is now found in none: keep the last good entries
    total: bool


def baseline(state: Mapping[str, Any]) -> Baseline | None:
    runs = state.get("baseline") or []
    if not runs:
        return None
    fields = {name for run in runs for name in run.get("coverage", {})}
    return Baseline(
        items=statistics.median(run["items"] for run in runs),
        coverage={
            name: statistics.median(run.get("coverage", {}).get(name, 0.0) for run in runs)
            for name in sorted(fields)
        },
        runs=len(runs),
    )


def drift(state: Mapping[str, Any], items: int, coverage: Mapping[str, float]) -> Drift | None:
    """How this run differs from the feed's baseline, if it differs enough to matter."""
    base = baseline(state)
    if base is None:
        return None
    messages = []
    total = False
    if items == 0 and base.items > 0:
        messages.append(f"no items found (usually {base.items:g})")
        total = True
    elif base.items >= 8 and items < base.items * FEW:
        messages.append(f"only {items} item(s) found (usually {base.items:g})")
    for name, usual in base.coverage.items():
        now = coverage.get(name)
        if now is None or usual < USUAL or now > FEW:
            continue
        label = _FIELD_NAMES.get(name, name + "s")
        messages.append(f"{label} found in {now:.0%} of items (usually {usual:.0%})")
        total = total or now == 0.0
    return Drift(messages=tuple(messages), total=total) if messages else None


def hold_back(state: Mapping[str, Any], items: int, coverage: Mapping[str, float]) -> str | None:
    """Why this run's entries must not be published (a total drop), or None to publish.

    After `ACCEPT_AFTER` runs in a row held back, the new layout is accepted.
    """
    found = drift(state, items, coverage)
    if found is None or not found.total:
        return None
    if int(state.get("held_back", 0)) >= ACCEPT_AFTER:
        return None
    return "layout drift: " + "; ".join(found.messages) + " (keeping the last good entries)"


Health = Literal["never built", "ok", "degraded", "drifting", "failing"]


def feed_health(state: Mapping[str, Any]) -> Health:
    """The one word for how a feed is doing, the same in status.json, `feedsmith status`, the
    health feed, the build summary and the index page:

    - ``failing``: its last run failed (fetch, HTTP, extraction, ...); its files are as before;
    - ``drifting``: its page's layout changed (a field or most items gone), whether the run was
      held back (the last good entries stay published) or published anyway;
    - ``degraded``: it builds, but article pages (``full_text``) failed in its last run;
    - ``ok``; ``never built``.

    Tolerates partial or old state (keys missing, numbers as strings).
    """
    failures = _count(state.get("failures"))
    drifted = bool(state.get("drift"))
    if failures and not (drifted and state.get("last_error_kind") in _DRIFT_KINDS):
        return "failing"
    if drifted:
        return "drifting"
    if not failures and state.get("last_error") and not state.get("last_success"):
        return "failing"
    if not state.get("last_attempt") and not state.get("last_success"):
        return "never built"
    if state.get("full_text"):
        return "degraded"
    return "ok"


# failures that are the page's layout drifting, not the feed failing
_DRIFT_KINDS = ("drift", "extract")


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def article_failures(result: BuildResult) -> tuple[str, ...]:
    """What the run's article pages (full text) that failed said, one message each."""
    return tuple(
        d.message for d in result.diagnostics if d.field == "content" and d.level == "warning"
    )


def update(
    state: dict[str, Any], result: BuildResult, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fold one run into the feed's health state; return the new state and the run's events.

    Sets the last attempt and success, the failures in a row and the last error; an event is
    made whenever the feed's
    health word (`feed_health`) changes, so the health feed says what status.json says.
    """
    before = feed_health(state)
    state = dict(state)
    state["last_attempt"] = now.isoformat()
    events: list[dict[str, Any]] = []

    def event(kind: str, message: str) -> None:
        events.append(
            {"time": now.isoformat(), "feed": result.feed_id, "kind": kind, "message": message}
        )

    if result.status == "failed":
        state["last_error_kind"] = result.error_kind
        state["last_error"] = result.error
        state["failures"] = _count(state.get("failures")) + 1
        reason = result.error or "failed"
        if result.error_kind == "drift":
            state["held_back"] = int(state.get("held_back", 0)) + 1
        base = baseline(state)
        if result.error_kind == "extract" and base is not None and base.items > 0:
            reason = f"layout drift: no items found (usually {base.items:g}): {reason}"
            state["drift"] = reason
        elif result.error_kind == "drift":
            state["drift"] = reason
        after = feed_health(state)
        if after != before:
            event("drift" if after == "drifting" else "failing", reason)
    else:
        state["last_success"] = now.isoformat()
        state["last_error_kind"] = None
        state["last_error"] = None
        state["failures"] = 0
        accepted = int(state.get("held_back", 0)) >= ACCEPT_AFTER
        found = None if accepted else drift(state, result.items, result.field_coverage)
        state["held_back"] = 0
        state["drift"] = "layout drift: " + "; ".join(found.messages) if found else None
        failed_articles = article_failures(result)
        state["full_text"] = (
            {"failed": len(failed_articles), "message": failed_articles[0]}
            if failed_articles
            else None
        )
        after = feed_health(state)
        if accepted:
            state["baseline"] = []
            event("recovered", "the new page layout is now accepted as normal")
        elif after == "drifting" and before != "drifting":
            event("drift", state["drift"])
        elif after == "degraded" and before != "degraded":
            event(
                "degraded",
                f"{len(failed_articles)} article page(s) failed; their entries keep the "
                f"summary: {failed_articles[0]}",
            )
        elif after == "ok" and before == "failing":
            event("recovered", f"building again: {result.items} item(s)")
        elif after == "ok" and before == "drifting":
            event("recovered", f"layout back to normal: {result.items} item(s)")
        elif after == "ok" and before == "degraded":
            event("recovered", "article pages read again")
        runs = [*state.get("baseline", []), _run(result)]
        state["baseline"] = runs[-BASELINE_RUNS:]
    state["events"] = [*state.get("events", []), *events][-EVENTS_KEPT:]
    return state, events


def _run(result: BuildResult) -> dict[str, Any]:
    return {"items": result.items, "coverage": dict(result.field_coverage)}


# --- what the user sees ----------------------------------------------------------------------


def status_record(
    feed_id: str, state: Mapping[str, Any], *, enabled: bool = True
) -> dict[str, Any]:
    """One feed's line in status.json (and in `feedsmith status`)."""
    full_text = state.get("full_text")
    return {
        "id": feed_id,
        "enabled": enabled,
        "health": feed_health(state),
        "last_attempt": state.get("last_attempt"),
        "last_success": state.get("last_success"),
        "last_error": state.get("last_error"),
        "last_error_kind": state.get("last_error_kind"),
        "last_http_status": state.get("last_http_status"),
        "consecutive_failures": _count(state.get("failures")),
        "items": state.get("items"),
        "entries": state.get("entries"),
        "drift": state.get("drift"),
        # article pages that failed in the last run: {"failed": N, "message": the first one}
        "full_text": dict(full_text) if isinstance(full_text, Mapping) else None,
    }


def status_document(
    feeds: Iterable[tuple[str, bool]], states: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    records = [status_record(fid, states.get(fid, {}), enabled=on) for fid, on in feeds]
    return {
        "version": 1,
        "feeds": records,
        "failing": sum(1 for r in records if r["health"] == "failing"),
        "drifting": sum(1 for r in records if r["health"] == "drifting"),
        "degraded": sum(1 for r in records if r["health"] == "degraded"),
    }


def health_feed(
    states: Mapping[str, Mapping[str, Any]],
    *,
    title: str,
    base_url: str | None,
    empty_since: datetime | None = None,
) -> Feed:
    """Every stored event, newest first, as a feed; dated by its newest event, or, with no
    event, ``empty_since`` (when the empty feed was written)."""
    events = sorted(
        (e for state in states.values() for e in state.get("events", [])),
        key=lambda e: (e["time"], e["feed"], e["kind"]),
        reverse=True,
    )[:HEALTH_ENTRIES]
    home = (base_url or "http://localhost/") + STATUS_FILE
    entries = tuple(_entry(e, home) for e in events)
    epoch = _EPOCH
    empty = empty_since or epoch
    return Feed(
        id=HEALTH_ID,
        title=f"{title}: feed health",
        home_url=home,
        description="One entry when a feed starts failing, drifts from its usual layout, "
        "is degraded (article pages fail), or recovers.",
        language="en",
        self_urls={"atom": base_url + HEALTH_ID + ".atom"} if base_url else {},
        entries=entries,
        updated=max((e.updated or epoch for e in entries), default=empty),
    )


def _entry(event: Mapping[str, Any], home: str) -> Entry:
    when = datetime.fromisoformat(event["time"]).astimezone(UTC)
    verb = {
        "failing": "is failing",
        "drift": "is drifting (its page layout changed)",
        "degraded": "is degraded (article pages fail)",
        "recovered": "recovered",
    }
    title = f"{event['feed']} {verb.get(event['kind'], event['kind'])}"
    return Entry(
        id=f"urn:feedsmith:health:{event['feed']}:{event['kind']}:{event['time']}",
        link=f"{home}#{event['feed']}",
        title=title,
        published=when,
        updated=when,
        summary_html=_escape(xml_safe(str(event["message"]))),
        dated=True,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    return value if value is not None and value > _EPOCH else None


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False
