"""A real feed reader subscribes to the published feeds: newsboat (Debian), through the OPML
file, fetching from `feedsmith serve`'s server on 127.0.0.1."""

from __future__ import annotations

import calendar
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import feedparser
import pytest

from tests.conftest import LoopbackSite, require_program
from tests.public_site import POSTS, Project, make_project, page, preview

pytestmark = pytest.mark.browser

NEWSBOAT = shutil.which("newsboat") or "/usr/bin/newsboat"


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
        env = {
            "HOME": str(self.home),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
        }  # and no proxy variables: everything is on loopback
        done = subprocess.run(
            [NEWSBOAT, *self.files, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

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
