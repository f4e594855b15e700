"""RSS and Atom files put together from each entry's kept XML (issue 13: a changed page).

feedgen writes a feed as one lxml tree. An entry's part of the output (``<item>…</item>``,
``<entry>…</entry>``) depends only on the entry, the format and the feed's zone: its depth in
the tree is fixed and every namespace it declares is declared on it. So the file for entries
E1…En is the channel's part around the entries, and the entries' parts in order. A build
renders with feedgen only the entries it has no part for (or, when it has them all, the first
one again, which is checked against the kept part), cuts that output into the channel's part
and the entries' parts, and puts the file together from them; the new parts are kept
(`feedsmith.reuse`) for the next build.

Cutting is done only where it cannot be wrong: each entry's element is counted in the output
(RSS's CDATA bodies may hold ``<item>`` as text: then the counts differ, and the file is
rendered in full as before, keeping nothing). JSON Feed is not cut (``json.dumps`` of a whole
feed costs less than a tenth of feedgen's work).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from feedsmith.types import Entry, Feed, Format

# each entry's element as feedgen's pretty printing writes it: (start of line, close tag)
_MARKS: dict[str, tuple[bytes, bytes, tuple[bytes, ...]]] = {
    # (line start, closing tag, every way the element's start tag can begin)
    "rss": (b"\n    <item", b"</item>\n", (b"<item>", b"<item ")),
    "atom": (b"\n  <entry", b"</entry>\n", (b"<entry>", b"<entry ")),
}


class Parts(Protocol):
    """Where entries' parts are kept between builds (`feedsmith.reuse.ItemMemo`)."""

    def part(self, entry: Entry, fmt: str, timezone: str | None) -> bytes | None: ...

    def keep_part(self, entry: Entry, fmt: str, timezone: str | None, data: bytes) -> None: ...


def cuttable(fmt: Format) -> bool:
    return fmt in _MARKS


def assemble(feed: Feed, fmt: Format, write: Callable[[Feed], bytes], parts: Parts) -> bytes | None:
    """The feed in ``fmt`` from kept parts and feedgen's output for the rest; None when it
    cannot be cut safely (the caller renders in full). Raises what ``write`` raises."""
    entries = feed.entries
    if not entries or fmt not in _MARKS:
        return None
    kept = [parts.part(entry, fmt, feed.timezone) for entry in entries]
    missing = [entry for entry, part in zip(entries, kept, strict=True) if part is None]
    probe = tuple(missing) if missing else entries[:1]
    cut = _cut(write(replace(feed, entries=probe)), fmt, len(probe))
    if cut is None:
        return None
    head, made, tail = cut
    if not missing:
        if made[0] != kept[0]:  # a kept part that is not what feedgen writes today
            return None
    else:
        fresh = iter(made)
        for index, entry in enumerate(entries):
            if kept[index] is None:
                data = next(fresh)
                kept[index] = data
                parts.keep_part(entry, fmt, feed.timezone, data)
    return head + b"".join(part for part in kept if part is not None) + tail


def _cut(data: bytes, fmt: str, count: int) -> tuple[bytes, Sequence[bytes], bytes] | None:
    """(before the entries, each entry's part, after them), or None when the output holds
    other than ``count`` entry elements back to back."""
    line_start, close, starts = _MARKS[fmt]
    if sum(data.count(s) for s in starts) != count or data.count(close) != count:
        return None
    made: list[bytes] = []
    position = data.find(line_start)
    if position < 0:
        return None
    first = begin = position + 1  # just after the line end before the first entry
    for _ in range(count):
        if data[begin - 1 : begin - 1 + len(line_start)] != line_start:
            return None  # not back to back
        end = data.find(close, begin)
        if end < 0:
            return None
        begin_next = end + len(close)
        made.append(data[begin:begin_next])
        begin = begin_next
    return data[:first], made, data[begin:]
