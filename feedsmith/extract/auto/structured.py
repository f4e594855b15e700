"""Lists a page states as data: JSON-LD, microdata and embedded application state
(`__NEXT_DATA__` and friends). Each finder returns a `Detection` or None."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from lxml.etree import _Element as Element

from feedsmith import jsonpath
from feedsmith.extract.auto.addresses import is_item_href, is_same_url, url_key
from feedsmith.extract.auto.detection import Detection
from feedsmith.extract.auto.elements import clean, is_ancestor, text_of
from feedsmith.types import RawItem

# structured sources below this many items defer to the heuristic
MIN_STRUCTURED_ITEMS = 3


_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "report",
        "scholarlyarticle",
        "techarticle",
        "posting",
        "socialmediaposting",
        "liveblogposting",
        "podcastepisode",
        "episode",
        "event",
        "jobposting",
        "product",
        "creativework",
    }
)


def from_json_ld(root: Element, base: str) -> Detection | None:
    objects: list[Mapping[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = jsonpath.load(script.text or "")  # ValueError when too deep too
        except ValueError:
            continue
        objects.extend(_walk_json_ld(data))
    items = _dedupe_items(_ld_item(obj, base) for obj in objects)
    if not items:
        return None
    # one article about the page itself is the page, not a list
    if len(items) == 1 and is_same_url(items[0].values.get("link"), base):
        return None
    return _structured("json-ld", items)


def _walk_json_ld(data: Any) -> Iterator[Mapping[str, Any]]:
    """Yield article-like objects and ItemList elements, in document order."""
    if isinstance(data, list):
        for element in data:
            yield from _walk_json_ld(element)
        return
    if not isinstance(data, dict):
        return
    types = _ld_types(data)
    if "itemlist" in types:
        for element in _as_list(data.get("itemListElement")):
            if isinstance(element, dict):
                inner = element.get("item")
                yield inner if isinstance(inner, dict) else element
        return
    if types & _ARTICLE_TYPES and not types & {"webpage", "website"}:
        yield data
        return
    for key in ("@graph", "mainEntity", "hasPart", "blogPost", "blogPosts", "articles"):
        if key in data:
            yield from _walk_json_ld(data[key])


def _ld_types(obj: Mapping[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1].lower() for t in _as_list(obj.get("@type"))}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_item(obj: Mapping[str, Any], base: str) -> RawItem | None:
    link = _ld_text(obj.get("url")) or _ld_text(obj.get("mainEntityOfPage")) or _ld_id(obj)
    title = _ld_text(obj.get("headline")) or _ld_text(obj.get("name"))
    if not link or not title:
        return None
    dates = tuple(
        d
        for d in (_ld_text(obj.get(k)) for k in ("datePublished", "dateCreated", "uploadDate"))
        if d
    )
    values = {
        "title": title,
        "link": link,
        "summary": _ld_text(obj.get("description")) or None,
        "image": _ld_text(obj.get("image")) or _ld_text(obj.get("thumbnailUrl")) or None,
        "author": _ld_text(obj.get("author")) or None,
    }
    return RawItem(index=0, values=values, dates=dates, base_url=base)


def _ld_id(obj: Mapping[str, Any]) -> str:
    value = obj.get("@id")
    if isinstance(value, str) and not value.startswith("_:") and "#" not in value:
        return value.strip()
    return ""


def _ld_text(value: Any) -> str:
    """A string from a JSON-LD value: a string, the first of a list, or an object's url/name."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        for element in value:
            text = _ld_text(element)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        for key in ("url", "@id", "name", "contentUrl"):
            text = _ld_text(value.get(key))
            if text:
                return text
    return ""


def from_microdata(root: Element, base: str) -> Detection | None:
    scopes = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el.get("itemscope") is not None
        and _itemtype_name(el) in _ARTICLE_TYPES
    ]
    scopes = [el for el in scopes if not any(is_ancestor(other, el) for other in scopes)]
    items = _dedupe_items(_microdata_item(el, base) for el in scopes)
    if not items:
        return None
    selectors = {
        "items": "[itemscope][itemtype]",
        "title": '[itemprop="headline"], [itemprop="name"]',
        "link": '[itemprop="url"], a[href]',
        "date": '[itemprop="datePublished"]',
        "summary": '[itemprop="description"]',
        "image": '[itemprop="image"], img',
    }
    types = sorted({el.get("itemtype", "") for el in scopes})
    if len(types) == 1:
        selectors["items"] = f'[itemtype="{types[0]}"]'
    return Detection(
        items=_reindex(items), method="microdata", selectors=selectors, feed_links=(), score=1.0
    )


