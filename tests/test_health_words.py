"""Health that tells the truth: one word for one state in status.json, `feedsmith status`, the
health feed, the build summary and the index page; article pages that fail make a feed
`degraded` and `check --full-text` reads them; informational notes are shown."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from feedsmith.cli import cli
from tests.conftest import FIXTURES, LoopbackSite
from tests.helpers import check_atom, check_public
from tests.test_faults import listing

PARAGRAPHS = "".join(
    f"<p>Paragraphe {i} de l'article complet, avec assez de mots pour être retenu comme "
    "le corps du texte par l'extraction automatique.</p>"
    for i in range(1, 6)
)


def article(title: str) -> str:
    return f"<html><body><article><h1>{title}</h1>{PARAGRAPHS}</article></body></html>"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, " ".join(result.output.split())  # whatever the terminal's width


def status_of(tmp_path: Path) -> dict[str, dict[str, object]]:
    status = json.loads((tmp_path / "public" / "status.json").read_text())
    return {r["id"]: r for r in status["feeds"]}


def health_feed(tmp_path: Path) -> str:
    data = (tmp_path / "public" / "_health.atom").read_bytes()
    check_atom(data)
    return data.decode()


def test_article_pages_that_fail_make_the_feed_degraded(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", listing("One", "Two"))
    site.add("/a/0", article("One"))
    site.add("/a/1", "oops", status=500, content_type="text/plain")
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"""crawl: {{retries: 0}}
feeds:
  - id: ft
    url: {site.url("/list")}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
    full_text: true
""",
        encoding="utf-8",
    )
    code, output = invoke("build", "-c", str(config))
    assert code == 0, output
    assert "degraded" in output and "--full-text" in output  # the row points at check
    assert "1 degraded (article pages failed)" in output
    check_public(tmp_path / "public", "ft")

    record = status_of(tmp_path)["ft"]
    assert record["health"] == "degraded"
    full_text = record["full_text"]
    assert isinstance(full_text, dict) and full_text["failed"] == 1
    assert "HTTP 500" in full_text["message"] and "/a/1" in full_text["message"]
    assert "ft is degraded" in health_feed(tmp_path)
    assert "degraded" in (tmp_path / "public" / "index.html").read_text()
    code, output = invoke("status", "-c", str(config))
    assert code == 0 and "degraded" in output and "HTTP 500" in output
    assert "1 feed(s): 0 failing, 0 drifting, 1 degraded" in output

    # check tries the article pages, says which failed and why
    code, output = invoke("check", "-c", str(config), "--full-text", "ft")
    assert code == 1, output
    assert "1 of 2 article page(s) read" in output
    assert "article page " + site.url("/a/1") + " failed: HTTP 500" in output
    code, output = invoke("check", "-c", str(config), "ft")
    assert code == 0 and "article page" not in output  # without --full-text, no page is read

    # the site is fixed: the next build reads it, and the feed recovers everywhere
    site.add("/a/1", article("Two"))
    code, output = invoke("build", "-c", str(config))
    assert code == 0 and "degraded" not in output, output
    assert status_of(tmp_path)["ft"]["health"] == "ok"
    assert status_of(tmp_path)["ft"]["full_text"] is None
    assert "ft recovered" in health_feed(tmp_path)


def test_a_feed_held_back_by_drift_is_drifting_everywhere(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/news", listing("One", "Two", "Three"))
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"""feeds:
  - id: news
    url: {site.url("/news")}
    items: li.it
    fields: {{title: a, link: a, date: .d}}
""",
        encoding="utf-8",
    )
    assert invoke("build", "-c", str(config))[0] == 0
    # the dates vanish from every item: the run is held back, the last good entries stay
    site.add("/news", listing("One", "Two", "Three").replace('class="d"', 'class="x"'))
    code, output = invoke("build", "-c", str(config))
    assert code == 1
    assert "drifting" in output
    assert "1 feed(s): 0 built, 0 failed, 1 drifting (held back" in output
    record = status_of(tmp_path)["news"]
    assert record["health"] == "drifting"
    assert "layout drift: dates found in 0% of items" in str(record["drift"])
    atom = health_feed(tmp_path)
    assert "news is drifting" in atom and "news is failing" not in atom
    code, output = invoke("status", "-c", str(config))
    assert code == 1  # held back: the feed's new entries are not published
    assert "1 feed(s): 0 failing, 1 drifting, 0 degraded" in output
    index = (tmp_path / "public" / "index.html").read_text()
    assert ">drifting<" in index and ">failing<" not in index


def test_check_shows_the_sitemap_note_about_titles(tmp_path: Path, site: LoopbackSite) -> None:
    port = site.base_url.rsplit(":", 1)[1]
    body = (FIXTURES / "sources" / "sitemap.xml").read_bytes().replace(b"PORT", port.encode())
    url = site.add("/sitemap.xml", body, content_type="application/xml")
    config = tmp_path / "feeds.yaml"
    config.write_text(f"feeds:\n  - id: map\n    url: {url}\n    type: sitemap\n")
    code, output = invoke("check", "-c", str(config), "map")
    assert code == 0, output
    assert "note: map: the sitemap gives no titles: 4 made from the URLs" in output
