"""The fault matrix: every way a real web server misbehaves, against real servers on 127.0.0.1.

Each case builds two feeds: ``good`` and ``bad``. The first build gives both a good page; the
second points ``bad`` at the fault. Then: ``bad`` is reported with a clear reason (or, for
tolerable faults, builds valid feeds), its previous public files are byte-identical, ``good``
builds normally, the state database passes ``PRAGMA integrity_check``, and the run ends.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from feedsmith.cli import cli
from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, build_all
from feedsmith.types import BuildResult
from tests.conftest import LoopbackSite
from tests.helpers import check_public

MB = 1024 * 1024


def listing(*titles: str) -> str:
    rows = "".join(
        f'<li class="it"><a href="/a/{i}">{t}</a><span class="d">2025-10-{10 + i:02d}</span>'
        f"<p>About {t}.</p></li>"
        for i, t in enumerate(titles)
    )
    return f"<html><head><title>S</title></head><body><ul>{rows}</ul></body></html>"


GOOD_1 = listing("One", "Two", "Three")
GOOD_2 = listing("Zero", "One", "Two", "Three")


# --- a raw socket server for faults below HTTP ------------------------------------------------


class FaultServer:
    """Answers /robots.txt with 404 and every other path with ``behaviour(conn)``."""

    def __init__(self, behaviour: Callable[[socket.socket], None]) -> None:
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.closing = threading.Event()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/page"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                if request.split(b" ")[1] == b"/robots.txt":
                    conn.sendall(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                    return
                self.behaviour(conn)
            except OSError:
                pass

    def close(self) -> None:
        self.closing.set()
        self.sock.close()


def silent(server_closing: threading.Event) -> Callable[[socket.socket], None]:
    def behaviour(conn: socket.socket) -> None:
        server_closing.wait(10)

    return behaviour


def trickle(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(20):
        conn.sendall(b"<")
        time.sleep(1.0)


def reset_mid_body(conn: socket.socket) -> None:
    body = GOOD_1.encode()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % 100_000
        + body[:200]
    )
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


# --- handlers for the loopback site -----------------------------------------------------------


@cache
def gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (60 * MB), compresslevel=9)


def raw_response(status: str, headers: dict[str, str], body: bytes = b"") -> Callable[..., None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(f"HTTP/1.1 {status}\r\n".encode())
        for key, value in headers.items():
            h.wfile.write(f"{key}: {value}\r\n".encode())
        h.wfile.write(b"\r\n" + body)
        h.close_connection = True

    return handler


def streamed_huge(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
    block = b"<p>" + b"x" * 65_530 + b"</p>"
    try:
        for _ in range(11 * MB // len(block) + 2):
            h.wfile.write(block)
    except OSError:
        pass
    h.close_connection = True


GENEROUS = 30.0


@dataclass(frozen=True)
class Fault:
    name: str
    # sets the fault up; returns the URL the bad feed reads
    setup: Callable[[LoopbackSite, list[FaultServer]], str]
    # what the error must say; None: the fault is tolerated and the feed builds
    reason: str | None
    # tight limits for the bad feed's fault only; the good feed keeps generous ones, so a busy
    # machine never fails the healthy side
    timeout: float = GENEROUS
    total_timeout: float = GENEROUS


def route(path: str, body: bytes | str = b"", **kwargs: object) -> Callable[..., str]:
    def setup(site: LoopbackSite, servers: list[FaultServer]) -> str:
        return site.add(path, body, **kwargs)  # type: ignore[arg-type]

    return setup


def closed_port(site: LoopbackSite, servers: list[FaultServer]) -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/page"


def server(
    make: Callable[[threading.Event], Callable[[socket.socket], None]],
) -> Callable[..., str]:
    def setup(site: LoopbackSite, servers: list[FaultServer]) -> str:
        closing = threading.Event()
        fault = FaultServer(make(closing))
        fault.closing = closing
        servers.append(fault)
        return fault.url

    return setup


def redirect_loop(site: LoopbackSite, servers: list[FaultServer]) -> str:
    site.add("/loop-b", status=302, headers={"Location": site.url("/loop-a")}, validators=False)
    return site.add(
        "/loop-a", status=302, headers={"Location": site.url("/loop-b")}, validators=False
    )


def thirty_redirects(site: LoopbackSite, servers: list[FaultServer]) -> str:
    for i in range(30):
        site.add(f"/r{i}", status=301, headers={"Location": site.url(f"/r{i + 1}")})
    site.add("/r30", GOOD_2)
    return site.url("/r0")


def huge_declared(site: LoopbackSite, servers: list[FaultServer]) -> str:
    return site.add("/huge", b"<p>" + b"x" * (10 * MB + 10) + b"</p>")


HEADERS_HTML = {"Content-Type": "text/html", "Connection": "close"}
CHALLENGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<div id='cf-browser-verification'>Checking your browser</div>"
    "<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'></script></body></html>"
)
JS_SHELL = (
    "<!doctype html><html><head><title>App</title><script src='/static/vendor.js'></script>"
    "<script src='/static/main.js'></script></head><body><div id='root'></div>"
    "<noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
)
# a gzip header, then bytes that are not deflate data
CORRUPT_GZ = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"this is not deflate data " * 40
TRUNCATED = listing("One", "Two", "Three", "Four")[:-60]


FAULTS = [
    Fault("connection-refused", closed_port, r"connection refused"),
    Fault("dns-failure", lambda s, v: "http://feedsmith-fault.invalid/page", r"cannot resolve"),
    Fault("accepts-never-answers", server(silent), r"no answer within 0\.5 s", timeout=0.5),
    Fault(
        "trickles-a-byte-a-second",
        server(lambda closing: trickle),
        r"longer than 4 s in total",
        total_timeout=4,
    ),
    Fault(
        "reset-mid-body",
        server(lambda closing: reset_mid_body),
        r"connection broken in the middle",
    ),
    Fault("http-500", route("/e500", "boom", status=500), r"HTTP 500"),
    Fault(
        "503-retry-after-long",
        route("/e503", "busy", status=503, headers={"Retry-After": "3600"}),
        r"HTTP 503 .*asks to wait 3600 s",
    ),
    Fault(
        "503-retry-after-http-date",
        lambda site, v: site.add(
            "/e503d",
            "busy",
            status=503,
            headers={"Retry-After": formatdate(time.time() + 3600, usegmt=True)},
        ),
        r"HTTP 503 .*asks to wait 3(599|600) s \(Retry-After\)",
    ),
    Fault(
        "429-retry-after-long",
        route("/e429", "slow down", status=429, headers={"Retry-After": "3600"}),
        r"HTTP 429 .*asks to wait 3600 s",
    ),
    Fault("http-404", route("/e404", "gone", status=404), r"HTTP 404"),
    Fault("http-410", route("/e410", "gone", status=410), r"HTTP 410"),
    Fault("redirect-loop", redirect_loop, r"redirect loop"),
    Fault("thirty-redirects", thirty_redirects, r"too many redirects \(more than 10\)"),
    Fault("body-over-10mb-declared", huge_declared, r"over the 10485760-byte limit"),
    Fault(
        "body-over-10mb-streamed",
        route("/stream", raw=streamed_huge),
        r"over the 10485760-byte limit",
    ),
    Fault(
        "gzip-bomb",
        lambda site, v: site.add(
            "/bomb",
            raw=raw_response(
                "200 OK",
                {
                    **HEADERS_HTML,
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(gzip_bomb())),
                },
                gzip_bomb(),
            ),
        ),
        r"over the 10485760-byte limit \(after decompression\)",
    ),
    Fault(
        "corrupt-gzip",
        lambda site, v: site.add(
            "/corrupt-gz",
            raw=raw_response(
                "200 OK",
                {
                    **HEADERS_HTML,
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(CORRUPT_GZ)),
                },
                CORRUPT_GZ,
            ),
        ),
        r"the compressed body is corrupt",
    ),
    Fault("empty-200", route("/empty", b""), r"the page is empty"),
    Fault(
        "markup-changed",
        route("/changed", "<html><body><div class='new-layout'><h3>x</h3></div></body></html>"),
        r"zero items",
    ),
    Fault(
        "content-type-image",
        route("/img", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png"),
        r"not a web page but image/png",
    ),
    Fault(
        "content-type-pdf",
        route("/pdf", b"%PDF-1.7\n%\xe2\xe3\n", content_type="application/pdf"),
        r"not a web page but application/pdf",
    ),
    Fault(
        "anti-bot-challenge-403",
        route("/cf", CHALLENGE, status=403),
        r"HTTP 403 .*anti-bot page \(Cloudflare challenge\)",
    ),
    Fault("anti-bot-challenge-200", route("/cf200", CHALLENGE), r"anti-bot page"),
    Fault(
        "javascript-shell",
        route("/spa", JS_SHELL),
        r"empty JavaScript app .*`render: browser` may help",
    ),
    # tolerated: the page is damaged but still readable, so the feed builds valid files
    Fault(
        "invalid-utf8",
        route(
            "/bad-utf8",
            listing("Caf\udcff", "Two")
            .encode("utf-8", "surrogateescape")
            .replace(b"Two", b"Tw\xc3\x28o \xff\xfe"),
            content_type="text/html; charset=utf-8",
        ),
        None,
    ),
    Fault(
        "nul-and-control-characters",
        route("/ctrl", listing("On\x00e\x01", "T\x0bwo\x1f", "Three\x7f")),
        None,
    ),
    Fault("truncated-html", route("/cut", TRUNCATED), None),
]


def config_text(
    site: LoopbackSite,
    bad_url: str,
    *,
    bad_timeout: float = GENEROUS,
    total_timeout: float = GENEROUS,
) -> str:
    return f"""
