"""Checks that published feeds are valid for real consumers."""

from __future__ import annotations

import json
from datetime import datetime
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
    _w3c_atom_checks(doc)
    return parsed


_ATOM = "{http://www.w3.org/2005/Atom}"


def _w3c_atom_checks(doc: etree._Element) -> None:
    """Two checks of the W3C Feed Validation Service that every Atom file must pass: textual
    content in every entry, and a plausible feed date (not before feeds existed, not older than
    an entry). A distinct updated per entry holds only where the source gave an order
    (tests/test_feed_validity.py)."""
    updated = []
    for entry in doc.iterfind(f"{_ATOM}entry"):
        text = entry.find(f"{_ATOM}summary")
        if text is None:
            text = entry.find(f"{_ATOM}content")
        assert text is not None and (text.text or "").strip(), "an entry without textual content"
        updated.append(datetime.fromisoformat(entry.findtext(f"{_ATOM}updated") or ""))
    feed_date = datetime.fromisoformat(doc.findtext(f"{_ATOM}updated") or "")
    assert feed_date.year >= 1995, f"implausible feed date {feed_date}"
    assert all(feed_date >= u for u in updated), "the feed is older than an entry"


# every key JSON Feed 1.1 defines (https://www.jsonfeed.org/version/1.1/), by object; keys that
# start with "_" are extensions and may hold anything
JSON_FEED_KEYS = {
    "feed": {
        "version", "title", "home_page_url", "feed_url", "description", "user_comment",
        "next_url", "icon", "favicon", "authors", "author", "language", "expired", "hubs",
        "items",
    },
    "item": {
        "id", "url", "external_url", "title", "content_html", "content_text", "summary",
        "image", "banner_image", "date_published", "date_modified", "authors", "author",
        "tags", "language", "attachments",
    },
    "author": {"name", "url", "avatar"},
    "attachment": {"url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"},
    "hub": {"type", "url"},
}  # fmt: skip


def _json_keys(obj: dict[str, Any], kind: str) -> None:
    unknown = {k for k in obj if not k.startswith("_")} - JSON_FEED_KEYS[kind]
    assert not unknown, f"not JSON Feed 1.1 {kind} keys: {sorted(unknown)}"


def _rfc3339(value: object) -> None:
    assert isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None, value


def check_json(data: bytes) -> dict[str, Any]:
    """Required keys, and no key that JSON Feed 1.1 does not define, with the types it gives."""
    doc: dict[str, Any] = json.loads(data)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    assert isinstance(doc["items"], list)
    _json_keys(doc, "feed")
    for key in ("home_page_url", "feed_url", "description", "icon", "favicon", "language"):
        assert isinstance(doc.get(key, ""), str), key
    for author in doc.get("authors", []):
        _json_keys(author, "author")
    for hub in doc.get("hubs", []):
        _json_keys(hub, "hub")
    for item in doc["items"]:
        _json_keys(item, "item")
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        for key in ("date_published", "date_modified"):
            if key in item:
                _rfc3339(item[key])
        tags = item.get("tags", [])
        assert isinstance(tags, list) and all(isinstance(t, str) for t in tags), tags
        for author in item.get("authors", []):
            _json_keys(author, "author")
        for attachment in item.get("attachments", []):
            _json_keys(attachment, "attachment")
            assert isinstance(attachment["url"], str) and isinstance(attachment["mime_type"], str)
    return doc


def check_public(public: Path, feed_id: str) -> dict[str, Any]:
    """Validate all three files of a feed; return what each parser made of them."""
    return {
        "rss": check_rss((public / f"{feed_id}.xml").read_bytes()),
        "atom": check_atom((public / f"{feed_id}.atom").read_bytes()),
        "json": check_json((public / f"{feed_id}.json").read_bytes()),
    }
