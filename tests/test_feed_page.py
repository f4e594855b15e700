"""Each feed's own web page, public/<id>.html: what a person sees in a browser now that browsers
drop XSLT. Built by the real pipeline from pages on 127.0.0.1; looked at in real headless
Chromium (Debian's /usr/bin/chromium), with a screenshot left in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from feedsmith.render import feed_files
from tests.conftest import LoopbackSite, require_program
from tests.public_site import Project, make_project, preview

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


def with_zone(project: Project, zone: str) -> None:
    text = project.config_path.read_text(encoding="utf-8")
    text = text.replace("    title: Alpha Blog\n", f"    title: Alpha Blog\n    timezone: {zone}\n")
    project.config_path.write_text(text, encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path, site: LoopbackSite) -> Iterator[tuple[Project, str]]:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base)
        with_zone(project, "Europe/Paris")
        project.build()
        yield project, base


def test_each_built_feed_has_a_page_linked_from_the_index(built: tuple[Project, str]) -> None:
    project, base = built
    public = project.public
    assert (public / "alpha.html").is_file() and (public / "beta.html").is_file()
    assert not (public / "gone.html").exists()  # never built: nothing to show
    index = lxml.html.fromstring((public / "index.html").read_bytes())
    assert index.xpath('//*[@id="feed-alpha"]//h2/a/@href') == [base + "alpha.html"]
    assert index.xpath('//*[@id="feed-gone"]//h2/a') == []
    headers = (public / "_headers").read_text(encoding="utf-8")
    assert "/alpha.html\n  Content-Type: text/html; charset=utf-8" in headers


def test_the_page_lists_entries_with_times_in_the_feeds_zone(built: tuple[Project, str]) -> None:
    project, base = built
    doc = lxml.html.fromstring((project.public / "alpha.html").read_bytes())
    assert doc.findtext(".//title") == "Alpha Blog"
    titles = [" ".join(a.text_content().split()) for a in doc.xpath("//article//h3/a")]
    assert titles == [
        "Alpha launches a <new> thing",
        "Second alpha post",
        "Third alpha post & more",
    ]
    times = [t.text_content() for t in doc.xpath("//article//time")]
    # 14:05 UTC on 29 October 2025 is 15:05 in Paris (CET); 9:00 UTC on the 20th 11:00 (CEST)
    assert times == ["2025-10-29 15:05 CET", "2025-10-20 11:00 CEST", "2025-10-01 10:30 CEST"]
    assert "times in Europe/Paris" in doc.text_content()
    assert doc.xpath("//article//div[@class='summary']")[0].text_content() == "About /a/1."
    # subscribe box: the address to copy, every format, and the way back
    assert doc.xpath('//input[@id="feed-url"]/@value') == [base + "alpha.xml"]
    assert [a.text for a in doc.xpath('//p[@class="formats"]/a')] == ["RSS", "Atom", "JSON Feed"]
    assert doc.xpath('//a[text()="all feeds"]/@href') == [base + "index.html"]
    alternates = doc.xpath('//link[@rel="alternate"]')
    assert [(a.get("type"), a.get("href")) for a in alternates] == [
        ("application/rss+xml", base + "alpha.xml"),
        ("application/atom+xml", base + "alpha.atom"),
        ("application/feed+json", base + "alpha.json"),
    ]


def test_a_feed_without_a_zone_shows_utc_and_only_its_formats(built: tuple[Project, str]) -> None:
    project, _ = built
    doc = lxml.html.fromstring((project.public / "beta.html").read_bytes())
    assert doc.xpath("//article//time")[0].text_content() == "2025-09-12 10:00 UTC"
    assert [a.get("type") for a in doc.xpath('//link[@rel="alternate"]')] == [
        "application/rss+xml",
        "application/atom+xml",
    ]


def test_an_unchanged_rebuild_keeps_the_page_and_a_zone_change_shows(
    built: tuple[Project, str],
) -> None:
    project, _ = built
    before = {p.name: p.read_bytes() for p in project.public.glob("alpha.*")}
    project.build()
    assert {p.name: p.read_bytes() for p in project.public.glob("alpha.*")} == before
    text = project.config_path.read_text(encoding="utf-8")
    project.config_path.write_text(text.replace("Europe/Paris", "Asia/Tokyo"), encoding="utf-8")
    project.build()
    after = {p.name: p.read_bytes() for p in project.public.glob("alpha.*")}
    assert "2025-10-29 23:05 JST" in after["alpha.html"].decode("utf-8")
    assert after["alpha.html"] != before["alpha.html"]


def test_a_removed_feed_loses_its_page_too(built: tuple[Project, str]) -> None:
    project, _ = built
    assert set(feed_files("alpha")) == {"alpha.xml", "alpha.atom", "alpha.json", "alpha.html"}
    text = project.config_path.read_text(encoding="utf-8")
    start = text.index("  - id: alpha")
    project.config_path.write_text(text[:start] + text[text.index("  - id: beta") :], "utf-8")
    from click.testing import CliRunner

    from feedsmith.cli import cli

    result = CliRunner().invoke(cli, ["build", "-c", str(project.config_path)])
    assert result.exit_code in (0, 1), result.output  # gone still fails
    assert not list(project.public.glob("alpha.*"))
    assert (project.public / "beta.html").is_file()


def test_a_feed_may_not_be_called_index(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from feedsmith.cli import cli

    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - {id: index, url: page.html}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "-c", str(config)])
    assert result.exit_code == 2
    assert "id 'index' is reserved: public/ holds the site's own index.* file" in result.output


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_page_in_chromium(built: tuple[Project, str]) -> None:
    require_program(CHROMIUM, "chromium")
    from playwright.sync_api import expect, sync_playwright

    from tests.test_browser import FLAGS

    _, base = built
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            _look(browser, base, expect)
        finally:
            browser.close()


def _look(browser: Any, base: str, expect: Any) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    # from the index, as a person would get there
    page.goto(base)
    page.locator("#feed-alpha h2 a").click()
    page.wait_for_url(base + "alpha.html")
    assert page.title() == "Alpha Blog"
    assert page.locator("h1").inner_text() == "Alpha Blog"
    assert page.locator("article.entry h3").all_inner_texts() == [
        "Alpha launches a <new> thing",
        "Second alpha post",
        "Third alpha post & more",
    ]
    assert page.locator("article.entry time").first.inner_text() == "2025-10-29 15:05 CET"
    text = page.inner_text("body")
    assert "Subscribe" in text and "Latest entries (3)" in text
    # nothing like the XSLT deprecation banner: this page is plain HTML
    assert "XSLT" not in text
    button = page.locator(".subscribe button")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == base + "alpha.xml"
    # autodiscovery, as a reader given this page's address would see it
    hrefs = page.eval_on_selector_all(
        'link[rel="alternate"]', "links => links.map(l => l.type + ' ' + l.href)"
    )
    assert hrefs == [
        f"application/rss+xml {base}alpha.xml",
        f"application/atom+xml {base}alpha.atom",
        f"application/feed+json {base}alpha.json",
    ]
    for href in (base + "alpha.xml", base + "alpha.json"):
        assert context.request.get(href).ok
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feed-page.png"), full_page=True)
    page.get_by_role("link", name="all feeds").click()
    page.wait_for_url(base + "index.html")
    assert problems == []
    # a phone: nothing wider than the screen
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    small = phone.new_page()
    small.goto(base + "alpha.html")
    assert small.evaluate("document.documentElement.scrollWidth") <= 360
    small.screenshot(path=str(ARTIFACTS / "feed-page-phone.png"), full_page=True)
    phone.close()
    context.close()
