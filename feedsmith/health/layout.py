"""Layout drift: the baseline of a feed's last good runs (item count and the share of items
where each field was found), whether a run drifted from it, and whether a total drop is held
back (the last good entries stay published) or accepted as the page's new normal."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BASELINE_RUNS = 5


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
