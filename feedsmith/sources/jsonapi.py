"""``type: json``: a JSON API as the source.

``items`` is the path to the list of items and each field a path inside an item (the syntax is in
`feedsmith.jsonpath`). Without ``fields``, the usual names are tried (``title``, ``url`` or
``link``, ``date_published`` or ``published_at`` or ``date``, ``summary`` or ``excerpt``, …,
including WordPress's ``title.rendered``). Numbers in a date field are read as Unix time (in
seconds, or milliseconds when that large). ``next`` may be the path to the next page's URL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from feedsmith.config import PAGE_PLACEHOLDER, FeedConfig, FieldSpec
from feedsmith.errors import ExtractError
from feedsmith.extract import Extraction
from feedsmith.extract.fields import cut
from feedsmith.jsonpath import (
    TooDeep,
    compile_path,
    explain_miss,
    load,
    resolve,
    type_name,
    walk,
)
from feedsmith.normalise.html import html_to_text
from feedsmith.normalise.urls import absolute
from feedsmith.sources.harvest import Harvest, absolute_html, scoped_guid, site_root
from feedsmith.types import Page, RawItem

DEFAULT_FIELDS = {
    "title": FieldSpec(path="title.rendered|title|headline|name"),
    "link": FieldSpec(path="url|link|href|permalink|canonical_url|web_url"),
    "date": FieldSpec(
        path="date_published|published_at|publishedAt|datePublished|published|date_gmt|date"
        "|pubDate|created_at|createdAt"
    ),
    "summary": FieldSpec(path="summary|excerpt.rendered|excerpt|description|abstract"),
    "author": FieldSpec(path="author.name|authors.0.name|author|byline"),
    "image": FieldSpec(
        path="image.url|image|thumbnail.url|thumbnail|thumbnail_url|featured_image|cover_image"
    ),
    "categories": FieldSpec(path="tags|categories|keywords"),
}
HTML_FIELDS = frozenset({"summary", "content"})
# fields that are text, but that APIs often send with HTML entities or tags
TEXT_FIELDS = frozenset({"title", "author"})
# names under which a list element that is an object carries its text (tags, categories)
_NAME_KEYS = ("name", "title", "term", "label", "value")
# Unix times above this are in milliseconds (it is in 1973 as milliseconds, 5138 as seconds)
_MILLISECONDS = 100_000_000_000


def read(page: Page, source: FeedConfig) -> Harvest:
    assert source.items is not None  # the config requires it for json sources
    try:
        doc = load(page.text)
    except TooDeep as exc:
        raise ExtractError(exc.args[0], feed_id=source.id, url=page.url) from None
    except json.JSONDecodeError as exc:
        looks_html = page.text.lstrip()[:1] == "<"
        raise ExtractError(
            "not JSON but HTML or XML: use `type: html` or `type: feed`"
            if looks_html
            else f"not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}",
            feed_id=source.id,
            url=page.url,
        ) from exc
    found = next(
        (v for path in compile_path(source.items) if (v := walk(doc, path)) is not None), None
    )
    if found is None:
        raise ExtractError(
            f"the items path {source.items!r} finds nothing: {explain_miss(doc, source.items)}",
            feed_id=source.id,
            url=page.url,
        )
    if not isinstance(found, list):
        raise ExtractError(
            f"the items path {source.items!r} leads to {type_name(found)}, not a list",
            feed_id=source.id,
            url=page.url,
        )
    objects = [o for o in found if isinstance(o, dict)]
    if not objects:
        raise ExtractError(
            f"zero items: the list at {source.items!r} is empty or holds no objects",
            feed_id=source.id,
            url=page.url,
        )
    specs = source.fields.specs() or DEFAULT_FIELDS
    items = tuple(
        _item(i, obj, specs, page.url, source.url or page.url) for i, obj in enumerate(objects)
    )
    next_url = None
    if source.next is not None and PAGE_PLACEHOLDER not in source.next:
        next_url = absolute(_scalar(resolve(doc, source.next)), page.url)
    title = doc.get("title") if isinstance(doc, dict) else None
    return Harvest(
        extraction=Extraction(
            items=items,
            base_url=page.url,
            title=title if isinstance(title, str) and title.strip() else None,
            description=None,
            language=None,
            method="json",
            home_url=site_root(page.url),
        ),
        next_url=next_url,
    )


def _item(
    index: int, obj: dict[str, Any], specs: dict[str, FieldSpec], base: str, source_url: str
) -> RawItem:
    values: dict[str, str | None] = {}
    dates: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    for name, spec in specs.items():
        if spec.path is None:
            continue
        if name == "categories":
            categories = tuple(cut(v, spec) or "" for v in _texts(_lookup(obj, spec.path)))
            categories = tuple(c for c in categories if c)
        elif name == "date":
            value = cut(_date_text(_lookup(obj, spec.path)), spec)
            dates = (value,) if value else ()
        else:
            value = cut(_scalar(_lookup(obj, spec.path)), spec)
            if name in HTML_FIELDS and spec.html is not False:
                value = absolute_html(value, base)
            elif name in TEXT_FIELDS and value is not None and ("<" in value or "&" in value):
                value = html_to_text(value) or None  # WordPress: "Caf&eacute; &#8217;s"
            values[name] = value
    if "guid" in values:
        values["guid"] = scoped_guid(values["guid"], source_url)
    return RawItem(index=index, values=values, dates=dates, categories=categories, base_url=base)


def _lookup(obj: Any, text: str) -> Any:
    """The first alternative of the path that gives a usable value (text, number, list)."""
    for path in compile_path(text):
        value = walk(obj, path)
        if isinstance(value, list):
            value = [v for v in value if _scalar(v) is not None or isinstance(v, dict)]
            if value:
                return value
        elif _scalar(value) is not None:
            return value
    return None


def _scalar(value: Any) -> str | None:
    """One value as text: a string, a number, or the first element of a list."""
    if isinstance(value, list):
        return next((s for s in (_scalar(v) for v in value) if s is not None), None)
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        return None
    text = str(value).strip()
    return text or None


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        if isinstance(item, dict):
            item = next((item[k] for k in _NAME_KEYS if _scalar(item.get(k))), None)
        text = _scalar(item)
        if text is not None:
            found.extend(t.strip() for t in text.split(",") if t.strip())
    return list(dict.fromkeys(found))


def _date_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > _MILLISECONDS else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return _scalar(value)
