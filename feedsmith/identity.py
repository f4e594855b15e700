"""What a proposed feed is called and where it lives, read from its page: a title without the
site's taglines, an id from the site and section (`example-news`), a time zone guessed from the
page's language and country, and the address a saved page declares for itself.

Used by `feedsmith suggest` and `feedsmith add`. Pure: a parsed page and strings in, values out.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from feedsmith.config import RESERVED_IDS
from feedsmith.netguard import literal_address

__all__ = [
    "Identity",
    "TimezoneGuess",
    "declared_address",
    "derive_id",
    "feed_title",
    "guess_timezone",
    "read_identity",
]

# separators between a page's name and its site's name in <title>
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|·•»«/\\~]|::|[-–—]{1,2})\s+")
_MARKS = re.compile(r"[®™©℠]")
_EDGE_PUNCTUATION = " \t\n|·•»«:/\\~-–—"
# a section name is short: longer segments of a title are taglines
_MAX_SECTION_WORDS = 4
_MAX_TITLE = 80
_ID_CHARS = re.compile(r"[^a-z0-9]+")
_MAX_ID = 40
# path segments that name no section
_GENERIC_SEGMENTS = frozenset(
    [
        "index",
        "home",
        "default",
        "main",
        "start",
        "page",
        "pages",
        "list",
        "all",
        "latest",
        "www",
        "html",
        "htm",
        "php",
        "asp",
        "aspx",
        "articles-list",
        "feed",
    ]
)
# second-level labels under a country code (example.co.uk): the site is the label before
_SECOND_LEVEL = frozenset(
    ["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gob", "nic"]
)
# the country-code domains of countries where English is a main language
_ENGLISH_CCTLDS = frozenset(["uk", "ie", "au", "nz", "ca", "za", "in", "sg", "ph", "ng", "ke"])
# country-code domains used as generic names: they say nothing about where a site is
_GENERIC_CCTLDS = frozenset(
    ["io", "co", "tv", "me", "ai", "fm", "ly", "cc", "ws", "to", "gg", "sh", "la"]
)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimezoneGuess:
    zone: str
    # why: "the page's language (de)", "the page's region (AT)", "the site's .ma address"
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """What a page says about itself, cleaned."""

    # og:site_name / application-name, cleaned, or None
    site_name: str | None
    # the <title>, whitespace collapsed
    title: str | None
    # the page's single <h1> when it is not one of the items, or None
    heading: str | None
    # the primary language subtag (`de`) and region (`AT`) the page declares
    language: str | None
    region: str | None


def read_identity(root: HtmlElement, item_titles: Iterable[str] = ()) -> Identity:
    """The page's names and locale, from its <head> and its single heading."""
    title_el = root.find(".//title")
    title = _space(title_el.text_content()) if title_el is not None else ""
    site = _meta(root, "og:site_name") or _meta(root, "application-name")
    items = {_fold(t) for t in item_titles}
    headings = [
        _space(h.text_content())
        for h in root.iter("h1")
        if _space(h.text_content()) and h.getparent() is not None
    ]
    heading = None
    if len(headings) == 1 and _fold(headings[0]) not in items and len(headings[0]) <= 60:
        heading = headings[0]
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    locale = _meta(root, "og:locale") or ""
    language, region = _locale(lang)
    if not language:
        language, region = _locale(locale)
    if not region:
        region = _locale(locale)[1]
    return Identity(
        site_name=_clean(site) if site else None,
        title=title or None,
        heading=heading,
        language=language,
        region=region,
    )


