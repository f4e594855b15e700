"""The files the site writes into public/, the Content-Type a web server should send for every
file there, and how long an HTTP cache may keep them."""

from __future__ import annotations

INDEX = "index.html"
OPML = "feeds.opml"
STYLESHEET = "feed.xsl"
HEADERS = "_headers"


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
