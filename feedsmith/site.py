"""The files around the feeds in public/: the index page, the OPML list, the feed stylesheet,
and the HTTP headers for static hosts.

`collect` turns the config and each feed's recorded state into `Listing` values; the
``render_*`` functions turn listings into bytes and read no clock, so the same state always gives
the same files; `refresh` is the I/O shell that writes them, each only when its bytes changed.
Every address in these files is relative to public/ unless ``site.base_url`` is set, so the
folder works on any host, and from `feedsmith serve`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from feedsmith.config import Config, FeedConfig, Site, parse_interval
from feedsmith.health import Health, feed_health
from feedsmith.publish import write_atomic
from feedsmith.publishable import one_line, publishable_language, publishable_url, xml_safe
from feedsmith.render import EXTENSIONS, MEDIA_TYPES, in_zone, page_filename
from feedsmith.render.page import BASE_CSS, COPY_JS, FEED_CSS
from feedsmith.types import Format

log = logging.getLogger(__name__)

INDEX = "index.html"
OPML = "feeds.opml"
STYLESHEET = "feed.xsl"
HEADERS = "_headers"

# the order formats are offered in; the first one present is "the" feed address
# (format, extension, label, media type for autodiscovery links)
_LABELS: dict[Format, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
FORMATS: tuple[tuple[Format, str, str, str], ...] = tuple(
    (fmt, EXTENSIONS[fmt], label, MEDIA_TYPES[fmt]) for fmt, label in _LABELS.items()
)
# Content-Type a web server should send for each file in public/. RSS goes out as
# application/xml because browsers apply the stylesheet to that and show application/rss+xml
# as source; readers do not mind either way.
CONTENT_TYPES: dict[str, str] = {
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
# HTTP cache lifetime of a feed whose schedule is not a plain interval (cron, or none)
DEFAULT_MAX_AGE = 900
MAX_MAX_AGE = 86400
INDEX_MAX_AGE = 300

# the word status.json, `feedsmith status` and the health feed use (`feedsmith.health`)
HEALTH_CLASSES: dict[Health, str] = {
    "ok": "ok",
    "degraded": "warning",
    "drifting": "warning",
    "failing": "failing",
    "never built": "new",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedFile:
    """One published file of a feed."""

    format: Format
    filename: str
    label: str
    media_type: str
    # absolute when site.base_url is set, else relative to public/
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """What the index page and the OPML file say about one feed."""

    id: str
    title: str
    # the page the feed is made from (None until the first good build)
    home_url: str | None
    # the newest entry's time
    updated: datetime | None
    entries: int | None
    health: Health
    # failed runs in a row, and the last error, when failing
    failures: int
    last_error: str | None
    last_success: datetime | None
    note: str | None
    language: str | None
    files: tuple[FeedFile, ...]
    # how long an HTTP cache may keep the feed's files
    max_age: int
    # the feed's IANA zone: its dates are shown in it, as the site writes them
    timezone: str | None = None
    # the feed's web page (`<id>.html`), once it is in public/
    page: str | None = None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def max_age(feed: FeedConfig) -> int:
    """Seconds a cache may keep the feed: its rebuild interval (at most a day), else 15 min."""
    if feed.schedule and not feed.schedule.startswith("cron:"):
        return min(parse_interval(feed.schedule), MAX_MAX_AGE)
    return DEFAULT_MAX_AGE


def _health(state: Mapping[str, Any], has_files: bool) -> tuple[Health, str | None]:
    """The feed's health from its recorded state, in `feedsmith.health`'s words, and a note
    for a drifting or degraded feed. Keys may be missing (old or partial state)."""
    health = feed_health(state)
    if health == "never built" and has_files:
        health = "ok"  # built before its state was recorded
    elif health != "failing" and state.get("last_error") and not has_files:
        health = "failing"
    note = None
    if health == "drifting":
        drift = state.get("drift")
        note = drift if isinstance(drift, str) else "the page layout may have changed"
    elif health == "degraded":
        full_text = state.get("full_text")
        failed = full_text.get("failed") if isinstance(full_text, Mapping) else None
        note = (
            f"{failed or 'some'} article page(s) failed in the last run; entries keep the summary"
        )
    return health, note


def collect(
    config: Config, states: Mapping[str, Mapping[str, Any]], present: frozenset[str]
) -> tuple[Listing, ...]:
    """Every enabled feed, with what its state records, sorted by title then id.

    ``present`` holds the names of the files in public/: only those are linked.
    """
    base = config.site.base_url or ""
    listings = []
    for feed in config.feeds:
        if not feed.enabled:
            continue
        state = states.get(feed.id, {})
        wanted = set(feed.option("formats", [f[0] for f in FORMATS]))
        files = tuple(
            FeedFile(
                format=fmt,
                filename=feed.id + ext,
                label=label,
                media_type=media_type,
                url=base + feed.id + ext,
            )
            for fmt, ext, label, media_type in FORMATS
            if fmt in wanted and feed.id + ext in present
        )
        health, note = _health(state, bool(files))
        # what the state records came from pages: one line of XML-safe text, http(s) links only
        title = one_line(state.get("title")) if isinstance(state.get("title"), str) else None
        home = state.get("home_url") if isinstance(state.get("home_url"), str) else None
        error = state.get("last_error")
        listings.append(
            Listing(
                id=feed.id,
                title=title or one_line(feed.title) or feed.id,
                home_url=publishable_url(home),
                updated=_when(state.get("updated")),
                entries=_int(state.get("entries")),
                health=health,
                failures=_int(state.get("failures")) or 0,
                last_error=xml_safe(str(error)) if error else None,
                last_success=_when(state.get("last_success")),
                note=xml_safe(note) if note else None,
                language=publishable_language(feed.language),
                files=files,
                max_age=max_age(feed),
                timezone=feed.timezone,
                page=base + page_filename(feed.id) if page_filename(feed.id) in present else None,
            )
        )
    return tuple(sorted(listings, key=lambda item: (item.title.casefold(), item.id)))


# --- the index page ---------------------------------------------------------------------------

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


# --- OPML -------------------------------------------------------------------------------------


def render_opml(site: Site, listings: tuple[Listing, ...]) -> bytes:
    """OPML 2.0 with one outline per published feed (its RSS file, else Atom, else JSON)."""
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = one_line(site.title) or "feedsmith"
    newest = max((item.updated for item in listings if item.updated), default=None)
    if newest is not None:
        etree.SubElement(head, "dateModified").text = format_datetime(newest, usegmt=True)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(opml, "body")
    for item in listings:
        if not item.files:
            continue
        outline = etree.SubElement(
            body,
            "outline",
            type="rss",
            text=item.title,
            title=item.title,
            xmlUrl=item.files[0].url,
        )
        if item.home_url:
            outline.set("htmlUrl", item.home_url)
        if item.language:
            outline.set("language", item.language)
    data: bytes = etree.tostring(opml, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


# --- HTTP headers for static hosts ------------------------------------------------------------


def render_headers(listings: tuple[Listing, ...]) -> bytes:
    """A ``_headers`` file (Netlify, Cloudflare Pages): content types and cache lifetimes.

    A feed may be cached as long as it takes to be rebuilt (its schedule interval, at most a
    day; 15 minutes when the schedule is not an interval); the index for 5 minutes.
    """
    lines = []
    for name, age in ((f"/{INDEX}", INDEX_MAX_AGE), ("/", INDEX_MAX_AGE)):
        lines += [name, f"  Cache-Control: public, max-age={age}"]
    lines += [f"/{OPML}", f"  Content-Type: {CONTENT_TYPES['.opml']}"]
    lines += [f"  Cache-Control: public, max-age={INDEX_MAX_AGE}"]
    lines += [f"/{STYLESHEET}", f"  Content-Type: {CONTENT_TYPES['.xsl']}"]
    lines += ["  Cache-Control: public, max-age=86400"]
    for item in sorted(listings, key=lambda i: i.id):
        names = [f.filename for f in item.files]
        if item.page:
            names.append(page_filename(item.id))
        for name in names:
            ext = name[len(item.id) :]
            lines += [f"/{name}", f"  Content-Type: {CONTENT_TYPES[ext]}"]
            lines += [f"  Cache-Control: public, max-age={item.max_age}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- the feed stylesheet ----------------------------------------------------------------------


def render_stylesheet() -> bytes:
    """The XSL stylesheet RSS and Atom files point browsers at (see ``Feed.stylesheet``)."""
    return _XSL.encode("utf-8")


_XSL = """<?xml version="1.0" encoding="UTF-8"?>
<!-- feedsmith: shows a feed as a page when a browser opens it; feed readers ignore this. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description"
      select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home"
      select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate' or not(@rel)]/@href"/>
  <xsl:variable name="self"
      select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <!-- the feed's title as text: RSS's was escaped once more when it would read as markup -->
  <xsl:template name="title">
    <xsl:choose>
      <xsl:when test="/rss">
        <xsl:value-of select="$title" disable-output-escaping="yes"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="data:,"/>
        <title><xsl:call-template name="title"/> (web feed)</title>
        <style>@CSS@</style>
      </head>
      <body>
        <div class="wrap">
          <header>
            <p class="badge">Web feed · <a href="index.html">all feeds</a></p>
            <h1><xsl:call-template name="title"/></h1>
            <xsl:if test="$description != $title">
              <p>
                <xsl:choose>
                  <!-- RSS: text with < and & escaped once more (readers take it for HTML) -->
                  <xsl:when test="/rss">
                    <xsl:value-of select="$description" disable-output-escaping="yes"/>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="$description"/></xsl:otherwise>
                </xsl:choose>
              </p>
            </xsl:if>
            <p>Made from <a href="{$home}"><xsl:value-of select="$home"/></a></p>
          </header>
          <section class="feed subscribe">
            <h2>How to subscribe</h2>
            <p>This page is a web feed. Copy its address into your feed reader (NetNewsWire,
            Feedly, Inoreader, Thunderbird, newsboat…) and new entries come to you.</p>
            <div class="copy">
              <label for="feed-url">Feed address</label>
              <input id="feed-url" type="url" readonly="readonly" value="{$self}"
                  placeholder="the address of this page"/>
              <button type="button" data-copy="feed-url" hidden="hidden">Copy</button>
            </div>
          </section>
          <main>
            <h2>Latest entries</h2>
            <xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
              <article class="entry">
                <h3>
                  <a href="{link | atom:link[@rel='alternate' or not(@rel)]/@href}">
                    <!-- an RSS title that would read as markup was escaped once more -->
                    <xsl:value-of select="title" disable-output-escaping="yes"/>
                    <xsl:value-of select="atom:title"/>
                  </a>
                </h3>
                <p class="meta">
                  <!-- as a person writes it: the day and time in the feed's own zone (the
                       offset the file carries), without seconds; "UTC" only when it is UTC -->
                  <xsl:choose>
                    <xsl:when test="pubDate">
                      <xsl:value-of select="substring(normalize-space(pubDate), 1, 22)"/>
                      <xsl:if test="contains(pubDate, '+0000') or contains(pubDate, 'GMT')">
                        <xsl:text> UTC</xsl:text>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:value-of
                          select="translate(substring(atom:published, 1, 16), 'T', ' ')"/>
                      <xsl:if test="contains(atom:published, 'Z') or
                          substring(atom:published, string-length(atom:published) - 5) = '+00:00'">
                        <xsl:text> UTC</xsl:text>
                      </xsl:if>
                    </xsl:otherwise>
                  </xsl:choose>
                </p>
                <div class="summary">
                  <!-- HTML summaries were sanitised (nh3) when the feed was built; an Atom
                       summary of type text (an entry's title) is text -->
                  <xsl:value-of select="description | atom:summary[@type='html']"
                      disable-output-escaping="yes"/>
                  <xsl:value-of select="atom:summary[not(@type='html')]"/>
                </div>
              </article>
            </xsl:for-each>
          </main>
        </div>
        <script>@JS@</script>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
"""

_XSL_JS = """
var field = document.getElementById("feed-url");
if (!field.value) { field.value = location.href; }
""" + _JS.replace("new URL(field.value, document.baseURI).href", "field.value")
# xsl:output escapes nothing inside <style> and <script> in html mode, but the text must be XML
_XSL = _XSL.replace("@CSS@", html.escape(FEED_CSS, quote=False)).replace(
    "@JS@", html.escape(_XSL_JS.strip(), quote=False)
)


# --- writing ----------------------------------------------------------------------------------


def render_site(config: Config, listings: tuple[Listing, ...]) -> tuple[tuple[str, bytes], ...]:
    """Every site file as (name, bytes)."""
    return (
        (INDEX, render_index(config.site, listings)),
        (OPML, render_opml(config.site, listings)),
        (STYLESHEET, render_stylesheet()),
        (HEADERS, render_headers(listings)),
    )


def refresh(
    config: Config,
    states: Mapping[str, Mapping[str, Any]],
    public_dir: Path,
    *,
    present: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """Write the site files that changed; return their names. ``present``: the names of the
    files published (by default, those in ``public_dir``). Raises `PublishError`."""
    if present is None:
        present = (
            frozenset(p.name for p in public_dir.iterdir() if p.is_file())
            if public_dir.is_dir()
            else frozenset()
        )
    files = render_site(config, collect(config, states, present))
    written = tuple(name for name, data in files if write_atomic(public_dir / name, data))
    if written:
        log.info("site files written: %s", ", ".join(written))
    return written
