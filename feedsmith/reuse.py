"""Work done for items seen before, kept and reused (issue 13: a page that changed a little).

A news page changes by an item or two an hour; the other items are, byte for byte, what they
were. Selecting an item's fields and normalising them (dates, links, sanitising, ids) depends
only on the item's markup, the page's address, the feed's settings and the code, so its result
is kept per feed, keyed by exactly those, and the next build takes it back instead of doing the
work again:

    key = digest(code and library versions, the feed's settings, page URL, base URL, markup)
    key → the item's raw values (`RawItem`), and its `Entry` with the item's diagnostics

An entry is kept only when nothing in it depends on the clock: its date was read from text
that gives day, month and year by itself (`Reading.fixed`: not "il y a 2 heures", not a date
dateparser completed from today, not one reached because an earlier candidate lay in the
future). Otherwise the raw values are reused and the item is normalised again, as on a cold
build. An item is not keyed at all (always done in full) when a field selector may look outside
the item's own markup (XPath axes to parents, siblings or the document root; CSS position
classes) or when the item sits inside a link (a heading's link may be the one around it).

Rendering is kept the same way: each entry's parts of the RSS and Atom files
(`feedsmith.render.fragments`), keyed by every field of the entry as published, the feed's
zone and the code.

The records live in the state store (`Store.reuse_records`, one table for SQLite and
PostgreSQL), are read once per build of a feed, and after a successful build hold the keys of
that build only. Two kinds of row, small and cheap to read and write:

- an item's row: compact JSON, positional (``[raw]``, and when its entry is kept
  ``[raw, entry, notes]``; ``raw`` as a list of the `RawItem` fields the markup gives, in
  `_RAW_KEPT`'s order, and the entry as a list of its fields in `Entry`'s order);
- an entry's row (``part:`` and the entry's digest): its part of each format, as the text
  itself, ``fmt US part`` for each format one after the other (US, the unit separator
  U+001F, cannot occur in XML 1.0).

Keys are 128-bit digests as hex. Compressing the rows (zlib) would halve the bytes again but
cost more CPU than it saves (measured: bench/README, issue 13). The output is the cold build's:
the tests compare a build from the kept records with a build from an empty state, byte for
byte.
"""

from __future__ import annotations

import hashlib
import json
import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

from feedsmith import __version__
from feedsmith.config import FeedConfig
from feedsmith.selectors import compile_selector
from feedsmith.types import Diagnostic, Entry, RawItem, Source

# libraries whose behaviour is part of an item's result or of an entry's kept part (feedgen
# writes the parts: a kept part written by another version would sit beside a new entry's)
_LIBRARIES = ("lxml", "nh3", "cssselect", "dateparser", "feedgen", "tzdata")
# compiled XPath that may read outside the item's own subtree
_OUTSIDE = re.compile(r"ancestor|parent::|following|preceding|\.\.|\bid\(|\blang\(|(^|[\s(|,\[])/")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of feedsmith's source and the versions of the libraries items go through: a
    change to either makes every kept record unused (no version to remember to bump)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    digest.update(f"zoneinfo={zone_rules_version()}".encode())
    return digest.hexdigest()


def zone_rules_version() -> str:
    """The version of the system's time zone rules ("2025b"), which zoneinfo reads before the
    tzdata package: new rules can move a kept local date, so they are part of every key."""
    for folder in zoneinfo.TZPATH:
        try:
            with open(Path(folder) / "tzdata.zi", encoding="utf-8") as rules:
                first = rules.readline()
        except OSError:
            continue
        return first.removeprefix("# version").strip() or "unknown"
    return "none"


