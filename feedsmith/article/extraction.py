"""One web page in, one `Article` out: the stages in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import lxml.html

from feedsmith.article.author import choose_author
from feedsmith.article.body import MIN_FALLBACK_CHARS, auto_body, fuller, selected_html
from feedsmith.article.clean import plain_text, sanitise
from feedsmith.article.dates import DateReader, choose_date
from feedsmith.article.images import choose_image, lead_image_url
from feedsmith.article.jsonld import collect_json_ld
from feedsmith.article.language import choose_lang, date_languages, page_zone
from feedsmith.article.markup import collect_markup
from feedsmith.article.record import Article
from feedsmith.article.signals import Meta
from feedsmith.article.sites import Sites
from feedsmith.article.source import decode_page, parse_page, prepare
from feedsmith.article.tags import collect_meta_tags, collect_microdata
from feedsmith.article.tidy import finish
from feedsmith.article.title import choose_title
from feedsmith.extract import base_url_of
from feedsmith.normalise.dates import date_only, day_instant


def extract_article(
    html: str | bytes,
    url: str,
    *,
    content_selector: str | None = None,
    remove: Sequence[str] = (),
    timezone: str | None = None,
    now: datetime | None = None,
) -> Article:
    """Extract the main article of a page.

    Args:
        html: the page, as text or as the raw bytes served (decoded from the BOM, the
            ``<meta>`` charset, UTF-8, or by detection, in that order).
        url: the page's address, the base for relative links (a ``<base href>`` wins).
        content_selector: CSS selector of the body; every match is kept, minus ``remove``.
            Without one (or when it matches nothing) trafilatura finds the body.
        remove: CSS selectors of elements to drop before extracting the body.
        timezone: the feed's IANA zone, for times written without an offset when the page's
            own timestamps do not tell its zone (its language may; else UTC). A day written
            without a time stays that day (see `Article.published`).
        now: the time of the run. With it, relative dates ("il y a 2 heures") are read and a
            date more than a day ahead is refused; without it only absolute dates are read
            (this function never looks at the clock).

    Returns:
        The article; fields that cannot be found are ``None`` (``content_html``/``text`` "").
    """
    source = decode_page(html)
    root = parse_page(source)
    if root is None:
        return Article(
            title=None, author=None, published=None, lang=None, image=None, content_html="", text=""
        )
    base = base_url_of(root, url)
    prepare(root, base, remove)
    meta = _collect(root, base)
    sites = Sites.of(meta, base)
    zone = page_zone(meta, timezone)
    lang = choose_lang(meta)
    dates = DateReader(timezone=zone or "UTC", now=now, languages=date_languages(lang))
    body_html = selected_html(root, content_selector) if content_selector else ""
    selected = bool(body_html)  # the feed's selector found the body: no other reading
    if not body_html:
        body_html = auto_body(root, base, lead_image_url(meta, base))
    title = choose_title(meta, root, sites.with_names(meta.home_names))
    content_html = sanitise(finish(body_html, base, title))
    text = plain_text(content_html)
    if len(text) < MIN_FALLBACK_CHARS and not selected:
        content_html, text = fuller(content_html, text, body_html, source, base, title, remove)
    published = choose_date(meta, text, dates, root, base)
    day_only = published is not None and date_only(published, dates.timezone)
    if published is not None and day_only:
        published = day_instant(published, dates.timezone)
    return Article(
        title=title,
        author=choose_author(meta, root, sites),
        published=published,
        day_only=day_only and zone is None,
        zone=zone,
        lang=lang,
        image=choose_image(meta, content_html, base),
        content_html=content_html,
        text=text,
    )


def _collect(root: lxml.html.HtmlElement, base: str) -> Meta:
    meta = Meta()
    collect_json_ld(root, meta)
    collect_meta_tags(root, meta)
    collect_microdata(root, meta)
    collect_markup(root, meta, base)
    return meta
