"""Snapshots: the user's own regression tests for their sources.

``save`` fetches the page a feed reads and stores, under ``snapshots/<feed id>/``, the page's
bytes exactly as received (``page.html``), how it was received (``meta.json``: URLs, status,
Content-Type, time) and the items extracted from it (``items.json``). The folder is plain files,
meant to be committed.

``compare`` re-runs extraction on a stored page, offline, with the feed's *current* config and
the snapshot's own fetch time as "now" (so relative dates read the same), and lists what changed:
items gained or lost, fields that differ. An edit to a selector, or to feedsmith itself, that
changes what a known page yields shows up before it reaches a feed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from feedsmith.config import FeedConfig
from feedsmith.decoding import decode
from feedsmith.errors import FeedsmithError
from feedsmith.pipeline import Runtime, inspect_page, request_options
from feedsmith.publish import write_atomic
from feedsmith.types import Entry, Page

PAGE_FILE = "page.html"
META_FILE = "meta.json"
ITEMS_FILE = "items.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    feed_id: str
    # one human-readable line per difference; empty when extraction is unchanged
    changes: tuple[str, ...]
    items: int


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "link": entry.link,
        "published": entry.published.isoformat() if entry.published else None,
        "summary_html": entry.summary_html,
        "author": entry.author,
        "image": entry.image,
        "categories": list(entry.categories),
    }


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def save(feed: FeedConfig, runtime: Runtime, root: Path, *, now: datetime) -> Path:
    """Fetch the feed's page and store page, meta and extracted items. Raises `FeedsmithError`
    when the page cannot be fetched; a page that extracts nothing is stored with no items."""
    url = runtime.config.resolve_url(feed)
    page = runtime.fetcher.fetch(url, request_options(feed, runtime.config.crawl), feed_id=feed.id)
    folder = root / feed.id
    meta = {
        "feed": feed.id,
        "url": page.requested_url,
        "final_url": page.url,
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "fetched_at": now.isoformat(),
    }
    try:
        entries = inspect_page(feed, page, now=now).entries
        error = None
    except FeedsmithError as exc:
        entries, error = (), str(exc)
    write_atomic(folder / PAGE_FILE, page.content)
    write_atomic(folder / META_FILE, _dump(meta))
    write_atomic(
        folder / ITEMS_FILE, _dump({"error": error, "items": [entry_record(e) for e in entries]})
    )
    return folder


def load_page(folder: Path) -> tuple[Page, datetime]:
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    content = (folder / PAGE_FILE).read_bytes()
    fetched_at = datetime.fromisoformat(meta["fetched_at"])
    charset = f"; charset={meta['encoding']}" if meta.get("encoding") else ""
    text, encoding = decode(content, meta.get("content_type", "") + charset)
    page = Page(
        requested_url=meta["url"],
        url=meta["final_url"],
        status=int(meta.get("status", 200)),
        content=content,
        text=text,
        encoding=encoding,
        content_type=meta.get("content_type", "text/html"),
        fetched_at=fetched_at,
    )
    return page, fetched_at


def compare(feed: FeedConfig, folder: Path) -> Comparison:
    """Re-extract the stored page and list how the items differ from the stored ones."""
    page, fetched_at = load_page(folder)
    expected = json.loads((folder / ITEMS_FILE).read_text(encoding="utf-8"))
    try:
        got = [entry_record(e) for e in inspect_page(feed, page, now=fetched_at).entries]
        error = None
    except FeedsmithError as exc:
        got, error = [], str(exc)
    changes = _differences(expected.get("items", []), got)
    if bool(error) != bool(expected.get("error")):
        changes.insert(0, f"now fails: {error}" if error else "no longer fails")
    return Comparison(feed_id=feed.id, changes=tuple(changes), items=len(got))


def _differences(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]
) -> list[str]:
    old = {item["id"]: item for item in before}
    new = {item["id"]: item for item in after}
    out = []
    if len(before) != len(after):
        out.append(f"{len(before)} item(s) before, {len(after)} now")
    out += [f"- lost: {old[i]['title']!r} ({i})" for i in old if i not in new]
    out += [f"+ new: {new[i]['title']!r} ({i})" for i in new if i not in old]
    for item_id, item in old.items():
        if item_id not in new:
            continue
        for key in sorted(set(item) | set(new[item_id])):
            if item.get(key) != new[item_id].get(key):
                out.append(
                    f"~ {item_id}: {key} was {_short(item.get(key))}, "
                    f"now {_short(new[item_id].get(key))}"
                )
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def snapshot_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / META_FILE).is_file())


def write_items(feed: FeedConfig, folder: Path) -> None:
    """Accept what extraction gives now as the snapshot's expected items."""
    page, fetched_at = load_page(folder)
    try:
        entries = inspect_page(feed, page, now=fetched_at).entries
        error = None
    except FeedsmithError as exc:
        entries, error = (), str(exc)
    write_atomic(
        folder / ITEMS_FILE, _dump({"error": error, "items": [entry_record(e) for e in entries]})
    )
