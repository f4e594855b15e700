"""The index page and a styled feed, as real headless Chromium shows them.

Debian's /usr/bin/chromium (installed by .ci/run), driven through playwright's Python API; the
pages come from `feedsmith serve`'s server on 127.0.0.1. Screenshots are left in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from feedsmith.browser import CHROMIUM_FLAGS
from tests.conftest import LoopbackSite, require_program
from tests.public_site import Project, make_project, preview

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
# the flags feedsmith runs Chromium with (playwright adds --headless itself), and in tests:
FLAGS = [
    *(flag for flag in CHROMIUM_FLAGS if flag != "--headless"),
    "--no-proxy-server",
    # nothing but loopback resolves, whatever a page asks for
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_program(CHROMIUM, "chromium")
    # playwright gives each launch a fresh temporary profile (its own --user-data-dir)
    # generous limits: a busy machine starts and draws slowly; a page that is wrong stays wrong
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, timeout=120_000)
        yield chromium
        chromium.close()


@pytest.fixture
def served(tmp_path: Path, site: LoopbackSite) -> Iterator[tuple[Project, str]]:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base)
        project.build()
        yield project, base


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def test_index_page(browser: Any, served: tuple[Project, str]) -> None:
    project, base = served
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base)

    assert page.title() == "Test feeds"
    text = page.inner_text("body")
    for expected in (
        "3 feeds, 2 published.",
        "Alpha Blog",
        "Beta News",
        "Gone Away",
        "3 entries",
        "updated 2025-10-29 14:05 UTC",
        "Failing: gone: HTTP 404",
        "How to subscribe",
    ):
        assert expected in text
    alpha = page.locator("#feed-alpha")
    assert "ok" in alpha.locator(".health").inner_text()
    assert alpha.locator(".formats a").all_inner_texts() == ["RSS", "Atom", "JSON Feed"]
    assert page.locator("#feed-beta .formats a").all_inner_texts() == ["RSS", "Atom"]
    assert page.locator("#feed-gone .formats").count() == 0

    # every link on the page is either a file in public/ or a feed's source site
    links = page.eval_on_selector_all(
        "a[href], link[href]", "els => els.map(e => [e.tagName, e.rel, e.href])"
    )
    sources = _homes(project)
    local = 0
    for tag, rel, href in links:
        if rel == "icon":
            continue
        if href.startswith(base):
            name = href[len(base) :]
            assert (project.public / name).is_file(), f"{tag} {href} has no file in public/"
            response = context.request.get(href)
            assert response.ok, href
            local += 1
        else:
            assert href in sources and rel == "external", f"unexpected link {href}"
    # 5 feed files, each linked and autodiscovered; OPML twice; the 2 feed pages
    assert local == 2 * 5 + 2 + 2

    # the copy button puts the absolute feed address on the clipboard
    button = alpha.locator("button")
    assert button.is_visible()
    button.click()
    expect(button).to_have_text("Copied")  # the clipboard answers asynchronously
    assert page.evaluate("navigator.clipboard.readText()") == base + "alpha.xml"
    page.screenshot(path=str(_artifact("index.png")), full_page=True)
    assert problems == []

    # a phone: nothing wider than the screen
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    small = phone.new_page()
    small.goto(base)
    assert small.evaluate("document.documentElement.scrollWidth") <= 360
    assert small.locator("#feed-alpha input").bounding_box()["width"] > 150
    small.screenshot(path=str(_artifact("index-phone.png")), full_page=True)
    phone.close()
    context.close()


def test_index_without_javascript_still_gives_the_address(
    browser: Any, served: tuple[Project, str]
) -> None:
    _project, base = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base)
    field = page.locator("#feed-beta input")
    assert field.input_value() == base + "beta.xml"
    assert not page.locator("#feed-beta button").is_visible()
    context.close()


def test_feed_opened_in_a_browser_is_a_readable_page(
    browser: Any, served: tuple[Project, str]
) -> None:
    project, base = served
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    page.goto(base + "alpha.xml")
    assert page.locator("h1").inner_text() == "Alpha Blog"
    text = page.inner_text("body")
    assert "How to subscribe" in text
    assert page.locator("#feed-url").input_value() == base + "alpha.xml"
    titles = page.locator("article.entry h3").all_inner_texts()
    assert titles == [
        "Alpha launches a <new> thing",
        "Second alpha post",
        "Third alpha post & more",
    ]
    assert page.locator("article.entry .summary").first.inner_text() == "About /a/1."
    # as a person writes it: no seconds, no offset; this feed has no timezone, so UTC says so
    assert page.locator("article.entry .meta").first.inner_text() == "Wed, 29 Oct 2025 14:05 UTC"
    page.screenshot(path=str(_artifact("feed-rss.png")), full_page=True)
    back = page.get_by_role("link", name="all feeds").get_attribute("href")
    assert back == "index.html" and (project.public / back).is_file()
    shutil.copy(project.public / "alpha.xml", _artifact("alpha.xml"))

    # Atom is served as application/atom+xml, which Chromium shows as text; it still opens
    page.goto(base + "alpha.atom")
    assert "Alpha Blog" in page.inner_text("body")
    context.close()


def _homes(project: Project) -> set[str]:
    db = sqlite3.connect(project.config.state_path / "state.sqlite")
    try:
        rows = db.execute("SELECT data FROM feed_state").fetchall()
    finally:
        db.close()
    return {json.loads(data)["home_url"] for (data,) in rows if "home_url" in json.loads(data)}
