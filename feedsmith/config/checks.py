"""Checks of single values in feeds.yaml: feed ids (the files they name), CSS/XPath selectors,
JSON paths and time zones. Each returns the value or raises ValueError saying why."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith.jsonpath import PathSyntaxError, compile_path
from feedsmith.selectors import SelectorSyntaxError, compile_selector

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
FEED_ID_PATTERN = ID_PATTERN  # public: `feedsmith add --id` checks ids before fetching
# A feed's files are public/<id>.xml, .atom and .json, and a temporary file beside each while it
# is written (`.<name>.<random>.tmp`): 200 characters leave room under the usual 255-byte limit.
MAX_ID_LENGTH = 200
# The stems of the files the site writes into public/ itself (index.html, feeds.opml, feed.xsl,
# _headers, status.json, _health.atom): a feed with one of these ids would overwrite one of them
# or be overwritten (tests/test_config.py checks the list against what the site writes).
RESERVED_IDS = frozenset({"index", "feeds", "feed", "_headers", "status", "_health"})


def check_feed_id(value: str) -> str:
    """The id, or ValueError saying why it cannot name a feed's files (the pattern aside)."""
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(
            f"id is {len(value)} characters long; at most {MAX_ID_LENGTH} (it names files)"
        )
    if value.casefold() in RESERVED_IDS:
        raise ValueError(
            f"id {value!r} is reserved: public/ holds the site's own {value.lower()}.* file "
            "(index.html, feeds.opml, feed.xsl, _headers, status.json and _health.atom are "
            "taken); choose another id"
        )
    return value


def check_selector(value: str | None) -> str | None:
    if value is not None:
        try:
            compile_selector(value)
        except SelectorSyntaxError as exc:
            raise ValueError(str(exc)) from None
    return value


def check_path(value: str) -> str:
    try:
        compile_path(value)
    except PathSyntaxError as exc:
        raise ValueError(str(exc)) from None
    return value


def check_timezone(value: str | None) -> str | None:
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)"
            ) from None
    return value


def check_css(value: str) -> str:
    """The selector, or ValueError when it is not valid CSS (for article-page selectors)."""
    from cssselect import SelectorError
    from lxml.cssselect import CSSSelector

    try:
        CSSSelector(value)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {value!r}: {exc}") from None
    return value
