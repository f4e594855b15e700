"""feedsmith.config.yamllines: YAML with the line of every key and list item."""

from __future__ import annotations

import pytest
import yaml

from feedsmith.config.yamllines import line_of, load_with_lines

TEXT = """\
site:
  title: Mine
feeds:
  - id: one
    url: https://a.example/
  - &shared
    id: two
    fields:
      title: h2
  - <<: *shared
    id: three
"""


def test_every_key_and_item_has_its_line() -> None:
    data, lines = load_with_lines(TEXT)
    assert data["feeds"][0] == {"id": "one", "url": "https://a.example/"}
    assert lines[("site",)] == 1
    assert lines[("site", "title")] == 2
    assert lines[("feeds", 0)] == 4
    assert lines[("feeds", 1)] == 6  # the item starts at its anchor
    assert lines[("feeds", 1, "fields", "title")] == 9
    assert lines[("feeds", 2, "id")] == 11


def test_merge_keys_are_flattened_into_the_data() -> None:
    data, _ = load_with_lines(TEXT)
    assert data["feeds"][2] == {"id": "three", "fields": {"title": "h2"}}


def test_a_missing_key_takes_the_line_of_the_nearest_known_parent() -> None:
    _, lines = load_with_lines(TEXT)
    assert line_of(lines, ("feeds", 1, "fields", "title", "selector")) == 9
    assert line_of(lines, ("feeds", 0, "language")) == 4
    assert line_of(lines, ("nowhere",)) is None


def test_an_empty_document() -> None:
    assert load_with_lines("") == ({}, {})
    assert load_with_lines("# only a comment\n") == ({}, {})


def test_broken_yaml_raises_the_yaml_error_with_its_mark() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load_with_lines("feeds:\n  - id: a\n   url: b: c\n")
    mark = getattr(caught.value, "problem_mark", None)
    assert mark is not None and mark.line == 2
