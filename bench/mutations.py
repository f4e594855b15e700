"""Mutation run: break one line of feedsmith at a time and check that a test notices.

Each mutation is (file, the exact original line, its replacement, the tests that guard it).
For each one the tree is copied (hard links, so a copy costs milliseconds), the line is
replaced in the copy, and pytest runs the mutation's tests there with ``PYTHONPATH`` set to the
copy, so the test process and any ``python -m feedsmith`` it starts import the mutated code.
A mutation is *killed* when pytest fails, *survived* when it passes, and *stale* when the
original line is no longer in the file exactly once (the code moved: update the list).

Each mutation runs only the tests that guard what it breaks, not the whole suite: the machine
is shared, and the whole suite per mutation would take hours. A targeted subset can only make
a mutation look *more* alive than the full suite would (fewer tests), never less, so every
"killed" holds for the full suite too. ``--full`` runs the whole suite instead.

    python bench/mutations.py                 # all mutations, one at a time
    python bench/mutations.py -k publish      # those whose name contains "publish"
    python bench/mutations.py --list          # the list, without running anything

Slow (minutes): it is not part of the test command. Exit status 1 if any mutation survived or
is stale.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# what a copy needs to run the tests
COPIED = ("feedsmith", "tests", "pyproject.toml", "README.md", "feeds.schema.json", "examples")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "test-artifacts")
TIMEOUT = 900.0


def _can_go_offline() -> bool:
    """Whether tests can run in a network namespace with only loopback (as .ci/run does)."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = ["unshare", "-n", "sh", "-c", "ip link set lo up"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


OFFLINE = _can_go_offline()


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    original: str  # the exact line, without its indentation
    replacement: str  # the line that takes its place (same indentation)
    tests: tuple[str, ...]  # pytest arguments: files, node ids, -k expressions


def m(name: str, file: str, original: str, replacement: str, *tests: str) -> Mutation:
    return Mutation(name, file, original, replacement, tests)


