"""Images: the lead image, and the page's images put back among the body's blocks (logos, icons,
ads left out).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from feedsmith.article.signals import Meta
from feedsmith.article.text import norm, squash, text_of
from feedsmith.article.visible import aside

# how far up an image's containers may say "logo", "promo", ... (a page's <body> may say "ads")
_DECORATION_DEPTH = 3
# Images smaller than this (width or height attribute) are icons or pixels.
_MIN_IMAGE_SIZE = 64
# logos, icons, avatars, share buttons, ads and promotions (class, id, alt or address)
_DECORATION = re.compile(
    r"(?:^|[\W_])(?:logo|icon|avatar|sprite|emoji|badge|pixel|spacer|share|social|banner|promo|"
    r"advert\w*|ads?|gravatar|placeholder|newsletter|subscribe)s?(?=$|[\W_\d])"
)


def lead_image_url(meta: Meta, base: str) -> str | None:
    return next((urljoin(base, v) for v in meta.images if not v.startswith("data:")), None)


def choose_image(meta: Meta, content_html: str, base: str) -> str | None:
    for value in meta.images:
        if not value.startswith("data:"):
            return urljoin(base, value)
    match = re.search(r"<img[^>]*\ssrc=\"([^\"]+)\"", content_html)
    return match.group(1).replace("&amp;", "&") if match else None


def place_images(
    root: lxml.html.HtmlElement, body: etree._Element, base: str, lead: str | None
) -> None:
    """Put the page's images that sit among the body's blocks back into the body (in place).

    The page is read in order: an image counts when a block of the body follows it before any
    heading, and it goes before that block; after the last block, when it is in that block's
    container, and it goes at the end. Images in menus, sidebars,
    footers and boxes of other articles, and logos, icons and avatars never do. The lead image
    (``og:image`` and the like) is kept wherever the page puts it: at the top when no block
    follows it.
    """
    blocks: dict[str, etree._Element] = {}
    for child in body:
        blocks.setdefault(norm(text_of(child)), child)
    blocks.pop("", None)
    if not blocks:
        return
    have = {g.get("src") for g in body.iter("graphic")}
    pending: list[tuple[etree._Element, etree._Element]] = []  # (graphic, the page's <img>)
    last: etree._Element | None = None  # the page's element of the last block found
    lead_image: etree._Element | None = None
    for element in root.iter("img", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"):
        if element.tag != "img":
            target = blocks.get(norm(element.text_content()))
            if target is not None:
                for image, _ in pending:
                    target.addprevious(image)
                pending, last = [], element
            elif element.tag.startswith("h"):
                pending = []  # a heading that is not the article's starts something else
            continue
        src = urljoin(base, element.get("src") or "")
        if not src.startswith(("http://", "https://")) or src in have or not_content(element):
            continue
        have.add(src)
        graphic = etree.Element("graphic", src=src, alt=squash(element.get("alt") or ""))
        if lead and src == lead:
            lead_image = graphic
        else:
            pending.append((graphic, element))
    # after the last block: the images in the same container as that block end the article
    container = last.getparent() if last is not None else None
    for image, img in pending:
        if container is not None and any(a is container for a in img.iterancestors()):
            body.append(image)
    if lead_image is not None and lead_image.getparent() is None:
        body.insert(0, lead_image)


def not_content(img: etree._Element) -> bool:
    """A logo, icon, avatar, tracking pixel or an image in a menu, sidebar or footer."""
    label = " ".join(img.get(a, "") for a in ("class", "id", "alt", "src")).casefold()
    if _DECORATION.search(label):
        return True
    for attr in ("width", "height"):
        size = (img.get(attr) or "").removesuffix("px")
        if size.isdigit() and int(size) < _MIN_IMAGE_SIZE:
            return True
    if aside(img):
        return True
    for ancestor, _ in zip(img.iterancestors(), range(_DECORATION_DEPTH), strict=False):
        label = " ".join(ancestor.get(a, "") for a in ("class", "id", "href")).casefold()
        if _DECORATION.search(label):
            return True
    return False
