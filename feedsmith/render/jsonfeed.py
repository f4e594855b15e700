"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from typing import Any

from feedsmith.render._zone import in_zone
from feedsmith.types import Entry, Feed

VERSION = "https://jsonfeed.org/version/1.1"


def render_json(feed: Feed) -> bytes:
    doc: dict[str, Any] = {"version": VERSION, "title": feed.title, "home_page_url": feed.home_url}
    if feed.self_urls.get("json"):
        doc["feed_url"] = feed.self_urls["json"]
    if feed.description:
        doc["description"] = feed.description
    if feed.language:
        doc["language"] = feed.language
    if feed.websub_hub:
        doc["hubs"] = [{"type": "WebSub", "url": feed.websub_hub}]
    doc["items"] = [_item(entry, feed.timezone) for entry in feed.entries]
    # one line: with indent, json falls back from its C encoder to pure Python (~5x slower)
    return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")


def _item(entry: Entry, timezone: str | None) -> dict[str, Any]:
    assert entry.published is not None and entry.updated is not None
    item: dict[str, Any] = {"id": entry.id, "url": entry.link, "title": entry.title}
    body = entry.content_html or entry.summary_html
    item["content_html"] = body or ""
    if entry.summary_html and entry.content_html:
        item["summary"] = entry.summary_html
    if entry.image:
        item["image"] = entry.image
    item["date_published"] = in_zone(entry.published, timezone).isoformat()
    item["date_modified"] = in_zone(entry.updated, timezone).isoformat()
    if entry.author:
        item["authors"] = [{"name": entry.author}]
    if entry.categories:
        item["tags"] = list(entry.categories)
    if entry.language:
        item["language"] = entry.language
    if entry.source is not None:
        if entry.source.url != entry.link:
            item["external_url"] = entry.source.url
        # JSON Feed has no field for the original publisher: an extension object carries it
        item["_source"] = {"title": entry.source.title, "url": entry.source.url}
    return item
