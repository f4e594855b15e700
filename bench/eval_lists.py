"""Measure automatic list detection (`feedsmith.extract.auto.detect`) on the real-page corpus.

Usage: python bench/eval_lists.py CORPUS_DIR

For every CORPUS_DIR/lists/<id>/ it parses page.html in place, runs `detect` with the truth's
`url` as page URL, and compares the item links with truth.json:

- precision / recall of item links, after normalising URLs (lowercase scheme and host, no
  fragment, no trailing slash, no utm_* parameters);
- for pages whose truth is partial (`partial: true`, e.g. only two items spelled out plus an item
  count range and `links_not_items`): recall is over the spelled-out links, and precision is the
  share of found links that are not in `links_not_items`, scaled down when the number of items
  found falls outside the expected count range;
- title (normalised whitespace and case) and date agreement over matched items, only where
  `fields_truth` names `items[].title` / `items[].date`.

All averages are macro averages over pages (each page weighs the same); pages without title or
date truth are left out of those averages ("n/a" when no page has any).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from charset_normalizer import from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedsmith.extract.auto import Detection, detect

# detect runs this many times per page; the median time is reported (parsing not included)
TIMING_RUNS = 5


@dataclass
class PageResult:
    page_id: str
    found: int
    expected: int
    precision: float
    recall: float
    title: float | None
    date: float | None
    ms: float
    method: str


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith("utm_")
        ]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def normalise_text(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def decode(data: bytes) -> str:
    """Decode page bytes: a declared charset if it works, else charset-normalizer's guess."""
    head = data[:4096].decode("ascii", errors="ignore").lower()
    marker = head.find("charset=")
    if marker >= 0:
        name = head[marker + 8 :].strip("\"' ").split('"')[0].split("'")[0].split(";")[0]
        name = name.split(">")[0].split()[0] if name.split() else ""
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(decode(path.read_bytes()))


def evaluate_page(page_dir: Path) -> PageResult:
    truth = json.loads((page_dir / "truth.json").read_text(encoding="utf-8"))
    root = parse(page_dir / "page.html")
    durations = []
    for _ in range(TIMING_RUNS):
        started = time.perf_counter()
        detection = detect(root, truth["url"])
        durations.append((time.perf_counter() - started) * 1000)
    ms = statistics.median(durations)
    found_links = found_by_link(detection)
    expected = {normalise_url(item["link"]): item for item in truth["items"]}
    hits = set(found_links) & set(expected)
    recall = len(hits) / len(expected) if expected else 1.0
    if truth.get("partial"):
        precision = partial_precision(truth, set(found_links))
    else:
        precision = len(hits) / len(found_links) if found_links else 0.0
    fields = set(truth.get("fields_truth", []))
    title = field_share(hits, found_links, expected, "title") if "items[].title" in fields else None
    date = field_share(hits, found_links, expected, "date") if "items[].date" in fields else None
    return PageResult(
        page_id=page_dir.name,
        found=len(found_links),
        expected=len(expected),
        precision=precision,
        recall=recall,
        title=title,
        date=date,
        ms=ms,
        method=detection.method,
    )


def found_by_link(detection: Detection) -> dict[str, dict[str, str | None]]:
    found: dict[str, dict[str, str | None]] = {}
    for item in detection.items:
        link = item.values.get("link")
        if not link:
            continue
        values = dict(item.values)
        values["date"] = item.dates[0] if item.dates else None
        found.setdefault(normalise_url(urljoin(item.base_url, link)), values)
    return found


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


def field_share(
    hits: set[str],
    found: dict[str, dict[str, str | None]],
    expected: dict[str, dict[str, str]],
    name: str,
) -> float | None:
    pairs = [(found[u].get(name), expected[u].get(name)) for u in hits if expected[u].get(name)]
    if not pairs:
        return None
    if name == "date":
        agree = sum(1 for got, want in pairs if got and str(want)[:10] in got)
    else:
        agree = sum(1 for got, want in pairs if normalise_text(got) == normalise_text(want))
    return agree / len(pairs)


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    pages = sorted(p for p in (Path(argv[1]) / "lists").iterdir() if (p / "truth.json").exists())
    results = [evaluate_page(p) for p in pages]
    for r in results:
        print(
            f"{r.page_id:42} {r.method:10} found={r.found:3} expected={r.expected:3} "
            f"precision={r.precision:.2f} recall={r.recall:.2f} "
            f"title={fmt(r.title)} date={fmt(r.date)} {r.ms:.1f}ms"
        )
    times = [r.ms for r in results]
    print(f"timing: mean={statistics.fmean(times):.1f}ms max={max(times):.1f}ms per page")
    print(
        f"lists={len(results)} precision={fmt(mean([r.precision for r in results]))} "
        f"recall={fmt(mean([r.recall for r in results]))} "
        f"title={fmt(mean([r.title for r in results]))} date={fmt(mean([r.date for r in results]))}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
