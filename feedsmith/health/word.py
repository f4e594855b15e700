"""A feed's health in one word (`feed_health`: ``ok``, ``degraded``, ``drifting``, ``failing``,
``never built``), the same everywhere it is shown, from its stored state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

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
    failures = count_of(state.get("failures"))
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


def count_of(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0
