"""List detection on the shared corpus of real and theme-built list pages, against floors.

The pages live outside the repository (`../shared/corpus` from the repository root, or from the
folder above it for a git worktree; `FEEDSMITH_CORPUS` overrides), third-party content kept as
test data only; the test skips when they are absent. It scores every page the way
`bench/eval_lists.py` does (through `suggest`, as `suggest --json` publishes) and fails when a
source's averages fall below the floors: raise a floor when a change lifts the numbers, never
lower one to let a change through. No timing is asserted here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.eval_lists import PageResult, evaluate_page, page_dirs, summary

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next(
    (
        path
        for path in (
            Path(os.environ.get("FEEDSMITH_CORPUS", ROOT / "missing")),
            ROOT.parent / "shared" / "corpus",
            ROOT.parent.parent / "shared" / "corpus",
        )
        if (path / "lists").is_dir()
    ),
    ROOT.parent / "shared" / "corpus",
)

# source → (link precision, link recall, titles exact, dates on the right day); None: no truth
FLOORS: dict[str, tuple[float, float, float | None, float | None]] = {
    "feedless": (0.98, 0.99, None, None),
    "html2rss": (0.95, 1.0, 1.0, None),
    "lists-hugo": (0.99, 0.99, 0.99, 0.95),
}


@pytest.fixture(scope="module")
def results() -> dict[str, list[PageResult]]:
    if not (CORPUS / "lists").is_dir() or not (CORPUS / "lists-hugo").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it is kept outside the repository)")
    by_source: dict[str, list[PageResult]] = {}
    for folder in (CORPUS, CORPUS / "lists-hugo"):
        for page, source in page_dirs(folder):
            by_source.setdefault(source, []).append(evaluate_page(page, source))
    return by_source


@pytest.mark.parametrize("source", sorted(FLOORS))
def test_source_stays_above_its_floors(results: dict[str, list[PageResult]], source: str) -> None:
    numbers = summary(results[source])
    precision, recall, title, date = FLOORS[source]
    assert numbers["precision"] >= precision
    assert numbers["recall"] >= recall
    for name, floor in (("title", title), ("date", date)):
        if floor is None:
            assert numbers[name] is None
        else:
            value = numbers[name]
            assert isinstance(value, float) and value >= floor, (name, value, floor)


def test_every_page_is_scored(results: dict[str, list[PageResult]]) -> None:
    assert len(results["lists-hugo"]) == 53
    assert sum(len(pages) for pages in results.values()) == 53 + 15
