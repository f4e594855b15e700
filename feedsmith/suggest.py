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
from typing import Any

import lxml.html
from pydantic import ValidationError

from feedsmith.config import FeedConfig
from feedsmith.errors import ExtractError, FeedsmithError
from feedsmith.extract import auto, extract, parse_html
from feedsmith.extract.fields import find_items, text_of
from feedsmith.identity import (
    Identity,
    declared_address,
    derive_id,
    feed_title,
    guess_timezone,
    read_identity,
)
from feedsmith.normalise import normalise
from feedsmith.normalise.html import html_to_text
from feedsmith.normalise.urls import absolute, canonical
from feedsmith.types import Entry, Page, RawItem

__all__ = [
    "PreviewItem",
    "Proposal",
    "Suggestion",
    "clean_selector",
    "derive_id",
    "feed_id_for",
    "is_layout_class",
    "page_address",
    "propose",
    "suggest",
]

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
# classes that say where a block sits in a layout, not what it is: grid cells and rows
# (`col-md-6`, `h-c-grid__col--6`), spacing and display utilities (`mt-4`, `d-flex`, `w-1/2`),
# responsive variants (`md:flex`). A selector built on them breaks with the next redesign.
_LAYOUT_WORDS = frozenset(
    [
        "col",
        "cols",
        "column",
        "columns",
        "row",
        "rows",
        "grid",
        "cell",
        "span",
        "container",
        "wrapper",
        "wrap",
        "inner",
        "outer",
        "layout",
        "flex",
        "clearfix",
        "cf",
        "pull",
        "push",
        "offset",
        "order",
        "gutter",
        "gap",
        "g",
        "gx",
        "gy",
        "float",
        "hidden",
        "visible",
    ]
)
_UTILITY_CLASS = re.compile(
    r"^(?:[mp][trblxyse]?|[dwh]|gap|space-[xy]|text|font|bg|border|rounded|shadow|leading|"
    r"tracking|min-[wh]|max-[wh]|items|justify|align-items|align-self|self|basis|grow|shrink|"
    r"z|top|left|right|bottom|inset|opacity|overflow|position)-[\w./-]+$"
    r"|^[\w-]*:[\w:./-]+$"  # md:flex, hover:underline
    r"|^(?:col|span|offset|[sml])\d+$"  # span6, s12, m6
)
# a placeholder id for the feeds built to check a proposal; never written anywhere
_CHECK_ID = "suggested"


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewItem:
    """One item as the proposed feed would publish it."""

    title: str
    # absolute
    link: str
    # aware: in the UTC offset the page wrote the time in (the page's own day), else UTC;
    # None when the page gives no readable date
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
    # its site name, single heading and region, for the proposal's title, id and time zone
    identity: Identity
    # why the proposal is what it is, one sentence each
    notes: tuple[str, ...]

    @property
    def method_name(self) -> str:
        return _METHOD_NAMES.get(self.method, self.method)


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """A feed entry for feeds.yaml, as plain values in the order they should be written."""

    # id, title, url, language, timezone, items, fields (each present only when it has a value)
    entry: Mapping[str, Any]
    # a comment to write above the entry
    comment: str
    # key → a comment for the end of its line: why `items` is `auto`, that `timezone` is a guess
    comments: Mapping[str, str]


def suggest(page: Page, *, now: datetime) -> Suggestion:
    """Detect the article list on `page` and propose checked selectors for it.

    Raises:
        ExtractError: the page is empty, unparsable, or has no recognisable article list.
    """
    root = parse_html(page)
    detection = auto.detect(root, page.url, page.fetched_at)
    language = _language(root.get("lang"))
    identity = read_identity(root, (item.values.get("title") or "" for item in detection.items))
    title = identity.title or ""
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
    zones = _written_zones(detection.items)
    return Suggestion(
        page_url=page.url,
        method=detection.method,
        items=tuple(_preview(e, zones.get(e.link)) for e in preview),
        selectors=selectors,
        feed_links=detection.feed_links,
        title=title or None,
        language=language,
        identity=identity,
        notes=tuple(notes),
    )


def propose(
    suggestion: Suggestion, *, feed_id: str, url: str, title: str | None = None
) -> Proposal:
    """The feeds.yaml entry for a suggestion: its title from the site and section names, its
    time zone guessed from the page's language and country (and said to be a guess)."""
    entry: dict[str, Any] = {"id": feed_id}
    title = title or feed_title(suggestion.identity, url) or suggestion.title
    if title:
        entry["title"] = title
    entry["url"] = url
    comments: dict[str, str] = {}
    if suggestion.language:
        entry["language"] = suggestion.language
    zone = guess_timezone(suggestion.identity, url)
    if zone is not None:
        entry["timezone"] = zone.zone
        comments["timezone"] = f"a guess from {zone.reason}: check it"
    selectors = suggestion.selectors
    if selectors:
        entry["items"] = selectors["items"]
        entry["fields"] = {name: selectors[name] for name in PROPOSED_FIELDS if name in selectors}
        how = "CSS selectors checked against the page"
    else:
        entry["items"] = "auto"
        comments["items"] = f"found in {suggestion.method_name}"
        how = "automatic detection"
    comment = f"{len(suggestion.items)} item(s) on the page when proposed; {how}"
    return Proposal(entry=entry, comment=comment, comments=comments)


