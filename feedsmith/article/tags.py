"""Metadata from ``<meta>`` tags (Open Graph, Dublin Core, ...) and microdata (``itemprop``)."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html
from lxml import etree

from feedsmith.article.signals import Meta
from feedsmith.article.text import elements, is_url, squash
from feedsmith.article.visible import aside

_META_TITLE = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title")
_META_DATE = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
)
_META_MODIFIED = ("article:modified_time", "og:updated_time", "last-modified", "dcterms.modified")
_META_AUTHOR = (
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
)
_META_IMAGE = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
_META_SITE = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_META_LANG = ("content-language", "dc.language", "og:locale", "language")


def collect_meta_tags(root: lxml.html.HtmlElement, meta: Meta) -> None:
    tags: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("http-equiv") or ""
        value = (element.get("content") or "").strip()
        if key and value:
            tags.setdefault(key.strip().lower(), []).append(value)
    # Open Graph titles before JSON-LD headlines, which some sites fill with a description.
    meta.titles[:0] = _first_values(tags, _META_TITLE)
    meta.dates.extend(_first_values(tags, _META_DATE))
    meta.stamps.extend(_first_values(tags, _META_MODIFIED))
    meta.authors.extend(v for v in _first_values(tags, _META_AUTHOR) if not is_url(v))
    meta.images.extend(_first_values(tags, _META_IMAGE))
    meta.site_names.extend(_first_values(tags, _META_SITE))
    meta.langs.extend(_first_values(tags, _META_LANG))


def _first_values(tags: dict[str, list[str]], keys: Iterable[str]) -> list[str]:
    return [tags[key][0] for key in keys if key in tags]


def collect_microdata(root: lxml.html.HtmlElement, meta: Meta) -> None:
    for element in elements(root.xpath("//*[@itemprop]")):
        props = (element.get("itemprop") or "").split()
        if "headline" in props:
            meta.titles.append(_value_of(element))
        if "datePublished" in props and not aside(element):
            meta.dates.append(_value_of(element))
        if "author" in props:
            names = elements(element.xpath(".//*[@itemprop='name']"))
            meta.authors.append(_value_of(names[0] if names else element))


def _value_of(element: etree._Element) -> str:
    for attr in ("content", "datetime", "title"):
        value = element.get(attr)
        if value and value.strip():
            return value.strip()
    return squash(element.text_content()) if isinstance(element, lxml.html.HtmlElement) else ""
