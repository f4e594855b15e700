"""``type: html`` (the default): a list page read with the feed's selectors or by detection.

Besides the items, a page may name the next page of the list (``next:`` as a selector). When a
page yields nothing because it is an anti-bot wall, or looks like the empty shell of a
JavaScript app, the error says so (and for a shell, that ``render: browser`` may help).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from feedsmith import interstitial
from feedsmith.config import PAGE_PLACEHOLDER, FeedConfig
from feedsmith.errors import ExtractError
from feedsmith.extract import extract, parse_html
from feedsmith.extract.fields import clean_space
from feedsmith.normalise.urls import absolute
from feedsmith.selectors import compile_selector
from feedsmith.sources.harvest import Harvest
from feedsmith.types import Page

if TYPE_CHECKING:
    from feedsmith.reuse import ItemMemo

# a page with less visible text than this and its scripts is probably rendered in the browser
SHELL_MAX_TEXT = 400
_MOUNT_POINTS = (
    "//*[@id='root' or @id='app' or @id='__next' or @id='___gatsby' or @id='__nuxt' "
    "or @id='svelte' or @data-reactroot or self::app-root][not(*)]"
)


def read(page: Page, source: FeedConfig, memo: ItemMemo | None = None) -> Harvest:
    try:
        extraction = extract(page, source, memo)
    except ExtractError as exc:
        if source.render is not None:
            raise ExtractError(
                f"{exc.message} (after rendering in the browser; if the list appears late, "
                "give `wait_for:` a selector of it)",
                feed_id=source.id,
                url=page.url,
            ) from exc.__cause__
        wall = interstitial.classify(page.content)
        if wall is not None:
            raise ExtractError(
                f"{exc.message}: {wall}", feed_id=source.id, url=page.url, kind="blocked"
            ) from exc.__cause__
        hint = js_shell_hint(page)
        if hint is None:
            raise
        raise ExtractError(
            f"{exc.message}; {hint}", feed_id=source.id, url=page.url, kind="blocked"
        ) from exc.__cause__
    next_url = None
    if source.next is not None and PAGE_PLACEHOLDER not in source.next:
        root = parse_html(page, feed_id=source.id)
        next_url = find_next(root, source.next, extraction.base_url)
    return Harvest(extraction=extraction, next_url=next_url)


def find_next(root: etree._Element, selector: str, base_url: str) -> str | None:
    """The address the first match of ``selector`` links to (its href, or an anchor's inside)."""
    found = compile_selector(selector)(root)
    for match in found if isinstance(found, list) else [found]:
        href = None
        if isinstance(match, str):
            href = match
        elif isinstance(match, etree._Element):
            href = match.get("href")
            if href is None:
                anchor = next((a for a in match.iterdescendants("a") if a.get("href")), None)
                href = anchor.get("href") if anchor is not None else None
        url = absolute(href, base_url)
        if url is not None:
            return url
    return None


def js_shell_hint(page: Page) -> str | None:
    """Why the page looks like an app its scripts build, or None when it does not."""
    try:
        root = parse_html(page)
    except ExtractError:
        return None
    scripts = root.xpath("//script")
    if not isinstance(scripts, list) or not scripts:
        return None
    script_chars = 0
    external = 0
    for script in scripts:
        if isinstance(script, etree._Element):
            script_chars += len(script.text or "")
            external += script.get("src") is not None
    mounts = root.xpath(_MOUNT_POINTS)
    mount = mounts[0] if isinstance(mounts, list) and mounts else None
    for junk in root.xpath("//script|//style|//noscript|//template"):
        if isinstance(junk, etree._Element) and junk.getparent() is not None:
            junk.drop_tree()  # type: ignore[attr-defined]
    body = root.find("body")
    text = clean_space(body.text_content()) if body is not None else ""
    if len(text) > SHELL_MAX_TEXT:
        return None
    if mount is None and script_chars <= len(text) and not external:
        return None
    where = ""
    if isinstance(mount, etree._Element):
        ident = mount.get("id")
        where = f", an empty <{mount.tag}{f' id={ident!r}' if ident else ''}>"
    return (
        f"the page looks like an empty JavaScript app ({len(text)} characters of text, "
        f"{len(scripts)} script(s){where}): `render: browser` may help"
    )
