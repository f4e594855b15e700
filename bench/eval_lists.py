"""Measure automatic list detection on list pages with ground truth, as a user sees it.

Usage: python bench/eval_lists.py DIR [DIR ...] [--pages] [--json PATH]

Each DIR is a corpus folder holding `lists/<id>/` (the shared corpus) or `<id>/` page folders
directly (`lists-hugo/`); each page folder has `page.html` and `truth.json`. Every page goes
through `feedsmith.suggest.suggest` (what `feedsmith suggest --json` prints: detection, then the
normalised preview), with the truth's `url` / `page_url` as the page address, so titles and dates
are scored as published: cleaned titles, dates read by the date chain in the page's language.

Scores per page, then macro averages per source (`feedless`, `html2rss`, `lists-hugo`, …) and
overall (each page weighs the same):

- precision / recall of item links, after normalising URLs (resolve, percent-decode, NFC,
  lowercase scheme and host, drop `index.html`, the fragment and `utm_*` parameters, one
  trailing slash rule);
- for pages whose truth is partial (`partial: true`, e.g. only two items spelled out plus an item
  count range and `links_not_items`): recall is over the spelled-out links, and precision is the
  share of found links that are not in `links_not_items`, scaled down when the number of items
  found falls outside the expected count range;
- titles: exact after collapsing white space, over matched items, only where `fields_truth`
  names the title (`title` or `items[].title`);
- dates: the published date (as `suggest --json` prints it: in the offset the page wrote the
  time in, else UTC) falls on the truth's `day`
  (or the first ten characters of `date`), over matched items, only where `fields_truth` names
  the date; an item with no date counts as wrong;
- wrong dates: the share of matched items that got a date on another day than the truth's, or
  any date where the truth says none can be told (`undatable: true`, e.g. numbers whose order
  nothing on the page decides). A missing date is not counted here: a wrong date is worse.

Detection time is the median CPU time (process time, steadier than the wall clock on a shared
machine) of a few runs of `detect` on the parsed page, parsing excluded.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from charset_normalizer import from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedsmith.errors import ExtractError
from feedsmith.extract import parse_html
from feedsmith.extract.auto import detect
from feedsmith.suggest import PreviewItem, suggest
from feedsmith.types import Page

# detect runs this many times per page; the median time is reported (parsing not included)
TIMING_RUNS = 5
# the clock the previews are read with (after every date in the sets, so none is "future")
NOW = datetime(2027, 1, 1, tzinfo=UTC)


@dataclass
class PageResult:
    page_id: str
    source: str
    found: int
    expected: int
    precision: float
    recall: float
    title: float | None
    date: float | None
    ms: float
    method: str
    # items the title / date share is over, and how many were right (for per-item averages)
    title_items: tuple[int, int] = (0, 0)
    date_items: tuple[int, int] = (0, 0)
    # (items given a wrong date, items whose truth names a day or says undatable)
    date_wrong: tuple[int, int] = (0, 0)


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith("utm_")
        ]
    )
    path = unicodedata.normalize("NFC", unquote(parts.path))
    path = path.removesuffix("index.html").rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def normalise_text(text: str | None) -> str:
    return " ".join((text or "").split())


def decode(data: bytes) -> tuple[str, str]:
    """Decode page bytes: a declared charset if it works, else UTF-8, else a guess."""
    head = data[:4096].decode("ascii", errors="ignore").lower()
    marker = head.find("charset=")
    if marker >= 0:
        name = head[marker + 8 :].strip("\"' ").split('"')[0].split("'")[0].split(";")[0]
        name = name.split(">")[0].split()[0] if name.split() else ""
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            return data.decode("utf-8", errors="replace"), "utf-8"
        return str(best), best.encoding


def page_of(path: Path, url: str) -> Page:
    data = path.read_bytes()
    text, encoding = decode(data)
    return Page(
        requested_url=url,
        url=url,
        status=200,
        content=data,
        text=text,
        encoding=encoding,
        content_type="text/html",
        fetched_at=NOW,
    )


def evaluate_page(page_dir: Path, source: str) -> PageResult:
    truth = json.loads((page_dir / "truth.json").read_text(encoding="utf-8"))
    url = truth.get("url") or truth["page_url"]
    page = page_of(page_dir / "page.html", url)
    root = parse_html(page)
    durations = []
    for _ in range(TIMING_RUNS):
        started = time.process_time()
        detect(root, url)
        durations.append((time.process_time() - started) * 1000)
    try:
        suggestion = suggest(page, now=NOW)
        items: tuple[PreviewItem, ...] = suggestion.items
        method = suggestion.method
    except ExtractError:
        items, method = (), "none"
    found = {}
    for item in items:
        found.setdefault(normalise_url(urljoin(url, item.link)), item)
    expected = {normalise_url(urljoin(url, item["link"])): item for item in truth["items"]}
    hits = set(found) & set(expected)
    recall = len(hits) / len(expected) if expected else 1.0
    if truth.get("partial"):
        precision = partial_precision(truth, set(found))
    else:
        precision = len(hits) / len(found) if found else 0.0
    fields = {f.removeprefix("items[].") for f in truth.get("fields_truth", [])}
    title = date = None
    title_items = date_items = date_wrong = (0, 0)
    if "title" in fields:
        title, title_items = share(
            [(found[u].title, expected[u].get("title")) for u in hits],
            lambda got, want: normalise_text(got) == normalise_text(want),
        )
    if "date" in fields:
        date, date_items = share(
            [(found[u].date, expected[u].get("day") or expected[u].get("date")) for u in hits],
            lambda got, want: got is not None and got.date().isoformat() == str(want)[:10],
        )
        date_wrong = wrong_dates([(found[u].date, expected[u]) for u in hits])
    return PageResult(
        page_id=page_dir.name,
        source=source,
        found=len(found),
        expected=len(expected),
        precision=precision,
        recall=recall,
        title=title,
        date=date,
        ms=statistics.median(durations),
        method=method,
        title_items=title_items,
        date_items=date_items,
        date_wrong=date_wrong,
    )


def wrong_dates(pairs: list[tuple[datetime | None, dict[str, object]]]) -> tuple[int, int]:
    """(items dated on another day than the truth's, or dated though undatable; items counted)."""
    wrong = counted = 0
    for got, want in pairs:
        day = want.get("day") or want.get("date")
        if not day and not want.get("undatable"):
            continue
        counted += 1
        if got is not None and (not day or got.date().isoformat() != str(day)[:10]):
            wrong += 1
    return wrong, counted


def share(
    pairs: list[tuple[object, object]], agree: object
) -> tuple[float | None, tuple[int, int]]:
    pairs = [(got, want) for got, want in pairs if want]
    if not pairs:
        return None, (0, 0)
    right = sum(1 for got, want in pairs if agree(got, want))  # type: ignore[operator]
    return right / len(pairs), (right, len(pairs))


def partial_precision(truth: dict[str, object], found: set[str]) -> float:
    if not found:
        return 0.0
    bad = {normalise_url(str(u)) for u in truth.get("links_not_items", []) or []}  # type: ignore[attr-defined]
    precision = len(found - bad) / len(found)
    low = truth.get("expected_item_count_min")
    high = truth.get("expected_item_count_max_exclusive")
    if isinstance(low, int) and len(found) < low:
        precision *= len(found) / low
    if isinstance(high, int) and len(found) >= high:
        precision *= (high - 1) / len(found)
    return precision


def page_dirs(folder: Path) -> list[tuple[Path, str]]:
    """(page folder, source name) for every page under a corpus folder."""
    inner = folder / "lists"
    base = inner if inner.is_dir() else folder
    result = []
    for page in sorted(p for p in base.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((page / "truth.json").read_text(encoding="utf-8"))
        result.append((page, str(truth.get("source") or folder.resolve().name)))
    return result


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def per_item(counts: list[tuple[int, int]]) -> float | None:
    total = sum(n for _, n in counts)
    return sum(right for right, _ in counts) / total if total else None


def per_site(results: list[PageResult], name: str) -> float | None:
    """Macro average over sites (`theme` and `theme--home` are one site)."""
    sites: dict[str, list[float]] = {}
    for r in results:
        value = getattr(r, name)
        if value is not None:
            sites.setdefault(r.page_id.split("--")[0], []).append(value)
    return mean([statistics.fmean(v) for v in sites.values()]) if sites else None


def summary(results: list[PageResult]) -> dict[str, object]:
    return {
        "pages": len(results),
        "sites": len({r.page_id.split("--")[0] for r in results}),
        "title_per_item": per_item([r.title_items for r in results]),
        "date_per_item": per_item([r.date_items for r in results]),
        "wrong_per_item": per_item([r.date_wrong for r in results]),
        "title_per_site": per_site(results, "title"),
        "date_per_site": per_site(results, "date"),
        "precision": mean([r.precision for r in results]),
        "recall": mean([r.recall for r in results]),
        "title": mean([r.title for r in results]),
        "date": mean([r.date for r in results]),
        "ms_mean": statistics.fmean(r.ms for r in results),
        "ms_max": max(r.ms for r in results),
    }


def line(name: str, s: dict[str, object]) -> str:
    return (
        f"{name:12} pages={s['pages']:3} precision={fmt(s['precision'])} "  # type: ignore[arg-type]
        f"recall={fmt(s['recall'])} title={fmt(s['title'])} "  # type: ignore[arg-type]
        f"date={fmt(s['date'])} detect={s['ms_mean']:.1f}ms mean, {s['ms_max']:.1f}ms max\n"  # type: ignore[arg-type]
        f"{'':12} per item: title={fmt(s['title_per_item'])} date={fmt(s['date_per_item'])}; "  # type: ignore[arg-type]
        f"per site ({s['sites']}): title={fmt(s['title_per_site'])} "  # type: ignore[arg-type]
        f"date={fmt(s['date_per_site'])}; wrong dates={fmt(s['wrong_per_item'])}"  # type: ignore[arg-type]
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--pages", action="store_true", help="print one line per page")
    parser.add_argument("--json", type=Path, help="write per-page and summary numbers here")
    args = parser.parse_args(argv[1:])
    results = [evaluate_page(p, source) for f in args.folders for p, source in page_dirs(f)]
    if not results:
        print("no pages found", file=sys.stderr)
        return 2
    if args.pages:
        for r in results:
            print(
                f"{r.source[:10]:10} {r.page_id:42} {r.method:10} found={r.found:3} "
                f"expected={r.expected:3} precision={r.precision:.2f} recall={r.recall:.2f} "
                f"title={fmt(r.title)} date={fmt(r.date)} wrong={r.date_wrong[0]} {r.ms:.1f}ms"
            )
    by_source: dict[str, list[PageResult]] = {}
    for r in results:
        by_source.setdefault(r.source, []).append(r)
    summaries = {name: summary(rs) for name, rs in sorted(by_source.items())}
    summaries["overall"] = summary(results)
    for name, s in summaries.items():
        print(line(name, s))
    if args.json:
        data = {"pages": [asdict(r) for r in results], "summary": summaries}
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
