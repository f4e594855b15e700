"""Score feedsmith's article extraction on the real-page corpus, next to trafilatura's defaults.

Usage: ``python bench/eval_articles.py CORPUS_DIR [--limit N] [--workers N] [--show FIELD]
[--by source|lang|half|none] [--repeat N]``

Every ``CORPUS_DIR/articles/<id>/page.html`` is read in place and run through
:func:`feedsmith.article.extract_article` and through ``trafilatura.bare_extraction`` with its
defaults (plus ``with_metadata=True``), in the same run. Only the fields that a page's
``truth.json`` lists in ``fields_truth`` are scored:

- title: equal after normalising (NFKC, casefold, collapsed whitespace, punctuation stripped at
  both ends);
- author: some listed author matches some extracted author (normalised, substring either way);
- date: the same calendar day as ``extract --json`` prints it (the first ten characters: the
  page's own day when feedsmith knows its zone, else the UTC day; see :func:`_same_day`);
- text_f1: bag-of-words F1 against the full body text ``text``;
- include / exclude: share of ``text_must_include`` segments found and of ``text_must_exclude``
  segments absent.

A table gives both extractors' scores per source and per language (``--by``), then overall,
and always per half of the corpus by site (:func:`half_of`: no site in both halves): a rule
that helps on one half only was fitted to some sites' pages, not found. ``versus trafilatura``
then compares the two page by page: for each field, on how many pages feedsmith is worse,
better, or both are wrong (overall and per half), and why it is wrong where trafilatura is
right (:func:`failure_kind`: a label kept in the title, a date a day off, a stub of text, ...).
Speed is a ratio measured on the same page in the same process: feedsmith's time over
trafilatura's (total over all pages, and the median page); ``--repeat N`` times each page N times
and keeps the fastest, which steadies the ratio on a busy machine. ``empty`` counts pages where
one extractor found no text while the other found some.

The last two lines are ``trafilatura: articles=... title=...`` and ``articles=... title=...`` for
feedsmith, so a script can read the last line.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DUMMY_URL = "https://example.invalid/"
FIELDS = ("title", "author", "date", "text_f1", "include", "exclude")

# Segments this long are the "beginning of the body" truths (goose3 keeps the first few
# paragraphs as one string). Extractors legitimately differ in how they join paragraphs and
# inline elements, so such a segment counts as found when 90% of its words are in the text, in
# order-free bag-of-words terms; short segments must appear verbatim (after whitespace folding).
LONG_SEGMENT = 120
LONG_SEGMENT_RECALL = 0.9

_CJK = r"\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||/|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*")


@dataclass(slots=True)
class Extracted:
    """What one extractor found on one page (plain values, so it pickles across processes)."""

    title: str | None = None
    author: str | None = None
    published: datetime | date | None = None
    text: str = ""
    seconds: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class Scores:
    """Per-field lists of 0..1 scores over the pages that have truth for that field."""

    values: dict[str, list[float]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    seconds: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, name: str, value: float | None) -> None:
        if value is not None:
            self.values[name].append(value)

    def line(self, pages: int) -> str:
        parts = [f"articles={pages}"]
        for name in FIELDS:
            vals = self.values[name]
            parts.append(f"{name}={statistics.fmean(vals):.3f}" if vals else f"{name}=n/a")
        return " ".join(parts)


# --------------------------------------------------------------------------- normalising


def _norm_text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _strip_punct(value: str) -> str:
    start, end = 0, len(value)
    while start < end and unicodedata.category(value[start])[0] in "PSZ":
        start += 1
    while end > start and unicodedata.category(value[end - 1])[0] in "PSZ":
        end -= 1
    return value[start:end]


def _norm_title(value: str) -> str:
    return _strip_punct(_norm_text(value))


def _tokens(value: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", value).casefold())


def _authors(value: str) -> list[str]:
    names = (_strip_punct(_norm_text(part)) for part in _AUTHOR_SPLIT.split(value))
    return [name for name in names if len(name) >= 2]


# --------------------------------------------------------------------------- scoring


def _score_title(truth: str, found: str | None) -> float:
    return float(found is not None and _norm_title(found) == _norm_title(truth))


def _score_author(truth: dict[str, Any], found: str | None) -> float:
    listed: list[str] = []
    for key in ("author", "authors"):
        value = truth.get(key)
        if isinstance(value, str):
            listed.append(value)
        elif isinstance(value, list):
            listed.extend(str(v) for v in value)
    if not found:
        return 0.0
    wanted = [
        name for value in listed for name in [_strip_punct(_norm_text(value)), *_authors(value)]
    ]
    got = [_strip_punct(_norm_text(found)), *_authors(found)]
    return float(any(w and g and (w in g or g in w) for w in wanted for g in got))


def _same_day(truth: str, found: datetime | date | None) -> float:
    """Same calendar day as the truth, read as a script reads ``extract --json``: the first ten
    characters of what it prints (the page's own day when it knows the page's zone; a UTC
    instant near midnight falls on the neighbouring day, and counts as wrong, as it does for a
    reader of that output). trafilatura reports the page's local day."""
    if found is None:
        return 0.0
    day = date.fromisoformat(truth[:10])
    return float((found.date() if isinstance(found, datetime) else found) == day)


