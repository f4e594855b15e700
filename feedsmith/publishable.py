"""What may be published: the one boundary every text and URL crosses on its way out.

Pages are written by strangers, and feeds are read by strangers' software. Before a `Feed` is
rendered (RSS, Atom, JSON Feed; the health feed too) `publishable_feed` makes it safe:

- every text is XML-safe: control characters, lone surrogates and non-characters removed (XML
  1.0 cannot carry them, and one of them used to fail the whole feed);
- single-line texts (titles, authors, categories, the feed's title and description) lose the
  invisible and bidi-override characters that make a title read differently from what it is
  (U+202E, U+200B and their kin); joiners that scripts need (U+200C, U+200D) stay;
- labels (authors, categories, publishers' names) hold no markup (`one_label`): readers differ
  on whether they are HTML, so none may look like it; titles keep their words, escaped where
  readers take them for HTML (`feedsmith.render._feedgen.rss_title`);
- every URL is checked after every normalisation a reader might apply (tab, CR and LF removed
  anywhere, control characters and spaces trimmed, as the WHATWG URL parser does): only http(s)
  URLs with a host are published (and ``mailto:`` where a link may be one); anything else
  (``javascript:``, ``vbscript:``, ``data:``, ``file:``) is dropped;
- a language must be a language tag.

A field that is dropped is reported (`Diagnostic`), and the item stays; an entry's link falls
back to the feed's home page. The same functions serve the site files (index page, OPML).

Summaries and full text are not scanned again here: they are XML-safe by construction (every
HTML field is made by `feedsmith.normalise.html.sanitize`, which cleans first), and scanning
every body twice would cost a fifth of rendering. Should one still fail a format, rendering
cleans it, then drops it (`feedsmith.render.render_checked`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import quote, urlsplit

from feedsmith.types import Diagnostic, Entry, Feed, Level, Source

__all__ = [
    "all_xml_safe",
    "one_label",
    "one_line",
    "publishable_feed",
    "publishable_language",
    "publishable_url",
    "xml_safe",
    "xml_safe_source",
]

# Control characters, lone surrogates and non-characters: XML 1.0 cannot carry them.
_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{_ILLEGAL_CHARS}]")
# Invisible characters and bidi embeddings, overrides and isolates: they make a line read
# differently from what it holds. (U+200C/U+200D join letters in many scripts: kept.)
_INVISIBLE_CHARS = "\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e\u061c"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_SPACE = re.compile(r"\s+")
# a line `one_line` gives back as it is: words split by single spaces, nothing to remove
_WORD = f"[^\\s{_ILLEGAL_CHARS}{_INVISIBLE_CHARS}]+"
_PLAIN_LINE = re.compile(f"{_WORD}(?: {_WORD})*")
# what the WHATWG URL parser removes before reading a URL: tab, CR and LF anywhere ...
_URL_REMOVED = re.compile("[\t\n\r]")
# ... and C0 controls and spaces at either end
_URL_TRIMMED = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# characters a URL may not hold as they are, and invisible or bidi characters that would make
# it read as another address: percent-encoded (none of them can be part of a scheme)
_URL_UNSAFE = re.compile(
    '[\x00-\x20\x7f-\x9f"<>\\\\^`{|}\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]'
)
# An http(s) URL with a plain host that `publishable_url` would give back as it is: none of the
# characters it removes, trims or percent-encodes, nothing XML cannot carry.
_PLAIN_WEB_URL = re.compile(
    '(https?)://[A-Za-z0-9.\\-]+(?::[0-9]*)?(?:[/?#][^\x00-\x20\x7f-\x9f"<>\\\\^`{|}'
    "\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]*)?"
)
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
WEB_SCHEMES = frozenset({"http", "https"})
LINK_SCHEMES = WEB_SCHEMES | {"mailto"}
# the address a feed links to when nothing it was made from can be published
FALLBACK_HOME = "http://localhost/"


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _XML_ILLEGAL.sub("", text) if _XML_ILLEGAL.search(text) else text


def all_xml_safe(texts: Iterable[str]) -> bool:
    """Whether none of ``texts`` holds a character XML 1.0 cannot carry (one scan for all)."""
    return _XML_ILLEGAL.search("".join(texts)) is None


# a numeric character reference in HTML source (the semicolon is optional there)
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));?")


def _is_xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code != 0x7F


def xml_safe_source(text: str) -> str:
    """HTML source made safe to parse into a tree lxml can work on: characters XML cannot carry
    removed, whether written as they are or as numeric references (``&#1;``, ``&#xD800;``)."""
    text = xml_safe(text)
    if "&#" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        hex_digits, digits = match.group(1), match.group(2)
        code = int(hex_digits, 16) if hex_digits else int(digits)
        return match.group(0) if _is_xml_char(code) else ""

    return _REFERENCE.sub(fix, text)


def one_line(text: str | None) -> str | None:
    """A single line of plain text, XML-safe, without invisible or bidi-override characters and
    with white space collapsed; None when nothing is left."""
    if text is None:
        return None
    if _PLAIN_LINE.fullmatch(text):
        return text  # the usual title: `_read_line` would give it back as it is
    return _read_line(text)


def _read_line(text: str) -> str | None:
    """`one_line` step by step."""
    text = xml_safe(text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


# what an HTML parser reads as markup in text: a tag, an end tag, a comment, a declaration or
# a processing instruction, up to its ``>`` (or the end of the text, as a parser reads it)
_MARKUP = re.compile(r"<[A-Za-z/!?][^>]*>?")


def one_label(text: str | None) -> str | None:
    """A label (an author's name, a category, a publisher's name): `one_line`, without what an
    HTML parser would read as markup. RSS gives these fields no type, Atom and JSON Feed call
    them text, and readers differ: some show them as HTML. A name holds no element, so any
    markup goes and every reader shows the same words; ``<`` before anything else stays
    (``R&D <3``). Titles keep their words instead (`feedsmith.render._feedgen.rss_title`)."""
    line = one_line(text)
    if line is None or "<" not in line or _MARKUP.search(line) is None:
        return line
    # a space, not nothing, in its place: ``<<b>script>`` must not become ``<script>``
    return one_line(_MARKUP.sub(" ", line))


def publishable_url(url: str | None, *, schemes: frozenset[str] = WEB_SCHEMES) -> str | None:
    """``url`` as it may be published, or None when it may not be.

    Read as a browser reads it (tab, CR, LF removed; controls and spaces trimmed), then only an
    absolute URL in ``schemes`` is kept; http(s) needs a host. Characters a URL cannot hold as
    they are (spaces, quotes, controls) are percent-encoded.
    """
    if not url:
        return None
    plain = _PLAIN_WEB_URL.fullmatch(url)
    if plain is not None and plain.group(1) in schemes:
        return url  # the usual case, about 1 µs instead of 10: `_read_url` would not change it
    return _read_url(url, schemes)


def _read_url(url: str, schemes: frozenset[str]) -> str | None:
    """`publishable_url` step by step, as a browser reads the URL."""
    cleaned = xml_safe(url)
    if "\t" in cleaned or "\n" in cleaned or "\r" in cleaned:
        cleaned = _URL_REMOVED.sub("", cleaned)
    cleaned = cleaned.strip(_URL_TRIMMED)
    match = _SCHEME.match(cleaned)
    if match is None or match.group(1).lower() not in schemes:
        return None
    if _URL_UNSAFE.search(cleaned):
        cleaned = _URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), cleaned)
    if match.group(1).lower() in WEB_SCHEMES:
        try:
            if not urlsplit(cleaned).hostname:
                return None
        except ValueError:
            return None
    return cleaned


