"""Checks that published feeds are valid for real consumers."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"


@cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def check_rss(data: bytes) -> Any:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    return parsed


def check_atom(data: bytes) -> Any:
    doc = etree.fromstring(data)
    schema = atom_schema()
    assert schema.validate(doc), schema.error_log
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def check_json(data: bytes) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(data)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    assert isinstance(doc["items"], list)
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
    return doc


def check_public(public: Path, feed_id: str) -> dict[str, Any]:
    """Validate all three files of a feed; return what each parser made of them."""
    return {
        "rss": check_rss((public / f"{feed_id}.xml").read_bytes()),
        "atom": check_atom((public / f"{feed_id}.atom").read_bytes()),
        "json": check_json((public / f"{feed_id}.json").read_bytes()),
    }