def _f1(truth: str, found: str) -> float:
    want, got = Counter(_tokens(truth)), Counter(_tokens(found))
    common = sum((want & got).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _recall(segment: str, found: str) -> float:
    want = Counter(_tokens(segment))
    return sum((want & Counter(_tokens(found))).values()) / max(1, sum(want.values()))


def _found(segment: str, text: str, normed: str) -> bool:
    if len(segment) >= LONG_SEGMENT:
        return _recall(segment, text) >= LONG_SEGMENT_RECALL
    return _norm_text(segment) in normed


def _share(segments: Sequence[str], text: str, *, present: bool) -> float | None:
    if not segments:
        return None
    normed = _norm_text(text)
    hits = [_found(seg, text, normed) for seg in segments]
    return statistics.fmean(float(hit == present) for hit in hits)


def score(truth: dict[str, Any], found: Extracted, into: Scores) -> None:
    """Add one page's scores for the fields its truth lists."""
    fields = set(truth.get("fields_truth", []))
    into.seconds.append(found.seconds)
    into.errors += found.error is not None
    if "title" in fields:
        into.add("title", _score_title(str(truth["title"]), found.title))
    if "author" in fields:
        into.add("author", _score_author(truth, found.author))
    if "published" in fields:
        into.add("date", _same_day(str(truth["published"]), found.published))
    if "text" in fields:
        into.add("text_f1", _f1(str(truth["text"]), found.text))
    if "text_must_include" in fields:
        into.add("include", _share(truth["text_must_include"], found.text, present=True))
    if "text_must_exclude" in fields:
        into.add("exclude", _share(truth["text_must_exclude"], found.text, present=False))


# --------------------------------------------------------------------------- extractors


def run_feedsmith(html: bytes, url: str) -> Extracted:
    from feedsmith.article import extract_article

    start = time.perf_counter()
    try:
        art = extract_article(html, url)
    except Exception as exc:  # a crash is scored as "found nothing", and counted
        return Extracted(seconds=time.perf_counter() - start, error=repr(exc))
    return Extracted(
        title=art.title,
        author=art.author,
        published=art.local_published(),
        text=art.text,
        seconds=time.perf_counter() - start,
    )


def run_trafilatura(html: bytes, url: str) -> Extracted:
    import trafilatura

    start = time.perf_counter()
    try:
        # defaults, plus metadata; as_dict only changes the shape of the result
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:
        return Extracted(seconds=time.perf_counter() - start, error=repr(exc))
    seconds = time.perf_counter() - start
    if found is None:
        return Extracted(seconds=seconds)
    doc = found.as_dict()
    day = date.fromisoformat(doc["date"][:10]) if doc.get("date") else None
    return Extracted(
        title=doc.get("title"),
        author=doc.get("author"),
        published=day,
        text=doc.get("text") or "",
        seconds=seconds,
    )


def _timed(run: Any, html: bytes, url: str, repeat: int) -> Extracted:
    """The extractor's result, with the fastest of ``repeat`` runs as its time."""
    found = run(html, url)
    for _ in range(repeat - 1):
        found.seconds = min(found.seconds, run(html, url).seconds)
    return found


def _run_page(page_dir: str, repeat: int = 1) -> tuple[dict[str, Any], Extracted, Extracted]:
    folder = Path(page_dir)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    html = (folder / "page.html").read_bytes()
    url = str(truth.get("url") or DUMMY_URL)
    truth["_site"] = site_of(truth, html)
    return (
        truth,
        _timed(run_trafilatura, html, url, repeat),
        _timed(run_feedsmith, html, url, repeat),
    )


# where a saved page says its own address, when its truth has none
_OWN_URL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>", re.IGNORECASE
)
_HREF = re.compile(rb"(?:href|content)=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)


def site_of(truth: dict[str, Any], html: bytes) -> str:
    """The site a page comes from: its host without ``www.`` (an archived copy's original
    host), from the truth's ``url``, else from the page's canonical or ``og:url`` address,
    else the page's id (a site of its own)."""
    url = str(truth.get("url") or "")
    if not url:
        for tag in _OWN_URL.finditer(html[:200_000]):
            found = _HREF.search(tag.group(0))
            if found:
                url = found.group(1).decode("ascii", "replace")
                break
    inner = re.search(r"web\.archive\.org/web/[^/]*/(.+)", url)
    if inner:
        url = inner.group(1) if "://" in inner.group(1) else "http://" + inner.group(1)
    host = (urlsplit(url).hostname or "").casefold().removeprefix("www.")
    return host or f"page:{truth.get('id')}"


def half_of(site: str) -> str:
    """One of two halves by site, fixed by a hash of the site: no site is in both, so a rule
    fitted to one site's pages shows on one half only."""
    return "AB"[hashlib.sha1(site.encode()).digest()[0] % 2]


def _page_dirs(corpus: Path, limit: int | None) -> list[str]:
    dirs = sorted(str(p.parent) for p in (corpus / "articles").glob("*/page.html"))
    return dirs[:limit] if limit else dirs


def _results(
    dirs: list[str], workers: int, repeat: int
) -> Iterator[tuple[dict[str, Any], Extracted, Extracted]]:
    run = functools.partial(_run_page, repeat=repeat)
    if workers <= 1:
        yield from map(run, dirs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(run, dirs, chunksize=4)


def _show(field_name: str, truth: dict[str, Any], tra: Extracted, ours: Extracted) -> None:
    """Print one page where feedsmith misses a field (for looking, never for tuning to it)."""
    key = {"date": "published"}.get(field_name, field_name)
    if key not in truth.get("fields_truth", []):
        return
    single = Scores()
    score(truth, ours, single)
    vals = single.values[field_name]
    if vals and vals[0] < 1.0:
        attr = {"date": "published"}.get(field_name, field_name)
        print(
            f"  {truth['id']}: truth={truth.get(key)!r} ours={getattr(ours, attr, None)!r} "
            f"trafilatura={getattr(tra, attr, None)!r}",
            file=sys.stderr,
        )


Result = tuple[dict[str, Any], Extracted, Extracted]


def _group_of(truth: dict[str, Any], by: str) -> str:
    if by == "source":
        return str(truth.get("source") or "?")
    if by == "half":
        return "half " + half_of(str(truth.get("_site") or truth.get("id")))
    return str(truth.get("lang") or "?").split("-")[0].lower()


def table(results: Sequence[Result], by: str) -> str:
    """Scores per group: ``ours/trafilatura`` for each field, groups largest first."""
    groups: dict[str, tuple[Scores, Scores]] = {}
    for truth, tra, ours in results:
        for name in (_group_of(truth, by), "all"):
            mine, theirs = groups.setdefault(name, (Scores(), Scores()))
            score(truth, ours, mine)
            score(truth, tra, theirs)
    fields = ("title", "author", "date", "text_f1")
    width = max(len(name) for name in groups)
    head = f"{by:<{width}}  pages " + " ".join(f"{f + ' ours/traf':>17}" for f in fields)
    lines = [head]
    order = sorted(groups, key=lambda g: (g == "all", -len(groups[g][0].seconds), g))
    for name in order:
        mine, theirs = groups[name]
        cells = []
        for f in fields:
            a, b = mine.values[f], theirs.values[f]
            cells.append(
                f"{statistics.fmean(a):.3f}/{statistics.fmean(b):.3f} ({len(a):>3})" if a else "-"
            )
        lines.append(
            f"{name:<{width}}  {len(mine.seconds):>5} " + " ".join(f"{c:>17}" for c in cells)
        )
    return "\n".join(lines)


# a text score this much under trafilatura's on a page is worse (F1 moves a little with how
# paragraphs are joined)
TEXT_MARGIN = 0.05
# less text than this is a stub (a caption, a notice), not an article body
STUB_CHARS = 200


def _page_score(name: str, truth: dict[str, Any], found: Extracted) -> float | None:
    single = Scores()
    score(truth, found, single)
    values = single.values[name]
    return values[0] if values else None


def failure_kind(name: str, truth: dict[str, Any], ours: Extracted, tra: Extracted) -> str:
    """Why our answer on a page is wrong where trafilatura's is right, in a word or two."""
    if name in ("title", "author"):
        got = getattr(ours, name)
        if not got:
            return "none"
        want = _norm_title(str(truth.get(name) or " ".join(truth.get("authors") or [])))
        mine = _norm_title(got)
        if want in mine:
            return "label kept"
        if mine in want:
            return "cut short"
        if re.sub(r"\W", "", want) == re.sub(r"\W", "", mine):
            return "punctuation"
        return "other"
    if name == "date":
        if ours.published is None:
            return "none"
        found = ours.published
        day = found.date() if isinstance(found, datetime) else found
        want = date.fromisoformat(str(truth["published"])[:10])
        if (day.month, day.day) == (1, 1) and (want.month, want.day) != (1, 1):
            return "1 January"
        if abs((day - want).days) == 1:
            return "a day off"
        return "later" if day > want else "earlier"
    if not ours.text.strip():
        return "empty"
    if len(ours.text) < STUB_CHARS:
        return "stub"
    if len(ours.text) < 2 / 3 * len(tra.text):
        return "shorter"
    if len(ours.text) > 3 / 2 * len(tra.text):
        return "longer"
    return "other"


# quotation marks and brackets that come in pairs
_PAIRS = ("«»", "‹›", "()", "[]", "「」", "『』", "（）", "【】")


def unpaired(title: str | None) -> bool:
    """Whether a title opens a quotation or bracket it does not close, or closes one it did
    not open: a title cut in the wrong place (the title score strips punctuation at both ends,
    so it does not show there)."""
    text = title or ""
    return any(text.count(pair[0]) != text.count(pair[1]) for pair in _PAIRS)


def versus(results: Sequence[Result]) -> str:
    """Page by page against trafilatura: per field and half, on how many pages we are worse,
    better, or both wrong; and the pages we are worse on, by kind of failure."""
    lines = ["versus trafilatura, page by page: worse/better/both wrong (worse by kind)"]
    for name in ("title", "author", "date", "text_f1", "include", "exclude"):
        counts: dict[str, Counter[str]] = {}
        kinds: Counter[str] = Counter()
        for truth, tra, ours in results:
            mine, theirs = _page_score(name, truth, ours), _page_score(name, truth, tra)
            if mine is None or theirs is None:
                continue
            margin = TEXT_MARGIN if name == "text_f1" else 0.0
            if mine < theirs - margin:
                verdict = "worse"
                kinds[failure_kind(name, truth, ours, tra)] += 1
            elif mine > theirs + margin:
                verdict = "better"
            elif max(mine, theirs) < 1.0 - margin:
                verdict = "both"
            else:
                continue
            for group in ("all", _group_of(truth, "half")):
                counts.setdefault(group, Counter())[verdict] += 1
        cells = [
            f"{group} {c['worse']}/{c['better']}/{c['both']}"
            for group, c in sorted(counts.items(), key=lambda kv: kv[0] != "all")
        ]
        why = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
        lines.append(f"{name:<8} " + "  ".join(cells) + (f"  ({why})" if why else ""))
    ours = sum(unpaired(found.title) for _, _, found in results)
    theirs = sum(unpaired(found.title) for _, found, _ in results)
    lines.append(f"titles with a quotation or bracket left open: ours {ours}, trafilatura {theirs}")
    return "\n".join(lines)


def speed(results: Sequence[Result]) -> str:
    """feedsmith's time over trafilatura's on the same pages: total and median page."""
    ours = [r[2].seconds for r in results]
    theirs = [r[1].seconds for r in results]
    if not results or not sum(theirs):
        return "speed: n/a"
    ratios = [a / b for a, b in zip(ours, theirs, strict=True) if b > 0]
    return (
        f"speed: feedsmith/trafilatura total {sum(ours) / sum(theirs):.2f}x, "
        f"median page {statistics.median(ratios):.2f}x "
        f"({1000 * statistics.fmean(ours):.0f} vs {1000 * statistics.fmean(theirs):.0f} ms/page)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--by", choices=("source", "lang", "half", "both", "none"), default="both")
    parser.add_argument("--show", choices=("title", "author", "date"), default=None)
    args = parser.parse_args(argv)

    dirs = _page_dirs(args.corpus, args.limit)
    ours, theirs = Scores(), Scores()
    results: list[Result] = []
    started = time.perf_counter()
    for truth, tra, fs in _results(dirs, args.workers, max(1, args.repeat)):
        results.append((truth, tra, fs))
        score(truth, tra, theirs)
        score(truth, fs, ours)
        if fs.error:
            print(f"  {truth['id']}: feedsmith error {fs.error}", file=sys.stderr)
        if args.show:
            _show(args.show, truth, tra, fs)
    wall = time.perf_counter() - started
    groupings = {"both": ("source", "lang"), "none": ()}.get(args.by, (args.by,))
    for by in (*groupings, "half") if args.by != "half" else groupings:
        print(table(results, by))
        print()
    print(versus(results))
    print()
    empty_ours = sum(1 for _, tra, fs in results if not fs.text.strip() and tra.text.strip())
    empty_theirs = sum(1 for _, tra, fs in results if fs.text.strip() and not tra.text.strip())
    print(f"empty: feedsmith {empty_ours}, trafilatura {empty_theirs} (the other found text)")
    for name, sc in (("trafilatura", theirs), ("feedsmith", ours)):
        ms = 1000 * statistics.fmean(sc.seconds) if sc.seconds else 0.0
        print(f"{name}: {ms:.0f} ms/page, errors={sc.errors}")
    print(speed(results))
    print(f"wall time {wall:.1f} s for {len(dirs)} pages, {args.workers} worker(s)")
    print("trafilatura: " + theirs.line(len(dirs)))
    print(ours.line(len(dirs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
