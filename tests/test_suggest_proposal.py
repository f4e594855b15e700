"""The entry `suggest` and `add` propose is one a new user can paste and keep: valid YAML at any
terminal width, a title and id that name the site and section, selectors that survive a
redesign and match in a browser, a time zone for pages that print local times, the address a
saved page declares, and a feeds file whose addresses a reader can fetch.

Pages are served from 127.0.0.1 or read from files; every command runs for real (CliRunner, or
a subprocess for the server)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import lxml.html
import pytest
import yaml
from click.testing import CliRunner, Result

from feedsmith.cli import cli
from feedsmith.config import load_config
from feedsmith.extract.fields import find_items
from feedsmith.identity import Identity, guess_timezone
from feedsmith.suggest import clean_selector
from tests.conftest import LoopbackSite
from tests.test_proxy_guard import resolving

NARROW = {"COLUMNS": "40"}


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env or NARROW)


def cards(n: int = 6, *, cls: str = "story", date: str = "") -> str:
    return "".join(
        f'<article class="{cls}"><h2><a href="/news/story-{i}/">Story number {i} about the '
        f'harbour and the boats</a></h2>{date.format(i=i)}<p class="teaser">What happened at '
        f"the harbour on day {i}.</p></article>"
        for i in range(1, n + 1)
    )


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body><main>{body}</main></body></html>'


def proposed(output: str) -> dict[str, object]:
    """The proposed entry, read back from the command's output as a user would paste it."""
    block = output.split("Proposed entry for the `feeds:` list of feeds.yaml:", 1)[1]
    block = block.split("Add it with:", 1)[0].split("Append feed", 1)[0]
    data = yaml.safe_load("feeds:\n" + block)
    assert isinstance(data, dict)
    return dict(data["feeds"][0])


def test_the_proposal_is_valid_yaml_at_any_width(site: LoopbackSite, tmp_path: Path) -> None:
    title = (
        "Harbour news: every boat, every crane, every storm # and what the port authority "
        "said about them | The Very Long Name Of A Coastal Gazette"
    )
    url = site.add("/news/", page(cards(), f"<title>{title}</title>"))
    result = invoke("suggest", url)
    assert result.exit_code == 0, result.output
    entry = proposed(result.output)
    assert entry["url"] == url and entry["items"] == "article.story"
    # every line of the block as printed, even far beyond 40 columns: never wrapped
    assert any(len(line) > 40 for line in result.output.splitlines() if "title:" in line)
    config = tmp_path / "feeds.yaml"
    block = result.output.split("feeds.yaml:\n", 1)[1].split("Add it with:", 1)[0]
    config.write_text("site: {base_url: 'http://127.0.0.1:8000/'}\nfeeds:\n" + block, "utf-8")
    assert invoke("validate", "-c", str(config)).exit_code == 0
    assert load_config(config).feeds[0].title == entry["title"]


def test_title_from_the_site_name_and_section_without_taglines(site: LoopbackSite) -> None:
    head = (
        "<title>Posts | Audacity ® | Free, open source, cross-platform audio software for "
        "multi-track recording and editing.</title>"
        '<meta property="og:site_name" content="Audacity ®">'
    )
    url = site.add("/posts/", page(cards(), head))
    entry = proposed(invoke("suggest", url).output)
    assert entry["title"] == "Audacity: Posts"
    assert entry["id"] == "audacity-posts"


@pytest.mark.parametrize(
    ("head", "path", "title", "feed_id"),
    [
        (
            '<meta property="og:site_name" content="Example News">',
            "/sport/",
            "Example News",
            "example-news-sport",
        ),
        (
            "<title>Actualités - Les ECO</title>",
            "/actualites/",
            "Les ECO: Actualités",
            "les-eco-actualites",
        ),
        (
            "<title>Club San Ramón — noticias del club</title>",
            "/",
            "Club San Ramón",
            "club-san-ramon",
        ),
    ],
)
def test_id_and_title_name_site_and_section(
    site: LoopbackSite, head: str, path: str, title: str, feed_id: str
) -> None:
    url = site.add(path, page(cards(), head))
    entry = proposed(invoke("suggest", url).output)
    assert (entry["title"], entry["id"]) == (title, feed_id)


def test_add_keeps_derived_ids_unique(site: LoopbackSite, tmp_path: Path) -> None:
    url = site.add("/sport/", page(cards(), '<meta property="og:site_name" content="Example">'))
    config = tmp_path / "feeds.yaml"
    for _ in range(2):
        assert invoke("add", "-c", str(config), "--yes", url).exit_code == 0
    assert [f.id for f in load_config(config).feeds] == ["example-sport", "example-sport-2"]


def test_selectors_leave_out_layout_classes(site: LoopbackSite) -> None:
    body = (
        '<div class="row g-3"><div class="col-md-6 h-c-grid__col h-c-grid__col--6 mt-4">'
        + cards(cls="story d-flex col-12")
        + "</div></div>"
    )
    entry = proposed(invoke("suggest", site.add("/news/", page(body))).output)
    selectors = [entry["items"], *dict(entry["fields"]).values()]  # type: ignore[call-overload]
    assert entry["items"] in {"article", "article.story"}, entry
    for bad in ("col", "grid", "row", "mt-4", "d-flex", "g-3"):
        assert not any(bad in str(s) for s in selectors), (bad, selectors)


