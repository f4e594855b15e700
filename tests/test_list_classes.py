"""The failure classes of issue 11 on list pages written for them (`bench/list_classes.py`).

Every class (card-wrapping links, links without text, hidden text inside links, truncated
titles, dates beside the link, dates without a year under a year heading, day/month order by
the page's language, month names in thirteen languages, `<time>` forms and dates in attributes)
comes in several markups, each in several languages. Each page goes through `suggest` (what
`suggest --json` publishes: detection, then the normalised preview) and every item must come out
exactly: its link, its title, and its date on the right day.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from bench.list_classes import Case, cases, page_of
from feedsmith.suggest import suggest

NOW = datetime(2027, 1, 1, tzinfo=UTC)
CASES = cases()


def test_every_class_has_varied_cases() -> None:
    kinds = Counter(case.kind for case in CASES)
    assert set(kinds) == {
        "card-link",
        "no-text-link",
        "hidden-text",
        "truncated",
        "beside",
        "year-heading",
        "day-month-order",
        "month-names",
        "time-forms",
    }
    for kind in kinds:
        markups = {case.slug.split("--")[1] for case in CASES if case.kind == kind}
        langs = {case.lang for case in CASES if case.kind == kind}
        assert len(markups) >= 2 and len(langs) >= 3, kind
    month_names = {case.lang for case in CASES if case.kind == "month-names"}
    assert {"fr", "es", "de", "it", "pt", "nl", "pl", "sv", "tr", "ja", "zh", "ko"} <= month_names


@pytest.mark.parametrize("case", CASES, ids=[case.slug for case in CASES])
def test_items_come_out_exactly(case: Case) -> None:
    items = suggest(page_of(case, NOW), now=NOW).items
    assert [item.link for item in items] == [item.link for item in case.items]
    assert [item.title for item in items] == [item.title for item in case.items]
    # the day the published date falls on (UTC, as `suggest --json` prints it)
    assert [item.date.date() if item.date else None for item in items] == [
        item.day for item in case.items
    ]
