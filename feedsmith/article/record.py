"""The extracted article (`Article`): what `extract_article` gives back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """The main content of a web page and its metadata. Datetimes are aware UTC."""

    # headline, without a trailing site name
    title: str | None
    # author name(s), several joined with ", "
    author: str | None
    # publication time, aware UTC. A day written without a time is the instant of that day in
    # the page's zone nearest noon UTC, so readers almost everywhere show that day
    published: datetime | None
    # language tag as the page declares it (e.g. "fr" or "en-GB")
    lang: str | None
    # absolute URL of the lead image
    image: str | None
    # sanitised HTML of the body with absolute links and image sources
    content_html: str
    # plain text of the body, one block per line
    text: str
    # ``published`` stands for a calendar day in no known zone (noon UTC of that day)
    day_only: bool = False
    # the page's time zone, when something tells it (the offset its timestamps carry, as
    # ``Etc/GMT-2``; the feed's ``timezone``; its language or region): an IANA name
    zone: str | None = None

    def local_published(self) -> datetime | None:
        """``published`` as the page shows it: in the page's zone (on the page's own day; an
        evening in Buenos Aires is the next morning in UTC), else in UTC."""
        if self.published is None or self.zone is None:
            return self.published
        return self.published.astimezone(ZoneInfo(self.zone))
