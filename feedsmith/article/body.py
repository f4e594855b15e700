"""The body's HTML: the feed's selector, else trafilatura's reading (and fuller readings of stub
pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html

from feedsmith.article.clean import plain_text, sanitise
from feedsmith.article.dates import DATE_PARAMS
from feedsmith.article.images import place_images
from feedsmith.article.source import css
from feedsmith.article.text import elements, text_of, to_html
from feedsmith.article.tidy import finish

# trafilatura settings, chosen by measuring on the corpus (bench/eval_articles.py).
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_links": True,
    "include_formatting": True,
    "favor_recall": False,
    "deduplicate": False,
}
# Less text than this from trafilatura's baseline is a menu or a notice, not an article; a body
# this short is a stub (a caption, a notice, or what the cleanup left of a short article)
MIN_FALLBACK_CHARS = 200
# ... and another reading of a stub page replaces it when it has this many times its text
_FULLER = 2


def selected_html(root: lxml.html.HtmlElement, selector: str) -> str:
    matches = elements(css(selector)(root))
    outermost = [m for m in matches if not any(a in matches for a in m.iterancestors())]
    return "".join(to_html(m, with_tail=False) for m in outermost)


def _trafilatura(
    root: lxml.html.HtmlElement,
    base: str,
    *,
    with_metadata: bool = False,
    include_images: bool = False,
    favor_precision: bool = False,
) -> Any:
    return trafilatura.bare_extraction(
        root,
        url=base,
        with_metadata=with_metadata,
        include_images=include_images,
        favor_precision=favor_precision,
        date_extraction_params=DATE_PARAMS,
        **_TRAFILATURA_OPTIONS,
    )


def auto_body(root: lxml.html.HtmlElement, base: str, lead: str | None) -> str:
    """The body HTML: trafilatura's text (one run, without images: with them its body runs on
    into teasers and galleries), and the article's own images put back where the page has
    them (see :func:`place_images`)."""
    found = _trafilatura(root, base)
    body = found.body if found is not None else None
    if body is not None and len(body) == 1:
        # the whole text in one block: trafilatura's last resort on a short page, which keeps no
        # paragraphs or links; its precision-first run sees the page's own structure
        precise = _trafilatura(root, base, favor_precision=True)
        if (
            precise is not None
            and precise.body is not None
            and len(precise.body.findall(".//p")) > 1
        ):
            body = precise.body
    if body is None or not text_of(body).strip():
        return ""
    place_images(root, body, base, lead)
    return _document_html(body)


def fuller(
    content_html: str,
    text: str,
    body_html: str,
    source: str,
    base: str,
    title: str | None,
    remove: Sequence[str],
) -> tuple[str, str]:
    """A stub body (under ``MIN_FALLBACK_CHARS``) replaced by a fuller reading of the page,
    when one has ``_FULLER`` times its text: the same body before the cleanup (which drops a
    short article about a newsletter as a sign-up box), then trafilatura alone on the page
    (:func:`_fallback_body`; not when ``remove`` asks for parts of it to go). Costs nothing
    on a page with a body."""
    readings = [body_html]
    if not remove:
        readings.append(_fallback_body(source, base))
    for html in readings:
        if not html:
            continue
        other = sanitise(finish(html, base, title, cleanup=False))
        other_text = plain_text(other)
        if len(other_text) >= _FULLER * len(text) and len(other_text) > len(text):
            content_html, text = other, other_text
    return content_html, text


def _fallback_body(html: str | bytes, base: str) -> str:
    """For the rare page where the run on the prepared tree finds nothing: trafilatura alone on
    the page as served, with its defaults, then favouring recall, then its baseline (the text of
    the page's paragraphs, or of its body) when that holds at least a paragraph's worth."""
    for recall in (False, True):
        found = trafilatura.bare_extraction(html, url=base, favor_recall=recall)
        body = found.body if isinstance(found, trafilatura.settings.Document) else None
        if body is not None and text_of(body).strip():
            return _document_html(body)
    page, text, _ = trafilatura.baseline(html)
    return _document_html(page) if len(text.strip()) >= MIN_FALLBACK_CHARS else ""


def _document_html(body: etree._Element) -> str:
    converted = convert_to_html(body).find("body")
    if converted is None:
        return ""
    # text right inside the body (trafilatura's last resort keeps a page's loose text so) is a
    # paragraph of its own; it was lost before
    loose = (converted.text or "").strip()
    head = f"<p>{escape(loose)}</p>" if loose else ""
    return head + "".join(to_html(child) for child in converted)
