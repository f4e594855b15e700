"""`feedsmith suggest` and `feedsmith add`: a working feed from nothing but a URL.

The pages are the hand-written layouts of tests/fixtures/lists, served from 127.0.0.1.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from feedsmith.cli import cli
from feedsmith.config import load_config
from feedsmith.suggest import derive_id, suggest
from feedsmith.types import Page
from tests.conftest import LoopbackSite
from tests.helpers import check_public

LISTS = Path(__file__).parent / "fixtures" / "lists"
WIDE = {"COLUMNS": "250"}
NOW = datetime(2025, 11, 1, tzinfo=UTC)
FEEDS_YAML = """\
# my feeds, kept by hand
site:
  title: mine   # an end-of-line comment

feeds:
  # the first one
  - id: first
    url: {url}
    items: "div.card"   # quoted on purpose
    fields: {{title: h2, link: a}}
"""


def serve(site: LoopbackSite, slug: str, path: str = "/page/") -> tuple[str, dict[str, Any]]:
    """Serve a fixture page; return its URL and its expected.json with links on the server."""
    expected: dict[str, Any] = json.loads((LISTS / slug / "expected.json").read_text("utf-8"))
    url = site.add(path, (LISTS / slug / "page.html").read_bytes())
    origin = expected["url"].split("/", 3)
    expected["links"] = [
        link.replace("/".join(origin[:3]), site.base_url, 1) for link in expected["links"]
    ]
    return url, expected


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=WIDE)


def make_page(html: str, url: str = "https://x.example.com/") -> Page:
    return Page(
        requested_url=url,
        url=url,
        status=200,
        content=html.encode(),
        text=html,
        encoding="utf-8",
        content_type="text/html",
        fetched_at=datetime(2025, 11, 1, tzinfo=UTC),
    )


# --- suggest ---------------------------------------------------------------------------------


def test_suggest_prints_a_preview_and_a_checked_proposal(site: LoopbackSite) -> None:
    url, expected = serve(site, "cards-with-images")
    result = invoke("suggest", url)
    assert result.exit_code == 0, result.output
    assert f"8 item(s) on {url} (found by the repeated block of article links)" in result.output
    assert expected["titles"][0] in result.output
    assert "2025-01-10 08:00" in result.output
    assert "give the same 8 item(s)" in result.output
    assert "items: div.card" in result.output
    assert "image: img" in result.output
    assert "advertises" not in result.output
    assert f"Add it with: feedsmith add {url}" in result.output


def test_suggest_json_shape_and_content(site: LoopbackSite) -> None:
    url, expected = serve(site, "cards-with-images")
    result = invoke("suggest", "--json", url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"items", "selectors", "feed_links"}
    items = data["items"]
    assert [set(item) for item in items] == [{"title", "link", "date", "summary", "image"}] * 8
    assert [item["link"] for item in items] == expected["links"]
    assert [item["title"] for item in items] == expected["titles"]
    assert items[0]["date"] == "2025-01-10T08:00:00+00:00"
    assert items[0]["image"] == site.url("/img/mountain-trail-guide.jpg")
    assert items[0]["summary"].startswith("Reporting from the neighbourhood")
    assert data["selectors"] == {
        "items": "div.card",
        "title": "h2",
        "link": "a",
        "date": "time",
        "summary": "p",
        "image": "img",
    }
    assert data["feed_links"] == []


def test_suggest_json_ld_proposes_auto_and_says_why(site: LoopbackSite) -> None:
    url, expected = serve(site, "jsonld-itemlist")
    data = json.loads(invoke("suggest", "--json", url).stdout)
    assert data["selectors"] == {} and data["method"] == "json-ld"
    assert len(data["items"]) == len(expected["links"])
    assert "no CSS selectors to propose" in data["notes"][0]
    result = invoke("suggest", url)
    assert "items: auto  # found in JSON-LD structured data" in result.output
    assert "no CSS selectors to propose" in result.output


def test_suggest_says_when_the_page_has_a_feed(site: LoopbackSite) -> None:
    url, _ = serve(site, "fr-ticker-beside-list")
    result = invoke("suggest", url)
    assert result.exit_code == 0, result.output
    assert "This page advertises its own feed" in result.output
    assert site.url("/rss.xml") in result.output
    data = json.loads(invoke("suggest", "--json", url).stdout)
    assert data["feed_links"] == [site.url("/rss.xml")]


def test_suggest_local_file_with_base_url() -> None:
    page = LISTS / "most-read-sidebar" / "page.html"
    result = invoke("suggest", "--json", str(page), "--base-url", "https://notes.example.org/")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["items"][0]["link"] == (
        "https://notes.example.org/2025/03/why-we-rewrote-the-parser/"
    )
    assert data["feed_links"] == ["https://notes.example.org/atom.xml"]
    text = invoke("suggest", str(page), "--base-url", "https://notes.example.org/").output
    assert "url: https://notes.example.org/" in text
    assert "Add it with: feedsmith add https://notes.example.org/" in text


def test_suggest_failures_exit_1(site: LoopbackSite, tmp_path: Path) -> None:
    result = invoke("suggest", site.url("/missing"))
    assert result.exit_code == 1 and "HTTP 404" in result.output
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><p>nothing to see</p></body></html>", encoding="utf-8")
    result = invoke("suggest", str(empty))
    assert result.exit_code == 1 and "found no article list" in result.output


def test_a_date_in_the_running_text_is_read_by_the_item_itself() -> None:
    # the date is only in the running text of each item, among other words and numbers: the
    # date chain finds it there, so the item's whole text serves as the date field
    items = "".join(
        f'<li><a href="/p/{i}">Post title number {i} here</a> posted March {i}, 2025 by Bob '
        f"with {i + 2} comments and 1999 views</li>"
        for i in range(1, 7)
    )
    found = suggest(make_page(f"<html><body><ul>{items}</ul></body></html>"), now=NOW)
    assert found.selectors == {"items": "li", "title": "a", "link": "a", "date": "."}
    assert found.items[0].date == datetime(2025, 3, 1, 12, tzinfo=UTC)  # a day alone: noon UTC


def test_a_date_selector_is_found_for_dates_detection_read_from_text() -> None:
    path = LISTS / "most-read-sidebar" / "page.html"
    page = make_page(path.read_text("utf-8"), "https://notes.example.org/")
    found = suggest(page, now=NOW)
    assert found.selectors["date"] == "span.meta"
    assert found.items[0].date == datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_a_news_page_of_many_blocks_proposes_auto_newest_first() -> None:
    path = LISTS / "de-news-front-page-many-blocks" / "page.html"
    expected = json.loads(path.with_name("expected.json").read_text("utf-8"))
    found = suggest(make_page(path.read_text("utf-8"), expected["url"]), now=NOW)
    assert found.method == "blocks" and found.selectors == {}
    assert "several blocks" in found.notes[0]
    assert [item.link for item in found.items] == expected["links"]
    # newest first by day (a day given alone has no place among the times of its day: the
    # feed gives it noon UTC, the preview keeps the page's order within the day)
    days = [item.date.date() for item in found.items if item.date]
    assert len(days) == len(found.items) and days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    ("url", "taken", "site_name", "wanted"),
    [
        ("https://www.example.co.uk/news/", [], None, "example-news"),
        ("https://www.example.org/fr/actualites/page/2/", [], None, "example-actualites"),
        (
            "https://paulgraham.com/articles.html",
            ["paulgraham-articles"],
            None,
            "paulgraham-articles-2",
        ),
        ("https://paulgraham.com/", ["paulgraham", "paulgraham-2"], None, "paulgraham-3"),
        ("https://blog.example.com/", [], None, "example-blog"),
        # an address by IP says nothing: the page's site name does
        ("http://127.0.0.1:8000/news/", [], "Example News", "example-news"),
        ("http://127.0.0.1:8000/sport/", [], "Example", "example-sport"),
        ("http://127.0.0.1:8000/list", [], None, "my-feed"),
        # the site's own file names are taken, and so is every id in another case
        ("http://127.0.0.1:8000/status/", [], None, "status-2"),
        ("http://127.0.0.1:8000/feeds/", [], None, "feeds-2"),
        ("https://paulgraham.com/", ["PaulGraham"], None, "paulgraham-2"),
        ("examples/site/Club Page.html", [], None, "club-page"),
        ("examples/site/index.html", [], "Club San Ramón", "club-san-ramon"),
    ],
)
def test_derive_id(url: str, taken: list[str], site_name: str | None, wanted: str) -> None:
    assert derive_id(url, taken, site_name=site_name) == wanted


# --- add -------------------------------------------------------------------------------------


def test_add_appends_keeping_comments_and_the_feed_builds(
    site: LoopbackSite, tmp_path: Path
) -> None:
    url, expected = serve(site, "cards-with-images")
    config = tmp_path / "feeds.yaml"
    before = FEEDS_YAML.format(url=site.url("/first/"))
    config.write_text(before, encoding="utf-8")
    result = invoke("add", "-c", str(config), "--yes", "--id", "mag", "--title", "Mag", url)
    assert result.exit_code == 0, result.output
    assert "added feed 'mag'" in result.output
    after = config.read_text(encoding="utf-8")
    assert after.startswith(before), after  # every byte the user wrote is still there
    assert after[len(before) :] == (
        "\n"
        "  # added by `feedsmith add`: 8 item(s) on the page when proposed; "
        "CSS selectors checked against the page\n"
        "  - id: mag\n"
        "    title: Mag\n"
        f"    url: {url}\n"
        "    items: div.card\n"
        "    fields:\n"
        "      title: h2\n"
        "      link: a\n"
        "      date: time\n"
        "      summary: p\n"
        "      image: img\n"
    )
    validated = invoke("validate", "-c", str(config))
    assert validated.exit_code == 0, validated.output
    built = invoke("build", "-c", str(config), "mag")
    assert built.exit_code == 0, built.output
    parsed = check_public(tmp_path / "public", "mag")
    assert {e.link for e in parsed["rss"].entries} == set(expected["links"])
    assert {e.title for e in parsed["rss"].entries} == set(expected["titles"])
    assert parsed["json"]["items"][0]["image"].startswith(site.url("/img/"))


def test_add_asks_first_and_no_writes_nothing(site: LoopbackSite, tmp_path: Path) -> None:
    url, _ = serve(site, "table-of-links")
    config = tmp_path / "feeds.yaml"
    before = FEEDS_YAML.format(url=site.url("/first/"))
    config.write_text(before, encoding="utf-8")
    result = invoke("add", "-c", str(config), url, input="n\n")
    assert result.exit_code == 0, result.output
    assert "Append feed 'links' to" in result.output and "Nothing added." in result.output
    assert config.read_text(encoding="utf-8") == before
    result = invoke("add", "-c", str(config), url, input="y\n")
    assert result.exit_code == 0, result.output
    assert [f.id for f in load_config(config).feeds] == ["first", "links"]


def test_add_derives_unique_ids_and_creates_a_missing_file(
    site: LoopbackSite, tmp_path: Path
) -> None:
    url, _ = serve(site, "cards-with-images")
    config = tmp_path / "new" / "feeds.yaml"
    for _ in range(2):
        result = invoke("add", "-c", str(config), "--yes", url)
        assert result.exit_code == 0, result.output
    loaded = load_config(config)
    assert [f.id for f in loaded.feeds] == ["magazine", "magazine-2"]
    assert loaded.feeds[0].items == loaded.feeds[1].items == "div.card"
    assert invoke("validate", "-c", str(config)).exit_code == 0


def test_add_refuses_a_duplicate_id_before_fetching(site: LoopbackSite, tmp_path: Path) -> None:
    url, _ = serve(site, "table-of-links")
    config = tmp_path / "feeds.yaml"
    before = FEEDS_YAML.format(url=site.url("/first/"))
    config.write_text(before, encoding="utf-8")
    result = invoke("add", "-c", str(config), "--yes", "--id", "first", url)
    assert result.exit_code == 2
    assert "feed id 'first' is already in" in result.output and "(line 7)" in result.output
    assert config.read_text(encoding="utf-8") == before
    assert site.hits_for("/page/") == []
    result = invoke("add", "-c", str(config), "--yes", "--id", "bad id!", url)
    assert result.exit_code == 2 and "--id" in result.output
    result = invoke("add", "-c", str(config), "--yes", "--id", "Status", url)
    assert result.exit_code == 2 and "id 'Status' is reserved" in result.output
    assert config.read_text(encoding="utf-8") == before
    assert site.hits_for("/page/") == []


def test_add_refuses_to_touch_an_invalid_feeds_file(site: LoopbackSite, tmp_path: Path) -> None:
    url, _ = serve(site, "table-of-links")
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - id: x\n    url: u\n    max_items: 0\n", encoding="utf-8")
    result = invoke("add", "-c", str(config), "--yes", url)
    assert result.exit_code == 2 and "max_items" in result.output
    assert config.read_text(encoding="utf-8").endswith("max_items: 0\n")


def test_add_when_the_page_has_a_feed(site: LoopbackSite, tmp_path: Path) -> None:
    url, _ = serve(site, "most-read-sidebar")
    config = tmp_path / "feeds.yaml"
    result = invoke("add", "-c", str(config), url, input="n\n")
    assert result.exit_code == 0, result.output
    assert "This page advertises its own feed" in result.output
    assert "Add a feed from detection anyway?" in result.output
    assert "Nothing added." in result.output and not config.exists()
    result = invoke("add", "-c", str(config), "--yes", url)
    assert result.exit_code == 0, result.output
    assert "the page has its own feed; adding detection anyway (--yes)" in result.output
    assert [f.id for f in load_config(config).feeds] == ["notes"]


def test_add_json_ld_page_writes_items_auto_and_builds(site: LoopbackSite, tmp_path: Path) -> None:
    url, expected = serve(site, "jsonld-itemlist")
    config = tmp_path / "feeds.yaml"
    result = invoke("add", "-c", str(config), "--yes", "--id", "shop", url)
    assert result.exit_code == 0, result.output
    text = config.read_text(encoding="utf-8")
    assert "    items: auto  # found in JSON-LD structured data\n" in text
    assert load_config(config).feeds[0].auto
    built = invoke("build", "-c", str(config))
    assert built.exit_code == 0, built.output
    parsed = check_public(tmp_path / "public", "shop")
    assert len(parsed["rss"].entries) == len(expected["links"])
