"""The elements of one item that hold its fields (title, date, summary, image, author), found in
a single walk over the item."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.etree import _Element as Element

from feedsmith.extract.auto.datetext import DATE_TEXT
from feedsmith.extract.auto.elements import class_words, text_of
from feedsmith.extract.auto.groups import Link
from feedsmith.extract.auto.titles import item_title
from feedsmith.extract.datephrase import find_dates

_SUMMARY_WORDS = re.compile(
    r"summary|excerpt|description|desc|dek|teaser|intro|lead|abstract|snippet|chapo|standfirst"
)
# class words and labels of a date that is an update, not the publication
_UPDATED_WORDS = re.compile(r"updated|modified|datemodified|date-modified|last-?mod|edited")


_DATE_WORDS = re.compile(r"date|time|published|posted|pubdate|datum|fecha", re.IGNORECASE)
_AUTHOR_WORDS = re.compile(r"author|byline|writer|autor|auteur", re.IGNORECASE)


# elements of a card inside its link looked at for a date (a broken page may nest a whole
# carousel inside one link)
MAX_CARD_ELEMENTS = 60


def image_url(img: Element) -> str:
    for attr in ("data-src", "data-lazy-src", "data-original", "data-srcset", "srcset", "src"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value.split(",")[0].strip().split(" ")[0] if "srcset" in attr else value
    return ""


@dataclass(slots=True)
class Parts:
    """The elements of one item that hold its fields."""

    item: Element
    anchor: Element
    title: Element
    title_text: str
    date: Element | None
    summary: Element | None
    image: Element | None
    author: Element | None


def find_parts(
    link: Link, item: Element, boilerplate: frozenset[str], same_url: Sequence[Element]
) -> Parts:
    """Find the field elements of one item in a single walk over it."""
    title_text, title = item_title(link, item, boilerplate, same_url)
    parts = Parts(
        item=item,
        anchor=link.anchor,
        title=title,
        title_text=title_text,
        date=None,
        summary=None,
        image=None,
        author=None,
    )
    if item is link.anchor:
        parts.image = next((img for img in item.iter("img") if image_url(img)), None)
        if title is not item:  # a card inside its link: its date is there too
            parts.date = next(
                (
                    el
                    for el in itertools.islice(item.iter(), MAX_CARD_ELEMENTS)
                    if isinstance(el.tag, str)
                    and el is not title
                    and (el.tag == "time" or _is_date_element(el, class_words(el)))
                ),
                None,
            )
        return parts
    # a set of the elements themselves (not their ids): it keeps lxml's proxies alive
    around_title = set(title.iterancestors()) | set(title.iter())
    paragraph: Element | None = None
    for el in item.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "img":
            if parts.image is None and image_url(el):
                parts.image = el
            continue
        words = class_words(el)
        if parts.date is None and (
            tag == "time"
            or _is_date_element(el, words)
            or (el not in around_title and _dated_attribute(el))
        ):
            parts.date = el
        if parts.author is None and _is_author_element(el, words):
            parts.author = el
        if parts.summary is None and el not in around_title:
            if words and _SUMMARY_WORDS.search(words) and len(text_of(el)) >= 20:
                parts.summary = el
            elif paragraph is None and tag == "p" and len(text_of(el)) >= 40:
                paragraph = el
    if parts.summary is None:
        parts.summary = paragraph
    time_el = _published_time(item)
    if time_el is not None:
        parts.date = time_el
    return parts


def _published_time(item: Element) -> Element | None:
    """The item's `<time>`: the first, unless it is marked as an update (class, itemprop) and
    another is not."""
    times = item.findall(".//time")
    if len(times) < 2:
        return times[0] if times else None
    for el in times:
        words = f"{class_words(el)} {el.get('itemprop') or ''}".lower()
        if not _UPDATED_WORDS.search(words):
            return el
    return times[0]


def _is_date_element(el: Element, words: str) -> bool:
    # a date is a small element: a few children at most (a <span> for the day, one for the month)
    if not words or el.tag == "a" or len(el) > 4 or not _DATE_WORDS.search(words):
        return False
    text = text_of(el)
    if len(text) <= 60 and bool(DATE_TEXT.search(text) or find_dates(text)):
        return True
    # "3 days ago" with the date itself in an attribute
    return any(find_dates(el.get(attr) or "") for attr in ("title", "datetime", "data-date"))


_DATE_ATTRIBUTES = ("title", "data-date", "datetime", "content")


def _dated_attribute(el: Element) -> bool:
    """A small element whose `title` (or `data-date`, …) attribute holds a whole date (`<span
    title="5 March 2024">3 days ago</span>`, `<abbr title="2024-03-05">`)."""
    values = [v for v in map(el.get, _DATE_ATTRIBUTES) if v]
    if not values or el.tag == "a" or len(el) > 4 or len(text_of(el)) > 40:
        return False
    return any(p.year is not None for value in values for p in find_dates(value))


def _is_author_element(el: Element, words: str) -> bool:
    if el.get("rel") != "author" and not (words and _AUTHOR_WORDS.search(words)):
        return False
    return 0 < len(text_of(el)) <= 80