def feed_title(identity: Identity, url: str) -> str | None:
    """`Site: Section` from the page: the site from og:site_name or the <title> segment that
    names the host, the section from the <title> segment that names the URL's last path
    segment, else the page's single heading. Taglines and marks (®) are left out."""
    segments = [_clean(s) for s in _TITLE_SEPARATORS.split(identity.title or "")]
    segments = [s for s in segments if s]
    site = identity.site_name
    if site:
        # a <title> segment that contains the site name says it more fully ("ETH SPH")
        for segment in segments:
            if _fold(site) in _fold(segment) and len(segment.split()) <= _MAX_SECTION_WORDS + 1:
                site = segment
                break
    last = _last_segment(url)
    if not site:
        host = _host_label(url)
        named = [s for s in segments if host and _slug(s).replace("-", "") in host]
        # else the short segment beside the one that names the URL's section ("Page | Site")
        others = [s for s in segments if _slug(s) != last and len(s.split()) <= 4]
        if named:
            site = named[0]
        elif len(others) < len(segments) and others:
            site = others[-1]
        else:
            site = segments[0] if segments else None
    section = None
    for segment in segments:
        if segment != site and last and _slug(segment) == last:
            section = segment
            break
    if section is None and identity.heading:
        heading = _clean(identity.heading)
        if site is None or _fold(site) not in _fold(heading):
            section = heading if len(heading.split()) <= _MAX_SECTION_WORDS + 2 else None
    if site and section and _fold(section) not in _fold(site):
        return _shorten(f"{site}: {section}")
    return _shorten(site or section or "") or None


def derive_id(url: str, taken: Iterable[str], *, site_name: str | None = None) -> str:
    """A readable feed id from the site and the section (`https://www.example.org/news/` →
    `example-news`), unique against ``taken`` with -2, -3, … For an address by IP or
    localhost, or a local file, the site is the page's site name."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    site = _host_label(url)
    if not site and site_name:
        site = "-".join(_slug(site_name).split("-")[:3])
    section = _last_segment(url)
    if not section and host and not _is_address(host):
        sub = host.removeprefix("www.").split(".")[0]
        if sub != site and sub not in {"m", "www", "web"}:
            section = sub
    words = [w for w in (site, section) if w]
    if len(words) == 2 and (words[1] in words[0] or words[0] in words[1]):
        words = [max(words, key=len)]
    base = "-".join(words)[:_MAX_ID].strip("-") or "my-feed"
    if not base[0].isalnum():
        base = "feed-" + base
    # the site's own file names are not free, and ids must differ in more than case
    used = {t.casefold() for t in taken} | RESERVED_IDS
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def guess_timezone(identity: Identity, url: str) -> TimezoneGuess | None:
    """The zone a page's dates are most likely written in: from the region its language tag or
    og:locale names, else its country-code domain, else its language's main country. English
    is written everywhere: for it a country-code domain outranks a region (`en-US` is many a
    template's default) and only the domains of English-speaking countries count."""
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1].lower()
    by_domain = len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_CCTLDS
    if identity.language == "en" and tld not in _ENGLISH_CCTLDS:
        by_domain = False
    country = reason = None
    if identity.region and not (identity.language == "en" and by_domain):
        country = identity.region
        reason = f"the page's language and region ({identity.language or '?'}-{country})"
    elif by_domain:
        country = "GB" if tld == "uk" else tld.upper()
        reason = f"the site's .{tld} address"
    elif identity.language in _LANGUAGE_COUNTRY:
        country = _LANGUAGE_COUNTRY[identity.language]
        reason = f"the page's language ({identity.language})"
    if country is None or reason is None:
        return None
    zone = _MAIN_ZONE.get(country) or next(iter(_zones_by_country().get(country, ())), None)
    return TimezoneGuess(zone=zone, reason=reason) if zone else None


