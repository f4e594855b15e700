"""What a new user reads when something goes wrong: plain words, once, naming what to do.

Every case runs the real command (CliRunner, or a subprocess where signals, terminals or Python
warnings are involved) against a real loopback server or real files.
"""

from __future__ import annotations

import contextlib
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedsmith.cli import cli
from tests.conftest import LoopbackSite

LIST = """<html><head><title>T</title></head><body>
<div class="post"><h2><a href="/p/1">First post</a></h2><p class="d">29/10/2025</p></div>
<div class="post"><h2><a href="/p/2">Second post</a></h2><p class="d">30/10/2025</p></div>
</body></html>"""
LIBRARY_WORDS = ("HTTPConnectionPool", "Max retries", "Errno", "NewConnectionError", "Traceback")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/news/"


# --- network and file failures --------------------------------------------------------------


def test_connection_refused_in_plain_words() -> None:
    code, output = run("suggest", closed_port_url())
    assert code == 1
    assert "connection refused" in output
    assert not [w for w in LIBRARY_WORDS if w in output], output


def test_unknown_host_in_plain_words() -> None:
    code, output = run("suggest", "http://feedsmith-test-host.invalid/news/")
    assert code == 1
    assert "cannot resolve host feedsmith-test-host.invalid" in output
    assert "NameResolution" not in output and "Errno" not in output, output


def test_timeout_in_plain_words(tmp_path: Path, site: LoopbackSite) -> None:
    release = threading.Event()
    site.add("/slow", raw=held(release, threading.Event(), LIST))
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"feeds:\n  - {{id: slow, url: '{site.url('/slow')}', items: .post, timeout: 1}}\n",
        encoding="utf-8",
    )
    try:
        code, output = run("build", "-c", str(config))
    finally:
        release.set()
    assert code == 1
    assert "no answer within 1 s" in output
    assert "ReadTimeout" not in output and "HTTPConnectionPool" not in output, output


def test_missing_file_is_reported_once(tmp_path: Path) -> None:
    missing = tmp_path / "nothere.html"
    code, output = run("suggest", str(missing))
    assert code == 1
    assert "no such file" in output
    assert output.count("nothere.html") == 1, output
    assert "FileNotFoundError" not in output


def test_missing_feeds_file_points_at_add(tmp_path: Path) -> None:
    for command in ("build", "validate", "check x", "status"):
        code, output = run(*command.split(), "-c", str(tmp_path / "feeds.yaml"))
        assert code == 2, command
        assert "no feeds file" in output and "feedsmith add URL" in output, output
        assert "Errno" not in output


def test_public_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(LIST, encoding="utf-8")
    (tmp_path / "public").write_text("not a folder", encoding="utf-8")
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - {id: a, url: page.html, items: .post}\n", encoding="utf-8")
    code, output = run("build", "-c", str(config))
    assert code == 1
    assert output.count("error:") == 1, output
    assert (
        f"cannot write to the public folder: it is a file, not a folder ({tmp_path / 'public'})"
        in output
    )
    assert "Traceback" not in output and ".tmp" not in output


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for this process: by permissions, or for root (whom
    permissions do not stop) by a read-only bind mount."""
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only folder here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_public_folder_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(LIST, encoding="utf-8")
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - {id: a, url: page.html, items: .post}\n", encoding="utf-8")
    with read_only(tmp_path / "public"):
        proc = subprocess.run(
            [sys.executable, "-m", "feedsmith", "build", "-c", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    output = proc.stdout + proc.stderr
    assert "cannot write to the public folder" in output and str(tmp_path / "public") in output
    assert output.count("error") == 1, output
    assert "Traceback" not in output and ".tmp" not in output and "write-test" not in output


# --- the feeds file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("feeds:\n\t- id: x\n", 2, "a tab is not allowed for indentation: indent with spaces"),
        ("feeds:\n  - id: x\n    title: A: B\n", 3, "put a value that contains `: ` in quotes"),
        ('feeds:\n  - id: "x\n', 3, "a quote is opened and never closed"),
        ("feeds:\n  - id: x\n    url: @x\n", 3, "`@` cannot start a value (column 10)"),
        (
            "feeds:\n  - id: x\n    url: http://127.0.0.1/\n    langauge: fr\n",
            4,
            "feed 'x' langauge: unknown key: did you mean `language`?",
        ),
        (
            "site: {titel: My feeds}\nfeeds: []\n",
            1,
            "titel: unknown key: did you mean `title`?",
        ),
        (
            "feeds:\n  - id: x\n    url: http://127.0.0.1/\n    colour: red\n",
            4,
            "colour: unknown key (check the spelling)",
        ),
    ],
)
def test_yaml_errors_in_plain_words(tmp_path: Path, text: str, line: int, message: str) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text(text, encoding="utf-8")
    code, output = run("validate", "-c", str(config))
    assert code == 2
    assert f"{config}:{line}:" in output and message in output, output
    assert "scanner" not in output and "<unicode string>" not in output


# --- verbosity, failures, progress, Ctrl-C ---------------------------------------------------


def write_feeds(tmp_path: Path, site: LoopbackSite, base_url: bool = True) -> Path:
    site.add("/list", LIST)
    config = tmp_path / "feeds.yaml"
    config.write_text(
        ("site: {base_url: 'http://127.0.0.1:8000/'}\n" if base_url else "")
        + f"""feeds:
  - {{id: good, url: '{site.url("/list")}', items: .post, fields: {{title: h2, link: h2 a}}}}
  - {{id: bad, url: '{site.url("/gone")}', items: .post}}
