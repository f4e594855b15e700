"""Full text with the body named (`content:`): the heavy extractors run only for what the
markup leaves open (issue 13).

Which of trafilatura's and htmldate's entry points run is recorded by wrapping them (the real
functions still run); no time is measured here (bench/ does that).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import htmldate
import pytest
import trafilatura
import trafilatura.metadata

from feedsmith.article import extract_article

URL = "https://news.example/section/story.html"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
HEAVY = (
    (trafilatura, "bare_extraction"),
    (htmldate, "find_date"),
    (trafilatura.metadata, "extract_title"),
    (trafilatura.metadata, "extract_author"),
)


def _page(*, ld: str = "", byline: str = "") -> str:
    return f"""<!doctype html><html lang="fr"><head><title>Le port s'agrandit | La Gazette</title>
<meta property="og:title" content="Le port s'agrandit">
<meta property="og:site_name" content="La Gazette">{ld}</head><body>
<header><a href="/">La Gazette</a></header><main><article>
<h1>Le port s'agrandit</h1><p class="meta">{byline}</p>
<div class="article-body"><p>Les travaux du nouveau quai ont commencé lundi matin, après deux
ans d'études et de consultations avec les riverains et les pêcheurs du port.</p>
<p>Le chantier doit durer dix-huit mois et coûter <a href="/budget">quarante millions</a>
d'euros.</p></div></article></main><footer>Contact</footer></body></html>"""


LD = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Le port
s'agrandit", "datePublished": "2025-10-29T14:05:00+01:00", "author": {"@type": "Person",
"name": "Ana Ruiz"}}</script>"""


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the heavy entry points called, in order."""
    seen: list[str] = []
    for module, name in HEAVY:
        real = getattr(module, name)

        def counted(*args: Any, __real: Any = real, __name: str = name, **kwargs: Any) -> Any:
            seen.append(__name)
            return __real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    yield seen


def test_markup_that_settles_everything_runs_no_heavy_extractor(runs: list[str]) -> None:
    got = extract_article(_page(ld=LD), URL, content_selector=".article-body", now=NOW)
    assert runs == []
    assert got.title == "Le port s'agrandit" and got.author == "Ana Ruiz"
    assert got.published == datetime(2025, 10, 29, 13, 5, tzinfo=UTC)
    assert got.content_html.startswith("<div><p>Les travaux") and "dix-huit mois" in got.text
    assert 'href="https://news.example/budget"' in got.content_html  # links still absolute


def test_a_page_without_a_date_in_its_markup_asks_htmldate_only(runs: list[str]) -> None:
    html = _page(byline='<span class="byline">Par Ana Ruiz</span>')
    got = extract_article(html, URL, content_selector=".article-body", now=NOW)
    assert runs == ["find_date"]
    assert got.author == "Ana Ruiz" and got.title == "Le port s'agrandit"


def test_without_a_selector_trafilatura_finds_the_body(runs: list[str]) -> None:
    extract_article(_page(ld=LD), URL, now=NOW)
    assert "bare_extraction" in runs and "find_date" not in runs
    runs.clear()
    extract_article(_page(ld=LD), URL, content_selector=".no-such-body", now=NOW)  # no match
    assert "bare_extraction" in runs