def publishable_language(language: str | None) -> str | None:
    """A language tag (``fr``, ``pt-BR``; ``en_US`` becomes ``en-US``), or None."""
    if not language:
        return None
    tag = language.strip().replace("_", "-")
    return tag if _LANGUAGE.match(tag) else None


def publishable_feed(feed: Feed) -> tuple[Feed, tuple[Diagnostic, ...]]:
    """The feed with every text XML-safe and every URL publishable, and a diagnostic for each
    field dropped on the way. Idempotent; an already-safe feed comes back as it was."""
    notes: list[Diagnostic] = []

    def note(level: Level, message: str, field: str | None = None) -> None:
        notes.append(Diagnostic(feed_id=feed.id, level=level, message=message, field=field))

    title = one_line(feed.title) or feed.id
    description = one_line(feed.description) or ""
    self_urls = {fmt: u for fmt, u in feed.self_urls.items() if publishable_url(u) == u}
    home = publishable_url(feed.home_url)
    if home is None:
        if not feed.home_url.startswith("file:"):
            note("warning", f"the feed's home page {_shown(feed.home_url)} is not an http(s) URL")
        home = next(iter(self_urls.values()), FALLBACK_HOME)
    hub = publishable_url(feed.websub_hub)
    language = publishable_language(feed.language)
    if feed.language and language is None:
        note("warning", f"the feed's language {_shown(feed.language)} dropped", "language")
    entries = tuple(_entry(e, home, note) for e in feed.entries)
    changed = (
        title != feed.title
        or description != feed.description
        or home != feed.home_url
        or self_urls != dict(feed.self_urls)
        or hub != feed.websub_hub
        or language != feed.language
        or any(a is not b for a, b in zip(entries, feed.entries, strict=True))
    )
    if not changed:
        return feed, tuple(notes)
    safe = dataclasses.replace(
        feed,
        title=title,
        description=description,
        home_url=home,
        language=language,
        self_urls=self_urls,
        websub_hub=hub,
        entries=entries,
    )
    return safe, tuple(notes)


