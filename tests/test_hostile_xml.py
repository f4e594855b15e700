"""XML from strangers: a feed or sitemap that declares entities reads no file, fetches no DTD
and expands no entity bomb. feedparser (feeds as sources) turns external entities off and
expat stops amplification; lxml (sitemaps) resolves no entity and goes to no network.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
SECRET = "SECRET-OF-THE-MACHINE"
# nine levels of ten: 10^9 copies of "lol" if anything expanded it
LAUGHS = '<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
)


def build(tmp_path: Path, feed_yaml: str) -> tuple[BuildResult, str]:
    config = parse_config("feeds:\n" + feed_yaml, root=tmp_path, file="feeds.yaml")
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    public = tmp_path / "public"
    texts = [p.read_text("utf-8") for p in sorted(public.glob("*")) if p.is_file()]
    return result, "\n".join(texts)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def rss(doctype: str, title: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{doctype}]>\n<rss version="2.0"><channel>'
        "<title>Feed</title><link>http://example.org/</link><description>d</description>"
        f"<item><title>{title}</title><link>http://example.org/1</link></item>"
        "<item><title>Plain</title><link>http://example.org/2</link></item></channel></rss>"
    )


def urlset(doctype: str, loc: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE urlset [{doctype}]>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{loc}</loc></url><url><loc>http://example.org/plain</loc></url></urlset>"
    )


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_external_entities_read_no_file_and_fetch_nothing(
    tmp_path: Path, site: LoopbackSite, secret: Path, kind: str
) -> None:
    site.add("/robots.txt", "", status=404)
    site.add("/evil.dtd", f'<!ENTITY leak "{SECRET}">', content_type="application/xml-dtd")
    doctype = (
        f'<!ENTITY file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY % remote SYSTEM "{site.url("/evil.dtd")}"> %remote;'
    )
    if kind == "feed":
        url = site.add(
            "/doc.xml", rss(doctype, "a &file; b &leak;"), content_type="application/xml"
        )
    else:
        body = urlset(doctype, "http://example.org/&file;&leak;")
        url = site.add("/doc.xml", body, content_type="application/xml")
    result, published = build(tmp_path, f"  - id: x\n    type: {kind}\n    url: {url}\n")
    assert result.status == "ok", result.error
    assert SECRET not in published
    assert site.hits_for("/evil.dtd") == []


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_an_entity_bomb_is_not_expanded(tmp_path: Path, site: LoopbackSite, kind: str) -> None:
    site.add("/robots.txt", "", status=404)
    bomb = rss(LAUGHS, "bomb &l9;")
    body = bomb if kind == "feed" else urlset(LAUGHS, "http://example.org/&l9;")
    url = site.add("/doc.xml", body, content_type="application/xml")
    result, published = build(tmp_path, f"  - id: x\n    type: {kind}\n    url: {url}\n")
    assert result.status == "ok", result.error
    assert "lollollol" not in published
    assert len(published) < 200_000
