"""``render: browser``: lists a page builds with JavaScript, read through the system's Chromium."""

from __future__ import annotations

import json
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from feedsmith.browser import NO_PLAYWRIGHT, playwright_selector
from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite, require_chromium
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)

# an app shell: the list is fetched and built by a script, after a short delay
APP = """<!doctype html><html lang="fr"><head><title>Port App</title></head>
<body><div id="root"></div>
<script>
setTimeout(function () {
  fetch('/api/stories.json').then(function (r) { return r.json(); }).then(function (stories) {
    var ul = document.createElement('ul');
    stories.forEach(function (s) {
      var li = document.createElement('li');
      li.className = 'story';
      li.innerHTML = '<h2><a href="' + s.href + '">' + s.title + '</a></h2>' +
                     '<time datetime="' + s.date + '">' + s.date + '</time>';
      ul.appendChild(li);
    });
    document.getElementById('root').appendChild(ul);
  });
}, 50);
</script></body></html>"""
STORIES = [
    {"title": "Le chalutier rentre", "href": "/s/chalutier", "date": "2025-10-31T06:00:00Z"},
    {"title": "Tempête annoncée", "href": "/s/tempete", "date": "2025-10-30T18:00:00Z"},
]


def build(tmp_path: Path, feed: dict[str, object]) -> BuildResult:
    text = yaml.safe_dump({"feeds": [{"id": "app", **feed}]}, allow_unicode=True)
    config = parse_config(text, root=tmp_path)
    with Runtime(config) as runtime:
        return build_feed(config.feeds[0], runtime, now=NOW, strict=True)


@pytest.fixture
def chromium() -> str:
    return require_chromium()


def serve_app(site: LoopbackSite) -> str:
    site.add("/api/stories.json", json.dumps(STORIES), content_type="application/json")
    return site.add("/app/", APP)


@pytest.mark.browser
@pytest.mark.parametrize("wait_for", ["li.story", None])
def test_a_list_built_by_javascript(
    tmp_path: Path, site: LoopbackSite, wait_for: str | None, chromium: str
) -> None:
    url = serve_app(site)
    plain = build(tmp_path, {"url": url, "items": "li.story"})
    assert plain.status == "failed" and plain.error is not None
    assert "`render: browser` may help" in plain.error

    feed: dict[str, object] = {"url": url, "items": "li.story", "render": "browser", "timeout": 20}
    if wait_for:
        feed["wait_for"] = wait_for  # else: until the network is idle
    result = build(tmp_path, feed)
    assert result.status == "ok" and result.items == 2, result.error
    rss = check_public(tmp_path / "public", "app")["rss"]
    assert [e.title for e in rss.entries] == ["Le chalutier rentre", "Tempête annoncée"]
    assert rss.entries[0].link == site.url("/s/chalutier")
    assert site.hits_for("/api/stories.json")  # the page's own script fetched the list


@pytest.mark.browser
def test_the_browser_keeps_to_robots_txt(tmp_path: Path, site: LoopbackSite, chromium: str) -> None:
    url = serve_app(site)
    site.add("/robots.txt", "User-agent: *\nDisallow: /app/\n", content_type="text/plain")
    result = build(tmp_path, {"url": url, "items": "li.story", "render": "browser"})
    assert result.status == "failed" and result.error is not None
    assert "robots.txt" in result.error
    assert not site.hits_for("/app/") and not site.hits_for("/api/stories.json")


@pytest.mark.browser
def test_a_selector_that_never_appears_times_out(
    tmp_path: Path, site: LoopbackSite, chromium: str
) -> None:
    url = serve_app(site)
    feed = {"url": url, "render": "browser", "wait_for": "li.nothing", "timeout": 1}
    result = build(tmp_path, feed)
    assert result.status == "failed" and result.error is not None
    assert "'li.nothing' did not appear within 1 s" in result.error


@pytest.mark.browser
def test_a_page_the_browser_cannot_reach_names_the_network_error(
    tmp_path: Path, chromium: str
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/app/"
    feed = {"url": url, "items": "li.story", "render": "browser", "robots": False}
    result = build(tmp_path, feed)
    assert result.status == "failed" and result.error is not None
    assert result.error.startswith("app: the browser could not load the page")
    # every connection of the browser is feedsmith's own (its proxy): the reason is its own
    assert "could not load the page: connection refused" in result.error and url in result.error


def test_without_chromium_the_error_says_how_to_install_it(
    tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDSMITH_CHROMIUM", str(tmp_path / "no-such-chromium"))
    url = site.add("/app/", APP)
    result = build(tmp_path, {"url": url, "items": "li.story", "render": "browser"})
    assert result.status == "failed" and result.error is not None
    assert "`render: browser` needs Chromium" in result.error
    assert "apt install chromium" in result.error and "FEEDSMITH_CHROMIUM" in result.error
    assert not site.hits_for("/app/")


@pytest.mark.browser
def test_a_chromium_that_fails_to_start_is_named(
    tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("FEEDSMITH_CHROMIUM", str(broken))
    url = site.add("/app/", APP)
    result = build(tmp_path, {"url": url, "items": "li.story", "render": "browser"})
    assert result.status == "failed" and result.error is not None
    assert f"cannot start Chromium ({broken})" in result.error
    assert not site.hits_for("/app/")


def test_without_playwright_the_error_says_how_to_install_it(
    tmp_path: Path, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if not installed
    url = site.add("/app/", APP)
    result = build(tmp_path, {"url": url, "render": "browser"})
    assert result.status == "failed" and result.error is not None
    assert NO_PLAYWRIGHT in result.error and "pip install -e '.[browser]'" in result.error


def test_selectors_in_playwright_syntax() -> None:
    assert playwright_selector("li.story") == "li.story"
    assert playwright_selector("xpath: //li[@class='x']") == "xpath=//li[@class='x']"
