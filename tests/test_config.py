"""feeds.yaml: loading, defaults, every error at once with its line, the shipped schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from feedsmith.config import json_schema, load_config, parse_config
from feedsmith.errors import ConfigError

ROOT = Path(__file__).parent.parent

GOOD = """
site:
  base_url: https://feeds.example.org
defaults:
  max_items: 20
  timezone: Europe/Paris
feeds:
  - id: one
    url: https://example.org/news/
    items: "article.post"
    fields:
      title: "h2 a"
      link: {selector: "h2 a", attr: href}
      image: {selector: img, attr: [data-src, src]}
  - id: two
    url: pages/local.html
    max_items: 5
"""


def test_good_config_loads_with_defaults_merged(tmp_path: Path) -> None:
    config = parse_config(GOOD, root=tmp_path)
    one, two = config.feeds
    assert config.site.base_url == "https://feeds.example.org/"
    assert one.max_items == 20 and two.max_items == 5
    assert one.timezone == two.timezone == "Europe/Paris"
    assert one.fields.title is not None and one.fields.title.selector == "h2 a"
    assert one.fields.image is not None and one.fields.image.attr == ["data-src", "src"]
    assert two.auto and not one.auto
    assert config.resolve_url(two) == (tmp_path / "pages/local.html").resolve().as_uri()
    assert one.line == 8 and two.line == 15


BAD = """\
defaults:
  max_items: -3
feeds:
  - id: ok
    url: https://example.org/
  - id: broken
    url: https://example.org/
    items: "div[["
    fields:
      titel: "h2"
      date: {selector: ".d", timezone: Mars/Olympus, languages: [xx]}
  - url: https://example.org/no-id
  - id: ok
    url: https://example.org/dup
    formats: [rss, pdf]
"""


def test_every_error_is_reported_with_feed_key_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(BAD, file="feeds.yaml")
    issues = {(i.line, i.feed_id, i.key) for i in caught.value.issues}
    messages = "\n".join(str(i) for i in caught.value.issues)
    assert (2, None, "defaults.max_items") in issues
    # a bad default is reported once, not once per feed
    assert sum(1 for i in caught.value.issues if i.key.endswith("max_items")) == 1
    assert (8, "broken", "items") in issues
    assert (10, "broken", "fields.titel") in issues
    assert (11, "broken", "fields.date.timezone") in issues
    assert (11, "broken", "fields.date.languages") in issues
    assert (12, "#3", "id") in issues
    assert (15, "ok", "formats.1") in issues
    assert "invalid CSS selector 'div[['" in messages
    assert "unknown key" in messages
    assert "Mars/Olympus" in messages
    assert "feeds.yaml:10: feed 'broken' fields.titel:" in messages


def test_duplicate_ids_are_an_error() -> None:
    text = "feeds:\n  - {id: a, url: x.html}\n  - {id: a, url: y.html}\n"
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    (issue,) = caught.value.issues
    assert issue.line == 3 and issue.key == "id" and "first used on line 2" in issue.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("feeds: [", "not valid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        ("feeds: {id: x}\n", "must be a list"),
        ("feeds:\n  - 42\n", "a feed must be a mapping"),
    ],
)
def test_malformed_files_get_one_clear_message(text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse_config(text)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.yaml: no such file$"):
        load_config(tmp_path / "missing.yaml")
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ConfigError, match="cannot read it: Is a directory"):
        load_config(tmp_path / "folder.yaml")
    (tmp_path / "latin1.yaml").write_bytes("feeds: [] # caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(tmp_path / "latin1.yaml")


def test_shipped_schema_is_current() -> None:
    shipped = json.loads((ROOT / "feeds.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: feedsmith schema > feeds.schema.json"


def test_schema_accepts_the_shipped_config_and_rejects_typos() -> None:
    schema = json_schema()
    data = yaml.safe_load((ROOT / "feeds.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["feeds"][0]["fields"]["title"] = {"selectr": "h2"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_shipped_config_is_valid() -> None:
    config = load_config(ROOT / "feeds.yaml")
    assert {f.id for f in config.feeds if f.enabled} == {"maghreb-actu", "cd-san-ramon"}
