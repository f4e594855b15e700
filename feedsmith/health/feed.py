"""The health feed (``_health.atom``): one entry per event, newest first, dated by its newest
event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from feedsmith.health.status import STATUS_FILE
from feedsmith.publishable import xml_safe
from feedsmith.types import Entry, Feed

HEALTH_ID = "_health"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


HEALTH_ENTRIES = 50


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
    epoch = EPOCH
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
