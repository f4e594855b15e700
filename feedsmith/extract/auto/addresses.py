"""Addresses in a list: which links can be items, an address's key for comparing two (scheme and
host lower-cased, one trailing slash rule), and whether a path looks like an article's slug."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_SLUG_SEGMENT = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}|\d{4,}|\.s?html?$|^\d{1,4}$", re.I)
# letters and digits of an id (`b8ab03a8`, `c9pq2r7s1tuo`); five digits or more (`6231456`)
_ALNUM_ID = re.compile(r"(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{6,}", re.I)
_LONG_NUMBER = re.compile(r"\d{5,}")
_NUMBER = re.compile(r"\d+")
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


def site_of(host: str) -> str:
    """The site a host belongs to: its last two labels, three under a country's second level
    (`video.example.it` and `www.example.it` are one site; so are `a.example.co.uk` and
    `b.example.co.uk`)."""
    labels = host.lower().removeprefix("www.").split(".")
    size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-size:])


def has_id(url: str) -> bool:
    """The path names one page by an id or a date: a number of five digits or more, letters
    mixed with digits (`b8ab03a8`), or two numbers in a row (`/2024/05/…`); a topic's, a tag's
    or a section's address has none of these."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    numbers = 0
    for segment in segments:
        if _LONG_NUMBER.search(segment):
            return True
        if any(_ALNUM_ID.fullmatch(part) for part in re.split(r"[-_.]", segment)):
            return True
        numbers = numbers + 1 if _NUMBER.fullmatch(segment) else 0
        if numbers >= 2:
            return True
    return False
