"""An item's title: the heading around its link, the link's own title-like text (without dates,
teasers, badges), the card's heading, then attributes; and a quick title for scoring groups."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml.etree import _Element as Element

from feedsmith.extract.auto.datetext import DATE_TEXT
from feedsmith.extract.auto.elements import (
    BLOCKS,
    HEADINGS,
    HIDDEN,
    WORD,
    class_words,
    clean,
    is_ancestor,
    text_of,
    unseen,
    visible_text,
)
from feedsmith.extract.auto.groups import Link
from feedsmith.extract.datephrase import find_dates

_URL_LIKE = re.compile(r"(?:https?://|www\.)\S+$|\S+\.(?:com|org|net|html?|php)(?:/\S*)?$", re.I)
# "read more" links, in the languages of the pages we see
_READ_MORE = re.compile(
    r"[\W_]*(?:read|continue|view|see|show)(?:\s+(?:the\s+)?(?:more|all|full|post|article|story"
    r"|reading|details))+|more|mehr|weiterlesen|(?:mehr\s+)?lesen|lire\s+(?:la\s+suite|plus)"
    r"|en\s+savoir\s+plus|la\s+suite|leer\s+m[aá]s|ver\s+m[aá]s|seguir\s+leyendo|leggi(?:\s+"
    r"(?:tutto|di\s+pi[uù]))?|continua(?:\s+a\s+leggere)?|ler\s+mais|saiba\s+mais|lees\s+meer"
    r"|meer|czytaj\s+(?:dalej|wi[eę]cej)|l[aä]s\s+mer|devam[ıi]n[ıi]\s+oku|devam[ıi]|続きを読む"
    r"|もっと見る|阅读全文|阅读更多|查看更多|더\s*보기|자세히\s*보기|details|permalink"
    r"|would\s+you\s+like\s+to\s+know\s+more\??"
    r"[\W_]*",
    re.IGNORECASE,
)
# words around a date that are not a title ("Posted on", "le")
_DATE_NOISE = re.compile(
    r"\b(?:posted|published|updated|on|le|am|el|il|du|vom|dal|del|de|op|dnia|tarihinde)\b",
    re.IGNORECASE,
)
# a word that ties a date at the end of a title into the title
_CONNECTOR = re.compile(
    r"\b(?:on|of|from|to|until|since|by|for|am|vom|bis|seit|ab|le|du|au|depuis|jusqu'au|el"
    r"|del|de|desde|hasta|il|dal|al|op|van|tot|w|z|do|od|på|den|från|till)\s*$",
    re.IGNORECASE,
)
_LEADING_PUNCT = re.compile(r"^[\s|·•—–\-:,/]+")
_TRAILING_PUNCT = re.compile(r"[\s|·•—–\-:,/]+$")
# class words of the parts of a link or card that are not its title
_NOT_TITLE_WORDS = re.compile(
    r"date|(?:^|[^a-z])(?:time|meta|metadata|byline|author|tags?|labels?|badges?|pill|chip"
    r"|category|categories|count|comments|read-?time|reading-?time|read-?more|more)(?:$|[^a-z])"
    r"|summary|excerpt|description|teaser|snippet|badge|subtitle|kicker|overline|eyebrow"
    r"|topline|dachzeile|surtitre|intro|roofline|(?:pre|super|sur|up|top|over)-?title"
    r"|ante-?t[ií]tulo|sopra-?titolo|occhiello|(?:^|[^a-z])spot(?:$|[^a-z])"
)


# a piece of a card's link that counts something: a reading time, comments, photos, views
_COUNT_PIECE = re.compile(
    r"[\d.,]+\s*[kK]?\s*(?:min\w*|std|h|sek\w*|sec\w*|comments?|kommentare?|commentaires?"
    r"|comentarios?|commenti|comentários|reacties|komentarz\w*|yorum\w*|photos?|fotos?|bilder"
    r"|views?|vues?|aufrufe|visite|lesezeit|leestijd|read|reading|分|분|мин)\.?(?:\s+\w+\.?){0,2}",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(r"title|headline|heading|titre|titel|titulo|título")


def _title_element(link: Link) -> Element:
    for heading in link.anchor.iter(*HEADINGS):
        if text_of(heading):
            return heading
    return link.anchor


def quick_title(link: Link) -> str:
    """A quick title for scoring groups (the full rules are in `item_title`)."""
    el = _title_element(link)
    text = text_of(el)
    if not text:
        text = clean(link.anchor.get("title") or link.anchor.get("aria-label"))
    if not text:
        img = next(link.anchor.iter("img"), None)
        text = clean(img.get("alt")) if img is not None else ""
    return text


def heading_text(item: Element) -> str:
    """The text of the first heading in a card (for a link without text of its own)."""
    return next((text for h in item.iter(*HEADINGS) if (text := text_of(h))), "")


def _looks_like_summary(text: str) -> bool:
    """A sentence (or several), not a headline: many words, ending like prose (in scripts
    without spaces between words: many characters, ending with a full stop)."""
    end = text.rstrip()[-1:]
    if end in "。．" and len(text) >= 10:
        return True
    return len(WORD.findall(text)) >= 8 and end in ".…"


def _prose(text: str) -> bool:
    """A sentence after a card's title: a few words ending with a full stop (a headline
    rarely ends with one)."""
    end = text.rstrip()[-1:]
    return end in "。．" or (end == "." and len(WORD.findall(text)) >= 4)


def _is_weak_title(text: str, boilerplate: frozenset[str]) -> bool:
    """Text that cannot be an item's title: nothing, a URL, a date, "read more", or the same
    words on most items of the list."""
    if len(WORD.findall(text)) == 0 or _URL_LIKE.match(text):
        return True
    if text.casefold() in boilerplate or _READ_MORE.fullmatch(text):
        return True
    return _date_only(text)


def _date_only(text: str) -> bool:
    if DATE_TEXT.fullmatch(text.strip()):
        return True  # "3 hours ago", "yesterday"
    phrases = find_dates(text)
    rest = text
    for phrase in reversed(phrases):
        rest = rest[: phrase.start] + rest[phrase.end :]
    return bool(phrases) and not WORD.search(_DATE_NOISE.sub("", rest))


def _strip_dates(text: str) -> str:
    """The text without date phrases at its start or end (`2026-03-10 | Title`, `Title Sep 28`)."""
    phrases = find_dates(text)
    if not phrases:
        return text
    start, end = 0, len(text)
    first, last = phrases[0], phrases[-1]
    if not WORD.search(_DATE_NOISE.sub("", text[: first.start])):
        start = first.end
    before = text[start : last.start]
    if (
        last.start >= start
        and not WORD.search(_DATE_NOISE.sub("", text[last.end :]))
        and not _CONNECTOR.search(before)  # "Vote on 5 March 2024": the date is the title's
    ):
        end = last.start
    kept = text[start:end]
    if start:
        kept = _LEADING_PUNCT.sub("", kept)
    if end < len(text):
        kept = _TRAILING_PUNCT.sub("", kept)
    kept = clean(kept)
    return kept if WORD.search(kept) else text


def _roles(words: str) -> str:
    """Class words as the roles they name: a BEM name's element (`c-teaser__link` is a link,
    not a teaser), without its modifier (`field--label-hidden` is a field)."""
    if "__" not in words and "--" not in words:
        return words
    roles = []
    for word in words.split():
        if "--" in word.strip("-"):
            word = word.split("--")[0]
        roles.append(word.rsplit("__", 1)[-1])
    return " ".join(roles)


def _skip_in_title(el: Element) -> bool:
    """Parts of a link that are not its title: dates, teasers, badges, counters."""
    if el.tag == "time":
        return True
    words = _roles(class_words(el))
    return bool(words) and bool(_NOT_TITLE_WORDS.search(words)) and not _named_title(words)


def _named_title(words: str) -> bool:
    """A class word names the element a title (`field--name-title`, `post-preview-title`), and
    is no teaser's or date's (`subtitle`, `title-date`): it wins over the element's other
    classes (`field--label-hidden` says its label is hidden, not that it is a label)."""
    return any(
        _TITLE_WORDS.search(word) and not _NOT_TITLE_WORDS.search(word) for word in words.split()
    )


def _link_title(
    anchor: Element, boilerplate: frozenset[str] = frozenset()
) -> tuple[str, Element, bool]:
    """The title a link's own content gives: a title-like child, else its text without dates,
    teasers and badges; and whether any text was left once those were taken out (a link of
    a photo count or a date alone gives its whole text, as a last resort)."""
    for el in anchor.iter():
        if el is anchor or not isinstance(el.tag, str) or el.tag in HIDDEN:
            continue
        words = _roles(class_words(el))
        if words and _TITLE_WORDS.search(words) and not _NOT_TITLE_WORDS.search(words):
            text = visible_text(el)
            if text and not _looks_like_summary(text):
                return text, el, True
    for heading in anchor.iter(*HEADINGS):
        text = visible_text(heading)
        if text and not _looks_like_summary(text):
            return text, heading, True

    def skip(el: Element) -> bool:
        if _skip_in_title(el):
            return True
        if el.tag in HEADINGS or el.tag == "p":
            return _looks_like_summary(visible_text(el))
        return False

    pieces = _segments(anchor, skip)
    kept = [
        p
        for n, p in enumerate(pieces)
        if not _date_only(p)
        and not _looks_like_summary(p)
        and not _READ_MORE.fullmatch(p)
        and any(c.isalpha() for c in p)  # a rank or a counter ("1", "12 ·")
        and not _COUNT_PIECE.fullmatch(p)  # "3 Min.", "12 comments"
        and p.casefold() not in boilerplate  # a label every item's link shows ("City")
        and not (n and _prose(p))
    ]
    if 0 < len(kept) < len(pieces):  # a card inside its link: its date or teaser, not its title
        return _strip_dates(clean(" ".join(kept))), anchor, True
    text = visible_text(anchor, skip)
    if not WORD.search(text):
        return _strip_dates(visible_text(anchor)), anchor, False
    return _strip_dates(text), anchor, True


def _segments(anchor: Element, skip: Callable[[Element], bool]) -> list[str]:
    """The link's text cut where a block element (a <span>, <div>, <p>, <time>) starts or ends;
    inline markup (<em>, <b>) stays inside its piece."""
    inner = [c for c in anchor if isinstance(c.tag, str) and c.tag not in HIDDEN]
    if (
        len(inner) == 1
        and inner[0].tag in BLOCKS
        and not (anchor.text or "").strip()
        and not (inner[0].tail or "").strip()
    ):
        return _segments(inner[0], skip)  # the card's one wrapper: its parts are the pieces
    pieces: list[str] = []
    current: list[str] = [anchor.text or ""]
    for child in anchor:
        tag = child.tag
        if isinstance(tag, str) and tag not in HIDDEN and not skip(child) and not unseen(child):
            if tag in BLOCKS:
                pieces.append("".join(current))
                pieces.append(visible_text(child))
                current = []
            else:
                current.append(visible_text(child))
        current.append(child.tail or "")
    pieces.append("".join(current))
    return [text for text in (clean(p) for p in pieces) if WORD.search(text)]


def _best_link_title(
    anchors: Sequence[Element], boilerplate: frozenset[str]
) -> tuple[str, Element]:
    """The title the card's links to the item give: a link whose class names it the title
    first, then the first whose text reads as a headline, then the first that is not weak (a
    card often links its teaser too, and the teaser may come first); a link whose text is
    all badge, count or date (`12 photos`) only when no other link has more."""
    found = [
        (text, el, anchor, whole)
        for anchor in anchors
        for text, el, whole in (_link_title(anchor, boilerplate),)
        if not _is_weak_title(text, boilerplate)
    ]
    if not found:
        return "", anchors[0]

    def rank(entry: tuple[str, Element, Element, bool]) -> int:
        text, _, anchor, whole = entry
        if not whole:
            return 3
        if _named_title(_roles(class_words(anchor))):
            return 0
        return 2 if _looks_like_summary(text) else 1

    text, el, _, _ = min(found, key=rank)
    return text, el


def _enclosing_heading(anchor: Element, item: Element) -> Element | None:
    el: Element | None = anchor
    while el is not None:
        if el.tag in HEADINGS:
            return el
        if el is item:
            return None
        el = el.getparent()
    return None


def item_title(
    link: Link, item: Element, boilerplate: frozenset[str], same_url: Sequence[Element]
) -> tuple[str, Element]:
    """The item's title and the element holding it.

    In order: the heading around (or in) a link to the item's URL; a link's own title-like text
    (without dates, teasers, badges); the card's heading when the link's text is weak ("read
    more", a date, an icon); the link's `title`/`aria-label`; an image's `alt`. Never a URL.
    A visibly truncated title ("…") gives way to the full one in a `title` attribute.
    """
    anchors = [link.anchor]
    card = item if item is not link.anchor else item.getparent()
    if card is not None:
        anchors += [a for a in same_url if a is not link.anchor and is_ancestor(card, a)]
    title, element = "", link.anchor
    for anchor in anchors:
        heading = _enclosing_heading(anchor, item)
        if heading is not None:
            text = _strip_dates(visible_text(heading, _skip_in_title))
            if not _is_weak_title(text, frozenset()):
                title, element = text, heading
                break
    if not title:
        title, element = _best_link_title(anchors, boilerplate)
    if not title and item is not link.anchor:
        for heading in item.iter(*HEADINGS):
            text = _strip_dates(visible_text(heading, _skip_in_title))
            if not _is_weak_title(text, boilerplate):
                title, element = text, heading
                break
    if not title:
        for anchor in anchors:
            img = next(anchor.iter("img"), None)
            for value in (
                anchor.get("title"),
                anchor.get("aria-label"),
                img.get("alt") if img is not None else None,
            ):
                text = clean(value)
                if text and not _is_weak_title(text, frozenset()):
                    return text, anchor
        return "", link.anchor
    if title.endswith(("…", "...")):
        stem = title.rstrip("….").rstrip()
        for anchor in anchors:
            for el in (anchor, element):
                for attr in ("title", "aria-label"):
                    full = clean(el.get(attr))
                    if len(full) >= len(stem) and full != title and full.startswith(stem):
                        return full, element
    return title, element


def common_link_texts(links: Sequence[Link]) -> frozenset[str]:
    """Link texts most items of a list share ("Read more", "Continue"), and pieces of card
    links most items share (a category label, "Video"): not titles."""
    counts: dict[str, int] = {}
    for link in links:
        text = link.text.casefold()
        if text and len(WORD.findall(text)) <= 5:
            counts[text] = counts.get(text, 0) + 1
        for piece in {p.casefold() for p in _segments(link.anchor, _skip_in_title)} - {text}:
            if len(WORD.findall(piece)) <= 3:
                counts[piece] = counts.get(piece, 0) + 1
    floor = max(3, len(links) / 2)
    return frozenset(text for text, n in counts.items() if n >= floor)
