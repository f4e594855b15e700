"""The benchmark: feedsmith against the floor and its peers on a synthetic news site.

Usage: python -m bench.run [--sizes 20,200,2000] [--latency-ms 50] [--workers N] [--no-peers]

For each size (number of feeds, one list page each) it starts the synthetic site
(`bench.site`) on several loopback addresses, writes a ``feeds.yaml`` of selector feeds for it,
and runs, one after the other in this one run so that ratios compare like with like:

1. floor: ``bench.floor`` (requests + lxml + the same selectors, writing nothing);
2. list (cold): ``feedsmith build`` with an empty state folder and HTTP cache;
3. list (rerun): ``feedsmith build`` again, nothing changed (every page answers 304); then
   again after one new item appeared on top of every list page (the oldest went), the usual
   hourly change of a news site;
4. full text (cold): the floor reading every article page's body by its selector, then
   ``feedsmith build`` with ``full_text: true`` and that selector (``content:``), then with
   ``full_text: true`` alone (the body found automatically);
5. peers: RSS-Bridge and morss, where they install (sizes up to ``--peers-max-feeds``).

Before the sizes, `bench.startup` measures the start-up of a few commands against
``python -c pass`` (``--startup-repeat 0`` skips it).

Every step is a child process measured with ``os.wait4`` (wall, CPU = user + system, peak RSS).
"Pages" are the requests the site answered during the step (200 + 304). Item counts are
checked against what the site generated before any time is quoted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import site, startup
from bench.measure import Measurement, run, snapshot, written

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SIZES = {"small": (20,), "medium": (200,), "large": (2000,), "all": (20, 200, 2000)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    name: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    pages: int
    files_written: int | None
    items: int
    items_expected: int
    ok: bool
    note: str = ""

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else float("nan")

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else float("nan")


@dataclass(slots=True, kw_only=True)
class SizeResult:
    feeds: int
    latency_ms: float
    workers: int
    hosts: int
    page_kb: float
    items: int
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# the site


class Site:
    """The synthetic site in a child process, stopped when the block ends."""

    def __init__(self, feeds: int, hosts: int, latency_ms: float, seed: int) -> None:
        argv = [sys.executable, "-m", "bench.site", "serve", f"--feeds={feeds}"]
        argv += [f"--hosts={hosts}", f"--latency-ms={latency_ms}", f"--seed={seed}"]
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the synthetic site did not start")
        self.ready: dict[str, Any] = json.loads(line)
        self.hosts: list[tuple[str, int]] = [tuple(h) for h in self.ready["hosts"]]

    def url(self, feed: site.FeedPlan) -> str:
        address, port = self.hosts[feed.host]
        return f"http://{address}:{port}{feed.path}"

    def stats(self) -> dict[str, int]:
        address, port = self.hosts[0]
        with urllib.request.urlopen(f"http://{address}:{port}/__stats", timeout=10) as answer:
            return {k: int(v) for k, v in json.load(answer).items()}

    def newer(self) -> None:
        """One more new item on top of every list page (the oldest one goes)."""
        address, port = self.hosts[0]
        with urllib.request.urlopen(f"http://{address}:{port}/__newer", timeout=60) as answer:
            answer.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def feeds_yaml(
    plans: Sequence[site.FeedPlan],
    web: Site,
    work: Path,
    *,
    full_text: str | None = None,
    content: str | None = None,
) -> dict[str, Any]:
    """The feeds file for the site: one selector feed per list page."""
    defaults: dict[str, Any] = {
        "max_items": 100,  # every item on a page (at most 60) is published
        "formats": ["rss", "atom", "json"],
        "language": "fr",
        "timezone": "Europe/Paris",
    }
    feeds = []
    for feed in plans:
        entry: dict[str, Any] = {"id": feed.feed_id, "url": web.url(feed)}
        entry.update(json.loads(json.dumps(site.SELECTORS[feed.layout])))
        if full_text == "feed":
            entry["full_text"] = True
        if full_text and content:
            entry["content"] = content
        feeds.append(entry)
    if full_text == "defaults":
        defaults["full_text"] = True
    return {
        "site": {"base_url": "http://feeds.bench.invalid/", "title": "bench"},
        "state_dir": str(work / "state"),
        "public_dir": str(work / "public"),
        "defaults": defaults,
        "feeds": feeds,
    }


# --------------------------------------------------------------------------------------------
# what the installed feedsmith can do


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    workers_option: bool
    # where `full_text` goes in feeds.yaml: "defaults", "feed", or None when feedsmith lacks it
    full_text: str | None


def capabilities() -> Capabilities:
    build_help = subprocess.run(
        [sys.executable, "-m", "feedsmith", "build", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    schema_text = subprocess.run(
        [sys.executable, "-m", "feedsmith", "schema"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    full_text = None
    try:
        schema = json.loads(schema_text)
        defs = schema.get("$defs", {})
        if "full_text" in defs.get("FeedOptions", {}).get("properties", {}):
            full_text = "defaults"
        elif "full_text" in defs.get("FeedConfig", {}).get("properties", {}):
            full_text = "feed"
    except ValueError:
        pass
    if full_text is None and '"full_text"' in schema_text:
        full_text = "feed"
    return Capabilities(workers_option="--workers" in build_help, full_text=full_text)


# --------------------------------------------------------------------------------------------
# the steps


def _json_items(public: Path) -> int:
    total = 0
    for path in public.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if str(doc.get("version", "")).startswith("https://jsonfeed.org/"):  # not status.json
            total += len(doc["items"])
    return total


def _step(
    name: str,
    measured: Measurement,
    *,
    pages: int,
    files: int | None,
    items: int,
    expected: int,
    note: str = "",
) -> Step:
    ok = measured.returncode == 0 and items == expected
    if measured.returncode != 0:
        tail = (measured.stderr.strip() or measured.stdout.strip())[-400:]
        note = f"exit {measured.returncode}: {tail}" + (f"; {note}" if note else "")
    elif items != expected:
        note = f"{items} items, {expected} expected" + (f"; {note}" if note else "")
    return Step(
        name=name,
        wall_s=measured.wall_s,
        cpu_s=measured.cpu_s,
        peak_rss_mb=measured.peak_rss_mb,
        pages=pages,
        files_written=files,
        items=items,
        items_expected=expected,
        ok=ok,
        note=note,
    )


_SITE_FILES = frozenset({"status.json", "_health.atom", "index.html"})


def _served(before: dict[str, int], after: dict[str, int]) -> int:
    return sum(after.get(k, 0) - before.get(k, 0) for k in ("200", "304"))


def _feedsmith(
    name: str,
    config: Path,
    public: Path,
    web: Site,
    *,
    expected: int,
    extra: Sequence[str],
    profile: Path | None = None,
) -> Step:
    prefix = [sys.executable]
    if profile is not None:
        prefix += ["-m", "pyinstrument", "-r", "text", "-o", str(profile)]
    argv = [*prefix, "-m", "feedsmith", "-q", "build", "-c", str(config), *extra]
    before_files, before_hits = snapshot(public), web.stats()
    # run from the config's folder, so PYTHONPATH can point at another feedsmith (README.md)
    measured = run(argv, cwd=config.parent)
    after_hits = web.stats()
    after_files = snapshot(public)
    # feed files only (each format and the feed's page); the site and health files (index.html,
    # status.json, ...) are noted apart: status.json records every attempt, so it changes on
    # every run by design
    feed_names = {
        n for n in after_files if n.endswith((".xml", ".atom", ".json", ".html"))
    } - _SITE_FILES
    files = written(before_files, {n: after_files[n] for n in feed_names})
    site_files = written(
        before_files, {n: after_files[n] for n in after_files if n not in feed_names}
    )
    served = _served(before_hits, after_hits)
    notes = [f"+{site_files} site/health file(s)"] if site_files else []
    not_modified = after_hits.get("304", 0) - before_hits.get("304", 0)
    if not_modified:
        notes.append(f"{not_modified} of {served} requests answered 304")
    note = "; ".join(notes)
    return _step(
        name,
        measured,
        pages=served,
        files=files,
        items=_json_items(public),
        expected=expected,
        note=note,
    )


def run_size(
    feeds: int,
    *,
    hosts: int,
    latency_ms: float,
    workers: int,
    seed: int,
    work: Path,
    caps: Capabilities,
    peers: bool,
    build_args: Sequence[str],
    profile: bool = False,
    full_text: bool = True,
) -> SizeResult:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    plans = site.plan(feeds, hosts)
    with Site(feeds, hosts, latency_ms, seed) as web:
        expected = int(web.ready["items"])
        result = SizeResult(
            feeds=feeds,
            latency_ms=latency_ms,
            workers=workers,
            hosts=hosts,
            page_kb=round(web.ready["page_bytes"] / feeds / 1024, 1),
            items=expected,
        )
        list_dir = work / "list"
        list_dir.mkdir()
        config = list_dir / "feeds.yaml"
        doc = feeds_yaml(plans, web, list_dir)
        config.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        extra = [*build_args]
        if caps.workers_option:
            extra += ["--workers", str(workers)]
        elif workers != 1:
            result.notes.append("feedsmith build has no --workers: it ran sequentially")

        # 1. the floor, at the concurrency feedsmith runs at
        floor_workers = workers if caps.workers_option else 1
        etags = work / "floor-etags.json"

        def floor(label: str, config: Path, *options: str, rerun: bool = False) -> Step:
            """One run of the floor (bench/floor.py) on ``config``, as a step; a ``rerun``
            notes how many requests were answered 304."""
            before = web.stats()
            argv = [sys.executable, "-m", "bench.floor", str(config)]
            measured = run([*argv, f"--workers={floor_workers}", *options], cwd=ROOT)
            after = web.stats()
            found = json.loads(measured.stdout.strip() or "{}") if measured.returncode == 0 else {}
            served = _served(before, after)
            not_modified = after.get("304", 0) - before.get("304", 0)
            return _step(
                label,
                measured,
                pages=served,
                files=0,
                items=int(found.get("items", 0)),
                expected=expected,
                note=f"{not_modified} of {served} requests answered 304" if rerun else "",
            )

        result.steps.append(
            floor(f"floor (requests+lxml, {floor_workers} worker(s))", config, f"--etags={etags}")
        )

        # 2. and 3. list mode, cold, then unchanged
        public = list_dir / "public"
        profile_to = work / "profile-cold.txt" if profile else None
        result.steps.append(
            _feedsmith(
                "feedsmith list (cold)",
                config,
                public,
                web,
                expected=expected,
                extra=extra,
                profile=profile_to,
            )
        )
        result.steps.append(
            _feedsmith(
                "feedsmith list (unchanged rerun)",
                config,
                public,
                web,
                expected=expected,
                extra=extra,
                profile=work / "profile-rerun.txt" if profile else None,
            )
        )
        # the floor's unchanged rerun: conditional requests, every page answers 304
        result.steps.append(
            floor(
                f"floor (unchanged rerun, {floor_workers} worker(s))",
                config,
                f"--etags={etags}",
                rerun=True,
            )
        )
        web.newer()
        result.steps.append(
            _feedsmith(
                "feedsmith list (1 new item a page)",
                config,
                public,
                web,
                expected=expected + len(plans),  # the oldest item stays in the feed's history
                extra=extra,
                profile=work / "profile-newer.txt" if profile else None,
            )
        )

        # 4. full text: with the body named, against the floor's full-text pass; then automatic
        if caps.full_text and full_text:
            named_dir = work / "full-text-content"
            named_dir.mkdir()
            named_config = named_dir / "feeds.yaml"
            named_doc = feeds_yaml(
                plans, web, named_dir, full_text=caps.full_text, content=site.ARTICLE_BODY
            )
            named_config.write_text(yaml.safe_dump(named_doc, allow_unicode=True, sort_keys=False))
            result.steps.append(
                floor(
                    f"floor full text (requests+lxml, body by `{site.ARTICLE_BODY}`)",
                    named_config,
                    f"--full-text={site.ARTICLE_BODY}",
                )
            )
            result.steps.append(
                _feedsmith(
                    "feedsmith full text, content: (cold)",
                    named_config,
                    named_dir / "public",
                    web,
                    expected=expected,
                    extra=extra,
                )
            )
            full_dir = work / "full-text"
            full_dir.mkdir()
            full_config = full_dir / "feeds.yaml"
            full_doc = feeds_yaml(plans, web, full_dir, full_text=caps.full_text)
            full_config.write_text(yaml.safe_dump(full_doc, allow_unicode=True, sort_keys=False))
            result.steps.append(
                _feedsmith(
                    "feedsmith full text (cold)",
                    full_config,
                    full_dir / "public",
                    web,
                    expected=expected,
                    extra=extra,
                )
            )
        elif caps.full_text:
            result.notes.append("full text: skipped (--no-full-text)")
        else:
            result.notes.append(
                "full text: skipped, this feedsmith has no `full_text` option (not on main yet)"
            )

        # 5. peers
        if peers:
            from bench.peers import PeerRun, run_morss, run_rss_bridge

            runners: list[Callable[[], PeerRun]] = [
                lambda: run_rss_bridge(doc["feeds"]),
                lambda: run_morss(doc["feeds"], work),
            ]
            for runner in runners:
                before = web.stats()
                peer = runner()
                served = _served(before, web.stats())
                if peer.measurement is None:
                    result.notes.append(f"{peer.name}: not run: {peer.problem}")
                    continue
                step = _step(
                    f"{peer.name} (1 worker)",
                    peer.measurement,
                    pages=served,
                    files=None,
                    items=peer.items,
                    expected=expected,
                    note=peer.problem or "",
                )
                result.steps.append(step)
    return result


# --------------------------------------------------------------------------------------------
# the report


def _fmt(value: float, digits: int = 2) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def _floor_of(result: SizeResult, step: Step) -> Step:
    """The floor a step compares with: the full-text floor for full-text steps, else the list
    floor."""
    if "full text" in step.name:
        for other in result.steps:
            if other.name.startswith("floor full text"):
                return other
    return result.steps[0]


def table(result: SizeResult) -> str:
    cold = next((s for s in result.steps if s.name.startswith("feedsmith list (cold")), None)
    head = (
        f"### {result.feeds} feeds · {result.hosts} hosts · latency {result.latency_ms:g} ms · "
        f"{result.workers} worker(s) · {result.page_kb:g} KB/page · {result.items} items\n\n"
        "| step | wall s | CPU s | CPU ms/page | pages/s | peak RSS MB | files written "
        "| items ok | CPU/page ÷ floor | wall ÷ floor | CPU ÷ cold |\n"
        "|---|---:|---:|---:|---:|---:|---:|:-:|---:|---:|---:|\n"
    )
    rows = []
    for step in result.steps:
        floor = _floor_of(result, step)
        cpu_ratio = step.cpu_ms_per_page / floor.cpu_ms_per_page if floor.pages else float("nan")
        wall_ratio = step.wall_s / floor.wall_s if floor.wall_s else float("nan")
        cold_ratio = (
            step.cpu_s / cold.cpu_s
            if cold and step is not cold and "feedsmith" in step.name
            else float("nan")
        )
        rows.append(
            f"| {step.name} | {_fmt(step.wall_s)} | {_fmt(step.cpu_s)} | "
            f"{_fmt(step.cpu_ms_per_page, 1)} | {_fmt(step.pages_per_s, 1)} | "
            f"{_fmt(step.peak_rss_mb, 0)} | "
            f"{'-' if step.files_written is None else step.files_written} | "
            f"{'yes' if step.ok else 'NO'} | {_fmt(cpu_ratio)}× | {_fmt(wall_ratio)}× | "
            f"{'-' if cold_ratio != cold_ratio else f'{cold_ratio:.1%}'} |"
        )
    notes = [f"- {s.name}: {s.note}" for s in result.steps if s.note] + [
        f"- {n}" for n in result.notes
    ]
    return head + "\n".join(rows) + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def targets(results: Sequence[SizeResult]) -> str:
    lines = ["### targets"]
    for result in results:
        steps = {s.name: s for s in result.steps}
        floor = result.steps[0]
        cold = steps.get("feedsmith list (cold)")
        rerun = steps.get("feedsmith list (unchanged rerun)")
        if cold is None or rerun is None:
            continue
        ratio = cold.cpu_ms_per_page / floor.cpu_ms_per_page
        lines.append(
            f"- {result.feeds} feeds: list CPU/page {ratio:.2f}× floor (target ≤ 2.5×: "
            f"{'met' if ratio <= 2.5 else 'missed'}); rerun CPU {rerun.cpu_s / cold.cpu_s:.1%} "
            f"of cold (target < 10%: {'met' if rerun.cpu_s < 0.1 * cold.cpu_s else 'missed'}), "
            f"{rerun.files_written} files written (target 0); "
            f"wall {cold.wall_s / floor.wall_s:.2f}× floor at latency {result.latency_ms:g} ms "
            "(target < 5× at 2,000 feeds, 50 ms); "
            f"peak RSS {cold.peak_rss_mb:.0f} MB (target < 300 MB at 2,000 feeds)"
        )
        floor_rerun = next((s for s in result.steps if s.name.startswith("floor (unchanged")), None)
        if floor_rerun is not None:
            ratio = rerun.cpu_s / floor_rerun.cpu_s
            lines.append(
                f"- {result.feeds} feeds: unchanged rerun CPU {ratio:.2f}× the floor's "
                f"conditional rerun (target ≤ 1.5×: {'met' if ratio <= 1.5 else 'missed'})"
            )
        newer = steps.get("feedsmith list (1 new item a page)")
        if newer is not None:
            ratio = newer.cpu_s / floor.cpu_s
            lines.append(
                f"- {result.feeds} feeds: 1 new item a page CPU {ratio:.2f}× the floor's cold "
                f"pass (target ≤ 1.5×: {'met' if ratio <= 1.5 else 'missed'})"
            )
        named = steps.get("feedsmith full text, content: (cold)")
        if named is not None:
            ratio = named.cpu_s / _floor_of(result, named).cpu_s
            lines.append(
                f"- {result.feeds} feeds: full text with `content:` CPU {ratio:.2f}× the floor's "
                f"full-text pass (target ≤ 2×: {'met' if ratio <= 2 else 'missed'})"
            )
    return "\n".join(lines) + "\n"


def use_bytecode(work: Path) -> None:
    """Every step runs feedsmith (and the floor) from bytecode, as an installed package runs.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on the team's machine) Python compiles the source
    of every feedsmith module on every run (0.2 s of CPU a build, on each step, but not on the
    floor: its libraries were compiled when pip installed them), which no installed feedsmith
    does. The bytecode goes to ``work``/pycache (``PYTHONPYCACHEPREFIX``): nothing is written
    into the source tree. Compiled once here, before anything is measured.
    """
    prefix = work.resolve() / "pycache"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    script = (
        "import compileall, pathlib, sys, feedsmith; "
        "compileall.compile_dir(pathlib.Path(feedsmith.__file__).parent, quiet=1); "
        "compileall.compile_dir(sys.argv[1], quiet=1)"
    )
    work.mkdir(parents=True, exist_ok=True)
    # from the work folder, as the steps run: a PYTHONPATH feedsmith (README.md) is the one
    # compiled
    subprocess.run([sys.executable, "-c", script, str(BENCH)], check=True, cwd=work)


def _sizes(text: str) -> tuple[int, ...]:
    if text in SIZES:
        return SIZES[text]
    return tuple(int(part) for part in re.split(r"[,\s]+", text.strip()) if part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="small",
        help="feeds per run: small (20), medium (200), large (2000), "
        "all, or numbers such as 20,200 (default small)",
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each answer")
    parser.add_argument("--hosts", type=int, default=8, help="loopback hosts the site spans")
    parser.add_argument(
        "--workers",
        type=int,
        default=8,
        help="concurrency, passed to `feedsmith build --workers`"
        " when it has it (the floor runs at the concurrency feedsmith actually uses)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-peers", dest="peers", action="store_false")
    parser.add_argument("--peers-max-feeds", type=int, default=200)
    parser.add_argument(
        "--no-full-text",
        dest="full_text",
        action="store_false",
        help="skip the full-text step (minutes at 200 feeds)",
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument the cold build")
    parser.add_argument(
        "--build-arg", action="append", default=[], help="extra argument for feedsmith build"
    )
    parser.add_argument(
        "--startup-repeat", type=int, default=9, help="runs of each start-up command (0: skip)"
    )
    parser.add_argument(
        "--source",
        dest="bytecode",
        action="store_false",
        help="let the steps compile feedsmith from source on every run when the environment "
        "says so (PYTHONDONTWRITEBYTECODE), instead of running it from bytecode as installed",
    )
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    if args.bytecode:
        use_bytecode(args.work)
    caps = capabilities()
    workers = args.workers if caps.workers_option else 1
    print(
        f"feedsmith build --workers: {'yes' if caps.workers_option else 'no (sequential build)'}; "
        f"full_text: {caps.full_text or 'no'}",
        flush=True,
    )
    started: list[startup.Row] = []
    if args.startup_repeat > 0:
        started = startup.measure(args.startup_repeat)
        print(startup.table(started), flush=True)
    results = []
    for feeds in _sizes(args.sizes):
        print(f"… {feeds} feeds", file=sys.stderr, flush=True)
        result = run_size(
            feeds,
            hosts=min(args.hosts, feeds),
            latency_ms=args.latency_ms,
            workers=workers,
            seed=args.seed,
            work=args.work.resolve() / f"feeds-{feeds}",
            caps=caps,
            peers=args.peers and feeds <= args.peers_max_feeds,
            build_args=args.build_arg,
            profile=args.profile,
            full_text=args.full_text,
        )
        results.append(result)
        print(table(result), flush=True)
    print(targets(results), flush=True)
    if args.json:
        payload = [
            {
                **asdict(r),
                "steps": [{**asdict(s), "cpu_ms_per_page": s.cpu_ms_per_page} for s in r.steps],
            }
            for r in results
        ]
        starts = [asdict(row) for row in started]
        args.json.write_text(json.dumps({"startup": starts, "sizes": payload}, indent=2), "utf-8")
    ok = all(s.ok for r in results for s in r.steps) and all(row.ok for row in started)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
