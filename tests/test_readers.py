"""Real feed readers subscribe to the published feeds through the OPML file, fetching from
`feedsmith serve`'s server on 127.0.0.1: newsboat (Debian) and rss2email (PyPI, delivering
into a Maildir)."""

from __future__ import annotations

import calendar
import mailbox
import os
import shutil
import sqlite3
import subprocess
import sys
from email.header import decode_header, make_header
from pathlib import Path

import feedparser
import pytest

from tests.conftest import LoopbackSite, require_program
from tests.public_site import POSTS, Project, make_project, page, preview

pytestmark = pytest.mark.browser

NEWSBOAT = shutil.which("newsboat") or "/usr/bin/newsboat"


def _run_reader(argv: list[str], home: Path, **env: str) -> str:
    """Run a reader's command with its own HOME and no proxy variables (everything is on
    loopback); its output, after checking it succeeded."""
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class Newsboat:
    """newsboat with its own urls, config and cache files in a temporary folder."""

    def __init__(self, home: Path) -> None:
        home.mkdir()
        self.home = home
        (home / "config").write_text("reload-threads 2\n", encoding="utf-8")
        (home / "urls").write_text("", encoding="utf-8")
        self.cache = home / "cache.db"
        self.files = ("-u", str(home / "urls"), "-C", str(home / "config"), "-c", str(self.cache))

    def run(self, *args: str) -> str:
        return _run_reader([NEWSBOAT, *self.files, *args], self.home, LANG="C.UTF-8", TERM="dumb")

    def items(self) -> list[sqlite3.Row]:
        db = sqlite3.connect(self.cache)
        db.row_factory = sqlite3.Row
        try:
            return db.execute(
                "SELECT feedurl, guid, title, url, pubDate, unread FROM rss_item "
                "WHERE deleted = 0 ORDER BY feedurl, pubDate DESC"
            ).fetchall()
        finally:
            db.close()

    def mark_all_read(self) -> None:
        db = sqlite3.connect(self.cache)
        with db:
            db.execute("UPDATE rss_item SET unread = 0")
        db.close()


@pytest.fixture
def newsboat(tmp_path: Path) -> Newsboat:
    require_program(NEWSBOAT, "newsboat")
    return Newsboat(tmp_path / "newsboat")


def _expected(project: Project) -> dict[tuple[str, str], tuple[str, int]]:
    """(feed url, entry link) → (title, unix time), from feedparser's reading of each RSS file."""
    expected = {}
    for name in ("alpha.xml", "beta.xml"):
        parsed = feedparser.parse((project.public / name).read_bytes())
        assert parsed.bozo == 0
        for entry in parsed.entries:
            stamp = calendar.timegm(entry.published_parsed)
            expected[(project.base_url + name, entry.link)] = (entry.title, stamp)
    return expected


def test_newsboat_subscribes_through_opml_and_sees_nothing_new_after_an_unchanged_build(
    tmp_path: Path, site: LoopbackSite, newsboat: Newsboat
) -> None:
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, gone=False)
        project.build()
        out = newsboat.run("-i", str(project.public / "feeds.opml"))
        assert "Import of" in out
        assert (newsboat.home / "urls").read_text("utf-8").split() == [
            base + "alpha.xml",
            base + "beta.xml",
        ]
        newsboat.run("-x", "reload")

        items = newsboat.items()
        expected = _expected(project)
        assert len(expected) == sum(len(posts) for posts in POSTS.values())
        got = {(row["feedurl"], row["url"]): (row["title"], row["pubDate"]) for row in items}
        assert got == expected
        assert all(row["unread"] == 1 for row in items)
        assert newsboat.run("-x", "print-unread").strip() == "5 unread articles"

        # read everything, rebuild with nothing new: nothing unread
        newsboat.mark_all_read()
        project.build()
        newsboat.run("-x", "reload")
        assert newsboat.run("-x", "print-unread").strip() == "0 unread articles"
        assert len(newsboat.items()) == 5

        # one new post on the source page: exactly one new unread item
        site.add("/beta", page([("Beta news three", "/b/3", "2025-11-01T07:00:00Z")]))
        project.build()
        newsboat.run("-x", "reload")
        assert newsboat.run("-x", "print-unread").strip() == "1 unread articles"
        (new,) = [row for row in newsboat.items() if row["unread"]]
        assert new["title"] == "Beta news three" and new["url"] == site.url("/b/3")


class Rss2email:
    """rss2email with its own config and data files, delivering into a Maildir."""

    def __init__(self, home: Path) -> None:
        home.mkdir()
        self.home = home
        self.maildir = home / "Mail"
        self.maildir.mkdir()  # rss2email makes the mailbox, not the folder it lives in
        self.files = ("-c", str(home / "r2e.cfg"), "-d", str(home / "r2e.json"))
        (home / "r2e.cfg").write_text(
            "[DEFAULT]\n"
            "to = reader@example.org\n"
            "email-protocol = maildir\n"
            f"maildir-path = {self.maildir}\n"
            "maildir-mailbox = feeds\n",
            encoding="utf-8",
        )

    def run(self, *args: str) -> str:
        return _run_reader(
            [str(Path(sys.executable).parent / "r2e"), *self.files, *args], self.home
        )

    def messages(self) -> dict[str, str]:
        """Subject → text body of every message delivered."""
        box = mailbox.Maildir(self.maildir / "feeds", create=False)
        out = {}
        for message in box:
            body = message.get_payload(decode=True)
            assert isinstance(body, bytes)
            subject = str(make_header(decode_header(message["Subject"])))
            out[subject] = body.decode(message.get_content_charset() or "utf-8")
        assert len(out) == len(box)  # one message per entry
        return out


def test_rss2email_mails_each_entry_once_across_builds(tmp_path: Path, site: LoopbackSite) -> None:
    r2e = Rss2email(tmp_path / "r2e")
    with preview(tmp_path / "public") as base:
        project = make_project(tmp_path, site, base, gone=False)
        project.build()
        r2e.run("opmlimport", str(project.public / "feeds.opml"))
        r2e.run("run")
        posts = {title: link for entries in POSTS.values() for title, link, _ in entries}
        mails = r2e.messages()
        assert sorted(mails) == sorted(posts)
        for title, link in posts.items():
            assert f"URL: {site.url(link)}" in mails[title]

        project.build()  # nothing new: the same ids, so no mail
        r2e.run("run")
        assert sorted(r2e.messages()) == sorted(posts)

        site.add("/beta", page([("Beta news three", "/b/3", "2025-11-01T07:00:00Z")]))
        project.build()
        r2e.run("run")
        assert sorted(r2e.messages()) == sorted([*posts, "Beta news three"])