def _shown(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _entry(entry: Entry, home: str, note: _Note) -> Entry:
    # the entry as a note names it: only made when a note is written
    what = _Named(entry)
    changes: dict[str, object] = {}
    link = publishable_url(entry.link)
    if link != entry.link:
        if entry.link and not entry.link.startswith("file:"):
            note("warning", f"{what}: link {_shown(entry.link)} dropped (not http(s))", "link")
        link = link or home
        changes["link"] = link
    ident = xml_safe(entry.id).strip() or link
    if ident != entry.id:
        changes["id"] = ident
    title = one_line(entry.title) or link
    if title != entry.title:
        changes["title"] = title
    author = one_label(entry.author)
    if author != entry.author:
        changes["author"] = author
    image = publishable_url(entry.image)
    if image != entry.image:
        if entry.image:
            note("warning", f"{what}: image {_shown(entry.image)} dropped (not http(s))", "image")
        changes["image"] = image
    categories = tuple(c for c in (one_label(c) for c in entry.categories) if c)
    if categories != entry.categories:
        changes["categories"] = categories
    language = publishable_language(entry.language)
    if language != entry.language:
        if entry.language:
            note("warning", f"{what}: language {_shown(entry.language)} dropped", "language")
        changes["language"] = language
    if entry.source is not None:
        source_url = publishable_url(entry.source.url)
        source_title = one_label(entry.source.title)
        if source_url is None:
            note("warning", f"{what}: source {_shown(entry.source.url)} dropped", "source")
            changes["source"] = None
        elif source_url != entry.source.url or source_title != entry.source.title:
            changes["source"] = Source(title=source_title or source_url, url=source_url)
    return dataclasses.replace(entry, **changes) if changes else entry  # type: ignore[arg-type]


class _Named:
    """``entry 'Its title'`` in a note, worked out only when the note is written."""

    __slots__ = ("entry",)

    def __init__(self, entry: Entry) -> None:
        self.entry = entry

    def __format__(self, spec: str) -> str:
        return format(f"entry {_shown(one_line(self.entry.title) or self.entry.id)}", spec)


class _Note(Protocol):
    def __call__(self, level: Level, message: str, field: str | None = None) -> None: ...
