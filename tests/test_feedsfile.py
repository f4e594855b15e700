"""Appending a feed to feeds.yaml: the user's text stays byte for byte, whatever its style."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedsmith.errors import ConfigError
from feedsmith.feedsfile import add_feed, entry_yaml

ENTRY = {"id": "new", "url": "https://n.example.com/", "items": "li.post", "fields": {"title": "a"}}


@pytest.mark.parametrize(
    ("before", "added"),
    [
        (  # dashes at the margin, flow mappings, odd quoting
            "feeds:\n- id: a   # first\n  url: 'https://a.example.com/'\n"
            '  fields: {title: "h2 a", link: {selector: a, attr: [href]}}\n',
            "\n# note\n- id: new\n  url: https://n.example.com/\n  items: li.post\n"
            "  fields:\n    title: a\n",
        ),
        (  # four-space indents
            "defaults:\n    max_items: 5\nfeeds:\n    -   id: a\n        url: u\n",
            "\n    # note\n    -   id: new\n        url: https://n.example.com/\n"
            "        items: li.post\n        fields:\n            title: a\n",
        ),
        ("# only a comment\n", "feeds:\n  # note\n  - id: new\n"),
    ],
)
def test_appends_after_the_users_text(tmp_path: Path, before: str, added: str) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(before, encoding="utf-8")
    config = add_feed(path, ENTRY, comment="note")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith(added)
    assert config.feeds[-1].id == "new"


@pytest.mark.parametrize("last", ["    url: u", "    fields: {title: h2}"])
def test_a_comment_after_the_last_feed_is_kept(tmp_path: Path, last: str) -> None:
    # ruamel keeps it before or after the new feed depending on the last value's style
    before = ["feeds:", "  - id: a", "    url: u", last, "# the end"]
    path = tmp_path / "feeds.yaml"
    path.write_text("\n".join(dict.fromkeys(before)) + "\n", encoding="utf-8")
    add_feed(path, ENTRY)
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    assert all(line in lines for line in dict.fromkeys(before))  # in order
    assert "  - id: new" in path.read_text(encoding="utf-8")


def test_an_empty_flow_list_becomes_a_block_list(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("site: {title: t}  # mine\nfeeds: []\n", encoding="utf-8")
    add_feed(path, ENTRY)
    assert path.read_text(encoding="utf-8").startswith(
        "site: {title: t}  # mine\nfeeds:\n  - id: new\n    url: https://n.example.com/\n"
    )


def test_a_duplicate_id_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    before = "feeds:\n  - id: new\n    url: u\n"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate feed id"):
        add_feed(path, ENTRY)
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["feeds.yaml"]


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        add_feed(path, ENTRY)
    assert path.read_text(encoding="utf-8") == "feeds: [\n"


def test_entry_yaml_comments_an_auto_items_line() -> None:
    text = entry_yaml(
        {"id": "x", "url": "u", "items": "auto"}, comment="c", comments={"items": "why"}
    )
    assert text == "  # c\n  - id: x\n    url: u\n    items: auto  # why\n"
