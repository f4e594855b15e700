"""The candidate values the page's markup offers (`_Meta`), best source first."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass(slots=True)
class Meta:
    """Candidate values found in the page's markup, best source first within each list."""

    titles: list[str] = field(default_factory=list)
    # visible headings, likeliest first: <h1> in the article, other <h1>, <h2>/<h3> in the article
    headings: list[str] = field(default_factory=list)
    # how many of ``headings`` are <h1> inside the article (or the page, when it has none);
    # they come first
    h1_count: int = 0
    # each heading's text on either side of each place an element starts or ends in it
    heading_cuts: dict[str, list[str]] = field(default_factory=dict)
    page_title: str | None = None
    site_names: list[str] = field(default_factory=list)
    # what the first links to the home page say: the site's name, or "Home" (titles only)
    home_names: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # other timestamps of the page (modified): only a hint of its time zone
    stamps: list[str] = field(default_factory=list)
    # author names from JSON-LD, <meta>, microdata and rel="author" links, in that order
    authors: list[str] = field(default_factory=list)
    # JSON-LD authors typed as an organisation
    organisations: list[str] = field(default_factory=list)
    # elements classed as bylines, with their text
    bylines: list[tuple[etree._Element, str]] = field(default_factory=list)
    # the headline element (the first <h1> of the article) and the article's element
    headline: etree._Element | None = None
    scope: etree._Element | None = None
    images: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
