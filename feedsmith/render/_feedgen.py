"""The part of a feedgen `FeedGenerator` that RSS and Atom share."""

from __future__ import annotations

import mimetypes
import re
from functools import lru_cache
from html import escape

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feedsmith import __version__
from feedsmith.publishable import one_label
from feedsmith.render._zone import in_zone
from feedsmith.types import Entry, Feed, Format

GENERATOR_URI = "https://github.com/feedsmith/feedsmith"
_ATOM_NS = "http://www.w3.org/2005/Atom"
_DC_NS = "http://purl.org/dc/elements/1.1/"
# feedgen builds Atom with unqualified names under a default-namespace root; so do we


class _Feed(BaseExtension):  # type: ignore[misc]
    """Declares the WebSub hub in RSS, which feedgen writes only for Atom."""

    def __init__(self) -> None:
        self.hub: str | None = None

    def extend_rss(self, rss: etree._Element) -> etree._Element:
        channel = rss.find("channel")
        if self.hub and channel is not None:
            etree.SubElement(channel, f"{{{_ATOM_NS}}}link", href=self.hub, rel="hub")
        return rss


class _Entry(BaseEntryExtension):  # type: ignore[misc]
    """Writes what feedgen cannot: an entry's image as an Atom enclosure link, its language as
    xml:lang, and its author as RSS <dc:creator>.

    feedgen 1.0 drops the rel and type of entry links in Atom output, which would turn an
    enclosure into a second alternate link; and RSS <author> must be an e-mail address, which
    pages never give, so feedgen leaves the author out of RSS.
    """

    def __init__(self) -> None:
        self.image: str | None = None
        self.author: str | None = None
        self.language: str | None = None

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self.author:
            creator = etree.SubElement(item, f"{{{_DC_NS}}}creator", nsmap={"dc": _DC_NS})
            creator.text = self.author
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.language:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", self.language)
        if self.image:
            etree.SubElement(
                entry, "link", href=self.image, rel="enclosure", type=image_type(self.image)
            )
        return entry


def generator(feed: Feed, fmt: Format) -> FeedGenerator:
    """A FeedGenerator holding the feed and its entries in our order (newest first)."""
    fg = FeedGenerator()
    fg.register_extension("feedsmith", _Feed, _Entry, atom=True, rss=True)
    if feed.websub_hub:
        fg.feedsmith.hub = feed.websub_hub
    if feed.language:
        fg.language(feed.language)
    # the feed's author is a name: a label, without markup (`one_label`)
    fg.author({"name": one_label(feed.title) or feed.id, "uri": feed.home_url})
    fg.generator("feedsmith", version=__version__, uri=GENERATOR_URI)
    fg.updated(in_zone(feed.updated, feed.timezone))
    fg.lastBuildDate(in_zone(feed.updated, feed.timezone))
    if feed.ttl_minutes:
        fg.ttl(feed.ttl_minutes)
    _channel_in(fg, feed, fmt)
    for entry in feed.entries:
        fe = fg.add_entry(order="append")
        _add(fe, entry, feed.timezone)
        _entry_in(fe, entry, fmt)
    return fg


def rss_and_atom(feed: Feed) -> tuple[bytes, bytes | None]:
    """The feed as RSS, then as Atom from the same generator: each entry is built once, and
    only what differs between the formats (`_channel_in`, `_entry_in`) is set again, so the
    Atom bytes are `generator(feed, "atom")`'s. Atom is None when it cannot be written (its
    own renderer then says why); RSS raises what RSS raises."""
    fg = generator(feed, "rss")
    rss = serialise(fg, feed, "rss")
    try:
        _channel_in(fg, feed, "atom")
        for entry, fe in zip(feed.entries, fg.entry(), strict=True):
            _entry_in(fe, entry, "atom")
        atom = serialise(fg, feed, "atom")
    except (ValueError, TypeError, KeyError):
        return rss, None
    return rss, atom


def _channel_in(fg: FeedGenerator, feed: Feed, fmt: Format) -> None:
    """What differs between the formats in the channel: its id, title, description, links."""
    self_url = feed.self_urls.get(fmt)
    fg.id(self_url or feed.home_url)
    fg.title(rss_title(feed.title) if fmt == "rss" else feed.title)
    fg.subtitle(channel_description(feed, fmt))
    links = [{"href": self_url, "rel": "self"}] if self_url else []
    if feed.websub_hub:
        links.append({"href": feed.websub_hub, "rel": "hub"})
    # feedgen takes the last link added as the RSS <link>
    links.append({"href": feed.home_url, "rel": "alternate"})
    fg.link(links, replace=True)


