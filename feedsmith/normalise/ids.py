"""Stable entry ids: the same article gets the same id on every run."""

from __future__ import annotations

import hashlib

from feedsmith.normalise.urls import canonical


def entry_id(*, feed_id: str, link: str | None, guid: str | None, title: str | None) -> str:
    """The configured guid, else the canonical link, else a hash of the title."""
    if guid:
        return guid.strip()
    if link:
        return canonical(link)
    digest = hashlib.sha1(f"{feed_id}\n{title or ''}".encode()).hexdigest()
    return f"urn:feedsmith:{feed_id}:{digest[:20]}"
