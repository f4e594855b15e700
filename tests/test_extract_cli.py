"""`feedsmith extract`: what full text reads from one article page, for people and scripts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from feedsmith.cli import cli
from tests.conftest import LoopbackSite

ARTICLES = Path(__file__).parent / "fixtures" / "articles"

PAGE = """<html lang="fr"><head><title>Le port accélère | Le Portail</title>
<meta property="og:site_name" content="Le Portail">
<meta property="article:published_time" content="2025-10-29T14:05:00+01:00">
<meta name="author" content="Samira Bennani">
<meta property="og:image" content="/img/port.jpg"></head><body>
<article><h1>Le port accélère</h1>
<div class="body"><p>Premier paragraphe de l'article, assez long pour compter.</p>
<div class="pub">Publicité</div><p>Second paragraphe, <a href="/suite">la suite</a>.</p></div>
</article></body></html>"""


def test_extract_json_from_a_url(site: LoopbackSite) -> None:
    url = site.add("/news/port.html", PAGE)
    result = CliRunner().invoke(
        cli, ["extract", url, "--json", "--content", "div.body", "--remove", ".pub"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"title", "author", "published", "lang", "image", "content_html", "text"}
    assert data["title"] == "Le port accélère"
    assert data["author"] == "Samira Bennani"
    # in the offset the page wrote: the day the page shows
    assert data["published"] == "2025-10-29T14:05:00+01:00"
    assert data["lang"] == "fr"
    assert data["image"] == site.url("/img/port.jpg")
    assert f'href="{site.url("/suite")}"' in data["content_html"]
    assert "Publicité" not in data["text"]
    assert data["text"].splitlines()[0].startswith("Premier paragraphe")


def test_extract_a_saved_file_with_its_real_address(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["extract", str(saved), "--base-url", "https://news.example/eco/port.html", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["image"] == "https://news.example/img/port.jpg"
    assert 'href="https://news.example/suite"' in data["content_html"]


def test_extract_prints_fields_html_and_text() -> None:
    result = CliRunner().invoke(cli, ["extract", str(ARTICLES / "es-jsonld.html")])
    assert result.exit_code == 0, result.output
    assert "Lucía Martínez Ortega" in result.output
    assert "2024-03-15T09:30:00+01:00" in result.output  # as the page wrote it
    assert "content HTML" in result.output and "<p>La Confederación" in result.output


def test_extract_nothing_found_exits_1_and_bad_selector_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(empty), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["published"] is None
    bad = CliRunner().invoke(cli, ["extract", str(empty), "--content", "div["])
    assert bad.exit_code == 2 and "--content" in bad.output


def test_extract_unreachable_page_exits_1(site: LoopbackSite) -> None:
    result = CliRunner().invoke(cli, ["extract", site.url("/missing"), "--json"])
    assert result.exit_code == 1
    assert "HTTP 404" in result.output


def test_extract_json_gives_the_bare_day_when_no_zone_is_known(tmp_path: Path) -> None:
    body = "<p>Un paragraphe de l'article, assez long pour être gardé par l'extraction.</p>" * 3
    saved = tmp_path / "page.html"
    # French without a region: no one zone; the day alone is what the page says
    saved.write_text(
        '<html lang="fr"><head><meta property="article:published_time" content="2025-10-29">'
        f"</head><body><article><h1>Le port</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    data = json.loads(CliRunner().invoke(cli, ["extract", str(saved), "--json"]).output)
    assert data["published"] == "2025-10-29"
    # with the feed's zone, the same day is an instant inside that day there, shown there
    zoned = CliRunner().invoke(cli, ["extract", str(saved), "--json", "--timezone", "Asia/Tokyo"])
    assert json.loads(zoned.output)["published"] == "2025-10-29T21:00:00+09:00"


def test_extract_json_prints_the_page_own_day(tmp_path: Path) -> None:
    """A time late in the evening where the page is published is the next day in UTC: the
    output keeps the page's zone, so its date is the page's day (as a script reads it)."""
    body = "<p>Un párrafo del artículo, bastante largo para que la extracción lo guarde.</p>" * 3
    pages = {
        # the offset written with the time
        "offset": ('lang="es"', "2022-05-03T22:46:08-03:00", "2022-05-03T22:46:08-03:00"),
        # a UTC time on a page whose region has one main zone
        "region": ('lang="pt-BR"', "2022-05-04T00:44:52Z", "2022-05-03T21:44:52-03:00"),
        # a time without an offset, read and shown in the language's zone
        "naive": ('lang="ko"', "2023-11-02 08:06", "2023-11-02T08:06:00+09:00"),
    }
    for name, (lang, written, wanted) in pages.items():
        saved = tmp_path / f"{name}.html"
        saved.write_text(
            f'<html {lang}><head><meta property="article:published_time" content="{written}">'
            f"</head><body><article><h1>El puerto</h1>{body}</article></body></html>",
            encoding="utf-8",
        )
        data = json.loads(CliRunner().invoke(cli, ["extract", str(saved), "--json"]).output)
        assert data["published"] == wanted, name