def applies(feed: FeedConfig) -> bool:
    """Whether the feed's items can be keyed by their markup: an HTML list read with the
    feed's selectors, none of which looks outside the item."""
    if feed.type != "html" or feed.items is None or feed.render is not None:
        return False
    from feedsmith.extract.fields import DEFAULT_FIELDS

    specs = feed.fields.specs() or DEFAULT_FIELDS
    return all(
        spec.selector is None or not _OUTSIDE.search(compile_selector(spec.selector).path)
        for spec in specs.values()
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Kept:
    """An entry (None: the item is dropped) and the item's diagnostics, as normalise gave."""

    entry: Entry | None
    # (level, message, field) of each diagnostic; the item's index is today's
    notes: tuple[tuple[str, str, str | None], ...]


class ItemMemo:
    """One feed's kept records for one build: what to reuse, and what this build adds.

    Not thread-safe; one build of one feed uses it.
    """

    def __init__(self, feed: FeedConfig, page_url: str, stored: Mapping[str, str]) -> None:
        self.feed_id = feed.id
        settings = hashlib.sha256()
        for part in (code_version(), feed.model_dump_json(), page_url):
            settings.update(part.encode("utf-8", "surrogatepass") + b"\0")
        self._settings = settings.digest()
        self._stored = stored
        self._decoded: dict[str, list[Any]] = {}
        # the keys this build met, and the item records it made
        self.used: set[str] = set()
        self.fresh: dict[str, list[Any]] = {}
        # entries' parts: as stored (read when first asked for), and as this build made them
        self._parts: dict[str, dict[str, str]] = {}
        self._made: set[str] = set()
        self._entries: dict[int, tuple[Entry, str]] = {}

    def key(self, node: etree._Element, base_url: str) -> str | None:
        """The item's key, or None when the item must be read in full each time."""
        if next(node.iterancestors("a"), None) is not None:
            return None
        digest = hashlib.sha256(self._settings)
        digest.update(base_url.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(etree.tostring(node, with_tail=False, encoding="utf-8"))
        key = digest.hexdigest()[:_KEY_CHARS]
        self.used.add(key)
        return key

    def _record(self, key: str) -> list[Any] | None:
        if key in self.fresh:
            return self.fresh[key]
        record = self._decoded.get(key)
        if record is None:
            text = self._stored.get(key)
            if text is None:
                return None
            record = self._decoded[key] = json.loads(text)
        return record

    def raw(self, key: str, index: int, base_url: str) -> RawItem | None:
        """The item's raw values as read before (on a page whose base URL was ``base_url``:
        the key holds it), numbered ``index``; None if not kept."""
        record = self._record(key)
        if record is None:
            return None
        return raw_from(record[0], index=index, base_url=base_url, key=key)

    def keep_raw(self, key: str, item: RawItem) -> None:
        self.fresh[key] = [raw_to(item)]

    def normalised(self, item: RawItem) -> tuple[Entry | None, list[Diagnostic]] | None:
        """The item's entry and diagnostics as normalised before; None if not kept."""
        record = self._record(item.key) if item.key else None
        if record is None or len(record) < _KEPT:
            return None
        entry = _entry_from(record[1]) if record[1] is not None else None
        notes = [
            Diagnostic(
                feed_id=self.feed_id,
                level=level,
                message=message,
                item=item.index,
                field=field,
            )
            for level, message, field in record[2]
        ]
        return entry, notes

    def keep_normalised(self, item: RawItem, entry: Entry | None, notes: list[Diagnostic]) -> None:
        if item.key is None or item.key not in self.fresh:
            return
        record = self.fresh[item.key]
        del record[1:]
        record.append(_entry_to(entry) if entry is not None else None)
        record.append([[d.level, d.message, d.field] for d in notes])

    def part(self, entry: Entry, fmt: str, timezone: str | None) -> bytes | None:
        """The entry's part of a ``fmt`` file as written before (`render.fragments`)."""
        text = self._parts_of(self._part_key(entry, timezone)).get(fmt)
        return text.encode("utf-8") if text is not None else None

    def keep_part(self, entry: Entry, fmt: str, timezone: str | None, data: bytes) -> None:
        text = data.decode("utf-8")
        if _SEP in text:  # cannot be in XML; never kept, so that a row always splits right
            return
        key = self._part_key(entry, timezone)
        self._parts_of(key)[fmt] = text
        self._made.add(key)

    def _parts_of(self, key: str) -> dict[str, str]:
        parts = self._parts.get(key)
        if parts is None:
            text = self._stored.get(key)
            fields = text.split(_SEP) if text else []
            if len(fields) % 2:  # not a row this module wrote: as if nothing were kept
                fields = []
            parts = self._parts[key] = dict(zip(fields[::2], fields[1::2], strict=True))
        return parts

    def _part_key(self, entry: Entry, timezone: str | None) -> str:
        # every field of the entry (its repr) and the zone its dates are written in; the
        # entry's digest once for all formats (the same entry objects come for each)
        known = self._entries.get(id(entry))
        if known is None or known[0] is not entry:
            digest = hashlib.sha256(f"{code_version()}\0{timezone}\0".encode())
            digest.update(repr(entry).encode("utf-8", "surrogatepass"))
            key = "part:" + digest.hexdigest()[:_KEY_CHARS]
            self.used.add(key)
            known = self._entries[id(entry)] = (entry, key)
        return known[1]

    def changes(self) -> tuple[set[str], dict[str, str]]:
        """(the kept keys this build did not meet, the rows it made or changed): what the
        store forgets and what it writes, so that it holds this build's keys only."""
        stale = set(self._stored) - self.used
        fresh = {key: _dumps(record) for key, record in self.fresh.items()}
        for key in self._made:
            parts = self._parts[key].items()
            fresh[key] = _SEP.join(f"{fmt}{_SEP}{text}" for fmt, text in parts)
        return stale, fresh


# keys: 128 bits of a SHA-256 digest, as hex
_KEY_CHARS = 32
# between the formats and parts of an entry's row: a control character XML 1.0 cannot hold
# (NUL would be one too, but PostgreSQL's text cannot hold it either)
_SEP = "\x1f"
# an item record's length when its entry and notes are kept
_KEPT = 3
# compact JSON through the C encoder: the records are read back by this module only
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# `RawItem`'s fields a kept record holds, each with what turns its JSON back into the field's
# type; the others are the build's own (`raw_from`'s arguments). tests/test_reuse.py checks
# that the two together are every field, so a new field cannot be dropped on reuse.
_RAW_KEPT: dict[str, Callable[[Any], Any]] = {
    "values": dict,
    "dates": tuple,
    "categories": tuple,
    "year_from_fetch": bool,
}
_RAW_GIVEN = frozenset({"index", "base_url", "key"})


def raw_to(item: RawItem) -> list[Any]:
    """The item's kept fields, as JSON values, in `_RAW_KEPT`'s order."""
    out: list[Any] = []
    for name in _RAW_KEPT:
        value = getattr(item, name)
        out.append(
            dict(value)
            if isinstance(value, Mapping)
            else list(value)
            if isinstance(value, tuple)
            else value
        )
    return out


def raw_from(data: list[Any], *, index: int, base_url: str, key: str | None) -> RawItem:
    """The `RawItem` `raw_to` gave ``data`` for, numbered ``index`` on today's page."""
    kept = {
        name: decode(value) for (name, decode), value in zip(_RAW_KEPT.items(), data, strict=True)
    }
    return RawItem(index=index, base_url=base_url, key=key, **kept)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _entry_to(entry: Entry) -> list[Any]:
    # `Entry`'s fields in order (tests/test_reuse.py checks that none is left out)
    return [
        entry.id,
        entry.link,
        entry.title,
        _iso(entry.published),
        _iso(entry.updated),
        entry.summary_html,
        entry.content_html,
        entry.author,
        entry.image,
        list(entry.categories),
        [entry.source.title, entry.source.url] if entry.source else None,
        entry.dated,
        entry.relative_date,
        entry.language,
        entry.day_only,
    ]


def _entry_from(data: list[Any]) -> Entry:
    (
        id_,
        link,
        title,
        published,
        updated,
        summary_html,
        content_html,
        author,
        image,
        categories,
        source,
        dated,
        relative_date,
        language,
        day_only,
    ) = data
    return Entry(
        id=id_,
        link=link,
        title=title,
        published=datetime.fromisoformat(published) if published else None,
        updated=datetime.fromisoformat(updated) if updated else None,
        summary_html=summary_html,
        content_html=content_html,
        author=author,
        image=image,
        categories=tuple(categories),
        source=Source(title=source[0], url=source[1]) if source else None,
        dated=dated,
        relative_date=relative_date,
        language=language,
        day_only=day_only,
    )