@pytest.mark.parametrize(
    ("selector", "cleaned"),
    [
        ("div.h-c-grid__col.h-c-grid__col--6 article", "article"),
        (".row > .col-sm-4 > div.card", "div.card"),
        ("div.col-md-6.post-card", "div.post-card"),
        ("ul.mt-4.posts > li", "ul.posts > li"),
        ("section#main > div.container > article.entry", "section#main article.entry"),
        ("table > tbody > tr", "table tr"),
        ("table.list > tr", "table.list tr"),
        ("li.d-flex.items-center.w-full", "li"),
        ("h2 a", "h2 a"),
        ("xpath://div[@class='col']", "xpath://div[@class='col']"),
    ],
)
def test_clean_selector(selector: str, cleaned: str) -> None:
    assert clean_selector(selector) == cleaned


def test_table_selectors_match_with_and_without_tbody(site: LoopbackSite) -> None:
    """lxml keeps a table as written; a browser adds <tbody>. The proposal must match both."""
    rows = "".join(
        f'<tr class="item"><td><a href="/news/story-{i}/">Story number {i} about the harbour '
        f'and its boats</a></td><td class="when">2025-10-{i + 10:02d}</td></tr>'
        for i in range(1, 7)
    )
    html = page(f'<table class="stories">{rows}</table>')
    entry = proposed(invoke("suggest", site.add("/news/", html)).output)
    items = str(entry["items"])
    assert "tbody" not in items and "> tr" not in items, items
    as_written = lxml.html.fromstring(html)
    as_a_browser_builds_it = lxml.html.fromstring(
        html.replace('class="stories">', 'class="stories"><tbody>').replace(
            "</table>", "</tbody></table>"
        )
    )
    assert len(find_items(as_written, items)) == len(find_items(as_a_browser_builds_it, items)) == 6


@pytest.mark.parametrize(
    ("lang", "host_path", "zone", "reason"),
    [
        ("de", "/nachrichten/", "Europe/Berlin", "the page's language (de)"),
        ("de-AT", "/nachrichten/", "Europe/Vienna", "the page's language and region (de-AT)"),
        ("fr-CA", "/nouvelles/", "America/Toronto", "the page's language and region (fr-CA)"),
    ],
)
def test_time_zone_guessed_from_language_and_region(
    site: LoopbackSite, lang: str, host_path: str, zone: str, reason: str
) -> None:
    date = '<span class="date">{i}. Oktober 2025, 18:00 Uhr</span>'
    url = site.add(host_path, page(cards(date=date), lang=lang))
    result = invoke("suggest", url)
    entry = proposed(result.output)
    assert entry["timezone"] == zone and entry["language"] == lang[:2]
    assert f"timezone: {zone}  # a guess from {reason}: check it" in result.output


def test_no_time_zone_for_english_without_a_region(site: LoopbackSite) -> None:
    entry = proposed(invoke("suggest", site.add("/news/", page(cards()))).output)
    assert "timezone" not in entry


def test_a_saved_page_uses_the_address_it_declares(tmp_path: Path) -> None:
    saved = tmp_path / "saved.html"
    head = '<title>News</title><link rel="canonical" href="https://example.org/news/">'
    saved.write_text(page(cards(), head), encoding="utf-8")
    result = invoke("suggest", str(saved))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert 'it gives its address as https://example.org/news/ (<link rel="canonical">)' in flat
    entry = proposed(result.output)
    assert entry["url"] == "https://example.org/news/"
    wide = invoke("suggest", str(saved), env={"COLUMNS": "250"}).output
    assert "https://example.org/news/story-1/" in wide and "file://" not in wide
    data = invoke("suggest", "--json", str(saved)).stdout
    assert '"link": "https://example.org/news/story-1/"' in data
    # --base-url still wins
    other = invoke("suggest", str(saved), "--base-url", "https://other.example/news/")
    assert proposed(other.output)["url"] == "https://other.example/news/"


