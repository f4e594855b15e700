"""The author's name(s), from the page's signals (`feedsmith.byline`), trafilatura's guess last."""

from __future__ import annotations

import lxml.html
import trafilatura
import trafilatura.metadata

from feedsmith import byline
from feedsmith.article.signals import Meta
from feedsmith.article.sites import Sites


def choose_author(meta: Meta, root: lxml.html.HtmlElement, sites: Sites) -> str | None:
    """The author's name(s), decided in `feedsmith.byline`; trafilatura's guess only when the
    page names no one at all (not even its publisher)."""
    found = byline.Candidates(
        structured=meta.authors, organisations=meta.organisations, visible=meta.bylines
    )
    site = byline.Site(named=sites.named, is_site=sites.is_site)
    author, publisher = byline.choose(found, root, meta.headline, site, meta.scope)
    if author or publisher:
        return author or publisher
    guess = trafilatura.metadata.extract_author(root)
    return byline.clean(guess, sites.named, sites.is_site) if guess else None
