"""Second opinions for the commands people try a page with: what a feed lacks although its page
shows it (`feedsmith check`), and whether a page given to `feedsmith extract` is a list of
articles rather than one article.

Both compare what the user's command produced with what automatic detection finds on the same
page. Pure: pages and values in, sentences out; no network, no file.
"""

from __future__ import annotations

from collections.abc import Sequence

from feedsmith.errors import FeedsmithError
from feedsmith.extract import auto, parse_html
from feedsmith.types import Entry, Page, RawItem

__all__ = ["looks_like_list", "missing_fields"]

# A page given as an article is a list when detection finds at least this many items (with
# titles of 12 characters or more) ...
_MIN_LIST_ITEMS = 4
# ... and the extracted "article" is made of their teasers: half the items show their title or
# summary in it and those make this share of its text, or the text is a scrap shorter than this.
# On the corpus (/work/shared/corpus): 3 of 260 article pages flagged, 46 of 68 list pages.
_TEASER_SHARE = 0.3
_SCRAP_CHARS = 200


def _detected(page: Page) -> tuple[RawItem, ...]:
    try:
        root = parse_html(page)
    except FeedsmithError:
        return ()
    return auto.detect(root, page.url, page.fetched_at).items


def missing_fields(page: Page, entries: Sequence[Entry]) -> tuple[str, ...]:
    """Warnings for `check`: no entry has a date, or none has a summary although the page's
    items visibly have them (as detection reads the page)."""
    if not entries:
        return ()
    dated = any(e.published for e in entries)
    summarised = any(e.summary_html for e in entries)
    if dated and summarised:
        return ()
    items = (
        _detected(page) if page.content_type.startswith(("text/html", "application/xhtml")) else ()
    )
    warnings = []
    if not dated:
        date = next((item.dates[-1] for item in items if item.dates), None)
        seen = (
            f"; the page shows dates (such as {_quote(date)}): add a `date` field for them"
            if date
            else ""
        )
        warnings.append(
            "no item has a date: every entry gets the time feedsmith first sees it, so a "
            f"reader sorts them by when they were found, not by when they were written{seen}"
        )
    if not summarised:
        shown = [s for item in items if (s := item.values.get("summary"))]
        if len(shown) >= max(1, len(items) // 2):
            warnings.append(
                "no item has a summary, although the items on the page show one (such as "
                f"{_quote(shown[0])}): add a `summary` field for it"
            )
    return tuple(warnings)


def looks_like_list(page: Page, text: str) -> int:
    """The number of articles listed on ``page`` when it is a list of articles rather than one
    article (``text`` is what was extracted as its article), else 0."""
    items = _detected(page)
    pairs = [(_flat(item.values.get("title")), _flat(item.values.get("summary"))) for item in items]
    pairs = [(title, summary) for title, summary in pairs if len(title) >= 12]
    if len(pairs) < _MIN_LIST_ITEMS:
        return 0
    flat = _flat(text)
    if len(flat) < _SCRAP_CHARS:
        return len(items)
    repeated = 0
    covered = 0
    for title, summary in pairs:
        shown = [part for part in (title, summary) if len(part) >= 12 and part[:40] in flat]
        repeated += bool(shown)
        covered += sum(len(part) for part in shown)
    if repeated >= len(pairs) / 2 and covered >= _TEASER_SHARE * len(flat):
        return len(items)
    return 0


def _flat(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 50 else text[:47] + "...")
