"""WebSub: the hub is pinged after a feed's files change, and only then; a bad hub never
fails a build."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from feedsmith import websub
from tests.conftest import LoopbackSite
from tests.helpers import check_public
from tests.public_site import make_project, preview


class Hub:
    """A tiny WebSub hub on 127.0.0.1 that records every publish ping."""

    def __init__(self) -> None:
        self.pings: list[dict[str, list[str]]] = []
        self.content_types: list[str] = []
        self.status = 204
        self.lock = threading.Lock()
        self.url = ""


@pytest.fixture
def hub() -> Iterator[Hub]:
    state = Hub()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.pings.append(parse_qs(body.decode()))
                state.content_types.append(self.headers.get("Content-Type", ""))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hub"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_hub_is_pinged_for_changed_files_only(tmp_path: Path, site: LoopbackSite, hub: Hub) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, hub=hub.url)
        project.build()
        first = [(p["hub.mode"], p["hub.url"]) for p in hub.pings]
        assert first == [
            (["publish"], [base + "alpha.xml"]),
            (["publish"], [base + "alpha.atom"]),
            (["publish"], [base + "alpha.json"]),
            (["publish"], [base + "beta.xml"]),
            (["publish"], [base + "beta.atom"]),
        ]
        assert set(hub.content_types) == {"application/x-www-form-urlencoded"}
        # the feeds declare the hub, and stay valid
        check_public(project.public, "alpha")
        assert f'<atom:link href="{hub.url}" rel="hub"/>' in (
            project.public / "alpha.xml"
        ).read_text(encoding="utf-8")

        hub.pings.clear()
        project.build()
        assert hub.pings == [], "an unchanged rebuild must not ping"

        site.add(
            "/beta",
            '<div class="post"><h2><a href="/b/9">Beta nine</a></h2>'
            '<time datetime="2025-11-01T08:00:00Z">x</time></div>',
        )
        project.build()
        assert [p["hub.url"] for p in hub.pings] == [[base + "beta.xml"], [base + "beta.atom"]]


def test_a_failing_hub_never_fails_the_build(
    tmp_path: Path, site: LoopbackSite, hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    hub.status = 500
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, hub=hub.url, gone=False)
        results = project.build()
    assert [r.status for r in results] == ["ok", "ok"]
    assert len(hub.pings) == 5
    assert "websub hub=" in caplog.text and "ping failed: HTTP 500" in caplog.text


def test_unreachable_hub_is_a_value_not_an_exception() -> None:
    # port 9 on loopback: nothing listens there, the connection is refused at once
    (result,) = websub.ping(
        "http://127.0.0.1:9/hub", ["https://f.example/x.xml"], user_agent="t", timeout=2
    )
    assert not result.ok and result.status is None
    assert result.error is not None and "ConnectionError" in result.error