def declared_address(root: HtmlElement) -> tuple[str, str] | None:
    """The public http(s) address a page gives for itself (`<link rel="canonical">`, else
    `og:url`) and which of the two said it; None when it gives none, or one on this machine or
    a private network (a saved page must not point feedsmith at an internal address)."""
    found = [
        ((link.get("href") or "").strip(), '<link rel="canonical">')
        for link in root.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    og = _meta(root, "og:url")
    if og:
        found.append((og, "og:url"))
    for href, source in found:
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
        if parts.scheme not in {"http", "https"} or not host or "." not in host:
            continue
        if _is_address(host) or host.endswith((".local", ".internal", ".localhost")):
            continue
        return parts._replace(fragment="", path=parts.path or "/").geturl(), source
    return None


# --------------------------------------------------------------------------------------------


def _space(text: str | None) -> str:
    return " ".join((text or "").split())


def _fold(text: str) -> str:
    return _space(text).casefold()


def _clean(text: str) -> str:
    return _space(_MARKS.sub("", text)).strip(_EDGE_PUNCTUATION)


def _shorten(text: str) -> str:
    if len(text) <= _MAX_TITLE:
        return text
    return text[: _MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(_EDGE_PUNCTUATION + ",;") + "…"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _ID_CHARS.sub("-", ascii_text.lower()).strip("-")


def _meta(root: HtmlElement, name: str) -> str | None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key == name and _space(meta.get("content")):
            return _space(meta.get("content"))
    return None


def _locale(tag: str) -> tuple[str | None, str | None]:
    match = re.match(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}))?\b", tag)
    if not match:
        return None, None
    return match.group(1).lower(), match.group(3).upper() if match.group(3) else None


def _is_address(host: str) -> bool:
    """A host that names this machine or an address, in any form a resolver reads as one
    (``10.0.0.7``, ``127.1``, ``0x7f.1``, ``[::1]``)."""
    if host in {"localhost"} or host.endswith(".localhost"):
        return True
    return literal_address(host) is not None


def _host_label(url: str) -> str:
    """The site's own label of a URL's host: `example` for www.example.co.uk; "" for an IP
    address, localhost or a local file."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host or _is_address(host) or "." not in host:
        return ""
    labels = host.split(".")
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return _slug(labels[-1])


def _last_segment(url: str) -> str:
    """The last path segment that names a section (`/fr/actualites/page/2/` → `actualites`),
    as a slug; "" when there is none. For a local file, its name without the extension."""
    parts = urlsplit(url)
    path = unquote(parts.path if parts.scheme else url)
    segments = [s for s in path.split("/") if s]
    if not parts.hostname and segments:  # a file: only its own name counts
        segments = segments[-1:]
    for segment in reversed(segments):
        slug = _slug(Path(segment).stem if "." in segment else segment)
        if not slug or slug in _GENERIC_SEGMENTS or slug.isdigit() or len(slug) < 2:
            continue
        if re.fullmatch(r"[a-z]{2}(-[a-z]{2})?", slug):  # a language: /en/, /fr-ca/
            continue
        return slug
    return ""


@functools.cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code → its zones, from the IANA zone.tab that tzdata ships."""
    text = (importlib.resources.files("tzdata.zoneinfo") / "zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                zones.setdefault(fields[0], []).append(fields[2])
    return {country: tuple(names) for country, names in zones.items()}


# the zone most of a country's people live in, where it has several (zone.tab otherwise)
_MAIN_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
}

# the country a language is mostly written in, where that is clear (not English, Arabic,
# Spanish across the Americas would be a guess too far, but Spain is where `es` alone points)
_LANGUAGE_COUNTRY = {
    "bg": "BG",
    "ca": "ES",
    "cs": "CZ",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "es": "ES",
    "et": "EE",
    "eu": "ES",
    "fa": "IR",
    "fi": "FI",
    "fr": "FR",
    "gl": "ES",
    "he": "IL",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "IT",
    "ja": "JP",
    "ko": "KR",
    "lt": "LT",
    "lv": "LV",
    "nb": "NO",
    "nl": "NL",
    "nn": "NO",
    "no": "NO",
    "pl": "PL",
    "pt": "PT",
    "ro": "RO",
    "ru": "RU",
    "sk": "SK",
    "sl": "SI",
    "sr": "RS",
    "sv": "SE",
    "th": "TH",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
    "zh": "CN",
}
