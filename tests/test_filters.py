"""Filters: include/exclude patterns and a minimum title length, from config to published feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith.config import Filters, parse_config
from feedsmith.errors import ConfigError
from feedsmith.filters import drop_reason
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import Entry
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


def entry(
    title: str, *, link: str = "https://news.example/a/1", summary: str = "", author: str = ""
) -> Entry:
    return Entry(
        id=link,
        link=link,
        title=title,
        summary_html=summary or None,
        author=author or None,
    )


def filters(**raw: object) -> Filters:
    return Filters.model_validate(raw)


@pytest.mark.parametrize(
    ("raw", "item", "kept"),
    [
        ({"include": ["maroc"]}, entry("Le MAROC et le Paraguay"), True),
        ({"include": ["maroc"]}, entry("La Gambie signe un accord"), False),
        ({"include": ["maroc"]}, entry("Accord", summary="<p>Avec le <b>Maroc</b></p>"), True),
        ({"include": ["^accord$"]}, entry("Accord", summary="<p>Avec le Maroc</p>"), True),
        ({"exclude": ["sponsoris"]}, entry("Contenu sponsorisé : une banque"), False),
        ({"exclude": ["/video/"]}, entry("Un match", link="https://x.example/video/1"), False),
        (
            {"exclude": [{"pattern": "video", "in": "title"}]},
            entry("Un match", link="https://x.example/video/1"),
            True,
        ),
        ({"exclude": ["rédaction"]}, entry("Un article", author="La Rédaction"), False),
        (
            {"include": [{"pattern": "/eco/", "in": ["link"]}]},
            entry("Eco", link="https://x.example/eco/2"),
            True,
        ),
        ({"min_title_length": 10}, entry("Brève"), False),
        ({"min_title_length": 5}, entry("Brève"), True),
        ({"include": ["maroc"], "exclude": ["sport"]}, entry("Maroc : le sport roi"), False),
    ],
)
def test_rules(raw: dict[str, object], item: Entry, kept: bool) -> None:
    assert (drop_reason(item, filters(**raw)) is None) is kept


def test_an_invalid_pattern_is_a_config_error_with_its_line() -> None:
    text = """feeds:
  - id: a
    url: https://news.example/
    filters:
      include:
        - maroc
        - "(unclosed"
      exclude: [{pattern: x, in: body}]
      min_title_length: -1
"""
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    issues = {(i.line, i.key): i.message for i in caught.value.issues}
    assert "invalid regular expression '(unclosed'" in issues[(7, "filters.include.1.pattern")]
    assert (8, "filters.exclude.0.in.0") in issues
    assert (9, "filters.min_title_length") in issues


def test_defaults_can_filter_every_feed() -> None:
    cfg = parse_config(
        "defaults:\n  filters: {exclude: [publicité]}\nfeeds:\n  - {id: a, url: 'https://x/'}\n"
    )
    assert cfg.feeds[0].filters is not None
    assert cfg.feeds[0].filters.exclude[0].pattern == "publicité"


def test_filtered_entries_are_not_published_and_cost_no_article_fetch(
    tmp_path: Path, site: LoopbackSite
) -> None:
    rows = "".join(
        f'<li class="it"><a href="/a/{slug}">{title}</a><p>{summary}</p></li>'
        for slug, title, summary in [
            ("maroc", "Le Maroc et le Paraguay renforcent leur dialogue", "Diplomatie."),
            ("sponsor", "Contenu sponsorisé : le Maroc vu du ciel", "Publicité."),
            ("court", "Maroc", "Trop court."),
            ("gambie", "La Gambie signe un accord militaire", "Défense."),
        ]
    )
    site.add("/list", f"<html><head><title>Site</title></head><body><ul>{rows}</ul></body></html>")
    for slug in ("maroc", "sponsor", "court", "gambie"):
        site.add(
            f"/a/{slug}",
            f"<html><body><article><h1>{slug}</h1><p>{'Texte. ' * 40}</p></article></body></html>",
        )
    cfg = parse_config(
        f"""feeds:
  - id: f
    url: {site.url("/list")}
    items: li.it
    fields: {{title: a, link: a, summary: p}}
    full_text: true
    filters:
      include: [maroc]
      exclude: [sponsoris]
      min_title_length: 10
""",
        root=tmp_path,
    )
    with Runtime(cfg) as runtime:
        result = build_feed(cfg.feeds[0], runtime, now=NOW, strict=True)
    assert result.items == 1
    notes = [d.message for d in result.diagnostics if "filtered out" in d.message]
    assert len(notes) == 3
    parsed = check_public(cfg.public_path, "f")
    assert [e.title for e in parsed["rss"].entries] == [
        "Le Maroc et le Paraguay renforcent leur dialogue"
    ]
    assert len(site.hits_for("/a/maroc")) == 1
    assert all(not site.hits_for(f"/a/{slug}") for slug in ("sponsor", "court", "gambie"))