def channel_description(feed: Feed, fmt: Format) -> str:
    """The feed's description, plain text in every format. Readers take RSS's channel
    ``<description>`` for HTML, so there ``<`` and ``&`` are escaped once more: a page's meta
    description saying ``<script>`` shows as text, never as markup. (Atom's subtitle is text.)"""
    text = feed.description or feed.title
    if fmt == "rss" and ("<" in text or "&" in text):
        return escape(text, quote=False)
    return text


# where an HTML parser starts markup (a tag, an end tag, a comment) or reads a character
# reference: what makes readers, feedparser among them, take an RSS title for HTML
_READ_AS_HTML = re.compile(r"<[A-Za-z/!?]|&#?\w+;")


def rss_title(title: str) -> str:
    """A title for RSS (the channel's, an entry's), where it has no declared type and many
    readers take it for HTML: one holding what would be read as markup or a reference has
    ``<`` and ``&`` escaped once more, so every reader shows the page's words, never elements
    (feedparser then reads it as HTML holding that text). Any other title goes as it is:
    plain-text readers show it unchanged."""
    if _READ_AS_HTML.search(title):
        return escape(title, quote=False)
    return title


def _add(fe: FeedEntry, entry: Entry, timezone: str | None) -> None:
    """What an entry is in every format."""
    fe.id(entry.id)
    fe.guid(entry.id, permalink=entry.id == entry.link)
    fe.link(href=entry.link, rel="alternate")
    assert entry.published is not None and entry.updated is not None
    fe.published(in_zone(entry.published, timezone))
    fe.updated(in_zone(entry.updated, timezone))
    if entry.summary_html:
        fe.summary(entry.summary_html, type="html")
    if entry.author:
        fe.author({"name": entry.author})
        fe.feedsmith.author = entry.author
    for category in entry.categories:
        fe.category(term=category)
    # written by the extension in Atom only (`_Entry.extend_atom`)
    fe.feedsmith.image = entry.image
    fe.feedsmith.language = entry.language
    if entry.source is not None:
        fe.source(url=entry.source.url, title=entry.source.title)


def _entry_in(fe: FeedEntry, entry: Entry, fmt: Format) -> None:
    """What differs between the formats in an entry, set over what another format set."""
    fe.title(rss_title(entry.title) if fmt == "rss" else entry.title)
    if entry.content_html:
        # RSS content:encoded as CDATA; Atom needs a real type ("CDATA" is not one): escaped html
        as_cdata = fmt == "rss" and "]]>" not in entry.content_html
        fe.content(entry.content_html, type="CDATA" if as_cdata else "html")
    if entry.image:
        if fmt == "rss":
            fe.enclosure(entry.image, "0", image_type(entry.image))
        else:  # the image is the extension's in Atom: no enclosure link (feedgen drops its rel)
            fe.link(href=entry.link, rel="alternate", replace=True)
    if fmt == "atom" and not entry.summary_html and not entry.content_html:
        # an Atom entry without textual content is one validators warn about: its title
        # (set last: RSS, written before Atom from the same entry, has no description then)
        fe.summary(entry.title, type="text")


def serialise(fg: FeedGenerator, feed: Feed, fmt: Format) -> bytes:
    """The feed as XML, with an ``<?xml-stylesheet?>`` instruction when the feed names one.

    feedgen has no hook for processing instructions; its output always starts with the XML
    declaration on a line of its own, so the instruction goes on the line after it and the rest
    of feedgen's bytes are kept as they are. Readers ignore it; browsers apply the stylesheet.
    """
    data: bytes = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    if not feed.stylesheet:
        return data
    declaration, newline, rest = data.partition(b"\n")
    if not (declaration.startswith(b"<?xml ") and declaration.endswith(b"?>") and newline):
        raise ValueError("feedgen output does not start with an XML declaration")
    instruction = etree.ProcessingInstruction(
        "xml-stylesheet", f'type="text/xsl" href="{escape(feed.stylesheet, quote=True)}"'
    )
    return declaration + b"\n" + etree.tostring(instruction) + b"\n" + rest


def image_type(url: str) -> str:
    name = url.split("#", 1)[0].split("?", 1)[0].rpartition("/")[2]
    _, dot, extension = name.rpartition(".")
    return _image_type_of(extension.lower() if dot else "")


@lru_cache(maxsize=256)
def _image_type_of(extension: str) -> str:
    guessed = mimetypes.guess_type("image." + extension)[0] if extension else None
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"
