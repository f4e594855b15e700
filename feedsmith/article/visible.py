"""What a reader sees of an element: its visible text, whether it is hidden, in a sidebar, or
labelled as an update.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from feedsmith.article.text import BLOCK_TAGS, NOT_ALNUM, squash, text_of

# elements whose text is not shown where they stand (and "¶"/"#" anchors next to headings)
_INVISIBLE_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "button", "select"))
_SCREEN_READER_ONLY = re.compile(
    r"(?:^|[\s_-])(?:sr-only|visually-?hidden|screen-?reader(?:-text|-only)?|a11y-hidden|"
    r"offscreen|hidden)(?:$|\s)",
    re.IGNORECASE,
)
# containers of other articles, menus and widgets (class or id)
_RELATED = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|teaser\w*|sidebar|widget|more-?stories|read-?more|"
    r"most-?(?:read|popular)|trending|promo\w*|newsletter)(?:$|[\s_-])",
    re.IGNORECASE,
)
# "updated" in the languages of the development pages and more; a <time> so labelled is not
# the publication date
UPDATED = re.compile(
    r"updat|modif|aktualisiert|actualiz|aggiornat|mis à jour|atualizad|bijgewerkt|"
    r"zaktualizowan|uppdaterad|opdateret|oppdatert|päivitetty|güncellen|更新|수정",
    re.IGNORECASE,
)
# how much of the text right before a <time> may label it ("Mis à jour le")
_LABEL_CHARS = 40


def visible_text(element: etree._Element) -> str:
    """An element's text as a reader sees it: a line break or a block inside is a space."""
    return squash("".join(visible_parts(element)))


def visible_parts(element: etree._Element) -> list[str]:
    """An element's visible text in pieces, cut wherever an element starts or ends (a kicker
    ``<span>`` before the headline is a piece of its own). Hidden text (scripts, ``hidden``,
    ``aria-hidden``, screen-reader-only labels) and symbol-only anchor links ("¶", "#") are
    left out, as a space (``<span>Kicker</span><span class="sr-only">: </span>Headline`` is
    two pieces, not one word); a line break or a block is a space."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and not _hidden(child):
                block = child.tag == "br" or child.tag in BLOCK_TAGS
                parts.append(" " if block else "")
                walk(child)
                parts.append(" " if block else "")
            elif isinstance(child.tag, str):
                parts.append(" ")
            parts.append(child.tail or "")

    walk(element)
    return [part for part in parts if part]


def _hidden(element: etree._Element) -> bool:
    """Whether readers do not see an element's text where it stands."""
    if element.tag in _INVISIBLE_TAGS or element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().casefold() == "true":
        return True
    if _SCREEN_READER_ONLY.search(f"{element.get('class', '')} {element.get('id', '')}"):
        return True
    if element.tag == "a" and (element.get("href") or "").startswith("#"):
        return not NOT_ALNUM.sub("", text_of(element))
    return False


def aside(element: etree._Element) -> bool:
    """Whether an element sits in a sidebar, menu, footer or a box of other articles."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer"):
            return True
        if _RELATED.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def says_updated(element: etree._Element) -> bool:
    """Whether a <time> is labelled as the last update rather than the publication: by its
    class or itemprop, its own text, its parent's class, or the words right before it
    ("Updated", ``<span>Aktualisiert:</span> <time>``)."""
    parent = element.getparent()
    label = " ".join(
        [
            element.get("class", ""),
            element.get("itemprop", ""),
            element.text_content() if isinstance(element, lxml.html.HtmlElement) else "",
            parent.get("class", "") if parent is not None else "",
            _text_before(element)[-_LABEL_CHARS:],
        ]
    )
    return bool(UPDATED.search(label)) and "publish" not in label.casefold()


def _text_before(element: etree._Element) -> str:
    """The text that comes right before an element inside its parent."""
    previous = element.getprevious()
    if previous is None:
        parent = element.getparent()
        return (parent.text or "") if parent is not None else ""
    own = previous.text_content() if isinstance(previous, lxml.html.HtmlElement) else ""
    return own + (previous.tail or "")