@pytest.mark.parametrize(
    "declared",
    [
        "http://127.0.0.1:8000/news/",
        "http://10.0.0.7/news/",
        "file:///etc/news",
        # an address in the other numeric forms resolvers accept
        "http://127.1:8000/news/",
        "http://0x7f.1/news/",
        "http://0177.0.0.1/news/",
        "http://0xa9.254.169.254/latest/",
    ],
)
def test_a_saved_page_cannot_point_at_an_internal_address(tmp_path: Path, declared: str) -> None:
    saved = tmp_path / "saved.html"
    head = f'<link rel="canonical" href="{declared}"><meta property="og:url" content="{declared}">'
    saved.write_text(page(cards(), head), encoding="utf-8")
    result = invoke("suggest", str(saved), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "gives its address" not in result.output
    assert proposed(result.output)["url"] == str(saved)


def test_a_saved_page_cannot_name_a_host_that_resolves_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name, not an address: what it resolves to here decides (10.0.0.7 for this test)."""
    resolving(monkeypatch, "intranet.saved-page.example", "10.0.0.7")
    saved = tmp_path / "saved.html"
    declared = "http://intranet.saved-page.example/news/"
    saved.write_text(page(cards(), f'<link rel="canonical" href="{declared}">'), "utf-8")
    for command in (("suggest",), ("add", "-c", str(tmp_path / "feeds.yaml"), "--yes")):
        result = invoke(*command, str(saved), env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        flat = " ".join(result.output.split())
        assert f"gives its address as {declared}" in flat
        assert "not used: refused: link points to an internal address (10.0.0.7)" in flat
        assert proposed(result.output)["url"] in (str(saved), saved.name)
    assert "intranet" not in (tmp_path / "feeds.yaml").read_text(encoding="utf-8")


def test_nothing_a_page_says_reaches_the_terminal_as_control_characters(tmp_path: Path) -> None:
    """ESC and CSI (C1) sequences in a feed link, titles and the page's title would set the
    terminal's title or write its clipboard when printed."""
    saved = tmp_path / "saved.html"
    osc = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07"
    head = (
        f"<title>News\x9b2J{osc}</title>"
        f'<link rel="alternate" type="application/rss+xml" href="/feed{osc}.xml">'
    )
    saved.write_text(page(cards().replace("Story number", f"Story\x9b31m{osc} number"), head))
    for args in (("suggest",), ("suggest", "--json")):
        result = invoke(*args, str(saved), env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        assert "Story" in result.output and "feed" in result.output
        assert not set(result.output) & {"\x1b", "\x9b", "\x07"}, result.output


def test_add_in_an_empty_folder_asks_for_the_address(site: LoopbackSite, tmp_path: Path) -> None:
    url = site.add("/news/", page(cards(), '<meta property="og:site_name" content="Harbour">'))
    config = tmp_path / "feeds.yaml"
    result = invoke("add", "-c", str(config), url, input="\ny\n")
    assert result.exit_code == 0, result.output
    assert "where will the public folder be served from?" in " ".join(result.output.split())
    loaded = load_config(config)
    assert loaded.site.base_url == "http://127.0.0.1:8000/"
    assert "site.base_url" not in invoke("validate", "-c", str(config)).output
    built = invoke("build", "-c", str(config))
    assert built.exit_code == 0, built.output
    opml = (tmp_path / "public" / "feeds.opml").read_text(encoding="utf-8")
    assert 'xmlUrl="http://127.0.0.1:8000/harbour-news.xml"' in opml


def test_add_with_site_url_and_yes_does_not_ask(site: LoopbackSite, tmp_path: Path) -> None:
    url = site.add("/news/", page(cards()))
    config = tmp_path / "feeds.yaml"
    result = invoke(
        "add", "-c", str(config), "--yes", "--site-url", "https://feeds.example.org", url
    )
    assert result.exit_code == 0, result.output
    assert "served from?" not in result.output
    assert load_config(config).site.base_url == "https://feeds.example.org/"
    # an existing file is not asked about again
    again = invoke("add", "-c", str(config), url, input="y\n")
    assert "served from?" not in again.output and again.exit_code == 0


def _serve_stderr(config: Path) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "serve", "-c", str(config), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        address = first.split(" at ", 1)[1].split(" ", 1)[0]
        # the server answers: everything it printed on starting is out
        with urllib.request.urlopen(address, timeout=30) as response:
            assert response.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # read through the same buffered stream as the first line (communicate() would not)
    rest = proc.stderr.read()
    proc.stderr.close()
    return first + rest


@pytest.mark.parametrize(
    ("base_url", "warned"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/", True),
        ("https://feeds.example.org/", False),
    ],
)
def test_serve_warns_when_base_url_names_another_port(
    tmp_path: Path, base_url: str, warned: bool
) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    config = tmp_path / "feeds.yaml"
    config.write_text(f"site: {{base_url: '{base_url}'}}\nfeeds: []\n", encoding="utf-8")
    output = " ".join(_serve_stderr(config).split())
    assert ("but this server listens on port" in output) == warned, output
    if warned:
        assert "point at port 8000" in output and "--port 8000" in output


@pytest.mark.parametrize(
    ("language", "region", "url", "zone"),
    [
        ("fr", None, "https://lesecos.ma/", "Africa/Casablanca"),
        ("fr", None, "https://example.fr/", "Europe/Paris"),
        ("pt", "BR", "https://example.com.br/", "America/Sao_Paulo"),
        ("en", "US", "https://example.ch/", "America/New_York"),  # .ch is not English-speaking
        ("en", "US", "https://example.co.uk/", "Europe/London"),  # a template's en-US
        ("en", None, "https://jon.bo/posts/", None),  # a domain hack, not Bolivia
        ("ar", None, "https://example.com/", None),
    ],
)
def test_guess_timezone(language: str, region: str | None, url: str, zone: str | None) -> None:
    identity = Identity(site_name=None, title=None, heading=None, language=language, region=region)
    guess = guess_timezone(identity, url)
    assert (guess.zone if guess else None) == zone