def feed_id_for(suggestion: Suggestion, url: str, taken: Iterable[str]) -> str:
    """The proposal's id: site and section, unique against `taken`."""
    site = suggestion.identity.site_name or (feed_title(suggestion.identity, url) or "")
    return derive_id(url, taken, site_name=site.split(":")[0] or None)


def page_address(page: Page) -> tuple[str, str] | None:
    """The public address a saved page declares for itself (canonical link or og:url) and
    which of them said it; None when it gives none (see `identity.declared_address`)."""
    try:
        return declared_address(parse_html(page))
    except FeedsmithError:
        return None


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
    return _without_layout(page, selectors, got, expected, language, now)


def _without_layout(
    page: Page,
    selectors: dict[str, str],
    got: tuple[Entry, ...],
    expected: Sequence[Entry],
    language: str | None,
    now: datetime,
) -> tuple[dict[str, str], None, tuple[Entry, ...]]:
    """The checked selectors with layout and utility classes left out and no step a browser
    would not match (`tbody`, `table > tr`), where the real extraction still gives the same
    items: all at once, else one selector at a time."""
    cleaned = {name: clean_selector(selector) for name, selector in selectors.items()}
    if cleaned == selectors:
        return selectors, None, got
    problem, tried = _try(page, cleaned, expected, language, now)
    if problem is None:
        return cleaned, None, tried
    best = dict(selectors)
    for name, selector in cleaned.items():
        if selector == best[name]:
            continue
        problem, tried = _try(page, {**best, name: selector}, expected, language, now)
        if problem is None:
            best[name], got = selector, tried
    return best, None, got


_COMPOUND = re.compile(
    r"^(?P<tag>[A-Za-z*][\w-]*)?(?P<rest>(?:[.#][\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?)*)$"
)
_PART = re.compile(r"[.#][\w-]+|\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?")


def is_layout_class(name: str) -> bool:
    """A class that places a block in a layout (grid, spacing, display) rather than naming it."""
    low = name.lower()
    if _UTILITY_CLASS.match(low):
        return True
    return any(word in _LAYOUT_WORDS for word in re.split(r"[-_]+", low) if word)


def clean_selector(selector: str) -> str:
    """``selector`` without layout classes, `tbody`/`thead` steps and `>` before `tr` (HTML
    parsers differ there: browsers add a `tbody`, lxml does not). A step left with nothing
    to say is dropped, unless it is the last."""
    if selector.startswith("xpath:") or "," in selector:
        return selector
    tokens = re.split(r"(\s*[>+~]\s*|\s+)", selector.strip())
    steps: list[tuple[str, str, bool]] = []  # (combinator before, compound, lost classes)
    combinator = ""
    for token in tokens:
        if not token:
            continue
        if not token.strip() or token.strip() in {">", "+", "~"}:
            combinator = token.strip() or " "
            continue
        match = _COMPOUND.match(token)
        if match is None:
            return selector  # a syntax this does not know: leave it as it is
        tag = match.group("tag") or ""
        every = _PART.findall(match.group("rest"))
        parts = [p for p in every if not (p.startswith(".") and is_layout_class(p[1:]))]
        steps.append((combinator, tag + "".join(parts), len(parts) < len(every)))
        combinator = ""
    kept: list[tuple[str, str]] = []
    dropped = False
    for i, (combinator, compound, lost) in enumerate(steps):
        last = i == len(steps) - 1
        name = re.match(r"[A-Za-z]*", compound)
        tag = name.group(0).lower() if name else ""
        # an ancestor that now says nothing (`*`, a bare `div` that had only layout classes)
        # or that an HTML parser may or may not add (`tbody`): drop it
        bare = compound in {"", "*"} or (lost and compound == tag)
        if not last and (bare or tag in {"tbody", "thead", "tfoot"}):
            dropped = True
            continue
        if dropped or tag in {"tr", "td", "th"}:
            combinator = " "
        dropped = False
        kept.append((combinator, compound or "*"))
    if not kept:
        return selector
    text = kept[0][1]
    for combinator, compound in kept[1:]:
        text += " " + compound if combinator in {"", " "} else f" {combinator} {compound}"
    return text


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


def _written_zones(items: Iterable[RawItem]) -> dict[str, datetime]:
    """By entry link: the first date candidate that is an ISO 8601 time with a UTC offset
    (`2024-09-07T22:29:00-05:00`), as written."""
    zones: dict[str, datetime] = {}
    for item in items:
        link = absolute(item.values.get("link"), item.base_url)
        for text in item.dates:
            written = _aware_iso(text)
            if written is not None and link is not None:
                zones.setdefault(canonical(link), written)
                break
    return zones


def _aware_iso(text: str) -> datetime | None:
    text = text.strip()
    if len(text) < 16 or not text[:4].isdigit() or text[4:5] != "-":
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _preview(entry: Entry, written: datetime | None = None) -> PreviewItem:
    """The item as the feed publishes it; its date in the offset the page wrote it in, when
    the date is that written time (the same instant, shown on the page's own day)."""
    date = entry.published
    if date is not None and written is not None and written == date:
        date = written
    return PreviewItem(
        title=entry.title,
        link=entry.link,
        date=date,
        summary=html_to_text(entry.summary_html),
        image=entry.image,
    )
