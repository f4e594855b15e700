"""Reading an element as a reader sees it: its text (cleaned, spaced, visible), its class
words, its word count in any script, whether it sits inside another."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.etree import _Element as Element

# `with-sidebar`, `has-nav`: a container that holds such a part is not that part
_LAYOUT_PREFIXES = ("with-", "has-", "no-", "without-", "show-", "hide-")


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


_SPACE = re.compile(r"\s+")
# control characters, and characters a reader never sees: soft hyphens (German and Dutch
# headlines are full of them), zero-width spaces, word joiners, byte order marks
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff]")
WORD = re.compile(r"\w+")


# letters of scripts written without spaces between words
_DENSE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# never text of a title or date (an icon's <svg><title> names the icon, it is not shown)
HIDDEN = ("script", "style", "noscript", "template", "svg")
# elements whose text is a block of its own (a space goes between it and its neighbours)
BLOCKS = frozenset(
    {"p", "div", "br", "li", "dt", "dd", "td", "th", "section", "article", "header", "footer",
     "time", "span", "small", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption"}
)  # fmt: skip


# classes of text for screen readers only (WordPress, Bootstrap, Tailwind, …)
_SCREEN_READER = re.compile(
    r"screen-reader|sr-only|visually-?hidden|screenreader|assistive-text|a11y-hidden|u-hidden"
    r"|hidden-visually|element-invisible|offscreen",
    re.IGNORECASE,
)
_NO_DISPLAY = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def clean(text: str | None) -> str:
    if not text:
        return ""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def text_of(el: Element) -> str:
    return clean("".join(map(str, el.itertext())))


def spaced_text(el: Element) -> str:
    """The text with a space between text nodes, so `2025</span><p>Next` keeps its words apart."""
    return clean(" ".join(map(str, el.itertext())))


def is_ancestor(ancestor: Element, el: Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def word_count(text: str) -> int:
    """Words of a text; in scripts written without spaces (Chinese, Japanese, Thai) every two
    characters count as a word, so a headline there is as long as one elsewhere."""
    if not _DENSE_SCRIPT.search(text):
        return len(WORD.findall(text))
    count = 0
    for word in WORD.findall(text):
        dense = len(_DENSE_SCRIPT.findall(word))
        count += max(1, dense // 2) if dense >= 4 else 1
    return count


def class_words(el: Element) -> str:
    """The element's class, id and role words, without layout hints like `with-sidebar`."""
    attrs = el.attrib
    if "class" not in attrs and "id" not in attrs and "role" not in attrs:
        return ""
    words = f"{attrs.get('class', '')} {attrs.get('id', '')} {attrs.get('role', '')}".lower()
    return " ".join(w for w in words.split() if not w.startswith(_LAYOUT_PREFIXES))


def visible_text(
    el: Element, skip: Callable[[Element], bool] | None = None, budget: int = 1 << 30
) -> str:
    """The element's text without <script>/<style>/<noscript>/<template> (and without the
    subtrees `skip` names), with a space between blocks; from the first `budget` elements."""
    parts: list[str] = []
    left = [budget]

    def walk(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            left[0] -= 1
            if left[0] < 0:
                return
            if (
                isinstance(tag, str)
                and tag not in HIDDEN
                and not (skip and skip(child))
                and not unseen(child)
            ):
                if tag in BLOCKS:
                    parts.append(" ")
                walk(child)
                if tag in BLOCKS:
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return clean("".join(parts))


def unseen(el: Element) -> bool:
    """An element a reader does not see: text for screen readers only, `hidden`,
    `display:none`."""
    cls = el.get("class")
    if cls is not None and _SCREEN_READER.search(cls) is not None:
        return True
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return style is not None and _NO_DISPLAY.search(style) is not None
