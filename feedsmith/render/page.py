"""A feed as a web page (`public/<id>.html`): what a person sees who opens a feed in a browser.

Browsers are dropping XSLT (Chromium shows a banner over styled feeds and is removing it), so
the page a person reads is plain HTML: the feed's latest entries with their dates in the feed's
time zone, how to subscribe (the address to copy, every format), a link back to the index, and
`<link rel="alternate">` tags so a reader given this page's address finds the feeds. No
external assets but the entries' own images; no clock: the same feed gives the same bytes.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedsmith.types import Entry, Feed, Format

__all__ = ["BASE_CSS", "COPY_JS", "FEED_CSS", "PAGE_EXTENSION", "render_page"]

PAGE_EXTENSION = ".html"
# the index page links here; a feed page links back to it
INDEX = "index.html"

BASE_CSS = """
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;
--line:#d1d9e0;--accent:#0969da;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;
--card:#151b23;--line:#3d444d;--accent:#4493f8;--ok:#3fb950;--warn:#d29922;--bad:#f85149}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.wrap{max-width:50rem;margin:0 auto;padding:1rem}
header h1{font-size:1.7rem;margin:.5rem 0 .25rem}
header p{margin:.25rem 0;color:var(--muted)}
a{color:var(--accent)}
.feed{background:var(--card);border:1px solid var(--line);border-radius:.6rem;
padding:.9rem 1rem;margin:1rem 0}
.feed h2{font-size:1.2rem;margin:0 0 .2rem;overflow-wrap:anywhere}
.meta{margin:.2rem 0;color:var(--muted);font-size:.95rem}
.meta span+span::before{content:" · ";color:var(--muted);font-weight:400}
.health{font-weight:600}
.health-ok{color:var(--ok)}.health-warning{color:var(--warn)}
.health-failing{color:var(--bad)}.health-new{color:var(--muted)}
.error{margin:.4rem 0;padding:.4rem .6rem;border-left:3px solid var(--bad);font-size:.9rem;
overflow-wrap:anywhere}
.copy{display:flex;gap:.5rem;margin:.6rem 0 .4rem}
.copy label{position:absolute;left:-9999px}
.copy input{flex:1;min-width:0;font:inherit;font-size:.9rem;padding:.35rem .5rem;
border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border-radius:.4rem;cursor:pointer;
border:1px solid var(--accent);background:var(--accent);color:#fff}
.formats{margin:.2rem 0;font-size:.95rem}
.formats a{margin-right:.9rem}
.howto{border-top:1px solid var(--line);margin-top:2rem;color:var(--muted);font-size:.95rem}
""".strip()

# Copy buttons appear only when scripts run; without them the address stays selectable text.
COPY_JS = """
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  field.value = new URL(field.value, document.baseURI).href;
  button.hidden = false;
  button.addEventListener("click", function () {
    function done() {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }
    function fallback() { field.select(); document.execCommand("copy"); done(); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, fallback);
    } else {
      fallback();
    }
  });
});
""".strip()

# a feed's own view: the per-feed page, and the XSL view of its files (feedsmith.site)
FEED_CSS = (
    BASE_CSS
    + """
.badge{font-size:.9rem;text-transform:uppercase;letter-spacing:.05em}
.subscribe h2{margin-top:0;font-size:1.15rem}
main h2{font-size:1.2rem}
.entry{border-bottom:1px solid var(--line);padding:.7rem 0}
.entry h3{font-size:1.05rem;margin:0;overflow-wrap:anywhere}
.entry .meta{font-size:.9rem}
.summary{overflow-wrap:anywhere}
.summary img{max-width:100%;height:auto}
"""
)

# the formats offered, in order: the first one the feed has is "the" address to copy
_FORMATS: tuple[tuple[Format, str, str, str], ...] = (
    ("rss", ".xml", "RSS", "application/rss+xml"),
    ("atom", ".atom", "Atom", "application/atom+xml"),
    ("json", ".json", "JSON Feed", "application/feed+json"),
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _when(value: datetime, zone: ZoneInfo, *, day_only: bool = False) -> str:
    """`2025-10-29 14:05 CET` in the feed's zone (the day alone when the page gave no time)."""
    local = value.astimezone(zone)
    if day_only:
        return local.strftime("%Y-%m-%d")
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "UTC")


