"""Full text end to end: list page and article pages on the loopback server, real store, real
parsers reading the published files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedsmith.config import Config, parse_config
from feedsmith.errors import ConfigError
from feedsmith.fulltext import MAX_ATTEMPTS
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)

LIST = """<html><head><title>Le Portail</title></head><body><ul>
<li class="it"><a href="/a/port">Le port de Casablanca se modernise</a>
  <span class="d">29 - 10 - 2025</span><p>Un teaser sur le port.</p></li>
<li class="it"><a href="/a/rail">Le train à grande vitesse prolongé</a>
  <p>Un teaser sur le rail.</p></li>
</ul></body></html>"""

PARAGRAPHS = "".join(
    f"<p>Paragraphe {i} de l'article complet, avec assez de mots pour être retenu comme "
    f"le corps du texte par l'extraction automatique.</p>"
    for i in range(1, 6)
)


def article(title: str, *, extra_head: str = "", body_extra: str = "") -> str:
    return f"""<html lang="fr"><head><title>{title} | Le Portail</title>
<meta property="og:site_name" content="Le Portail">{extra_head}</head><body>
<nav><a href="/">Accueil</a> <a href="/eco">Économie</a></nav>
<article><h1>{title}</h1>{body_extra}
<div class="body">{PARAGRAPHS}
<div class="share">Partager sur les réseaux</div>
<img data-src="/img/lazy.jpg" src="data:image/gif;base64,R0lGOD"></div>
<a href="/suite">Lire la suite</a></article>
<footer>© Le Portail — mentions légales</footer></body></html>"""


RAIL_META = (
    '<meta property="article:published_time" content="2025-10-27T09:30:00+01:00">'
    '<meta name="author" content="Samira Bennani">'
    '<meta property="og:image" content="/img/rail.jpg">'
)


def config(tmp_path: Path, site: LoopbackSite, extra: str = "") -> Config:
    return parse_config(
        f"""site: {{base_url: 'https://feeds.example.org/'}}
