"""The OPML list of the published feeds, for importing them all into a reader at once."""

from __future__ import annotations

from email.utils import format_datetime

from lxml import etree

from feedsmith.config import Site
from feedsmith.publishable import one_line
from feedsmith.site.listings import Listing


def render_opml(site: Site, listings: tuple[Listing, ...]) -> bytes:
    """OPML 2.0 with one outline per published feed (its RSS file, else Atom, else JSON)."""
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = one_line(site.title) or "feedsmith"
    newest = max((item.updated for item in listings if item.updated), default=None)
    if newest is not None:
        etree.SubElement(head, "dateModified").text = format_datetime(newest, usegmt=True)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(opml, "body")
    for item in listings:
        if not item.files:
            continue
        outline = etree.SubElement(
            body,
            "outline",
            type="rss",
            text=item.title,
            title=item.title,
            xmlUrl=item.files[0].url,
        )
        if item.home_url:
            outline.set("htmlUrl", item.home_url)
        if item.language:
            outline.set("language", item.language)
    data: bytes = etree.tostring(opml, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data
