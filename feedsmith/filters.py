"""Keep or drop entries by the feed's `filters`: include/exclude patterns, a minimum title length.

Pure: entries in, the kept entries and one note per dropped entry out. Runs after normalise and
before full text, so a dropped entry never costs an article fetch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from feedsmith.config import FeedConfig, FilterRule, Filters
from feedsmith.normalise.html import html_to_text
from feedsmith.types import Diagnostic, Entry

__all__ = ["apply_filters", "drop_reason"]


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _field(entry: Entry, name: str) -> str:
    if name == "summary":
        return html_to_text(entry.summary_html)
    if name == "link":
        return entry.link
    if name == "author":
        return entry.author or ""
    return entry.title


def _matches(entry: Entry, rule: FilterRule) -> bool:
    regex = _compiled(rule.pattern)
    return any(regex.search(_field(entry, name)) for name in rule.fields)


def drop_reason(entry: Entry, filters: Filters) -> str | None:
    """None when the entry is kept, else the reason it is dropped."""
    minimum = filters.min_title_length
    if minimum and len(entry.title.strip()) < minimum:
        return f"title shorter than {minimum} characters"
    for rule in filters.exclude:
        if _matches(entry, rule):
            return f"matches exclude pattern {rule.pattern!r}"
    if filters.include and not any(_matches(entry, rule) for rule in filters.include):
        return "matches no include pattern"
    return None


def apply_filters(
    entries: Sequence[Entry], feed: FeedConfig
) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """The entries the feed's filters keep, in order, and an info note for each one dropped."""
    filters = feed.filters
    if filters is None:
        return tuple(entries), ()
    kept: list[Entry] = []
    notes: list[Diagnostic] = []
    for entry in entries:
        reason = drop_reason(entry, filters)
        if reason is None:
            kept.append(entry)
        else:
            notes.append(
                Diagnostic(
                    feed_id=feed.id, level="info", message=f"{entry.title!r} filtered out: {reason}"
                )
            )
    return tuple(kept), tuple(notes)
