"""News portal front and section pages of big-news shapes (`bench/portal_shapes.py`).

Lead, river, themed boxes, "most read", video strips (on the site's other hosts too), live
tickers, opinion columns, around menus, topic chips, coupon strips, sponsored teasers on other
hosts, services and footers, in fourteen languages and three ways of naming classes. Every
teaser found must be one of the page's article teasers, with its headline exactly (never the
kicker, rank, duration or badge); nearly all of them must be found.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.list_classes import page_of
from bench.portal_shapes import PORTALS, Case, cases
from feedsmith.suggest import suggest

NOW = datetime(2027, 1, 1, tzinfo=UTC)
CASES = cases()
# the share of a page's teasers that must be found, and of all pages' teasers (still missed:
# a live page whose address names it by neither an id nor a date, alone above a ticker; a
# strip of galleries at `/galeri/<section>/<slug>`, no id, no date, no card like the articles')
MIN_RECALL = 0.85
MIN_RECALL_ALL = 0.98


def test_portals_are_varied() -> None:
    assert len(CASES) == len(PORTALS) >= 16
    assert len({p.lang for p in PORTALS}) >= 14
    assert {p.style for p in PORTALS} == {"bem", "hashed", "bare"}
    assert any(p.section for p in PORTALS)
    assert all(len(case.items) >= 14 for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.slug for case in CASES])
def test_every_teaser_and_nothing_else(case: Case) -> None:
    items = suggest(page_of(case, NOW), now=NOW).items
    want = {item.link: item.title for item in case.items}
    got = {item.link: item.title for item in items}
    assert len(got) == len(items)  # no teaser twice
    assert set(got) <= set(want)
    assert {link: want[link] for link in got} == got
    assert len(got) >= MIN_RECALL * len(want)


def test_nearly_every_teaser_of_all_pages() -> None:
    found = sum(len(suggest(page_of(case, NOW), now=NOW).items) for case in CASES)
    assert found >= MIN_RECALL_ALL * sum(len(case.items) for case in CASES)
