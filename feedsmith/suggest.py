"""Propose a feed entry for a page nobody has written selectors for.

`suggest` runs automatic detection on a fetched page, turns what it found into a preview (the
items as a feed would show them) and into proposed CSS selectors. The selectors are only
proposed after a check: a feed built from them goes through the real extraction and
normalisation, and must give the same items as detection did: the same links, titles and dates,
and a summary and an image where detection found one.
When it does not, or when the list came from structured data that has no selectors (JSON-LD,
embedded app state), the proposal is `items: auto`, with the reason in `notes`.

Pure: takes a `Page` and the time, touches no network and no file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
from pydantic import ValidationError

from feedsmith.config import FeedConfig
from feedsmith.errors import ExtractError
from feedsmith.extract import auto, extract, parse_html
from feedsmith.extract.fields import find_items, text_of
from feedsmith.normalise import normalise
from feedsmith.normalise.html import html_to_text
from feedsmith.types import Entry, Page

__all__ = ["PreviewItem", "Proposal", "Suggestion", "derive_id", "propose", "suggest"]

# the fields a proposal gives selectors for, in the order they are written
PROPOSED_FIELDS = ("title", "link", "date", "summary", "image")
# how detection's methods are named in messages
_METHOD_NAMES = {
    "json-ld": "JSON-LD structured data",
    "microdata": "schema.org microdata",
    "next-data": "embedded application state (__NEXT_DATA__ and the like)",
    "heuristic": "the repeated block of article links",
    "blocks": "the article teasers of several blocks of the page",
}
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")
_ID_CHARS = re.compile(r"[^a-z0-9]+")
# a placeholder id for the feeds built to check a proposal; never written anywhere
_CHECK_ID = "suggested"


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewItem:
    """One item as the proposed feed would publish it."""

    title: str
    # absolute
    link: str
    # aware UTC; None when the page gives no readable date
    date: datetime | None
    # plain text
    summary: str
    # absolute, or None
    image: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    """What `suggest` found on a page and what it proposes."""

    # the address relative links were resolved against (the page URL or --base-url)
    page_url: str
    # the detection method: json-ld, microdata, next-data, heuristic or blocks
    method: str
    items: tuple[PreviewItem, ...]
    # checked CSS selectors: "items" plus fields relative to one item; empty means `items: auto`
    selectors: Mapping[str, str]
    # feeds the page advertises itself (absolute URLs)
    feed_links: tuple[str, ...]
    # the page's own title and language (primary subtag), when it declares them
    title: str | None
    language: str | None
    # why the proposal is what it is, one sentence each
    notes: tuple[str, ...]

    @property
    def method_name(self) -> str:
        return _METHOD_NAMES.get(self.method, self.method)


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """A feed entry for feeds.yaml, as plain values in the order they should be written."""

    # id, title, url, language, items, fields (each present only when it has a value)
    entry: Mapping[str, Any]
    # a comment to write above the entry
    comment: str
    # a comment for the `items` line, when it is `auto`
    items_comment: str | None


def suggest(page: Page, *, now: datetime) -> Suggestion:
    """Detect the article list on `page` and propose checked selectors for it.

    Raises:
        ExtractError: the page is empty, unparsable, or has no recognisable article list.
    """
    root = parse_html(page)
    detection = auto.detect(root, page.url)
    language = _language(root.get("lang"))
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    auto_feed = _check_feed(page.url, language, None)
    expected, _ = normalise(detection.items, auto_feed, page_url=page.url, now=now)
    if not expected:
        raise ExtractError(
            "automatic detection found no article list on this page; "
            "write an `items` selector for it (see `feedsmith check`)",
            url=page.url,
        )
    notes: list[str] = []
    selectors: dict[str, str] = {}
    preview = expected
    method_name = _METHOD_NAMES.get(detection.method, detection.method)
    if "items" not in detection.selectors and detection.method == "blocks":
        notes.append(
            "The articles sit in several blocks of the page (lead, lists, boxes), which no one "
            "CSS selector gives together: `items: auto` gathers them on every build."
        )
    elif "items" not in detection.selectors:
        notes.append(
            f"The list was found in the page's {method_name}, not in its HTML layout, so there "
            "are no CSS selectors to propose: `items: auto` reads the same data on every build."
        )
    else:
        selectors, problem, got = _checked_selectors(page, root, detection, expected, language, now)
        if problem is not None:
            notes.append(
                "The CSS selectors derived from the page do not give the same items as detection "
                f"({problem}), so the proposal is `items: auto`, which runs detection on every "
                "build."
            )
        else:
            preview = got  # what the proposed feed will publish
            notes.append(
                f"Found by {method_name}; the proposed selectors were run through the real "
                f"extraction and give the same {len(expected)} item(s)."
            )
    return Suggestion(
        page_url=page.url,
        method=detection.method,
        items=tuple(_preview(e) for e in preview),
        selectors=selectors,
        feed_links=detection.feed_links,
        title=title or None,
        language=language,
        notes=tuple(notes),
    )


def propose(
    suggestion: Suggestion, *, feed_id: str, url: str, title: str | None = None
) -> Proposal:
    """The feeds.yaml entry for a suggestion."""
    entry: dict[str, Any] = {"id": feed_id}
    if title or suggestion.title:
        entry["title"] = title or suggestion.title
    entry["url"] = url
    if suggestion.language:
        entry["language"] = suggestion.language
    selectors = suggestion.selectors
    items_comment = None
    if selectors:
        entry["items"] = selectors["items"]
        entry["fields"] = {name: selectors[name] for name in PROPOSED_FIELDS if name in selectors}
        how = "CSS selectors checked against the page"
    else:
        entry["items"] = "auto"
        items_comment = f"found in {suggestion.method_name}"
        how = "automatic detection"
    comment = f"{len(suggestion.items)} item(s) on the page when proposed; {how}"
    return Proposal(entry=entry, comment=comment, items_comment=items_comment)


def derive_id(url: str, taken: Iterable[str]) -> str:
    """A readable feed id from the URL's host (`www.example.co.uk/news` → `example-co`), or a
    local file's name, made unique against `taken` with -2, -3, …"""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host:
        labels = host.split(".")
        if len(labels) > 1 and not labels[-1].isdigit():
            labels = labels[:-1]
        stem = "-".join(labels)
    else:
        stem = Path(unquote(parts.path) or url).stem
    base = _ID_CHARS.sub("-", stem.lower()).strip("-") or "feed"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --------------------------------------------------------------------------------------------