MUTATIONS = [
    # --- issue 18: promises no test guarded -------------------------------------------------
    m(
        "publish-in-place",
        "feedsmith/publish.py",
        'fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)',
        "fd, tmp = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), str(path)",
        "tests/test_publish.py",
    ),
    m(
        "publish-leaves-temp-file",
        "feedsmith/publish.py",
        "os.unlink(tmp)",
        "pass",
        "tests/test_publish.py",
    ),
    m(
        "max-items-default-20",
        "feedsmith/pipeline.py",
        "DEFAULT_MAX_ITEMS = 50",
        "DEFAULT_MAX_ITEMS = 20",
        "tests/test_pipeline.py",
    ),
    m(
        "no-if-modified-since",
        "feedsmith/fetch.py",
        'out["If-Modified-Since"] = modified',
        "pass",
        "tests/test_fetch.py",
    ),
    m(
        "jsonfeed-tags-as-categories",
        "feedsmith/render/jsonfeed.py",
        'item["tags"] = list(entry.categories)',
        'item["categories"] = list(entry.categories)',
        "tests/test_render.py",
    ),
    m(
        "jsonfeed-home-page-url-renamed",
        "feedsmith/render/jsonfeed.py",
        'doc: dict[str, Any] = {"version": VERSION, "title": feed.title, '
        '"home_page_url": feed.home_url}',
        'doc: dict[str, Any] = {"version": VERSION, "title": feed.title, '
        '"homepage_url": feed.home_url}',
        "tests/test_render.py",
    ),
    m(
        "crawl-delay-uncapped",
        "feedsmith/politeness.py",
        "self._gate(host_key(url)).delay = min(seconds, MAX_CRAWL_DELAY)",
        "self._gate(host_key(url)).delay = seconds",
        "tests/test_politeness.py",
    ),
    m(
        "future-slack-7-days",
        "feedsmith/normalise/dates.py",
        "FUTURE_SLACK = timedelta(days=1)",
        "FUTURE_SLACK = timedelta(days=7)",
        "tests/test_dates.py",
        "tests/test_feed_dates.py",
    ),
    # --- issue 18: the daemon and a half-saved feeds.yaml ------------------------------------
    m(
        "reload-without-settling",
        "feedsmith/scheduler.py",
        "if stamp != self._pending:  # changed since the last poll: wait for it to settle",
        "if False:",
        "tests/test_daemon.py",
    ),
    m(
        "reload-applies-an-empty-edit-at-once",
        "feedsmith/scheduler.py",
        "if not self.watch.confirm_empty(data):",
        "if False:",
        "tests/test_daemon.py",
    ),
    m(
        "deleted-feeds-yaml-logged-every-poll",
        "feedsmith/scheduler.py",
        "self._missing, self._pending = True, None",
        "self._pending = None",
        "tests/test_daemon.py",
    ),
    # --- issue 18: the weak tests, made real ---------------------------------------------
    m(
        "auto-keeps-control-characters",
        "feedsmith/extract/auto/elements.py",
        'return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()',
        'return _SPACE.sub(" ", text).strip()',
        "tests/test_auto.py",
    ),
    m(
        "feed-source-drops-author",
        "feedsmith/sources/feed.py",
        '"author": _text(entry.get("author")),',
        '"author": None,',
        "tests/test_sources.py",
    ),
    m(
        "rss-build-date-from-the-clock",
        "feedsmith/render/_feedgen.py",
        "fg.lastBuildDate(in_zone(feed.updated, feed.timezone))",
        'fg.lastBuildDate(__import__("datetime").datetime.now(__import__("datetime").UTC))',
        "tests/test_render.py",
    ),
    m(
        "join-shortcut-joins-to-the-page",
        "feedsmith/links.py",
        "return origin + href",
        "return base.rstrip('/') + href",
        "tests/test_normalise.py",
    ),
    m(
        "month-names-off-by-one",
        "feedsmith/normalise/dates.py",
        "month = next((i for i, names in enumerate(table, 1) if name in names), 0)",
        "month = next((i for i, names in enumerate(table, 2) if name in names), 0)",
        "tests/test_dates.py",
    ),
    m(
        "index-without-health-word",
        "feedsmith/site/index.py",
        'meta.append(f\'<span class="health health-{HEALTH_CLASSES[item.health]}">'
        "{item.health}</span>')",
        "meta.append(f'<span class=\"health health-{HEALTH_CLASSES[item.health]}\"></span>')",
        "tests/test_site.py",
    ),
    m(
        "version-out-of-step-with-the-package",
        "feedsmith/__init__.py",
        '__version__ = "0.1.0"',
        '__version__ = "0.1.1"',
        "tests/test_api.py",
    ),
    # --- issue 18: error paths -------------------------------------------------------------
    m(
        "stale-temp-files-kept",
        "feedsmith/lock.py",
        "remove_stale_temp_files(self.public_dir)",
        "pass",
        "tests/test_publish.py",
    ),
    m(
        "state-db-error-as-traceback",
        "feedsmith/cli.py",
        "except StoreError as exc:  # the state database cannot be opened: no command can go on",
        "except ZeroDivisionError as exc:",
        "tests/test_faults.py::test_a_state_database_that_cannot_be_opened_is_named_and_nothing_is_lost",
    ),
    m(
        "corrupt-gzip-unexplained",
        "feedsmith/fetch.py",
        'raise _Broken("the compressed body is corrupt") from exc',
        'raise _Broken("connection broken in the middle of the response") from exc',
        "tests/test_faults.py",
        "-k",
        "gzip",
    ),
    m(
        "retry-after-date-ignored",
        "feedsmith/fetch.py",
        "when = parsedate_to_datetime(value)",
        "return None",
        "tests/test_fetch.py",
        "tests/test_faults.py",
        "-k",
        "retry",
    ),
    m(
        "a-stopped-feed-reads-as-failed",
        "feedsmith/pipeline.py",
        'return _failed(feed, url, "stopped before it was built", started, kind="stopped")',
        'return _failed(feed, url, "stopped before it was built", started, kind="fetch")',
        "tests/test_faults.py::test_a_build_stopped_half_way_keeps_every_file_whole_and_builds_the_rest_later",
    ),
    m(
        "a-stopped-fetcher-waits-on",
        "feedsmith/politeness.py",
        "if seconds > 0 and self.stop.wait(seconds):",
        "if seconds > 0 and time.sleep(seconds):",
        "tests/test_politeness.py",
    ),
    m(
        "browser-start-failure-unnamed",
        "feedsmith/browser.py",
        'raise FetchError(f"cannot start Chromium ({executable})", feed_id=self.feed_id) from exc',
        'raise FetchError("the browser failed", feed_id=self.feed_id) from exc',
        "tests/test_browser_render.py",
    ),
    m(
        "browser-navigation-error-unnamed",
        "feedsmith/browser.py",
        'f"the browser could not load the page: {exc.message.splitlines()[0]}",',
        '"the browser failed",',
        "tests/test_browser_render.py",
    ),
    m(
        "dns-guard-off",
        "tests/conftest.py",
        'monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)',
        "pass",
        "tests/test_isolation.py",
    ),
    # --- our own --------------------------------------------------------------------------
    m(
        "publish-rewrites-unchanged-files",
        "feedsmith/publish.py",
        "if path.read_bytes() == data:",
        "if False:",
        "tests/test_publish.py",
    ),
    m(
        "published-files-private",
        "feedsmith/publish.py",
        "os.chmod(tmp, mode)",
        "pass",
        "tests/test_publish.py",
    ),
    m(
        "no-if-none-match",
        "feedsmith/fetch.py",
        'out["If-None-Match"] = etag',
        "pass",
        "tests/test_fetch.py",
    ),
    m(
        "size-limit-off",
        "feedsmith/fetch.py",
        'raise _Refused(f"response is over the {max_bytes}-byte limit (after decompression)")',
        "pass",
        "tests/test_faults.py",
        "-k",
        "10mb or bomb",
    ),
    m(
        "robots-txt-ignored",
        "feedsmith/politeness.py",
        "allowed = rules.parser.can_fetch(agent, url)",
        "allowed = True",
        "tests/test_politeness.py",
    ),
    m(
        "hosts-not-limited",
        "feedsmith/politeness.py",
        "self.per_host = max(1, per_host)",
        "self.per_host = 8",
        "tests/test_politeness.py",
    ),
    m(
        "tracking-parameters-kept",
        "feedsmith/normalise/urls.py",
        "kept = [(k, v) for k, v in pairs if not _TRACKING.match(k)]",
        "kept = list(pairs)",
        "tests/test_normalise.py",
        "tests/test_sources.py",
    ),
    m(
        "state-lock-not-taken",
        "feedsmith/lock.py",
        "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)",
        "pass",
        "tests/test_daemon.py",
        "-k",
        "lock",
    ),
]


