"""Paths and names a config or a page could turn against the site: feed ids that collide with the
site's own files or with each other, folders that would publish the state or the config, JSON
nested past any reader's depth."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedsmith.config import MAX_ID_LENGTH, RESERVED_IDS, parse_config
from feedsmith.errors import ConfigError
from feedsmith.pipeline import Runtime, build_all, build_feed
from feedsmith.render import feed_files
from tests.conftest import LoopbackSite
from tests.helpers import check_public

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
PAGE = """<html><head><title>List</title></head><body><ul>
<li class="it"><a href="/a">Story one</a></li><li class="it"><a href="/b">Story two</a></li>
</ul></body></html>"""


def issues_of(text: str, tmp_path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, root=tmp_path)
    return [f"{i.line}:{i.key}:{i.message}" for i in caught.value.issues]


# --- feed ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize("feed_id", ["status", "index", "feeds", "feed", "Status", "INDEX"])
def test_ids_of_the_sites_own_files_are_refused_with_the_reason(
    tmp_path: Path, feed_id: str
) -> None:
    found = issues_of(
        f"feeds:\n  - id: ok\n    url: a.html\n  - id: {feed_id}\n    url: b.html\n", tmp_path
    )
    assert len(found) == 1
    assert found[0].startswith("4:id:")
    assert f"id {feed_id!r} is reserved" in found[0]
    assert "status.json" in found[0]


def test_every_file_the_site_writes_is_reserved(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/list", PAGE)
    config = parse_config(
        f"site: {{base_url: 'https://feeds.example.org/'}}\nfeeds:\n  - id: news\n    url: {url}\n"
        "    items: li.it\n",
        root=tmp_path,
    )
    with Runtime(config) as runtime:
        build_all(config.feeds, runtime, now=NOW)
    written = {p.name for p in (tmp_path / "public").iterdir()}
    site_files = written - set(feed_files("news"))  # its formats and its page
    assert {"index.html", "status.json", "_health.atom", "feeds.opml"} <= site_files
    for name in site_files:
        assert name.split(".")[0] in RESERVED_IDS, name


def test_ids_longer_than_file_names_allow_are_refused_at_validation(tmp_path: Path) -> None:
    long_id = "a" * (MAX_ID_LENGTH + 1)
    found = issues_of(f"feeds:\n  - id: {long_id}\n    url: a.html\n", tmp_path)
    assert len(found) == 1 and found[0].startswith("2:id:")
    assert str(MAX_ID_LENGTH) in found[0]


def test_the_longest_id_allowed_builds(tmp_path: Path, site: LoopbackSite) -> None:
    url = site.add("/list", PAGE)
    longest = "b" * MAX_ID_LENGTH
    config = parse_config(
        f"feeds:\n  - id: {longest}\n    url: {url}\n    items: li.it\n", root=tmp_path
    )
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok", result.error
    check_public(tmp_path / "public", longest)


def test_ids_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    found = issues_of(
        "feeds:\n  - id: News\n    url: a.html\n  - id: other\n    url: b.html\n"
        "  - id: news\n    url: c.html\n",
        tmp_path,
    )
    assert found == [
        "6:id:differs from feed id 'News' (line 2) only in case: their files would be the same "
        "on a case-insensitive disk or host"
    ]


# --- folders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folders", "key"),
    [
        ("public_dir: www\nstate_dir: www/.feedsmith\n", "state_dir"),
        ("public_dir: .\n", "public_dir"),  # feeds.yaml and .feedsmith/ both in public/
        ("public_dir: ..\n", "public_dir"),
        ("public_dir: out\nstate_dir: out\n", "state_dir"),
    ],
)
def test_folders_that_would_publish_the_state_or_the_config_are_refused(
    tmp_path: Path, folders: str, key: str
) -> None:
    found = issues_of(folders + "feeds: []\n", tmp_path)
    assert any(f":{key}:" in issue and "published" in issue for issue in found), found
    assert all(issue.split(":")[0] != "None" for issue in found), found


def test_separate_folders_are_fine(tmp_path: Path) -> None:
    config = parse_config(
        "public_dir: site/public\nstate_dir: site/state\nfeeds: []\n", root=tmp_path
    )
    assert config.public_path == tmp_path / "site/public"


# --- JSON depth -------------------------------------------------------------------------------


DEEP = "[" * 1_000_000 + "]" * 1_000_000


def test_a_json_api_nested_a_million_deep_is_a_clear_error(
    tmp_path: Path, site: LoopbackSite
) -> None:
    url = site.add("/deep.json", '{"items": ' + DEEP + "}", content_type="application/json")
    config = parse_config(
        f"feeds:\n  - id: api\n    type: json\n    url: {url}\n    items: items\n", root=tmp_path
    )
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "failed"
    assert result.error == f"api: the JSON is nested deeper than 200 levels ({url})"


def test_a_json_feed_nested_past_the_bound_is_a_clear_error(
    tmp_path: Path, site: LoopbackSite
) -> None:
    nested = "[" * 300 + "]" * 300  # under Python's own limit, over ours
    body = '{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": ' + nested + "}"
    url = site.add("/feed.json", body, content_type="application/feed+json")
    config = parse_config(f"feeds:\n  - id: jf\n    type: feed\n    url: {url}\n", root=tmp_path)
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "failed"
    assert result.error is not None and "nested deeper than 200 levels" in result.error


def test_deep_json_ld_in_a_list_page_is_skipped_not_fatal(
    tmp_path: Path, site: LoopbackSite
) -> None:
    script = f'<script type="application/ld+json">{DEEP}</script>'
    cards = "".join(
        f'<article><h2><a href="/news/story-{i}.html">A headline for story number {i}</a></h2>'
        f"<p>The teaser of story {i}, a few words.</p></article>"
        for i in range(8)
    )
    url = site.add(
        "/ld",
        f"<html><head><title>T</title>{script}</head><body><main>{cards}</main></body></html>",
    )
    config = parse_config(f"feeds:\n  - id: ld\n    url: {url}\n", root=tmp_path)
    with Runtime(config) as runtime:
        result = build_feed(config.feeds[0], runtime, now=NOW, strict=True)
    assert result.status == "ok", result.error
