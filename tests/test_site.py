"""The public site: index page, OPML, feed stylesheet, _headers, the preview server."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from feedsmith import site as sitegen
from feedsmith.cli import cli
from feedsmith.config import Config, parse_config
from feedsmith.render import render
from feedsmith.types import Entry, Feed
from tests.conftest import LoopbackSite
from tests.helpers import check_atom, check_public, check_rss
from tests.public_site import make_project, preview

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


def _files(public: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(public.iterdir())}


def test_build_writes_the_site_and_feeds_stay_valid(tmp_path: Path, site: LoopbackSite) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base)
        results = project.build()
    assert [r.status for r in results] == ["ok", "ok", "failed"]
    public = project.public
    assert {p.name for p in public.iterdir()} == {
        "alpha.xml",
        "alpha.atom",
        "alpha.json",
        "alpha.html",
        "beta.xml",
        "beta.atom",
        "beta.html",
        "index.html",
        "feeds.opml",
        "feed.xsl",
        "_headers",
        "status.json",
        "_health.atom",
    }
    check_public(public, "alpha")
    # RSS <ttl> follows each feed's schedule (30m by default here, 2h for beta)
    assert "<ttl>30</ttl>" in (public / "alpha.xml").read_text("utf-8")
    assert "<ttl>120</ttl>" in (public / "beta.xml").read_text("utf-8")
    check_rss((public / "beta.xml").read_bytes())
    check_atom((public / "beta.atom").read_bytes())
    for name in ("alpha.xml", "alpha.atom", "beta.xml"):
        assert (
            (public / name)
            .read_bytes()
            .startswith(
                b"<?xml version='1.0' encoding='UTF-8'?>\n"
                b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n<'
            )
        )

    index = (public / "index.html").read_text(encoding="utf-8")
    for text in ("<title>Test feeds</title>", "Alpha Blog", "Beta News", "Gone Away"):
        assert text in index
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Alpha Blog (RSS)" '
        f'href="{base}alpha.xml">' in index
    )
    assert (
        f'type="application/feed+json" title="Alpha Blog (JSON Feed)" href="{base}alpha.json"'
        in index
    )
    assert "beta.json" not in index and "gone.xml" not in index
    assert "3 entries" in index and "2 entries" in index
    assert 'datetime="2025-10-29T14:05:00+00:00">2025-10-29 14:05 UTC</time>' in index
    assert '<span class="health health-failing">failing</span>' in index
    assert "Failing: gone: HTTP 404" in index


def test_opml_lists_every_published_feed(tmp_path: Path, site: LoopbackSite) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base)
        project.build()
    doc = etree.parse(str(project.public / "feeds.opml"))
    assert doc.getroot().get("version") == "2.0"
    assert doc.findtext("head/title") == "Test feeds"
    assert doc.findtext("head/dateModified") == "Wed, 29 Oct 2025 14:05:00 GMT"
    outlines = [dict(o.attrib) for o in doc.iter("outline")]
    assert outlines == [
        {
            "type": "rss",
            "text": "Alpha Blog",
            "title": "Alpha Blog",
            "xmlUrl": base + "alpha.xml",
            "htmlUrl": site.url("/alpha"),
        },
        {
            "type": "rss",
            "text": "Beta News",
            "title": "Beta News",
            "xmlUrl": base + "beta.xml",
            "htmlUrl": site.url("/beta"),
        },
    ]


def test_unchanged_rebuild_rewrites_nothing_even_with_a_failing_feed(
    tmp_path: Path, site: LoopbackSite
) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base)
        project.build()
        before = _files(project.public)
        project.build()
        # status.json records every attempt (its times change on each run); nothing else may
        after_unchanged = _files(project.public)
        assert after_unchanged.pop("status.json") != before["status.json"]
        assert after_unchanged == {k: v for k, v in before.items() if k != "status.json"}
        # a new post changes the feed, and the index with it; the stylesheet stays
        site.add(
            "/beta",
            "<html><body>" + '<div class="post"><h2><a href="/b/3">Beta three</a>'
            '</h2><time datetime="2025-11-01T08:00:00Z">x</time></div></body></html>',
        )
        project.build()
    after = _files(project.public)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {
        "beta.xml",
        "beta.atom",
        "beta.html",
        "index.html",
        "feeds.opml",
        "status.json",
    }


def test_single_feed_build_also_refreshes_the_site(tmp_path: Path, site: LoopbackSite) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, gone=False)
        result = CliRunner().invoke(cli, ["build", "-c", str(project.config_path), "beta"])
    assert result.exit_code == 0, result.output
    index = (project.public / "index.html").read_text(encoding="utf-8")
    assert "Beta News" in index and "Alpha Blog" in index and "never built" in index
    assert (project.public / "feed.xsl").exists()


def _config(base_url: str | None = None) -> Config:
    base = f"  base_url: {base_url}\n" if base_url else ""
    return parse_config(
        f"""site:
{base}  title: "Mine & <yours>"
feeds:
  - {{id: one, url: "https://one.example/", title: "One <b>bold</b>"}}
  - {{id: two, url: "https://two.example/", title: "Two", schedule: "cron: 0 * * * *"}}
  - {{id: three, url: "https://three.example/", title: "Three", schedule: 3d}}
  - {{id: hidden, url: "https://hidden.example/", enabled: false}}
