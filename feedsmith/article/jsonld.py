"""Metadata from the page's JSON-LD (``<script type="application/ld+json">``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html

from feedsmith import jsonpath
from feedsmith.article.signals import Meta
from feedsmith.article.text import is_url

_ARTICLE_TYPES = frozenset(
    t.casefold()
    for t in (
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "TechArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Recipe",
        "Review",
    )
)
_PAGE_TYPES = frozenset(("webpage", "itempage", "collectionpage", "aboutpage"))
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


def collect_json_ld(root: lxml.html.HtmlElement, meta: Meta) -> None:
    articles, pages = [], []
    named: dict[str, dict[str, Any]] = {}  # nodes by "@id", for references ({"@id": ...})
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        for obj in _json_objects(_load_json(script.text or "")):
            if isinstance(obj.get("@id"), str) and obj.get("name"):
                named.setdefault(obj["@id"], obj)
            meta.stamps.extend(_as_strings(obj.get("dateModified")))
            types = {t.casefold() for t in _as_strings(obj.get("@type"))}
            if types & _ARTICLE_TYPES:
                articles.append(obj)
            elif types & _PAGE_TYPES:
                pages.append(obj)
    for obj in articles:
        meta.titles.extend(_as_strings(obj.get("headline")))
        meta.dates.extend(_as_strings(obj.get("datePublished")))
        author = _resolved(obj.get("author"), named)
        meta.authors.extend(_names(author))
        meta.organisations.extend(_organisations(author))
        meta.images.extend(_image_urls(obj.get("image")))
        meta.langs.extend(_as_strings(obj.get("inLanguage")))
    for obj in pages:
        meta.dates.extend(_as_strings(obj.get("datePublished")))


def _load_json(text: str) -> Any:
    text = _JSON_WRAPPERS.sub("", text).strip()
    try:
        return jsonpath.load(text, strict=False)  # ValueError when nested too deep too
    except ValueError:
        return None


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value that may describe the page, depth first
    (``@graph`` included; the items of a list are other pages, so they are left out)."""
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(value.get(key), list | dict):
                yield from _json_objects(value[key])


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [s for item in value for s in _as_strings(item)]
    return []


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (text, Person/Organization, or a list)."""
    if isinstance(value, list):
        names = [n for item in value for n in _names(item)]
        return [", ".join(dict.fromkeys(names))] if names else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, str) and value.strip() and not is_url(value):
        return [value.strip()]
    return []


def _resolved(value: Any, named: dict[str, dict[str, Any]]) -> Any:
    """A JSON-LD value with references to nodes elsewhere in the page (``{"@id": ...}`` only,
    as WordPress/Yoast graphs write the author) replaced by those nodes."""
    if isinstance(value, list):
        return [_resolved(item, named) for item in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return named.get(value["@id"], value)
    return value


def _organisations(value: Any) -> list[str]:
    """Names of the JSON-LD authors typed as an organisation rather than a person."""
    if isinstance(value, list):
        return [n for item in value for n in _organisations(item)]
    if isinstance(value, dict):
        types = " ".join(_as_strings(value.get("@type"))).casefold()
        return _as_strings(value.get("name")) if "organization" in types else []
    return []


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, dict):
        return _as_strings(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return [u for item in value for u in _image_urls(item)]
    return _as_strings(value)
