"""Build many feeds at once without hammering any one site.

Feeds are grouped by host into *lanes*: a host gets at most ``lanes_per_host`` lanes (its
per-host request limit), and a lane builds its feeds one after another. A bounded pool of
``workers`` threads runs the lanes, longest first, so 500 feeds on 500 hosts are fetched side
by side while a host with 50 feeds only ever sees its own pace. Local files have no host: each
is its own lane.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from feedsmith.politeness import host_key

T = TypeVar("T")
R = TypeVar("R")


def lanes(items: Sequence[T], host_of: Callable[[T], str], lanes_per_host: int) -> list[list[int]]:
    """Indexes of ``items`` split into lanes: one host's items over at most N lanes."""
    by_host: dict[str, list[int]] = {}
    out: list[list[int]] = []
    for i, item in enumerate(items):
        url = host_of(item)
        if "://" not in url or url.startswith("file:"):
            out.append([i])
            continue
        by_host.setdefault(host_key(url), []).append(i)
    for indexes in by_host.values():
        n = max(1, min(lanes_per_host, len(indexes)))
        out.extend(indexes[k::n] for k in range(n))
    out.sort(key=len, reverse=True)
    return out


def build_concurrently(
    items: Sequence[T],
    build: Callable[[T], R],
    *,
    host_of: Callable[[T], str],
    workers: int,
    lanes_per_host: int = 1,
    on_result: Callable[[R], None] | None = None,
) -> list[R]:
    """Run ``build`` on every item; results in the order of ``items``.

    ``build`` must not raise (the pipeline's `build_feed` never does). ``on_result`` is called
    as each result arrives, from the worker threads but never two at a time.
    """
    results: dict[int, R] = {}
    report = threading.Lock()

    def run_lane(lane: list[int]) -> None:
        for i in lane:
            result = build(items[i])
            with report:
                results[i] = result
                if on_result is not None:
                    on_result(result)

    planned = lanes(items, host_of, lanes_per_host)
    if workers <= 1 or len(planned) <= 1:
        for lane in planned:
            run_lane(lane)
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="feedsmith") as pool:
            for future in [pool.submit(run_lane, lane) for lane in planned]:
                future.result()
    return [results[i] for i in range(len(items))]
