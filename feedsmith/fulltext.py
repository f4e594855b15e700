"""Full text: read each new or changed entry's article page once, and publish its content.

Runs between normalise (and the feed's filters) and the store, for feeds with ``full_text: true``.
For every entry the list page gives, the state database (`Store.articles`) says what its article
page gave last time, keyed by the entry's content hash as the list page gave it:

- the same hash and a stored article: the stored article is applied again, nothing is fetched,
  so an unchanged rebuild gives the same entries (and byte-identical files);
- a new entry, a changed one, or one whose article page failed before (up to `MAX_ATTEMPTS`
  runs in a row): the article page is fetched through the same `Fetcher` (HTTP cache, limits)
  and read by `feedsmith.article.extract_article` (or the feed's ``content``/``remove``).

What the article page gives: the body (sanitised like summaries, links and images absolute),
and the published date, author, lead image and language where the list page lacked them.
An article page that fails leaves the entry as the list page gave it (with its summary), with
a warning, and is tried again on the next run.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from lxml import etree

from feedsmith import netguard
from feedsmith.config import FeedConfig
from feedsmith.errors import FeedsmithError
from feedsmith.fetch import Fetcher, RequestOptions
from feedsmith.normalise.dates import date_only, most_precise
from feedsmith.normalise.html import html_to_text, sanitize
from feedsmith.publishable import one_line, publishable_language, xml_safe
from feedsmith.store import ArticleRecord, Store, content_hash
from feedsmith.types import Diagnostic, Entry

if TYPE_CHECKING:
    from feedsmith.article import Article

__all__ = ["MAX_ATTEMPTS", "add_full_text", "apply_article", "record_of", "try_articles"]

log = logging.getLogger(__name__)

# An article page that failed this many runs in a row is left alone until its entry changes.
MAX_ATTEMPTS = 5


def add_full_text(
    entries: Sequence[Entry],
    feed: FeedConfig,
    *,
    fetcher: Fetcher,
    store: Store,
    options: RequestOptions,
    now: datetime,
    limit: int,
    origin: netguard.Origin,
) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """The entries with their article pages' full text, and a warning per page that failed.

    Only the first ``limit`` entries (the most a feed publishes) have their pages fetched.
    An entry's link comes from fetched content: it is read only when the origin rule allows it
    (``origin`` is the feed's configured URL, see `feedsmith.netguard`); a refused one keeps
    the entry as the list page gave it, with a warning.
    Raises `StoreError` when the state database fails; a failing page is never an exception.
    """
    if not feed.option("full_text", False):
        return tuple(entries), ()
    known = store.articles(feed.id, (e.id for e in entries))
    zone = feed.timezone or "UTC"
    out: list[Entry] = []
    notes: list[Diagnostic] = []
    fetched = failed = 0
    for position, entry in enumerate(entries):
        digest = content_hash(entry)
        record = known.get(entry.id)
        if record is not None and record.list_hash == digest:
            if record.ok or record.attempts >= MAX_ATTEMPTS:
                out.append(apply_article(entry, record, zone))
                continue
        elif record is not None:
            record = None  # the entry changed: its old article state no longer counts
        if position >= limit or entry.link == origin.url:
            out.append(entry)  # past the limit, or no link of its own (it links to the list)
            continue
        refused = netguard.check_url(entry.link, origin)
        if refused is not None:
            out.append(entry)
            notes.append(
                Diagnostic(
                    feed_id=feed.id,
                    level="warning",
                    message=f"article page {entry.link} not read: {refused}",
                    item=position,
                    field="link",
                )
            )
            continue
        record = _read(entry, feed, fetcher, options, now, digest, origin, previous=record)
        store.save_article(feed.id, record, now=now)
        fetched += 1
        if not record.ok:
            failed += 1
            notes.append(
                Diagnostic(
                    feed_id=feed.id,
                    level="warning",
                    message=f"article page {entry.link} failed ({record.error}); kept the "
                    "summary, will try again next run",
                    field="content",
                )
            )
        out.append(apply_article(entry, record, zone))
    log.info("feed=%s full_text fetched=%d failed=%d", feed.id, fetched, failed)
    return tuple(out), tuple(notes)


def try_articles(
    entries: Sequence[Entry],
    feed: FeedConfig,
    *,
    fetcher: Fetcher,
    options: RequestOptions,
    now: datetime,
    limit: int,
    origin: netguard.Origin,
) -> tuple[tuple[Entry, ArticleRecord], ...]:
    """Read the article pages of the first ``limit`` entries now, whatever the state database
    says, and store nothing: what `feedsmith check --full-text` shows. Each entry comes back
    with its article applied, and what reading the page gave (or why it failed, or why the
    origin rule refused it)."""
    zone = feed.timezone or "UTC"
    tried = []
    for entry in entries[:limit]:
        if entry.link == origin.url:
            continue  # no link of its own
        digest = content_hash(entry)
        refused = netguard.check_url(entry.link, origin)
        if refused is not None:
            record = ArticleRecord(entry_id=entry.id, list_hash=digest, ok=False, error=refused)
        else:
            record = _read(entry, feed, fetcher, options, now, digest, origin, previous=None)
        tried.append((apply_article(entry, record, zone), record))
    return tuple(tried)


def _read(
    entry: Entry,
    feed: FeedConfig,
    fetcher: Fetcher,
    options: RequestOptions,
    now: datetime,
    digest: str,
    origin: netguard.Origin,
    *,
    previous: ArticleRecord | None,
) -> ArticleRecord:
    # trafilatura and its kin take ~0.1 s to import: only builds that read article pages pay it
    from feedsmith.article import extract_article

    attempts = previous.attempts + 1 if previous is not None else 1
    try:
        # read once: not kept in the HTTP cache (list pages are, to be revalidated)
        page = fetcher.fetch(
            entry.link,
            dataclasses.replace(options, keep=False),
            feed_id=feed.id,
            origin=origin,
            trusted=False,
        )
        article = extract_article(
            page.text,
            page.url,
            content_selector=feed.content,
            remove=tuple(feed.remove),
            timezone=feed.timezone,
            now=now,
        )
    except FeedsmithError as exc:
        error = exc.message
    except (ValueError, LookupError, RecursionError, etree.LxmlError) as exc:
        error = f"cannot read the page: {type(exc).__name__}: {exc}"
    else:
        record = record_of(article, entry_id=entry.id, list_hash=digest)
        if record.ok and len(article.text) < len(html_to_text(entry.summary_html)):
            # a consent wall or an error page: what it holds is worse than the teaser
            error = "no article text found on the page (less text than the summary)"
        elif record.ok:
            return record
        else:
            error = record.error or "no article text found on the page"
    log.warning("feed=%s article failed url=%s: %s", feed.id, entry.link, error)
    return ArticleRecord(
        entry_id=entry.id, list_hash=digest, ok=False, attempts=attempts, error=error
    )


def record_of(article: Article, *, entry_id: str, list_hash: str) -> ArticleRecord:
    """What an extracted article adds to an entry; not ok when it found no body."""
    content = sanitize(article.content_html)
    if not content or not article.text.strip():
        return ArticleRecord(
            entry_id=entry_id,
            list_hash=list_hash,
            ok=False,
            attempts=1,
            error="no article text found on the page",
        )
    return ArticleRecord(
        entry_id=entry_id,
        list_hash=list_hash,
        ok=True,
        content_html=content,
        published=article.published,
        author=one_line(article.author),
        image=xml_safe(article.image) if article.image else None,
        language=publishable_language(article.lang),
    )


def apply_article(entry: Entry, record: ArticleRecord, timezone: str = "UTC") -> Entry:
    """The entry with the article's body, and its metadata where the list page had none; the
    article's date where the list page gave the same day without its time."""
    if not record.ok:
        return entry
    published = most_precise(entry.published, record.published, timezone)
    return dataclasses.replace(
        entry,
        content_html=record.content_html or entry.content_html,
        published=published,
        dated=published is not None,
        # the article's time of day, when it gave one, is a real time: never spread (store)
        day_only=published is not None and date_only(published, timezone),
        author=entry.author or record.author,
        image=entry.image or record.image,
        language=entry.language or record.language,
    )