""",
        encoding="utf-8",
    )
    return config


def test_quiet_and_verbose_work_after_the_command(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_feeds(tmp_path, site)
    code, output = run("build", "-q", "-c", str(config))
    assert code == 1
    assert "good" not in output and "bad" in output
    code, output = run("build", "-c", str(config), "-v")
    assert "INFO feedsmith" in output
    code, output = run("validate", "-c", str(config), "--quiet")
    assert code == 0


def test_one_line_per_failed_feed(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_feeds(tmp_path, site)
    code, output = run("build", "-c", str(config))
    assert code == 1
    assert "WARNING" not in output, output
    assert len(re.findall(r"\bbad\b", output)) == 1, output
    assert "HTTP 404" in output


def test_recovering_is_not_a_warning(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_feeds(tmp_path, site)
    run("build", "-c", str(config))
    site.add("/gone", LIST)
    code, output = run("build", "-c", str(config), "bad")
    assert code == 0
    assert "WARNING" not in output and "recovered" not in output, output
    site.add("/gone", "gone", status=404)
    run("build", "-c", str(config), "bad")
    site.add("/gone", LIST)
    code, output = run("-v", "build", "-c", str(config), "bad")
    assert "INFO feedsmith.pipeline: feed=bad health=recovered" in output, output


def test_missing_base_url_is_warned_about(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_feeds(tmp_path, site, base_url=False)
    for command in ("validate", "build"):
        _, output = run(command, "-c", str(config))
        assert "sets no site.base_url" in output and "feeds.opml" in output, command
    _, output = run("build", "-q", "-c", str(config))
    assert "site.base_url" not in output
    config = write_feeds(tmp_path, site, base_url=True)
    assert "site.base_url" not in run("validate", "-c", str(config))[1]


def test_library_warnings_stay_out_of_the_output(tmp_path: Path) -> None:
    """dateutil warns about a zone name it cannot read (through trafilatura's date search);
    that is not the user's business unless they ask for -v."""
    page = tmp_path / "article.html"
    page.write_text(
        # a <meta> feedsmith does not read and no date labelled "Posted", so htmldate
        # searches the page (and dateutil warns)
        "<html><head><title>Story</title><meta name='created' content='2024-01-05 10:00 JST'>"
        "</head><body><article><h1>A story about things</h1><p>Filed 2024-01-05 10:00 JST</p>"
        + "<p>Words about the things that happened, in a long enough paragraph.</p>" * 6
        + "</article></body></html>",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "feedsmith", "extract", str(page)]
    quiet = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 0, quiet.stderr
    assert "Warning" not in quiet.stderr, quiet.stderr
    loud = subprocess.run([*command[:3], "-v", *command[3:]], capture_output=True, text=True)
    assert "UnknownTimezoneWarning" in loud.stderr


def held(release: threading.Event, arrived: threading.Event, body: str) -> Callable[..., None]:
    """A route that answers only once ``release`` is set (``arrived`` says it was asked)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        arrived.set()
        release.wait(60)
        data = body.encode("utf-8")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def held_project(
    tmp_path: Path, site: LoopbackSite
) -> tuple[Path, threading.Event, threading.Event]:
    """Three feeds on one host, so built one after the other: the second waits for a release."""
    release, arrived = threading.Event(), threading.Event()
    site.add("/first", LIST)
    site.add("/held", raw=held(release, arrived, LIST))
    site.add("/last", LIST)
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"""site: {{base_url: 'http://127.0.0.1:8000/'}}
feeds:
  - {{id: first, url: '{site.url("/first")}', items: .post}}
  - {{id: held, url: '{site.url("/held")}', items: .post}}
  - {{id: last, url: '{site.url("/last")}', items: .post}}
""",
        encoding="utf-8",
    )
    return config, release, arrived


def test_ctrl_c_exits_130_and_says_what_was_kept(tmp_path: Path, site: LoopbackSite) -> None:
    config, release, arrived = held_project(tmp_path, site)
    proc = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "build", "-w", "1", "-c", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert arrived.wait(60), "the build never asked for the held page"
        proc.send_signal(signal.SIGINT)
        time.sleep(0)  # the signal is handled while the request waits
        release.set()
        output, _ = proc.communicate(timeout=60)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, output
    assert "interrupted: 2 feed(s) finished and kept (2 built), 1 not built" in output, output
    assert "No file was half-written" in output and "Traceback" not in output
    public = tmp_path / "public"
    assert (public / "first.xml").exists() and (public / "held.xml").exists()
    assert not (public / "last.xml").exists()
    assert not list(public.glob(".*.tmp"))


def _read_until(fd: int, done: Callable[[bytes], bool], timeout: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done(seen):
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def _build_on_a_terminal(config: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "feedsmith", "build", "-w", "1", "-c", str(config), *extra],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(slave)
    return proc, master


def test_progress_on_a_terminal_for_a_slow_build(tmp_path: Path, site: LoopbackSite) -> None:
    config, release, arrived = held_project(tmp_path, site)
    proc, master = _build_on_a_terminal(config)
    try:
        assert arrived.wait(60)
        # the progress line appears once the build has taken a second: wait for it
        shown = _read_until(master, lambda seen: b"building held" in seen)
        assert b"building held" in shown and b"1/3" in shown, shown
        release.set()
        rest = _read_until(master, lambda seen: b"new item(s)" in seen)
        assert proc.wait(60) == 0
    finally:
        release.set()
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert b"3 feed(s): 3 built, 0 failed" in rest


@pytest.mark.parametrize("how", ["piped", "quiet"])
def test_no_progress_when_piped_or_quiet(tmp_path: Path, site: LoopbackSite, how: str) -> None:
    config, release, arrived = held_project(tmp_path, site)
    if how == "piped":
        proc = subprocess.Popen(
            [sys.executable, "-m", "feedsmith", "build", "-w", "1", "-c", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    else:
        proc, master = _build_on_a_terminal(config, "-q")
    try:
        assert arrived.wait(60)
        time.sleep(1.5)  # longer than the second after which a terminal shows progress
        release.set()
        if how == "piped":
            output, _ = proc.communicate(timeout=60)
        else:
            output = _read_until(master, lambda seen: b"new item(s)" in seen)
            proc.wait(60)
            os.close(master)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert b"building" not in output and b"\x1b[?25l" not in output, output
    assert b"3 feed(s): 3 built, 0 failed" in output


# --- check and extract give second opinions ----------------------------------------------------


def test_check_warns_when_no_item_has_a_date_or_a_visible_summary(
    tmp_path: Path, site: LoopbackSite
) -> None:
    cards = "".join(
        f'<div class="card"><h2><a href="/p/{i}">Story number {i} about the harbour</a></h2>'
        f'<p class="teaser">What happened at the harbour on day {i}, told in a few words.</p>'
        f'<span class="when">{i} octobre 2025</span></div>'
        for i in range(1, 7)
    )
    site.add("/cards", f"<html><body><main>{cards}</main></body></html>")
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"feeds:\n  - {{id: cards, url: '{site.url('/cards')}', items: div.card, "
        "fields: {title: h2, link: h2 a}, language: fr}\n",
        encoding="utf-8",
    )
    code, output = run("check", "-c", str(config), "cards")
    assert code == 0
    flat = " ".join(output.split())
    assert "no item has a date: every entry gets the time feedsmith first sees it" in flat
    assert "the page shows dates (such as '1 octobre 2025')" in flat
    assert "no item has a summary, although the items on the page show one" in flat
    assert "6 item(s), 2 warning(s)" in flat
    config.write_text(
        f"feeds:\n  - {{id: cards, url: '{site.url('/cards')}', items: div.card, "
        "fields: {title: h2, link: h2 a, date: .when, summary: .teaser}, language: fr}\n",
        encoding="utf-8",
    )
    code, output = run("check", "-c", str(config), "cards")
    assert "6 item(s), 0 warning(s)" in output, output


def test_extract_on_a_list_page_suggests_suggest(tmp_path: Path) -> None:
    cards = "".join(
        f'<article class="teaser"><h2><a href="/posts/story-{i}/">A story about the port, '
        f"part {i}</a></h2><p>The first lines of part {i} of the story about the port.</p>"
        "</article>"
        for i in range(1, 9)
    )
    page = tmp_path / "list.html"
    page.write_text(f"<html><body><main>{cards}</main></body></html>", encoding="utf-8")
    code, output = run("extract", str(page), "--base-url", "https://example.org/news/")
    assert code == 1
    flat = " ".join(output.split())
    assert "this looks like a list: the page lists 8 articles" in flat
    assert f"feedsmith suggest {page}" in flat
    assert "content HTML" not in output
    code, output = run("extract", str(page), "--as-article")
    assert "this looks like a list" not in output
