"""Write a `Feed` as RSS 2.0, Atom 1.0 and JSON Feed 1.1, in memory.

Renderers are pure: the same feed always gives the same bytes (build dates come from the
entries, never the clock), so an unchanged feed is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from feedsmith.errors import RenderError
from feedsmith.render.atom import render_atom
from feedsmith.render.jsonfeed import render_json
from feedsmith.render.rss import render_rss
from feedsmith.types import Feed, Format, Rendered

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


def render(feed: Feed, formats: Iterable[Format]) -> tuple[Rendered, ...]:
    """Every requested format, or `RenderError` naming the one that failed."""
    out = []
    for fmt in formats:
        try:
            data = _RENDERERS[fmt](feed)
        except (ValueError, TypeError, KeyError) as exc:
            raise RenderError(f"cannot write {fmt}", feed_id=feed.id) from exc
        out.append(Rendered(format=fmt, filename=filename(feed.id, fmt), data=data))
    return tuple(out)
