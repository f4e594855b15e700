"""``render: browser`` under the URL-origin rule: whatever the rendered page asks Chromium for
(scripts, frames, fetches, and every redirect they meet) reaches an internal address only when
the user configured the feed there, and the address checked is the one connected to.

Loopback only: the "outside" site is 127.0.0.2, public for the test through
`netguard.treat_as_public`; 127.0.0.1 plays the machine's own services. A name that Chromium
resolves to 127.0.0.1 by itself (``--host-resolver-rules``, through a wrapper given as
``FEEDSMITH_CHROMIUM``) stands for DNS rebinding: a name that looks fine when feedsmith checks it
and leads inside when the browser connects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith import netguard
from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_feed
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite, require_chromium, serving

pytestmark = pytest.mark.browser

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
ADMIN = "INTERNAL-ADMIN-PAGE"
LEAK_JS = (
    "document.querySelector('ul').insertAdjacentHTML('beforeend',"
    f' \'<li class="it"><a href="/leak">{ADMIN}</a></li>\');'
)


@pytest.fixture(scope="module")
def _outside_server() -> Iterator[LoopbackSite]:
    with serving("127.0.0.2") as site:
        yield site


@pytest.fixture
def outside(_outside_server: LoopbackSite) -> Iterator[LoopbackSite]:
    _outside_server.reset()
    _outside_server.add("/robots.txt", "", status=404)
    with netguard.treat_as_public("127.0.0.2"):
        yield _outside_server
    _outside_server.reset()


@pytest.fixture
def inside(site: LoopbackSite) -> LoopbackSite:
    site.add("/admin", f"<html><body><ul><li class='it'>{ADMIN}</li></ul></body></html>")
    site.add("/admin.js", LEAK_JS, content_type="application/javascript")
    site.add("/robots.txt", "", status=404)
    return site


@pytest.fixture
def chromium() -> str:
    pytest.importorskip("playwright", reason="pip install -e '.[browser]'")
    return require_chromium()


def list_page(extra: str) -> str:
    items = "".join(f'<li class="it"><a href="/s/{i}">Story number {i}</a></li>' for i in range(3))
    return f"<html><head><title>Outside</title></head><body><ul>{items}</ul>{extra}</body></html>"


def build(tmp_path: Path, url: str, **more: str) -> tuple[BuildResult, str]:
    extra = "".join(f"\n    {k}: {v}" for k, v in more.items())
    yaml = (
        f"feeds:\n  - id: rendered\n    url: {url}\n    items: li.it\n    render: browser{extra}\n"
    )
    config = parse_config("crawl: {retries: 0}\n" + yaml, root=tmp_path, file="feeds.yaml")
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    public = tmp_path / "public"
    texts = [p.read_text("utf-8") for p in sorted(public.iterdir()) if p.is_file()]
    return result, "\n".join(texts)


def inside_hits(inside: LoopbackSite) -> list[str]:
    return [h.path for h in inside.hits if h.path != "/robots.txt"]


def test_redirects_of_the_pages_own_requests_never_reach_inside(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, chromium: str
) -> None:
    """A script, a frame, a fetch and a stylesheet on the outside site, each answered by a
    302 to the inside: Chromium follows redirects by itself, so every hop must be checked."""
    for path, target in {
        "/js": "/admin.js",
        "/frame": "/admin",
        "/api": "/admin?api",
        "/css": "/admin?css",
    }.items():
        outside.add(path, "", status=302, headers={"Location": inside.url(target)})
    page = list_page(
        '<script src="/js"></script><iframe src="/frame"></iframe>'
        '<link rel="stylesheet" href="/css">'
        '<script>fetch("/api").catch(function () {});</script>'
    )
    url = outside.add("/list", page)
    result, published = build(tmp_path, url)
    assert result.status == "ok", result.error
    assert "Story number 2" in published
    assert ADMIN not in published
    assert inside_hits(inside) == []
    assert outside.hits_for("/js") and outside.hits_for("/frame")  # asked for, not followed


def test_a_configured_page_that_redirects_inside_reaches_nothing_there(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, chromium: str
) -> None:
    url = outside.add("/away", "", status=302, headers={"Location": inside.url("/admin")})
    result, published = build(tmp_path, url)
    assert result.status == "failed"
    assert result.error is not None and "internal address (127.0.0.1)" in result.error
    assert result.error_kind == "refused"
    assert ADMIN not in published
    assert inside_hits(inside) == []


@pytest.fixture
def rebinding_chromium(tmp_path: Path, chromium: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A Chromium that resolves ``rebind.test`` to 127.0.0.1 by itself; feedsmith's resolver
    does not know the name (in tests it answers loopback names only)."""
    wrapper = tmp_path / "chromium-rebinding"
    wrapper.write_text(
        f'#!/bin/sh\nexec {chromium} "--host-resolver-rules=MAP rebind.test 127.0.0.1" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("FEEDSMITH_CHROMIUM", str(wrapper))
    return "rebind.test"


def test_a_name_the_browser_resolves_inside_is_refused_where_it_connects(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, rebinding_chromium: str
) -> None:
    port = inside.base_url.rsplit(":", 1)[1]
    target = f"http://{rebinding_chromium}:{port}"
    page = list_page(
        f'<script src="{target}/admin.js"></script><iframe src="{target}/admin"></iframe>'
        f'<script>fetch("{target}/admin?api").catch(function () {{}});</script>'
    )
    url = outside.add("/list", page)
    result, published = build(tmp_path, url)
    assert result.status == "ok", result.error
    assert "Story number 2" in published
    assert ADMIN not in published
    assert inside_hits(inside) == []


def test_a_feed_configured_inside_renders_with_its_own_requests(
    tmp_path: Path, inside: LoopbackSite, chromium: str
) -> None:
    """The user's own intranet page: its scripts and redirects on 127.0.0.1 are allowed."""
    inside.add("/js", "", status=302, headers={"Location": inside.url("/admin.js")})
    url = inside.add("/list", list_page('<script src="/js"></script>'))
    result, published = build(tmp_path, url)
    assert result.status == "ok", result.error
    assert ADMIN in published
    assert inside.hits_for("/admin.js")


def test_websockets_and_beacons_of_a_rendered_page_never_reach_inside(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, chromium: str
) -> None:
    """WebSockets pass no request hook of the browser's; a beacon outlives the page."""
    port = inside.base_url.rsplit(":", 1)[1]
    page = list_page(
        "<script>"
        f'try {{ new WebSocket("ws://127.0.0.1:{port}/ws"); }} catch (e) {{}}'
        f'try {{ new WebSocket("ws://localhost:{port}/ws2"); }} catch (e) {{}}'
        f'navigator.sendBeacon("http://127.0.0.1:{port}/beacon", "x");'
        "</script>"
    )
    url = outside.add("/list", page)
    result, _ = build(tmp_path, url)
    assert result.status == "ok", result.error
    assert inside_hits(inside) == []


def test_a_meta_refresh_inside_reaches_nothing_there(
    tmp_path: Path, outside: LoopbackSite, inside: LoopbackSite, chromium: str
) -> None:
    refresh = f'<meta http-equiv="refresh" content="0;url={inside.url("/admin")}">'
    url = outside.add("/list", list_page("").replace("<head>", "<head>" + refresh))
    result, published = build(tmp_path, url)
    assert ADMIN not in published
    assert inside_hits(inside) == []
    # the refresh runs right after the page loads, nearly always before it is read; the
    # reading then fails saying where the page sent the browser and why that was refused
    if result.status == "failed":
        assert result.error is not None and "internal address (127.0.0.1)" in result.error
        assert f"the page sent the browser to {inside.url('/admin')}" in result.error
        assert result.error_kind == "refused"