def _entry_html(entry: Entry, zone: ZoneInfo) -> str:
    parts = [
        '<article class="entry">',
        f'<h3><a href="{_e(entry.link)}">{_e(entry.title)}</a></h3>',
    ]
    meta = []
    if entry.published is not None:
        when = _when(entry.published, zone, day_only=entry.day_only)
        label = "" if entry.dated else "first seen "
        # a day given alone is a day in the feed's zone, not an instant
        machine = (
            entry.published.astimezone(zone).date().isoformat()
            if entry.day_only
            else entry.published.isoformat()
        )
        meta.append(f'<span>{label}<time datetime="{machine}">{when}</time></span>')
    if entry.author:
        meta.append(f"<span>{_e(entry.author)}</span>")
    if meta:
        parts.append(f'<p class="meta">{"".join(meta)}</p>')
    if entry.summary_html:
        # sanitised (nh3) when the entry was normalised, as in the feed files themselves
        parts.append(f'<div class="summary">{entry.summary_html}</div>')
    parts.append("</article>")
    return "\n".join(parts)


def render_page(feed: Feed, formats: tuple[Format, ...]) -> bytes:
    """The feed's page: entries newest first, dates in the feed's zone, how to subscribe."""
    zone = _zone(feed.timezone)
    files = [
        (label, media, feed.self_urls.get(fmt) or feed.id + ext)
        for fmt, ext, label, media in _FORMATS
        if fmt in formats
    ]
    alternates = "\n".join(
        f'<link rel="alternate" type="{media}" title="{_e(feed.title)} ({label})" href="{_e(url)}">'
        for label, media, url in files
    )
    index = INDEX
    if feed.self_urls:
        any_url = next(iter(feed.self_urls.values()))
        index = any_url.rsplit("/", 1)[0] + "/" + INDEX
    subscribe = ""
    if files:
        label, _, main = files[0]
        links = "".join(
            f'<a href="{_e(url)}" type="{media}">{label}</a>' for label, media, url in files
        )
        subscribe = f"""<section class="feed subscribe">
<h2>Subscribe</h2>
<p>Copy this address into your feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird,
newsboat…): new entries then come to you. Most readers also accept this page's own address.</p>
<div class="copy"><label for="feed-url">{_e(label)} address of {_e(feed.title)}</label>
<input id="feed-url" type="url" readonly value="{_e(main)}">
<button type="button" data-copy="feed-url" hidden>Copy</button></div>
<p class="formats">{links}</p>
</section>"""
    updated = ""
    if feed.entries:
        updated = (
            f'<span>updated <time datetime="{feed.updated.isoformat()}">'
            f"{_when(feed.updated, zone)}</time></span>"
        )
    source = (
        f'<span>made from <a rel="external" href="{_e(feed.home_url)}">'
        f"{_e(feed.home_url)}</a></span>"
        if feed.home_url
        else ""
    )
    description = (
        f"<p>{_e(feed.description)}</p>"
        if feed.description and feed.description != feed.title
        else ""
    )
    entries = "\n".join(_entry_html(entry, zone) for entry in feed.entries) or (
        "<p>No entries yet.</p>"
    )
    count = len(feed.entries)
    page = f"""<!DOCTYPE html>
<html lang="{_e(feed.language or "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="feedsmith">
<link rel="icon" href="data:,">
<title>{_e(feed.title)}</title>
{alternates}
<style>
{FEED_CSS}
</style>
</head>
<body>
<div class="wrap">
<header>
<p class="badge">Web feed · <a href="{_e(index)}">all feeds</a></p>
<h1>{_e(feed.title)}</h1>
{description}
<p class="meta">{source}{updated}<span>times in {_e(zone.key)}</span></p>
</header>
{subscribe}
<main>
<h2>Latest entries ({count})</h2>
{entries}
</main>
<footer class="howto"><p>Made with feedsmith.</p></footer>
</div>
<script>
{COPY_JS}
</script>
</body>
</html>
"""
    return page.encode("utf-8")