"""
    )


def test_relative_addresses_without_base_url_and_escaping() -> None:
    config = _config()
    states = {"one": {"title": "One <b>bold</b>", "home_url": "https://www.one.example/?a=1&b=2"}}
    present = frozenset({"one.xml", "one.json", "two.atom"})
    listings = sitegen.collect(config, states, present)
    assert [item.id for item in listings] == ["one", "three", "two"]
    index = sitegen.render_index(config.site, listings).decode()
    assert "<title>Mine &amp; &lt;yours&gt;</title>" in index
    assert "<h2>One &lt;b&gt;bold&lt;/b&gt;</h2>" in index
    assert 'href="https://www.one.example/?a=1&amp;b=2">one.example</a>' in index
    assert '<input id="url-one" type="url" readonly value="one.xml">' in index
    assert '<a href="two.atom" type="application/atom+xml">Atom</a>' in index
    assert "hidden.example" not in index
    opml = etree.fromstring(sitegen.render_opml(config.site, listings))
    assert [o.get("xmlUrl") for o in opml.iter("outline")] == ["one.xml", "two.atom"]
    assert opml.find("head/dateModified") is None


def test_headers_follow_each_feeds_schedule() -> None:
    config = _config("https://feeds.example.org/")
    present = frozenset({"one.xml", "two.atom", "three.json"})
    headers = sitegen.render_headers(sitegen.collect(config, {}, present)).decode()
    assert "/one.xml\n  Content-Type: application/xml; charset=utf-8\n" in headers
    assert "  Cache-Control: public, max-age=900\n/three.json" in headers  # one: no schedule
    assert "/three.json\n  Content-Type: application/feed+json; charset=utf-8\n" in headers
    assert (
        "/three.json\n  Content-Type: application/feed+json; charset=utf-8\n"
        "  Cache-Control: public, max-age=86400\n" in headers
    )
    assert (
        "/two.atom\n  Content-Type: application/atom+xml; charset=utf-8\n"
        "  Cache-Control: public, max-age=900\n" in headers
    )


@pytest.mark.parametrize(
    ("state", "files", "health"),
    [
        ({}, False, "never built"),
        ({}, True, "ok"),
        ({"last_success": "2025-10-01T00:00:00+00:00", "failures": 0}, True, "ok"),
        ({"failures": 2, "last_error": "boom"}, True, "failing"),
        ({"failures": "3"}, False, "failing"),
        ({"last_error": "boom"}, False, "failing"),
        ({"drift": {"title": 0.1}}, True, "drifting"),
        ({"last_attempt": "2025-10-01", "full_text": {"failed": 2}}, True, "degraded"),
        ({"failures": None, "updated": "not a date", "entries": "many"}, True, "ok"),
    ],
)
def test_health_tolerates_partial_state(state: dict[str, object], files: bool, health: str) -> None:
    config = _config()
    present = frozenset({"one.xml"} if files else set())
    (one,) = [item for item in sitegen.collect(config, {"one": state}, present) if item.id == "one"]
    assert one.health == health
    page = sitegen.render_index(config.site, (one,)).decode("utf-8")  # whatever the state holds
    article = page[page.index('<article class="feed" id="feed-one">') :]
    article = article[: article.index("</article>")]
    assert f'class="health health-{sitegen.HEALTH_CLASSES[health]}">{health}</span>' in article
    assert ("No feed file published yet." in article) is not files
    assert ("one.xml" in article) is files
    assert ("Failing" in article) is (health == "failing")
    assert "not a date" not in page and "many entries" not in page  # junk is left out


def test_stylesheet_turns_rss_and_atom_into_a_page() -> None:
    entry = Entry(
        id="https://x.example/1",
        link="https://x.example/1",
        title="Entry <one>",
        published=NOW,
        updated=NOW,
        summary_html="<p>Hello <b>there</b></p>",
    )
    feed = Feed(
        id="x",
        title="X feed",
        home_url="https://x.example/",
        description="All of X",
        language="en",
        self_urls={"rss": "https://f.example/x.xml", "atom": "https://f.example/x.atom"},
        entries=(entry,),
        updated=NOW,
        stylesheet="feed.xsl",
    )
    rss, atom = render(feed, ("rss", "atom"))
    check_rss(rss.data)
    check_atom(atom.data)
    plain = render(Feed(**{**_fields(feed), "stylesheet": None}), ("rss",))[0].data
    assert b"xml-stylesheet" not in plain
    # the instruction is the only difference: feedgen's output is kept as it was
    assert (
        rss.data.replace(b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n', b"", 1) == plain
    )
    # RSS content goes out as CDATA; putting the instruction in keeps it so
    full = Feed(
        **{
            **_fields(feed),
            "entries": (Entry(**{**_fields(entry), "content_html": "<p>Body</p>"}),),
        }
    )
    assert (
        b"<content:encoded><![CDATA[<p>Body</p>]]></content:encoded>"
        in render(full, ("rss",))[0].data
    )
    transform = etree.XSLT(etree.fromstring(sitegen.render_stylesheet()))
    for data, url in (
        (rss.data, "https://f.example/x.xml"),
        (atom.data, "https://f.example/x.atom"),
    ):
        page = str(transform(etree.fromstring(data)))
        assert "<h1>X feed</h1>" in page
        assert "How to subscribe" in page
        assert f'value="{url}"' in page
        assert '<a href="https://x.example/1">' in page and "Entry &lt;one&gt;" in page
        assert "<p>Hello <b>there</b></p>" in page
        assert '<a href="index.html">all feeds</a>' in page


def _fields(feed: Feed) -> dict[str, object]:
    return {name: getattr(feed, name) for name in feed.__slots__}  # type: ignore[attr-defined]


def test_preview_server_sends_feed_content_types(tmp_path: Path, site: LoopbackSite) -> None:
    expected = {
        "index.html": "text/html; charset=utf-8",
        "alpha.xml": "application/xml; charset=utf-8",
        "alpha.atom": "application/atom+xml; charset=utf-8",
        "alpha.json": "application/feed+json; charset=utf-8",
        "feeds.opml": "text/x-opml; charset=utf-8",
        "feed.xsl": "text/xsl; charset=utf-8",
    }
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, gone=False)
        project.build()
        etags = {}
        for name, content_type in expected.items():
            with urllib.request.urlopen(base + name, timeout=5) as response:
                assert response.headers["Content-Type"] == content_type, name
                assert response.headers["Cache-Control"] == "no-cache"
                assert response.read() == (project.public / name).read_bytes()
            etags[name] = response.headers["ETag"]
            assert etags[name] and "Last-Modified" not in response.headers
        # revalidation: 304 while unchanged, the new bytes once rewritten
        again = urllib.request.Request(
            base + "feeds.opml", headers={"If-None-Match": etags["feeds.opml"]}
        )
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(again, timeout=5)
        assert not_modified.value.code == 304
        not_modified.value.close()
        (project.public / "feeds.opml").write_bytes(b"<opml/>")
        with urllib.request.urlopen(again, timeout=5) as response:
            assert response.read() == b"<opml/>"
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(base + "nope.xml", timeout=5)
        assert caught.value.code == 404
        caught.value.close()


def test_serve_without_a_public_folder_says_build_first(tmp_path: Path) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "-c", str(config), "--port", "0"])
    assert result.exit_code == 1
    assert "run `feedsmith build` first" in result.output


def test_example_workflows_build_publish_and_keep_state() -> None:
    root = Path(__file__).parent.parent / "examples"
    github = yaml.safe_load((root / "github-actions" / "feedsmith.yml").read_text("utf-8"))
    steps = github["jobs"]["build"]["steps"]
    assert github[True]["schedule"]  # YAML 1.1 reads the key `on` as True
    assert any("feedsmith build" in step.get("run", "") for step in steps)
    cached = [s["with"]["path"].split() for s in steps if "actions/cache" in s.get("uses", "")]
    assert cached == [[".feedsmith", "public"], [".feedsmith", "public"]]
    assert any(s.get("with", {}).get("path") == "public" for s in steps)
    gitlab = yaml.safe_load((root / "gitlab-ci" / ".gitlab-ci.yml").read_text("utf-8"))
    job = gitlab["pages"]
    assert any("feedsmith build" in line for line in job["script"])
    assert job["cache"]["paths"] == [".feedsmith/", "public/"]
    assert job["artifacts"]["paths"] == ["public"]
