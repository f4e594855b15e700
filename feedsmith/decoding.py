"""Bytes to text for fetched pages and article pages: one set of rules for both.

The order is a browser's: a byte-order mark, the HTTP charset, the ``<meta>`` charset, then
UTF-8, then detection. Declared labels are read as browsers read them (WHATWG Encoding
Standard: ``iso-8859-1`` and ``ascii`` are Windows-1252, ``gb2312`` is GB18030, ``shift_jis``
is Windows-932, ...). A page declared in a single-byte Latin code page whose bytes are valid
UTF-8 with multi-byte characters is UTF-8: saved pages and misconfigured servers do this, and
Latin text is almost never valid UTF-8 by chance (an accented letter would have to be followed
by one of a few rare symbols), so reading it as declared gives mojibake (``fÃ¼r``, ``DobiegaĹ‚a``).
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

__all__ = ["decode"]

log = logging.getLogger(__name__)

# how far into a page its <meta charset> is looked for (long <head>s put it late)
_META_WINDOW = 16384
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# codec names (as codecs.lookup gives them) that browsers read as a wider encoding
_AS_BROWSERS_READ = {
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# single-byte code pages of Latin scripts: valid UTF-8 with multi-byte characters under one of
# these labels is UTF-8
_LATIN_SINGLE_BYTE = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-9",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "latin-1",
        "mac-roman",
        "mac-latin2",
        "cp850",
        "cp437",
    }
)
# how much of an undeclared, non-UTF-8 page detection reads
_DETECT_BYTES = 200_000


def decode(content: bytes, content_type: str = "") -> tuple[str, str]:
    """The text of a document and the name of the encoding it was read in."""
    for bom, bom_codec in _BOMS:
        if content.startswith(bom):
            return content.decode(bom_codec, errors="replace"), bom_codec.removesuffix("-sig")
    declared = [_charset_param(content_type)]
    match = _META_CHARSET.search(content[:_META_WINDOW])
    if match:
        declared.append(match.group(1).decode("ascii", "replace"))
    for label in declared:
        name = codec_name(label)
        if name is None:
            continue
        if name in _LATIN_SINGLE_BYTE and not content.isascii() and _decodes(content, "utf-8"):
            return content.decode("utf-8"), "utf-8"
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode; detecting", name)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content[:_DETECT_BYTES]).best()
    guess = codec_name(best.encoding) if best is not None else None
    if guess is None or (guess in _LATIN_SINGLE_BYTE and _decodes(content, "cp1252")):
        # detectors cannot tell the Latin code pages apart on short pages; an undeclared one is
        # Windows-1252 far more often than any other (the browsers' default too)
        guess = "cp1252"
    return content.decode(guess, errors="replace"), guess


def codec_name(label: str | None) -> str | None:
    """The codec Python reads a charset label with, as a browser would read it; None when the
    label names no encoding Python knows."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)


def _decodes(content: bytes, name: str) -> bool:
    try:
        content.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _charset_param(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None
