"""The index page: every feed, its health and its files, copyable addresses, and the
autodiscovery links."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedsmith.config import Site
from feedsmith.health import Health
from feedsmith.publishable import one_line
from feedsmith.render import in_zone
from feedsmith.render.page import BASE_CSS, COPY_JS
from feedsmith.site.files import OPML
from feedsmith.site.listings import Listing

# the word status.json, `feedsmith status` and the health feed use (`feedsmith.health`)
HEALTH_CLASSES: dict[Health, str] = {
    "ok": "ok",
    "degraded": "warning",
    "drifting": "warning",
    "failing": "failing",
    "never built": "new",
}


_CSS = BASE_CSS
_JS = COPY_JS


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _date(value: datetime, timezone: str | None = None) -> str:
    """A date as a person reads it: in the feed's zone when it has one (its own day and
    hour, as the site prints them), else in UTC, saying so."""
    if timezone is None or timezone.upper() in {"UTC", "ETC/UTC", "GMT", "ETC/GMT"}:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return in_zone(value, timezone).strftime("%Y-%m-%d %H:%M")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or url).removeprefix("www.")


def _listing_html(item: Listing) -> str:
    anchor = f"feed-{item.id}"
    meta = []
    if item.home_url:
        meta.append(
            f'<span>from <a class="source" rel="external" href="{_e(item.home_url)}">'
            f"{_e(_host(item.home_url))}</a></span>"
        )
    meta.append(f'<span class="health health-{HEALTH_CLASSES[item.health]}">{item.health}</span>')
    if item.entries is not None:
        meta.append(f"<span>{item.entries} entr{'y' if item.entries == 1 else 'ies'}</span>")
    if item.updated is not None:
        meta.append(
            f'<span>updated <time datetime="{in_zone(item.updated, item.timezone).isoformat()}">'
            f"{_date(item.updated, item.timezone)}</time></span>"
        )
    heading = (
        f'<a class="page" href="{_e(item.page)}">{_e(item.title)}</a>'
        if item.page
        else _e(item.title)
    )
    parts = [f'<article class="feed" id="{_e(anchor)}">', f"<h2>{heading}</h2>"]
    parts.append(f'<p class="meta">{"".join(meta)}</p>')
    if item.health == "failing":
        # nothing here changes from one failed run to the next, so the page is not rewritten
        since = (
            f" (last good build {_date(item.last_success, item.timezone)})"
            if item.last_success
            else ""
        )
        error = f": {_e(item.last_error)}" if item.last_error else ""
        parts.append(f'<p class="error">Failing{since}{error}</p>')
    elif item.note:
        parts.append(f'<p class="error">{_e(item.note)}</p>')
    if item.files:
        main = item.files[0]
        field = f"url-{item.id}"
        parts.append(
            f'<div class="copy"><label for="{_e(field)}">{_e(main.label)} address of '
            f"{_e(item.title)}</label>"
            f'<input id="{_e(field)}" type="url" readonly value="{_e(main.url)}">'
            f'<button type="button" data-copy="{_e(field)}" hidden>Copy</button></div>'
        )
        links = "".join(
            f'<a href="{_e(f.url)}" type="{f.media_type}">{f.label}</a>' for f in item.files
        )

        parts.append(f'<p class="formats">{links}</p>')
    else:
        parts.append('<p class="meta">No feed file published yet.</p>')
    parts.append("</article>")
    return "\n".join(parts)


def render_index(site: Site, listings: tuple[Listing, ...]) -> bytes:
    """The index page: every feed, its health and its files, and the autodiscovery links."""
    base = site.base_url or ""
    alternates = [
        f'<link rel="alternate" type="{f.media_type}" '
        f'title="{_e(item.title)} ({f.label})" href="{_e(f.url)}">'
        for item in listings
        for f in item.files
    ]
    built = sum(1 for item in listings if item.files)
    body = "\n".join(_listing_html(item) for item in listings) or (
        "<p>No feeds yet: add some to feeds.yaml and run <code>feedsmith build</code>.</p>"
    )
    opml = _e(base + OPML)
    site_title = one_line(site.title) or "feedsmith"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="feedsmith">
<link rel="icon" href="data:,">
<title>{_e(site_title)}</title>
{chr(10).join(alternates)}
<link rel="outline" type="text/x-opml" title="All feeds (OPML)" href="{opml}">
<style>
{_CSS}
</style>
</head>
<body>
<div class="wrap">
<header>
<h1>{_e(site_title)}</h1>
<p>{len(listings)} feed{"" if len(listings) == 1 else "s"}, {built} published.
Copy a feed's address into your feed reader, or import
<a href="{opml}" type="text/x-opml">all feeds at once (OPML)</a>.</p>
</header>
<main>
{body}
</main>
<footer class="howto">
<h2>How to subscribe</h2>
<p>A feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird, newsboat…) checks these feeds for
you and shows each new entry once. Paste a feed's address into the reader's "add feed" or
"subscribe" box; most readers also accept this page's own address and find every feed on it.
To add them all, import the OPML file. RSS, Atom and JSON Feed carry the same entries: pick
the one your reader prefers (RSS works everywhere).</p>
<p>Made with feedsmith.</p>
</footer>
</div>
<script>
{_JS}
</script>
</body>
</html>
"""
    return page.encode("utf-8")
