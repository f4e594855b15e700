"""Article pages written for the tests, one folder per failure class: the exact title and date.

Each ``tests/fixtures/articles/cases/<slug>/`` holds ``page.html`` (the bytes as served) and
``expected.json``: the page's ``url``, optional ``options`` for `extract_article` (``timezone``),
and the expected value of each field it names (``published`` as an ISO 8601 instant in UTC);
``text_includes``/``text_excludes``/``text_once``/``text_count`` and ``html_includes``/
``html_excludes``/``html_starts_without`` check the body. Adding a case adds a folder, no code.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from feedsmith.article import Article, extract_article

CASES = Path(__file__).parent / "fixtures" / "articles" / "cases"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _published(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def _cases() -> list[Any]:
    return [pytest.param(folder, id=folder.name) for folder in sorted(CASES.iterdir())]


@pytest.mark.parametrize("folder", _cases())
def test_case(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = extract_article(
        (folder / "page.html").read_bytes(), expected["url"], now=NOW, **expected.get("options", {})
    )
    found = {"title": article.title, "author": article.author, "published": _published(article)}
    for key in ("title", "author", "published"):
        if key in expected:
            assert found[key] == expected[key], key
    for segment in expected.get("text_includes", []):
        assert segment in article.text
    for segment in expected.get("text_excludes", []):
        assert segment not in article.text
        assert segment not in article.content_html
    for segment in expected.get("text_once", []):
        assert article.text.count(segment) == 1, segment
    for segment, count in expected.get("text_count", {}).items():
        assert article.text.count(segment) == count, segment
    if "html_starts_without" in expected:
        assert not article.content_html.startswith(expected["html_starts_without"])
    for segment in expected.get("html_includes", []):
        assert segment in article.content_html
    for segment in expected.get("html_excludes", []):
        assert segment not in article.content_html