crawl: {{delay: 0, backoff: 0.01, retries: 1, retry_after_max: 1, connect_timeout: {GENEROUS},
         total_timeout: {total_timeout}}}
defaults: {{timeout: {GENEROUS}}}
feeds:
  - id: good
    url: {site.url("/good")}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
  - id: bad
    url: {bad_url}
    timeout: {bad_timeout}
    items: li.it
    fields: {{title: a, link: a, date: .d, summary: p}}
"""


def run_build(config_text_: str, root: Path) -> list[BuildResult]:
    """Build in a thread; fail (instead of hanging the suite) if it does not end."""
    config = parse_config(config_text_, root=root)
    results: list[BuildResult] = []

    def target() -> None:
        with Runtime(config) as runtime:
            results.extend(build_all(config.feeds, runtime))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the build hung"
    return results


def public_files(root: Path, feed_id: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "public").glob(f"{feed_id}.*"))}


@pytest.fixture
def servers() -> Iterator[list[FaultServer]]:
    made: list[FaultServer] = []
    yield made
    for s in made:
        s.close()


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault(
    fault: Fault, site: LoopbackSite, servers: list[FaultServer], tmp_path: Path
) -> None:
    site.add("/good", GOOD_1)
    site.add("/before", GOOD_1)
    first = run_build(config_text(site, site.url("/before")), tmp_path)
    assert [r.status for r in first] == ["ok", "ok"], first
    before = public_files(tmp_path, "bad")
    assert len(before) == 4  # three formats and the feed's page

    site.add("/good", GOOD_2)
    bad_url = fault.setup(site, servers)
    text = config_text(site, bad_url, bad_timeout=fault.timeout, total_timeout=fault.total_timeout)
    good, bad = run_build(text, tmp_path)

    assert good.status == "ok" and good.new_items == 1, good
    if fault.reason is None:
        assert bad.status in {"ok", "unchanged"}, bad.error
        check_public(tmp_path / "public", "bad")
    else:
        assert bad.status == "failed"
        assert bad.error is not None
        assert re.search(fault.reason, bad.error), bad.error
        assert bad.error.startswith("bad: ")
        assert public_files(tmp_path, "bad") == before
    db = sqlite3.connect(tmp_path / ".feedsmith" / "state.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    status = json.loads((tmp_path / "public" / "status.json").read_text())
    records = {r["id"]: r for r in status["feeds"]}
    assert records["good"]["health"] == "ok"
    if fault.reason is not None:
        # a page that used to give items and now gives none: its layout drifted; the word is
        # the same in status.json and the health feed
        word = "drifting" if fault.name in {"markup-changed", "empty-200"} else "failing"
        assert records["bad"]["health"] == word
        assert records["bad"]["consecutive_failures"] == 1
        assert records["bad"]["last_error"] == bad.error
        health = (tmp_path / "public" / "_health.atom").read_bytes()
        assert f"bad is {word}".encode() in health
    if fault.name == "markup-changed":
        assert records["bad"]["drift"].startswith("layout drift: no items found (usually 3)")


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_retry_after_is_waited_for_then_the_feed_builds(
    site: LoopbackSite, tmp_path: Path, form: str
) -> None:
    calls = []

    def busy_once(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            wait = "1" if form == "seconds" else formatdate(time.time() + 1, usegmt=True)
            raw_response("503 Service Unavailable", {**HEADERS_HTML, "Retry-After": wait})(h)
        else:
            raw_response("200 OK", HEADERS_HTML, GOOD_1.encode())(h)

    site.add("/good", GOOD_1)
    url = site.add("/busy", raw=busy_once)
    _, bad = run_build(config_text(site, url), tmp_path)
    assert bad.status == "ok" and bad.items == 3
    assert len(calls) == 2


def test_500_is_retried(site: LoopbackSite, tmp_path: Path) -> None:
    site.add("/good", GOOD_1)
    url = site.add("/e500", "boom", status=500)
    run_build(config_text(site, url), tmp_path)
    assert len(site.hits_for("/e500")) == 2  # retries: 1


# --- kill -9 in the middle of a build ---------------------------------------------------------

KILL_FEEDS = 150


def _write_pages(root: Path, version: str) -> None:
    for i in range(KILL_FEEDS):
        items = [f"{version} story {n} of feed {i}" for n in range(40)]
        (root / "pages" / f"p{i}.html").write_text(listing(*items), encoding="utf-8")


def _whole(path: Path) -> bool:
    data = path.read_bytes()
    try:
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".html":  # a whole page ends as it should
            return data.rstrip().endswith(b"</html>")
        else:
            etree.fromstring(data)
    except (ValueError, etree.XMLSyntaxError):
        return False
    return True


@pytest.mark.slow
def test_kill_9_mid_build_leaves_only_whole_files(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    feeds = "".join(
        f"  - {{id: f{i}, url: pages/p{i}.html, items: li.it, "
        f"fields: {{title: a, link: a, date: .d, summary: p}}}}\n"
        for i in range(KILL_FEEDS)
    )
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"site: {{base_url: 'https://f.example/'}}\ncrawl: {{workers: 2}}\nfeeds:\n{feeds}",
        encoding="utf-8",
    )
    _write_pages(tmp_path, "v1")
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0
    old = {p.name: p.read_bytes() for p in (tmp_path / "public").glob("f[0-9]*.*")}
    assert len(old) == 4 * KILL_FEEDS

    _write_pages(tmp_path, "v2")
    proc = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "build", "-c", str(config)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            changed = sum(
                1 for name, data in old.items() if (tmp_path / "public" / name).read_bytes() != data
            )
            if changed >= 20:
                break
            time.sleep(0.01)
        finished_first = proc.poll() is not None
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert not finished_first, "the build ended before it could be killed; use more feeds"

    names = sorted(p.name for p in (tmp_path / "public").glob("f[0-9]*.*"))
    assert len(names) == 4 * KILL_FEEDS
    new_count = 0
    for name in names:
        path = tmp_path / "public" / name
        assert _whole(path), f"{name} is partial"
        if path.read_bytes() != old[name]:
            new_count += 1
            assert b"v2 story" in path.read_bytes()
    assert 0 < new_count < 3 * KILL_FEEDS

    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    for name in names:
        assert b"v2 story" in (tmp_path / "public" / name).read_bytes()
    assert not list((tmp_path / "public").glob(".*.tmp"))
    db = sqlite3.connect(tmp_path / ".feedsmith" / "state.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


# --- the state folder -------------------------------------------------------------------------


def _damage_with_garbage(db: Path) -> None:
    db.write_bytes(b"this is not an SQLite database, and never was\n" * 100)


def _damage_with_a_folder(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.mkdir()


@pytest.mark.parametrize("damage", [_damage_with_garbage, _damage_with_a_folder])
@pytest.mark.parametrize("command", ["build", "run"])
def test_a_state_database_that_cannot_be_opened_is_named_and_nothing_is_lost(
    tmp_path: Path, command: str, damage: Callable[[Path], None]
) -> None:
    (tmp_path / "page.html").write_text(GOOD_1, encoding="utf-8")
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "feeds:\n  - {id: local, url: page.html, items: li.it, fields: {title: a, link: a}}\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0
    public = {p.name: p.read_bytes() for p in (tmp_path / "public").iterdir()}
    db = tmp_path / ".feedsmith" / "state.sqlite"
    damage(db)
    (tmp_path / "page.html").write_text(GOOD_2, encoding="utf-8")
    child = subprocess.run(
        [sys.executable, "-m", "feedsmith", command, "-c", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 2, child.stdout + child.stderr
    assert "Traceback" not in child.stderr, child.stderr
    message = " ".join(child.stderr.split())
    assert f"cannot open the state database ({db})" in message
    assert "move it aside" in message
    assert {p.name: p.read_bytes() for p in (tmp_path / "public").iterdir()} == public


# --- a build stopped half-way -----------------------------------------------------------------


def test_a_build_stopped_half_way_keeps_every_file_whole_and_builds_the_rest_later(
    site: LoopbackSite, tmp_path: Path
) -> None:
    """SIGTERM or Ctrl-C during a build sets the stop event: the feed being fetched finishes
    its write, no feed after it is started, and every file is an old one or a new one."""
    names = ["a", "b", "c", "d"]
    text = "crawl: {delay: 0, backoff: 0, workers: 1}\nfeeds:\n" + "".join(
        f"  - {{id: {n}, url: {site.url('/' + n)}, items: li.it, fields: {{title: a, link: a}}}}\n"
        for n in names
    )
    for n in names:
        site.add(f"/{n}", GOOD_1)

    def feed_files() -> dict[str, bytes]:
        return {
            f"{n}.{ext}": (tmp_path / "public" / f"{n}.{ext}").read_bytes()
            for n in names
            for ext in ("xml", "atom", "json")
        }

    first = run_build(text, tmp_path)
    assert [r.status for r in first] == ["ok"] * 4
    old = feed_files()
    hits_before = {n: len(site.hits_for(f"/{n}")) for n in names}
    config = parse_config(text, root=tmp_path)
    with Runtime(config) as runtime:

        def stop_while_serving(h: BaseHTTPRequestHandler) -> None:
            runtime.stop.set()  # the signal arrives while b's page is on its way
            raw_response("200 OK", HEADERS_HTML, GOOD_2.encode())(h)

        for n in names:
            site.add(f"/{n}", GOOD_2)
        site.add("/b", raw=stop_while_serving)
        results = {r.feed_id: r for r in build_all(config.feeds, runtime)}
    assert results["a"].status == "ok"
    assert results["c"].error_kind == "stopped" and results["d"].error_kind == "stopped"
    for n in ("c", "d"):  # nothing new started
        assert len(site.hits_for(f"/{n}")) == hits_before[n], n
    now = feed_files()
    for name in now:
        assert _whole(tmp_path / "public" / name), name
    for feed in ("c", "d"):
        for ext in ("xml", "atom", "json"):
            assert now[f"{feed}.{ext}"] == old[f"{feed}.{ext}"]
    assert b"Zero" in now["a.json"]
    db = sqlite3.connect(tmp_path / ".feedsmith" / "state.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()

    site.add("/b", GOOD_2)
    again = run_build(text, tmp_path)
    assert all(r.status in {"ok", "unchanged"} for r in again), again
    for n in names:
        assert b"Zero" in (tmp_path / "public" / f"{n}.json").read_bytes()