def _itemtype_name(el: Element) -> str:
    itemtype = (el.get("itemtype") or "").strip().split()
    return itemtype[0].rstrip("/").rsplit("/", 1)[-1].lower() if itemtype else ""


def _microdata_item(scope: Element, base: str) -> RawItem | None:
    props: dict[str, Element] = {}
    for el in scope.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        for name in (el.get("itemprop") or "").split():
            props.setdefault(name, el)
    link_el = props.get("url")
    if link_el is None:
        link_el = props.get("mainEntityOfPage")
    link = _prop_value(link_el) if link_el is not None else ""
    if not link:
        anchor = next((a for a in scope.iter("a") if is_item_href(a.get("href"))), None)
        link = (anchor.get("href") or "").strip() if anchor is not None else ""
    title_el = props.get("headline")
    if title_el is None:
        title_el = props.get("name")
    title = text_of(title_el) if title_el is not None else ""
    if not link or not title:
        return None
    dates = tuple(_prop_value(props[k]) for k in ("datePublished", "dateCreated") if k in props)
    values = {
        "title": title,
        "link": link,
        "summary": _optional(text_of(props["description"])) if "description" in props else None,
        "image": _optional(_prop_value(props["image"])) if "image" in props else None,
        "author": _optional(text_of(props["author"])) if "author" in props else None,
    }
    return RawItem(index=0, values=values, dates=tuple(d for d in dates if d), base_url=base)


def _prop_value(el: Element) -> str:
    for attr in ("content", "datetime", "href", "src", "data-src"):
        value = el.get(attr)
        if value and value.strip():
            return value.strip()
    return text_of(el)


def _optional(text: str) -> str | None:
    return text or None


def from_embedded_state(root: Element, base: str) -> Detection | None:
    best: list[RawItem] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if script.get("id") not in ("__NEXT_DATA__", "__NUXT_DATA__") and kind != (
            "application/json"
        ):
            continue
        try:
            data = jsonpath.load(script.text or "")  # ValueError when too deep too
        except ValueError:
            continue
        for candidate in _object_lists(data, depth=0):
            items = _dedupe_items(_state_item(obj, base) for obj in candidate)
            if len(items) > len(best):
                best = items
    if not best:
        return None
    return _structured("next-data", best)


def _object_lists(data: Any, depth: int) -> Iterator[Sequence[Mapping[str, Any]]]:
    if depth > 12:
        return
    if isinstance(data, list):
        dicts = [d for d in data if isinstance(d, dict)]
        if len(dicts) >= MIN_STRUCTURED_ITEMS:
            yield dicts
        for element in data:
            yield from _object_lists(element, depth + 1)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _object_lists(value, depth + 1)


def _state_item(obj: Mapping[str, Any], base: str) -> RawItem | None:
    title = next((clean(v) for k in ("title", "headline") if isinstance(v := obj.get(k), str)), "")
    link = next(
        (
            v.strip()
            for k in ("url", "href", "link", "permalink", "canonicalUrl", "path")
            if isinstance(v := obj.get(k), str) and (v.startswith(("http://", "https://", "/")))
        ),
        "",
    )
    if len(title) < 3 or not link:
        return None
    dates = tuple(
        v
        for k in ("datePublished", "publishedAt", "published_at", "date", "createdAt", "pubDate")
        if isinstance(v := obj.get(k), str) and v
    )
    summary = next(
        (
            clean(v)
            for k in ("description", "excerpt", "summary")
            if isinstance(v := obj.get(k), str)
        ),
        None,
    )
    image = next(
        (v for k in ("image", "imageUrl", "thumbnail") if isinstance(v := obj.get(k), str)), None
    )
    values = {"title": title, "link": link, "summary": summary, "image": image, "author": None}
    return RawItem(index=0, values=values, dates=dates, base_url=base)


def _structured(method: str, items: list[RawItem]) -> Detection:
    return Detection(items=_reindex(items), method=method, selectors={}, feed_links=(), score=1.0)


def _dedupe_items(items: Iterable[RawItem | None]) -> list[RawItem]:
    seen: set[str] = set()
    result: list[RawItem] = []
    for item in items:
        if item is None:
            continue
        key = url_key(urljoin(item.base_url, item.values.get("link") or ""))
        if key in seen:
            continue
        seen.add(key)
        result.append(item)
    return result


def _reindex(items: Sequence[RawItem]) -> tuple[RawItem, ...]:
    return tuple(replace(item, index=i) for i, item in enumerate(items))
