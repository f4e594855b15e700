"""The body's HTML sanitised (nh3), and its plain text."""

from __future__ import annotations

import re

import nh3

from feedsmith.article.text import BLOCK_TAGS, parse_fragment, squash

_SANITISE_SCHEMES = frozenset(("http", "https", "mailto"))
# built once: nh3.clean builds its sanitiser anew on every call
_CLEANER = nh3.Cleaner(url_schemes=set(_SANITISE_SCHEMES))
# Soft hyphens and zero-width characters split words for search and for the eye.
_INVISIBLE = re.compile("\u00ad|\u200b|\ufeff|&shy;|&#173;|&#xad;", re.IGNORECASE)


def sanitise(html: str) -> str:
    cleaned = _CLEANER.clean(html).strip()
    return _INVISIBLE.sub("", cleaned)


def plain_text(html: str) -> str:
    if not html.strip():
        return ""
    fragment = parse_fragment(html)
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in ("td", "th"):
            element.tail = " " + (element.tail or "")
    lines = (squash(line) for line in fragment.text_content().splitlines())
    return "\n".join(line for line in lines if line)
