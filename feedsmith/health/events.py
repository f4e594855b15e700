"""One run folded into a feed's health state: last attempt and success, failures in a row, the
baseline, and an *event* each time the feed's health word changes (kept in the state, the last
`EVENTS_KEPT`, so they survive restarts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedsmith.health.layout import ACCEPT_AFTER, BASELINE_RUNS, baseline, drift
from feedsmith.health.word import count_of, feed_health
from feedsmith.types import BuildResult

EVENTS_KEPT = 20


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
        state["failures"] = count_of(state.get("failures")) + 1
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
