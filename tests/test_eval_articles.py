"""bench/eval_articles.py scores both extractors on a corpus folder (no timing asserted)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bench import eval_articles

PARAGRAPHS = [
    f"The harbour authority opened breakwater number {n} on Tuesday after four years of work, "
    f"and fishing boat {n} was the first to use the sheltered quay in the morning."
    for n in ("one", "two", "three", "four")
]


def _page(folder: Path, name: str, *, lang: str, source: str, title: str) -> None:
    page = folder / "articles" / name
    page.mkdir(parents=True)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f'<html lang="{lang}"><head><title>{title} | Harbour Herald</title>'
        '<meta property="article:published_time" content="2024-03-05T09:00:00+01:00">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )
    (page / "page.html").write_text(html, encoding="utf-8")
    truth = {
        "id": name,
        "source": source,
        "lang": lang,
        "url": f"https://harbour.example/{name}",
        "title": title,
        "published": "2024-03-05",
        "text": "\n".join(PARAGRAPHS),
        "fields_truth": ["title", "published", "text"],
    }
    (page / "truth.json").write_text(json.dumps(truth), encoding="utf-8")


def test_reports_per_source_and_language_and_overall(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _page(tmp_path, "a", lang="en", source="one", title="Breakwater opens")
    _page(tmp_path, "b", lang="fr", source="two", title="La digue ouvre")
    assert eval_articles.main([str(tmp_path), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[-1].startswith("articles=2 title=1.000 author=n/a date=1.000 text_f1=")
    assert float(lines[-1].split("text_f1=")[1].split()[0]) > 0.9
    assert lines[-2].startswith("trafilatura: articles=2 ")
    source_rows = {line.split()[0] for line in lines if line[:3] in ("one", "two", "all")}
    assert source_rows == {"one", "two", "all"}
    assert any(line.startswith("fr ") for line in lines)
    assert "speed: feedsmith/trafilatura total" in out
    assert "empty: feedsmith 0, trafilatura 0" in out
    assert any(line.startswith("half ") for line in lines)
    assert "versus trafilatura, page by page" in out


def test_sites_and_halves() -> None:
    """Pages of one site land in one half, however the site is named."""
    site_of = eval_articles.site_of
    assert site_of({"url": "https://www.harbour.example/a"}, b"") == "harbour.example"
    archived = {"url": "http://web.archive.org/web/2019/https://harbour.example/b"}
    assert site_of(archived, b"") == "harbour.example"
    canonical = b'<link rel="canonical" href="https://www.harbour.example/c">'
    assert site_of({"id": "x"}, canonical) == "harbour.example"
    assert site_of({"id": "x"}, b"<p>no address</p>") == "page:x"
    halves = {eval_articles.half_of(f"site{n}.example") for n in range(20)}
    assert halves == {"A", "B"}
    assert eval_articles.half_of("harbour.example") == eval_articles.half_of("harbour.example")


def test_failure_kinds() -> None:
    """Why our answer is wrong where trafilatura's is right, named from the two answers."""
    kind = eval_articles.failure_kind
    Ex = eval_articles.Extracted
    truth = {"title": "Breakwater opens", "published": "2024-03-05"}
    assert kind("title", truth, Ex(title="Breakwater opens | Herald"), Ex()) == "label kept"
    assert kind("title", truth, Ex(title="Breakwater"), Ex()) == "cut short"
    assert kind("title", truth, Ex(title=None), Ex()) == "none"
    assert kind("date", truth, Ex(published=date(2024, 3, 6)), Ex()) == "a day off"
    assert kind("date", truth, Ex(published=date(2024, 1, 1)), Ex()) == "1 January"
    assert kind("date", truth, Ex(published=date(2024, 4, 6)), Ex()) == "later"
    assert kind("text_f1", truth, Ex(text="Photo: Reuters"), Ex(text="x" * 900)) == "stub"


def test_unpaired_quotes_show_a_cut_title() -> None:
    assert eval_articles.unpaired("Gute Löhne alleine reichen nicht»")
    assert eval_articles.unpaired("Von Sprachregeln und «ganz normalem Deutsch")
    assert not eval_articles.unpaired("«Gute Löhne alleine reichen nicht»")
    assert not eval_articles.unpaired("»Zitat« im Titel")
    assert not eval_articles.unpaired(None)