def apply(tree: Path, mutation: Mutation) -> bool:
    """Replace the line in ``tree``; False if it is not there exactly once."""
    path = tree / mutation.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    found = [i for i, line in enumerate(lines) if line.strip() == mutation.original.strip()]
    if len(found) != 1:
        return False
    line = lines[found[0]]
    indent = line[: len(line) - len(line.lstrip())]
    lines[found[0]] = indent + mutation.replacement + "\n"
    path.unlink()  # a hard link to the original: write a new file instead
    path.write_text("".join(lines), encoding="utf-8")
    return True


def copy_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for name in COPIED:
        item = source / name
        if item.is_dir():
            shutil.copytree(item, target / name, copy_function=os.link, ignore=SKIPPED)
        elif item.exists():
            os.link(item, target / name)


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[int, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    if OFFLINE:  # a mutation may break the tests' own guard: nothing can leave all the same
        command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            cwd=tree,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT,
        )
        code = done.returncode
    except subprocess.TimeoutExpired:
        code = -1
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="select", default="", help="only mutations whose name has this")
    parser.add_argument("--list", action="store_true", help="print the mutations and stop")
    parser.add_argument("--full", action="store_true", help="run the whole suite per mutation")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip running the tests on the unbroken copy"
    )
    args = parser.parse_args()
    chosen = [mu for mu in MUTATIONS if args.select in mu.name]
    print("tests run in a loopback-only network namespace" if OFFLINE else "tests run online")
    if args.list:
        for mu in chosen:
            path = ROOT / mu.file
            lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
            count = sum(1 for line in lines if line.strip() == mu.original.strip())
            state = "" if count == 1 else f"  STALE (found {count} times)"
            print(f"{mu.name:40} {mu.file}: {mu.original!r} -> {mu.replacement!r}{state}")
        return 0

    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="feedsmith-mutations-") as scratch:
        if not args.no_baseline:  # the tests must pass on the unbroken tree, or nothing counts
            tree = Path(scratch) / "baseline"
            copy_tree(ROOT, tree)
            targets = sorted({t for mu in chosen for t in mu.tests if t.startswith("tests/")})
            code, took = run_tests(tree, () if args.full else tuple(targets))
            print(f"baseline: {'pass' if code == 0 else f'FAIL (pytest {code})'} in {took:.0f} s")
            if code != 0:
                return 1
            shutil.rmtree(tree)
        for number, mu in enumerate(chosen, 1):
            tree = Path(scratch) / f"m{number}"
            copy_tree(ROOT, tree)
            if not apply(tree, mu):
                results[mu.name] = "stale"
                print(f"[{number}/{len(chosen)}] {mu.name}: STALE (line not found once)")
                continue
            code, took = run_tests(tree, () if args.full else mu.tests)
            outcome = {0: "SURVIVED", 1: "killed", -1: "killed (timeout)"}.get(
                code, f"error (pytest {code})"
            )
            results[mu.name] = outcome
            print(f"[{number}/{len(chosen)}] {mu.name}: {outcome} in {took:.0f} s", flush=True)
            shutil.rmtree(tree)

    killed = sum(1 for r in results.values() if r.startswith("killed"))
    print(f"\n{killed} of {len(results)} mutations killed")
    for name, outcome in results.items():
        if not outcome.startswith("killed"):
            print(f"  {name}: {outcome}")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
