"""Tell a WebSub hub that feeds changed (https://www.w3.org/TR/websub/#publishing).

The feeds declare the hub (``<link rel="hub">``, JSON Feed ``hubs``); after a build that
rewrote a feed's files, `ping` POSTs ``hub.mode=publish`` and ``hub.url=<the file's address>``
for each changed file, and the hub fetches it and pushes it to subscribers. A ping that fails
is logged and returned as a value: it never fails the build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)

TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Ping:
    """The hub's answer for one topic URL."""

    topic: str
    ok: bool
    status: int | None = None
    error: str | None = None


def ping(
    hub: str,
    topics: Sequence[str],
    *,
    user_agent: str,
    feed_id: str = "",
    timeout: float = TIMEOUT_S,
) -> tuple[Ping, ...]:
    """Announce each topic URL to the hub, one request each. Never raises."""
    results = []
    with requests.Session() as session:
        session.headers["User-Agent"] = user_agent
        for topic in topics:
            try:
                response = session.post(
                    hub,
                    data={"hub.mode": "publish", "hub.url": topic},
                    timeout=timeout,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                result = Ping(topic=topic, ok=False, error=f"{type(exc).__name__}: {exc}")
            else:
                ok = 200 <= response.status_code < 300
                result = Ping(
                    topic=topic,
                    ok=ok,
                    status=response.status_code,
                    error=None if ok else f"HTTP {response.status_code}",
                )
            if result.ok:
                log.info("feed=%s websub hub=%s topic=%s pinged", feed_id, hub, topic)
            else:
                log.warning(
                    "feed=%s websub hub=%s topic=%s ping failed: %s",
                    feed_id,
                    hub,
                    topic,
                    result.error,
                )
            results.append(result)
    return tuple(results)
