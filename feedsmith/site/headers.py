"""The `_headers` file of static hosts (Netlify, Cloudflare Pages): content types and cache
lifetimes of every file in public/."""

from __future__ import annotations

from feedsmith.render import page_filename
from feedsmith.site.files import CONTENT_TYPES, INDEX, INDEX_MAX_AGE, OPML, STYLESHEET
from feedsmith.site.listings import Listing


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
