"""Crediting the original publisher (`source` and `source_url` fields) in RSS, Atom and JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_feed
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)

# an aggregator page, like the seed's: each item says where the article was first published
AGGREGATOR = """<html><head><title>Agrégateur</title></head><body>
<div class="item"><h2><a href="/n/terres-rares">Terres rares : accord Japon/Etats-Unis</a></h2>
  <div class="meta">Publié dans <a class="origin" href="https://www.leseco.example/">Les ECO</a>
  le 29 - 10 - 2025</div></div>
<div class="item"><h2><a href="/n/paraguay">Maroc-Paraguay : un partenariat stratégique</a></h2>
  <div class="meta">Publié dans Le Matin le 29 - 10 - 2025</div></div>
<div class="item"><h2><a href="/n/stade">L'Algérie privée de l'inauguration du stade</a></h2>
  <div class="meta">le 28 - 10 - 2025</div></div>
</body></html>"""

FEED = """site: {{base_url: 'https://feeds.example.org/'}}
feeds:
  - id: agg
    url: {url}
    language: fr
    items: .item
    fields:
      title: h2 a
      link: h2 a
      date: .meta
      source: {{selector: .meta, regex: "Publié dans (.+?) le"}}
      source_url: .meta a.origin
"""


def test_source_is_credited_in_every_format(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/agg", AGGREGATOR)
    cfg = parse_config(FEED.format(url=site.url("/agg")), root=tmp_path)
    with Runtime(cfg) as runtime:
        result = build_feed(cfg.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok" and result.items == 3
    parsed = check_public(cfg.public_path, "agg")  # RSS/Atom/JSON valid, Atom against RELAX NG

    rss = {e.title: e for e in parsed["rss"].entries}
    eco = rss["Terres rares : accord Japon/Etats-Unis"]
    assert eco.source == {"href": "https://www.leseco.example/", "title": "Les ECO"}
    # no address on the page: RSS needs one, so the credit links to the entry
    matin = rss["Maroc-Paraguay : un partenariat stratégique"]
    assert matin.source == {"href": site.url("/n/paraguay"), "title": "Le Matin"}
    assert "source" not in rss["L'Algérie privée de l'inauguration du stade"]

    atom = etree.fromstring((cfg.public_path / "agg.atom").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    sources = {
        s.findtext("a:title", namespaces=ns): s.xpath("string(a:link/@href)", namespaces=ns)
        for s in atom.findall("a:entry/a:source", ns)
    }
    assert sources == {
        "Les ECO": "https://www.leseco.example/",
        "Le Matin": site.url("/n/paraguay"),
    }
    atom_eco = {e.title: e for e in parsed["atom"].entries}[
        "Terres rares : accord Japon/Etats-Unis"
    ]
    assert atom_eco.source.title == "Les ECO"

    items = {i["title"]: i for i in parsed["json"]["items"]}
    json_eco = items["Terres rares : accord Japon/Etats-Unis"]
    assert json_eco["_source"] == {"title": "Les ECO", "url": "https://www.leseco.example/"}
    assert json_eco["external_url"] == "https://www.leseco.example/"
    json_matin = items["Maroc-Paraguay : un partenariat stratégique"]
    assert json_matin["_source"]["title"] == "Le Matin" and "external_url" not in json_matin
    assert "_source" not in items["L'Algérie privée de l'inauguration du stade"]


def test_a_new_credit_updates_the_entry(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/agg", AGGREGATOR.replace("Publié dans Le Matin", "Publié"))
    cfg = parse_config(FEED.format(url=site.url("/agg")), root=tmp_path)
    with Runtime(cfg) as runtime:
        build_feed(cfg.feeds[0], runtime, now=NOW, strict=True)
        site.add("/agg", AGGREGATOR)
        again = build_feed(cfg.feeds[0], runtime, now=NOW, strict=True)
    assert again.status == "ok"
    rss = check_public(cfg.public_path, "agg")["rss"]
    titles = [e.source.title for e in rss.entries if "source" in e]
    assert "Le Matin" in titles