def _language(lang: str | None) -> str | None:
    match = _LANG.match((lang or "").strip())
    return match.group(1).lower() if match else None


def _check_feed(url: str, language: str | None, selectors: Mapping[str, str] | None) -> FeedConfig:
    data: dict[str, Any] = {"id": _CHECK_ID, "url": url, "language": language}
    if selectors is not None:
        data["items"] = selectors["items"]
        data["fields"] = {name: selectors[name] for name in PROPOSED_FIELDS if name in selectors}
    return FeedConfig.model_validate(data)


def _checked_selectors(
    page: Page,
    root: lxml.html.HtmlElement,
    detection: auto.Detection,
    expected: Sequence[Entry],
    language: str | None,
    now: datetime,
) -> tuple[dict[str, str], str | None, tuple[Entry, ...]]:
    """The detection's selectors and the entries a feed built from them gives, if those are the
    `expected` entries; else ({}, the first difference, ())."""
    selectors = {k: v for k, v in detection.selectors.items() if k in {"items", *PROPOSED_FIELDS}}
    problem, got = _try(page, selectors, expected, language, now)
    if problem is not None and "date" not in selectors and any(e.dated for e in expected):
        # detection read the dates from the items' text: find the element that holds them, or
        # let the date field read the item's whole text
        for date in (*_date_selectors(root, selectors["items"], detection), "."):
            with_date = {**selectors, "date": date}
            retry, got = _try(page, with_date, expected, language, now)
            if retry is None:
                return with_date, None, got
    if problem is not None:
        return {}, problem, ()
    return selectors, None, got


def _date_selectors(
    root: lxml.html.HtmlElement, items_selector: str, detection: auto.Detection
) -> list[str]:
    """Simple selectors (tag.class, tag) for the element holding the first item's date text."""
    dates = detection.items[0].dates if detection.items else ()
    items = find_items(root, items_selector)
    if not dates or not items:
        return []
    text = dates[-1]
    holder = None
    for el in items[0].iter():
        if isinstance(el.tag, str) and text in text_of(el):
            holder = el  # iter() is depth-first, so the last match is the innermost
    if holder is None or holder is items[0]:
        return []
    tag = str(holder.tag)
    classes = [c for c in (holder.get("class") or "").split() if re.fullmatch(r"[A-Za-z][\w-]*", c)]
    return [*(f"{tag}.{c}" for c in classes[:2]), tag]


def _try(
    page: Page,
    selectors: Mapping[str, str],
    expected: Sequence[Entry],
    language: str | None,
    now: datetime,
) -> tuple[str | None, tuple[Entry, ...]]:
    """What differs first between the selectors' entries and the expected ones (None when
    nothing does), and the selectors' entries."""
    try:
        feed = _check_feed(page.url, language, selectors)
    except ValidationError as exc:
        return f"a selector is not valid: {exc.errors()[0]['msg']}", ()
    try:
        extraction = extract(page, feed)
    except ExtractError as exc:
        return exc.message, ()
    got, _ = normalise(extraction.items, feed, page_url=page.url, now=now)
    return _difference(expected, got), got


def _difference(expected: Sequence[Entry], got: Sequence[Entry]) -> str | None:
    if len(got) != len(expected):
        return f"{len(got)} item(s) instead of {len(expected)}"
    for n, (want, have) in enumerate(zip(expected, got, strict=True), 1):
        for name in ("link", "title", "published"):
            if getattr(want, name) != getattr(have, name):
                return (
                    f"item {n}: {name} {_short(getattr(have, name))} "
                    f"instead of {_short(getattr(want, name))}"
                )
        # a summary is text for detection and HTML for selectors, and an image may be another
        # size from the same srcset: what must match is whether the item has one
        for name in ("summary_html", "image"):
            if bool(getattr(want, name)) != bool(getattr(have, name)):
                field = name.removesuffix("_html")
                return f"item {n}: {field} {'missing' if getattr(want, name) else 'extra'}"
    return None


def _short(value: object) -> str:
    if value is None:
        return "none"
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _preview(entry: Entry) -> PreviewItem:
    return PreviewItem(
        title=entry.title,
        link=entry.link,
        date=entry.published,
        summary=html_to_text(entry.summary_html),
        image=entry.image,
    )
