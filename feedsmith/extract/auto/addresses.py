"""Addresses in a list: which links can be items, an address's key for comparing two (scheme and
host lower-cased, one trailing slash rule), and whether a path looks like an article's slug."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_SLUG_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}|\d{4,}|\.s?html?$|^\d{1,4}$", re.I)
_NON_ITEM_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")


def is_item_href(href: str | None) -> bool:
    if not href:
        return False
    href = href.strip()
    return bool(href) and not href.lower().startswith(_NON_ITEM_SCHEMES)


def url_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}?{parts.query}"


def is_same_url(link: str | None, base: str) -> bool:
    return bool(link) and url_key(urljoin(base, link or "")) == url_key(base)


def slug_like(url: str) -> bool:
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    return any(_SLUG_SEGMENT.search(s) for s in segments) or len(segments) >= 2
