"""List pages written to find wrong item dates (`bench/date_cases.py`, issue 11).

Numbers whose order only the page decides (two-digit years first or last, an order proved
against the page's language, an order nothing proves), dates without a year (some items give
theirs, or none does), dates relative to the fetch in thirteen languages, and month names in
nine more languages, each in several markups. Every page goes through `suggest` with the
clock the truth was written for; every item must come out with its link, its title and its
day, and an item whose date nothing on the page settles must come out with no date at all.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bench.date_cases import NOW, Case, cases
from bench.list_classes import page_of
from feedsmith.suggest import suggest

CASES = cases()


def test_every_kind_has_varied_cases() -> None:
    kinds = Counter(case.kind for case in CASES)
    for kind in kinds:
        markups = {case.slug.split("--")[2] for case in CASES if case.kind == kind}
        langs = {case.lang for case in CASES if case.kind == kind}
        assert len(markups) >= 2 and len(langs) >= 2, kind
    undatable = [i for case in CASES for i in case.items if i.undatable]
    assert len(undatable) >= 8


@pytest.mark.parametrize("case", CASES, ids=[case.slug for case in CASES])
def test_items_come_out_with_their_day_or_none(case: Case) -> None:
    items = suggest(page_of(case, NOW), now=NOW).items
    assert [item.link for item in items] == [item.link for item in case.items]
    assert [item.title for item in items] == [item.title for item in case.items]
    assert [item.date.date() if item.date else None for item in items] == [
        item.day for item in case.items
    ]
