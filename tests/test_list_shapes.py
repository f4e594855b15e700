"""List pages in the markup of real site builders and themes (`bench/list_shapes.py`).

WordPress block and classic themes, Ghost, Jekyll, Eleventy, Gatsby, Next.js with CSS-in-JS,
Drupal, Joomla, TYPO3, Blogger, Substack/Medium-like archives, Squarespace/Wix/Webflow,
Bootstrap/Tailwind cards, press tables, definition lists, boards and press rooms, in fifteen
languages. Each page goes through `suggest` (what `suggest --json` publishes) and every item must
come out exactly: its link, its title, and its date on the right day.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.list_classes import page_of
from bench.list_shapes import SHAPES, Case, cases
from feedsmith.suggest import suggest

NOW = datetime(2027, 1, 1, tzinfo=UTC)
CASES = cases()


def test_shapes_are_varied() -> None:
    assert len(CASES) == len(SHAPES) >= 30
    langs = {shape.lang.split("-")[0] for shape in SHAPES}
    assert {
        "fr",
        "es",
        "de",
        "it",
        "pt",
        "nl",
        "pl",
        "sv",
        "tr",
        "ja",
        "zh",
        "ko",
        "ru",
        "ar",
    } <= langs
    assert len({case.slug for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.slug for case in CASES])
def test_items_come_out_exactly(case: Case) -> None:
    items = suggest(page_of(case, NOW), now=NOW).items
    assert [item.link for item in items] == [item.link for item in case.items]
    assert [item.title for item in items] == [item.title for item in case.items]
    assert [item.date.date() if item.date else None for item in items] == [
        item.day for item in case.items
    ]
