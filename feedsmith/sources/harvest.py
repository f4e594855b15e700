"""What one fetched document of a source yields, and helpers the kinds of source share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import lxml.html
from lxml import etree

from feedsmith.extract import Extraction
from feedsmith.extract.fields import inner_html
from feedsmith.types import Diagnostic, Level


@dataclass(frozen=True, slots=True, kw_only=True)
class Harvest:
    """One document of a source, read: its items, and where the source goes on."""

    extraction: Extraction
    # the next page of the same list, found on this page (`next:` as a selector or path)
    next_url: str | None = None
    # documents this one points to, to read next in this order (a sitemap index's sitemaps)
    children: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def note(feed_id: str, level: Level, message: str) -> Diagnostic:
    return Diagnostic(feed_id=feed_id, level=level, message=message)


# ids meant to be unique everywhere: urn:…, tag:…, and full URLs (scheme://host…)
_GLOBAL_ID = re.compile(r"(?:urn|tag):|[a-z][a-z0-9+.-]*://[^/\s]", re.IGNORECASE)


def is_global_id(guid: str) -> bool:
    """Whether an entry id is meant to be unique everywhere (``urn:``, ``tag:``, a full URL)."""
    return _GLOBAL_ID.match(guid) is not None


def scoped_guid(guid: str | None, source_url: str, *, local: bool = False) -> str | None:
    """A source's own id made unique across sources: ``123`` becomes ``<source url>#123``.

    Ids that are already global (full URLs, ``urn:``, ``tag:``) are kept as they are, so a
    republished entry keeps the id readers of the original know; ``local`` says the id only
    looks global (a parser made a URL of a local id) and is scoped all the same.
    """
    if guid is None or not guid.strip():
        return None
    guid = guid.strip()
    return guid if is_global_id(guid) and not local else f"{source_url}#{guid}"


def site_root(url: str) -> str | None:
    """``https://example.org/a/b.xml`` → ``https://example.org/``; None for local files."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def absolute_html(html: str | None, base_url: str) -> str | None:
    """An HTML fragment with its links and (lazy) images made absolute against ``base_url``."""
    if not html or not html.strip():
        return None
    if "<" not in html:
        return html
    try:
        holder = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    return inner_html(holder, base_url)


# a numeric character reference, bare or escaped once (inside escaped HTML)
_REFERENCE = re.compile(rb"&(amp;)?#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def writable_references(content: bytes) -> bytes:
    """The document with references to characters that cannot exist (surrogates, above
    U+10FFFF), which make feedparser raise, turned into U+FFFD."""
    if b"&#" not in content and b"&amp;#" not in content:
        return content

    def fix(match: re.Match[bytes]) -> bytes:
        hex_digits, digits = match.group(2), match.group(3)
        code = int(hex_digits, 16) if hex_digits else int(digits)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return (b"&amp;" if match.group(1) else b"&") + b"#xFFFD;"
        return match.group(0)

    return _REFERENCE.sub(fix, content)
