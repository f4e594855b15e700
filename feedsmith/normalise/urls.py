"""Make links absolute and canonical: the form entry ids are made from."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from feedsmith.links import join
from feedsmith.publishable import xml_safe

# Query parameters that only track the click and never change the page.
_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|xtor)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_LINKS = ("javascript:", "mailto:", "tel:", "data:", "about:", "#")
# what a link may resolve to; anything else (javascript:, vbscript:, data:) is not a page
_PAGE_SCHEMES = ("http:", "https:", "file:")
# removed from a link before it is read, as browsers do (so "java\tscript:" is "javascript:")
_URL_NOISE = re.compile("[\t\n\r]")
# A link `canonical` would give back as it is: lower-case http(s) scheme and plain host, a port
# that is not written with a leading zero, a path, a query with no tracking parameter (checked
# apart; without % or + its names are what parse_qsl reads), a fragment that is not empty; no
# space or control character urlsplit would trim or remove.
_PLAIN = re.compile(
    r"(https?)://[a-z0-9.\-]+(?::([1-9][0-9]{0,4}))?/[^?#\x00-\x20\x7f]*"
    r"(?:\?([^#\x00-\x20\x7f%+]+))?(?:#[^\x00-\x20\x7f]+)?"
)


def absolute(href: str | None, base: str) -> str | None:
    """Resolve ``href`` against ``base``; None for things that are not links to a page.

    (Local files are pages here; whether content may lead to one is `feedsmith.netguard`'s
    question, and whether it may be published `feedsmith.publishable`'s.)
    """
    if href is None:
        return None
    if "\t" in href or "\n" in href or "\r" in href:
        href = _URL_NOISE.sub("", href)
    href = xml_safe(href).strip()
    # the longest prefix that is not a link is "javascript:" (11 characters)
    if not href or href[:11].lower().startswith(_NOT_LINKS):
        return None
    try:
        url = join(base, href)
    except ValueError:
        return None
    return url if url[:6].lower().startswith(_PAGE_SCHEMES) else None


# a pure function asked about the same link several times per item (id, link, page overlap)
@lru_cache(maxsize=4096)
def canonical(url: str) -> str:
    """Lower-case scheme and host, drop the default port, empty fragment and tracking params.

    Most links are canonical already (about 1 µs to see that instead of urlsplit, parse_qsl and
    urlunsplit's 15 µs); the others go through `_canonical_parts`, which has the last word."""
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        scheme, port, query = plain.groups()
        if port != _DEFAULT_PORT_TEXT[scheme]:
            if query is None:
                return url
            tracking = [_TRACKING.match(p.split("=", 1)[0]) is not None for p in query.split("&")]
            if not any(tracking):
                return url
            if all(tracking) and (port is None or int(port) <= _MAX_PORT):
                # only tracking parameters (``?utm_source=x&utm_medium=y``): the link without
                # its query, as `_canonical_parts` puts it together
                return url[: plain.start(3) - 1] + url[plain.end(3) :]
    return _canonical_parts(url)


# the largest port urlsplit reads (beyond it `_canonical_parts` gives the link back as it is)
_MAX_PORT = 65535


_DEFAULT_PORT_TEXT = {scheme: str(port) for scheme, port in _DEFAULT_PORTS.items()}


def _canonical_parts(url: str) -> str:
    """`canonical` by taking the URL apart and putting it together again."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address, which urlsplit gives without its brackets
        host = f"[{host}]"
    if parts.username or parts.password:
        host = parts.netloc.rsplit("@", 1)[0] + "@" + host
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    path = parts.path or ("/" if host else "")
    return urlunsplit((scheme, host, path, query, parts.fragment))