crawl: {{retries: 0}}  # one request per article page per run: the hit counts below rely on it
feeds:
  - id: portail
    url: {site.url("/list")}
    language: fr
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
    full_text: true
{extra}""",
        root=tmp_path,
    )


def build(cfg: Config, now: datetime = NOW) -> BuildResult:
    with Runtime(cfg) as runtime:
        return build_feed(cfg.feeds[0], runtime, now=now, strict=True)


def serve(site: LoopbackSite, *, rail_status: int = 200) -> None:
    site.add("/list", LIST)
    site.add("/a/port", article("Le port de Casablanca se modernise"))
    site.add(
        "/a/rail",
        article("Le train à grande vitesse prolongé", extra_head=RAIL_META),
        status=rail_status,
    )


def test_full_text_is_fetched_once_for_new_entries(tmp_path: Path, site: LoopbackSite) -> None:
    serve(site)
    cfg = config(tmp_path, site)
    first = build(cfg)
    assert first.status == "ok" and first.new_items == 2
    parsed = check_public(cfg.public_path, "portail")

    items = {item["url"]: item for item in parsed["json"]["items"]}
    port = items[site.url("/a/port")]
    assert "Paragraphe 5 de l'article complet" in port["content_html"]
    assert port["summary"] == "Un teaser sur le port."
    assert "Accueil" not in port["content_html"] and "mentions légales" not in port["content_html"]
    assert port["language"] == "fr"
    atom = {e.link: e for e in parsed["atom"].entries}
    assert "Paragraphe 1" in atom[site.url("/a/port")].content[0].value
    rss = {e.link: e for e in parsed["rss"].entries}
    assert "Paragraphe 1" in rss[site.url("/a/port")].content[0].value

    # a second build of the same pages fetches no article page and rewrites nothing
    files = sorted(cfg.public_path.iterdir())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    again = build(cfg, NOW + timedelta(hours=1))
    assert again.status == "unchanged" and again.files_written == ()
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert len(site.hits_for("/a/port")) == 1
    assert len(site.hits_for("/a/rail")) == 1
    assert len(site.hits_for("/list")) == 2
    # article pages are read once: only the list page is kept in the HTTP cache
    assert "If-None-Match" in site.hits_for("/list")[1].headers
    with sqlite3.connect(cfg.state_path / "http_cache.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM responses").fetchone() == (1,)


def test_metadata_from_the_article_fills_what_the_list_lacked(
    tmp_path: Path, site: LoopbackSite
) -> None:
    serve(site)
    cfg = config(tmp_path, site)
    build(cfg)
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    rail = items[site.url("/a/rail")]
    # the list had no date, author or image for this one: the article page gave them
    assert rail["date_published"] == "2025-10-27T08:30:00+00:00"
    assert rail["authors"] == [{"name": "Samira Bennani"}]
    assert rail["image"] == site.url("/img/rail.jpg")
    # the list's own date wins over anything the article page says
    port = items[site.url("/a/port")]
    assert port["date_published"] == "2025-10-29T12:00:00+00:00"  # the day alone: noon UTC
    assert port["image"] == site.url("/img/lazy.jpg")  # lead image: the lazy one, resolved


def test_a_failing_article_keeps_the_summary_and_is_retried(
    tmp_path: Path, site: LoopbackSite
) -> None:
    serve(site, rail_status=503)
    cfg = config(tmp_path, site)
    first = build(cfg)
    assert first.status == "ok" and first.items == 2
    warnings = [d.message for d in first.diagnostics if d.level == "warning"]
    assert any("/a/rail" in m and "HTTP 503" in m and "kept the summary" in m for m in warnings)
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    assert items[site.url("/a/rail")]["content_html"] == "Un teaser sur le rail."

    # the page is back: the next run reads it, and only it
    serve(site)
    second = build(cfg, NOW + timedelta(hours=1))
    assert second.status == "ok" and not [d for d in second.diagnostics if d.level == "warning"]
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    assert "Paragraphe 3" in items[site.url("/a/rail")]["content_html"]
    assert len(site.hits_for("/a/rail")) == 2
    assert len(site.hits_for("/a/port")) == 1

    third = build(cfg, NOW + timedelta(hours=2))
    assert third.status == "unchanged"
    assert len(site.hits_for("/a/rail")) == 2


def test_a_changed_entry_reads_its_article_again(tmp_path: Path, site: LoopbackSite) -> None:
    serve(site)
    cfg = config(tmp_path, site)
    build(cfg)
    site.add("/list", LIST.replace("Un teaser sur le port.", "Un teaser corrigé."))
    build(cfg, NOW + timedelta(hours=1))
    assert len(site.hits_for("/a/port")) == 2  # changed: read again (a 304 from the cache)
    assert len(site.hits_for("/a/rail")) == 1


def test_content_selector_and_remove(tmp_path: Path, site: LoopbackSite) -> None:
    serve(site)
    cfg = config(tmp_path, site, '    content: "div.body"\n    remove: [".share", "img"]\n')
    build(cfg)
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    body = items[site.url("/a/port")]["content_html"]
    assert body.startswith("<div><p>Paragraphe 1")
    assert "Partager" not in body and "<img" not in body and "Lire la suite" not in body


def test_article_links_and_images_are_absolute_and_sanitised(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    dirty = (
        '<p>Voir <a href="../eco/suite.html" onclick="steal()">la suite</a>'
        '<img src="/img/a.jpg" onerror="x()"><script>alert(1)</script></p>'
    )
    site.add("/a/port", article("Le port de Casablanca se modernise", body_extra=dirty))
    site.add("/a/rail", article("Le train à grande vitesse prolongé"))
    cfg = config(tmp_path, site, '    content: "article"\n')
    build(cfg)
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    body = items[site.url("/a/port")]["content_html"]
    assert f'href="{site.url("/eco/suite.html")}"' in body
    assert f'src="{site.url("/img/a.jpg")}"' in body
    assert f'src="{site.url("/img/lazy.jpg")}"' in body
    assert "onclick" not in body and "onerror" not in body and "alert" not in body


def test_without_full_text_no_article_is_fetched(tmp_path: Path, site: LoopbackSite) -> None:
    serve(site)
    cfg = config(tmp_path, site, "    max_items: 5\n").model_copy()
    feed = cfg.feeds[0].model_copy(update={"full_text": False})
    with Runtime(cfg) as runtime:
        build_feed(feed, runtime, now=NOW, strict=True)
    assert site.hits_for("/a/port") == [] and site.hits_for("/a/rail") == []


def test_a_page_that_keeps_failing_is_left_alone_after_max_attempts(
    tmp_path: Path, site: LoopbackSite
) -> None:
    serve(site, rail_status=404)
    cfg = config(tmp_path, site)
    for hour in range(MAX_ATTEMPTS + 2):
        build(cfg, NOW + timedelta(hours=hour))
    assert len(site.hits_for("/a/rail")) == MAX_ATTEMPTS
    assert len(site.hits_for("/a/port")) == 1


def test_a_page_without_article_text_counts_as_failed(tmp_path: Path, site: LoopbackSite) -> None:
    serve(site)
    site.add("/a/rail", "<html><body><nav><a href='/'>Accueil</a></nav></body></html>")
    cfg = config(tmp_path, site)
    result = build(cfg)
    assert any("no article text" in d.message for d in result.diagnostics)
    items = {i["url"]: i for i in check_public(cfg.public_path, "portail")["json"]["items"]}
    assert items[site.url("/a/rail")]["content_html"] == "Un teaser sur le rail."


def test_invalid_article_selectors_are_config_errors_with_their_lines() -> None:
    text = """defaults:
  full_text: true
feeds:
  - id: a
    url: https://news.example/
    content: "div["
    remove: [".ok", "p::bogus("]
"""
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    found = {(i.line, i.key) for i in caught.value.issues}
    assert found == {(6, "content"), (7, "remove")}


@pytest.mark.parametrize(
    "extra_head",
    ["", '<meta property="article:published_time" content="2026-11-17">'],
    ids=["date-only-list", "date-only-list-and-meta"],
)
def test_the_time_of_day_from_the_article_page_wins(
    tmp_path: Path, site: LoopbackSite, extra_head: str
) -> None:
    # the list page and the page's markup say only the day; the text says when in the day
    site.add(
        "/list",
        '<html><body><ul><li class="it"><a href="/a/quai">Le quai rouvre</a>'
        '<span class="d">17 novembre 2026</span><p>Teaser.</p></li></ul></body></html>',
    )
    site.add(
        "/a/quai",
        article(
            "Le quai rouvre",
            extra_head=extra_head,
            body_extra="<p class='byline'>Publié le 17 novembre 2026 à 08h05</p>",
        ),
    )
    cfg = parse_config(
        f"""feeds:
  - id: portail
    url: {site.url("/list")}
    language: fr
    timezone: Europe/Paris
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
    full_text: true
""",
        root=tmp_path,
    )
    now = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    assert build(cfg, now).status == "ok"
    parsed = check_public(tmp_path / "public", "portail")
    entry = parsed["atom"].entries[0]
    # 08:05 in Paris (UTC+1 in November), not midnight
    assert tuple(entry.published_parsed)[:5] == (2026, 11, 17, 7, 5)
    assert tuple(parsed["rss"].entries[0].published_parsed)[:5] == (2026, 11, 17, 7, 5)
    # rebuilt: the same date, nothing rewritten
    again = build(cfg, now + timedelta(hours=1))
    assert again.status == "unchanged"
