"""Clean text and HTML so it is safe to publish and always writable as XML."""

from __future__ import annotations

import re
from html import escape, unescape

import nh3

# Control characters, lone surrogates and non-characters: XML 1.0 cannot carry them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]*>")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def clean_text(text: str | None) -> str | None:
    """One line of plain text, or None when nothing is left."""
    if text is None:
        return None
    text = _SPACE.sub(" ", xml_safe(text).replace("\u00a0", " ")).strip()
    return text or None


def sanitize(html: str | None) -> str | None:
    """Sanitise an HTML fragment: no scripts, styles, event handlers or javascript: URLs.

    Links must already be absolute (the extract stage resolves them against the page).
    """
    if html is None:
        return None
    cleaned = nh3.clean(
        xml_safe(html),
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return cleaned or None


def text_to_html(text: str | None) -> str | None:
    return escape(text) if text else None


def html_to_text(html: str | None) -> str:
    if not html:
        return ""

    return _SPACE.sub(" ", unescape(_TAGS.sub(" ", html))).strip()
