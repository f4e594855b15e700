"""``public/status.json``: one record per feed (and the lines of `feedsmith status`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from feedsmith.health.word import count_of, feed_health

STATUS_FILE = "status.json"


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
        "consecutive_failures": count_of(state.get("failures")),
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
