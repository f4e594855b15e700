"""Write a `Feed` as RSS 2.0, Atom 1.0 and JSON Feed 1.1, and as a web page, in memory.

Renderers are pure: the same feed always gives the same bytes (build dates come from the
entries, never the clock), so an unchanged feed is never rewritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from feedsmith.errors import RenderError
from feedsmith.publishable import publishable_feed, xml_safe
from feedsmith.render._feedgen import rss_and_atom
from feedsmith.render._zone import in_zone
from feedsmith.render.atom import render_atom
from feedsmith.render.fragments import Parts, assemble
from feedsmith.render.jsonfeed import render_json
from feedsmith.render.page import PAGE_EXTENSION, render_page
from feedsmith.render.rss import render_rss
from feedsmith.types import Diagnostic, Entry, Feed, Format, Rendered

__all__ = ["EXTENSIONS", "MEDIA_TYPES", "filename", "in_zone", "render", "render_checked"]

EXTENSIONS: dict[Format, str] = {"rss": ".xml", "atom": ".atom", "json": ".json"}
MEDIA_TYPES: dict[Format, str] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
_RENDERERS: dict[Format, Callable[[Feed], bytes]] = {
    "rss": render_rss,
    "atom": render_atom,
    "json": render_json,
}


def filename(feed_id: str, fmt: Format) -> str:
    return feed_id + EXTENSIONS[fmt]


def page_filename(feed_id: str) -> str:
    """The feed's web page in public/."""
    return feed_id + PAGE_EXTENSION


def feed_files(feed_id: str) -> tuple[str, ...]:
    """Every file a feed may have in public/ (each format, and its page): the one list that
    removing a feed, and checking that a feed's files collide with no other file, go by."""
    return (*(filename(feed_id, fmt) for fmt in EXTENSIONS), page_filename(feed_id))


def render(feed: Feed, formats: Iterable[Format]) -> tuple[Rendered, ...]:
    """Every requested format, or `RenderError` naming the one that failed."""
    return render_checked(feed, formats)[0]


def render_published(
    feed: Feed, formats: Iterable[Format], parts: Parts | None = None
) -> tuple[tuple[Rendered, ...], tuple[Diagnostic, ...]]:
    """What a build publishes for a feed: every requested format, then its web page
    (`<id>.html`), all made publishable; and what was dropped on the way. With ``parts``,
    RSS and Atom are put together from entries' parts written before (`render.fragments`)."""
    return render_checked(feed, formats, page=True, parts=parts)


def render_checked(
    feed: Feed, formats: Iterable[Format], *, page: bool = False, parts: Parts | None = None
) -> tuple[tuple[Rendered, ...], tuple[Diagnostic, ...]]:
    """Every requested format of the feed made publishable (`feedsmith.publishable`), and what
    was dropped on the way. An entry that a format still cannot write loses the fields that
    stop it (each with a warning), then, if need be, its place in that format; never the feed.
    With ``page``, the feed's web page follows the formats. Raises `RenderError` only when the
    feed itself cannot be written."""
    feed, notes = publishable_feed(feed)
    formats = tuple(formats)
    writers = _writers(formats)
    out = []
    for fmt in formats:
        write = writers[fmt]
        try:
            data = (assemble(feed, fmt, write, parts) if parts is not None else None) or write(feed)
        except (ValueError, TypeError, KeyError) as exc:
            write = _RENDERERS[fmt]
            salvaged, dropped = _salvage(feed, write, fmt)
            notes += dropped
            try:
                data = write(salvaged)
            except (ValueError, TypeError, KeyError):
                raise RenderError(f"cannot write {fmt}", feed_id=feed.id) from exc
        out.append(Rendered(format=fmt, filename=filename(feed.id, fmt), data=data))
    if page:
        try:
            html = render_page(feed, formats)
        except (ValueError, TypeError, KeyError) as exc:
            raise RenderError("cannot write the feed's page", feed_id=feed.id) from exc
        out.append(Rendered(format="html", filename=page_filename(feed.id), data=html))
    return tuple(out), notes


def _writers(formats: tuple[Format, ...]) -> dict[Format, Callable[[Feed], bytes]]:
    """Each format's writer; RSS then Atom share one feedgen generator (`_RssThenAtom`)."""
    writers = dict(_RENDERERS)
    if "rss" in formats and "atom" in formats and formats.index("rss") < formats.index("atom"):
        shared = _RssThenAtom()
        writers["rss"], writers["atom"] = shared.rss, shared.atom
    return writers


class _RssThenAtom:
    """RSS and Atom written from one feedgen generator, each entry built once
    (`_feedgen.rss_and_atom`): writing RSS keeps the Atom bytes of the same feed, which
    writing Atom next hands over; any other feed is written in full."""

    def __init__(self) -> None:
        self._atom: tuple[Feed, bytes] | None = None

    def rss(self, feed: Feed) -> bytes:
        self._atom = None
        rss, atom = rss_and_atom(feed)
        if atom is not None:
            self._atom = (feed, atom)
        return rss

    def atom(self, feed: Feed) -> bytes:
        kept, self._atom = self._atom, None
        if kept is not None and kept[0] == feed:
            return kept[1]
        return render_atom(feed)


# what may be dropped from an entry that cannot be written, least useful first
_OPTIONAL = ("language", "source", "categories", "image", "author", "summary_html", "content_html")


def _salvage(
    feed: Feed, write: Callable[[Feed], bytes], fmt: Format
) -> tuple[Feed, tuple[Diagnostic, ...]]:
    """The feed without what stops ``write``: each failing entry alone is written again with
    its optional fields dropped one by one; an entry that still fails is left out."""
    kept: list[Entry] = []
    notes: list[Diagnostic] = []
    for entry in feed.entries:
        if _writes(write, feed, entry):
            kept.append(entry)
            continue
        cleaned = dataclasses.replace(
            entry,
            summary_html=xml_safe(entry.summary_html) if entry.summary_html else None,
            content_html=xml_safe(entry.content_html) if entry.content_html else None,
        )
        if _writes(write, feed, cleaned):
            kept.append(cleaned)
            continue
        for name in _OPTIONAL:
            if not getattr(entry, name):
                continue
            entry = dataclasses.replace(entry, **{name: _EMPTY[name]})  # type: ignore[arg-type]
            notes.append(_dropped(feed, entry, f"{name} dropped: {fmt} cannot hold it", name))
            if _writes(write, feed, entry):
                kept.append(entry)
                break
        else:
            notes.append(_dropped(feed, entry, f"left out of {fmt}: it cannot be written", None))
    return dataclasses.replace(feed, entries=tuple(kept)), tuple(notes)


_EMPTY: dict[str, object] = {
    "language": None,
    "source": None,
    "categories": (),
    "image": None,
    "author": None,
    "summary_html": None,
    "content_html": None,
}


def _writes(write: Callable[[Feed], bytes], feed: Feed, entry: Entry) -> bool:
    try:
        write(dataclasses.replace(feed, entries=(entry,)))
    except (ValueError, TypeError, KeyError):
        return False
    return True


def _dropped(feed: Feed, entry: Entry, message: str, field: str | None) -> Diagnostic:
    return Diagnostic(
        feed_id=feed.id, level="warning", message=f"entry {entry.id!r}: {message}", field=field
    )
