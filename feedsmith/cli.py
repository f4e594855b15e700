"""The command line: a thin shell over `config` and `pipeline` that prints and picks exit codes.

Exit codes: 0 all went well, 1 a feed failed, 2 a usage or configuration error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import logging
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from rich.console import Console
from rich.markup import escape as escape_markup
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from feedsmith import __version__
from feedsmith.cluster.cli import cluster as cluster_commands
from feedsmith.errors import ConfigError, FeedsmithError, LockError, StoreError
from feedsmith.types import BuildResult, Entry, Page

# Each command imports the modules it runs (config, fetch, pipeline and the libraries behind
# them) when it runs: `feedsmith --help` and a mistyped option load none of them.
if TYPE_CHECKING:
    from feedsmith.article import Article
    from feedsmith.config import Config, FeedConfig
    from feedsmith.retire import Retired
    from feedsmith.store import ArticleRecord
    from feedsmith.suggest import Proposal, Suggestion


# C0 and C1 control characters but tab and line feed: text from a page printed as it is could
# drive the terminal (ESC and CSI sequences set its title, write the clipboard, hide lines)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Text for rich to print as it is: no markup, no control characters."""
    return escape_markup(_CONTROLS.sub("", text))


def _json(data: object, indent: int | None = None) -> str:
    """JSON for the terminal: the C1 controls json.dumps keeps (U+0080-U+009F, from page
    text) written as escapes; C0 ones it escapes itself."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

config_option = click.option(
    "-c",
    "--config",
    "config_path",
    default="feeds.yaml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The feeds file.",
)


def _exit_config_error(exc: ConfigError) -> NoReturn:
    err.print(f"[bold red]error:[/] {len(exc.issues)} problem(s) in the configuration")
    for issue in exc.issues:
        err.print(f"  {escape(str(issue))}")
    sys.exit(2)


def _load(config_path: Path) -> Config:
    from feedsmith.config import load_config

    if not config_path.exists():
        err.print(
            f"[bold red]error:[/] there is no feeds file {escape(str(config_path))}. "
            "Create one with `feedsmith add URL` (it finds the articles on the page at URL "
            "and writes the file), or name another file with -c PATH."
        )
        sys.exit(2)
    try:
        return load_config(config_path)
    except ConfigError as exc:
        _exit_config_error(exc)


@contextlib.contextmanager
def _settling() -> Iterator[None]:
    """Load what a build runs (modules, the feeds file) without the cycle collector, then
    move all of it out of the collector's way (`gc.freeze`).

    Loading allocates a few hundred thousand objects that live as long as the process
    (modules, classes, pydantic's validators, the config); the collector's full passes over
    them while they pile up free nothing and cost ~10 % of an unchanged rerun's CPU, and every
    later full pass of the build would walk them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _select(config: Config, ids: Sequence[str]) -> list[FeedConfig]:
    from feedsmith.config import select_feeds

    try:
        return select_feeds(config, ids)
    except KeyError as exc:
        known = ", ".join(f.id for f in config.feeds) or "none"
        raise click.UsageError(f"no feed with id {exc.args[0]!r} (known: {known})") from None


class _LogFilter(logging.Filter):
    """What reaches the terminal: feedsmith's own records at the chosen level; other libraries'
    records (and Python warnings, through the `py.warnings` logger) only from -v on, errors
    always; and, in `build`, not the failures its table already shows."""

    def __init__(self) -> None:
        super().__init__()
        self.others = logging.ERROR
        self.hide_reported = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.hide_reported and getattr(record, "reported", False):
            return False
        return record.name.startswith("feedsmith") or record.levelno >= self.others


_log_filter = _LogFilter()


def _set_verbosity(verbose: int, quiet: bool) -> None:
    """Configure logging for -v/-vv/-q (called again when they come after the command)."""
    if quiet:
        level = others = logging.ERROR
    else:
        level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
        others = (logging.ERROR, logging.WARNING, logging.DEBUG)[min(verbose, 2)]
    _log_filter.others = others
    handler = logging.StreamHandler()  # the stderr of this moment
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_log_filter)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # library warnings go through the filter above


def _verbosity_option(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """-v/-q given after the command: they add to (or override) the ones before it."""
    if ctx.resilient_parsing or not value:
        return
    obj = ctx.find_root().obj
    if not isinstance(obj, dict):
        return
    if param.name == "quiet":
        obj["quiet"] = True
    else:
        obj["verbose"] = obj.get("verbose", 0) + int(value)  # type: ignore[call-overload]
    _set_verbosity(obj.get("verbose", 0), obj["quiet"])


def _command_verbosity(command: Callable[..., None]) -> Callable[..., None]:
    """-v and -q on a command too, so `feedsmith build -q` works as `feedsmith -q build`."""
    command = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_verbosity_option,
        help="Only errors (as `feedsmith -q`).",
    )(command)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_verbosity_option,
        help="More log output, -vv for debug (as `feedsmith -v`).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="feedsmith")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option(
    "-q", "--quiet", is_flag=True, help="Only errors (build: failed feeds and the summary line)."
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn websites that have no feed into RSS, Atom and JSON feeds."""
    ctx.obj = {"quiet": quiet, "verbose": verbose}
    _log_filter.hide_reported = False
    _set_verbosity(verbose, quiet)


@cli.command()
@_command_verbosity
@config_option
@click.option(
    "-w",
    "--workers",
    type=click.IntRange(1, 256),
    default=None,
    help="Feeds built at the same time, on different hosts (default: crawl.workers, 8).",
)
@click.option(
    "-p",
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Build in this many processes (one per core); --workers is shared between them.",
)
@click.argument("feed_ids", nargs=-1)
@click.pass_obj
def build(
    options: dict[str, bool],
    config_path: Path,
    feed_ids: tuple[str, ...],
    workers: int | None,
    processes: int,
) -> None:
    """Build all enabled feeds, or the FEED_IDS given, into the public folder.

    Ctrl-C stops it: feeds being written finish, the others are left as they were (exit 130).
    """
    import signal
    import threading

    with _settling():
        from feedsmith.backends import endpoints_of
        from feedsmith.pipeline import Runtime, build_all, retire_removed
        from feedsmith.publish import check_folder

        config = _load(config_path)
    feeds = _select(config, feed_ids)
    if not config.site.base_url and not options["quiet"]:
        _warn_no_base_url(config_path)
    try:
        # a public folder on this machine (`publish:` may name a bucket instead)
        publish_to = endpoints_of(config).publish
        if publish_to.path is not None:
            check_folder(publish_to.path)
    except FeedsmithError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(1)
    now = datetime.now(UTC)
    stop = threading.Event()

    def on_interrupt(signum: int, frame: object) -> None:
        stop.set()  # runs finish their writes; nothing new starts; a second Ctrl-C is abrupt
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    _log_filter.hide_reported = True  # the table below shows every failure once
    try:
        with (
            _state_lock(config),
            Runtime(config, stop=stop) as runtime,
            _BuildProgress(len(feeds), enabled=not options["quiet"]) as progress,
        ):
            retired = retire_removed(runtime, now=now)
            if processes > 1:
                from feedsmith.processes import build_in_processes

                results = build_in_processes(
                    feeds,
                    processes,
                    runtime=runtime,
                    now=now,
                    workers=workers,
                    on_result=progress.finished,
                )
            else:
                results = build_all(
                    feeds,
                    runtime,
                    now=now,
                    on_start=progress.started,
                    on_result=progress.finished,
                    workers=workers,
                )
    finally:
        signal.signal(signal.SIGINT, previous)
        _log_filter.hide_reported = False
    if stop.is_set():
        stopped = [r for r in results if r.error_kind == "stopped"]
        done = [r for r in results if r.error_kind != "stopped"]
        _print_results(done, config, only_failed=options["quiet"])
        _print_retired(retired)
        err.print(
            f"[bold yellow]interrupted:[/] {len(done)} feed(s) finished and kept "
            f"({sum(1 for r in done if r.status != 'failed')} built), "
            f"{len(stopped)} not built: their files in {escape(str(config.public_path))} are "
            "as they were. No file was half-written (each is written whole, then renamed)."
        )
        sys.exit(130)
    _print_results(results, config, only_failed=options["quiet"])
    _print_retired(retired)
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


def _warn_no_base_url(config_path: Path) -> None:
    err.print(
        f"[yellow]warning:[/] {escape(str(config_path))} sets no site.base_url: feeds.opml and "
        "the feeds' self links hold addresses relative to the public folder, which a feed "
        "reader importing feeds.opml cannot fetch. Set it to the address the folder is served "
        "from (`site: {base_url: https://feeds.example.org/}`; `feedsmith serve` serves it at "
        "http://127.0.0.1:8000/)."
    )


class _BuildProgress:
    """Feeds done / total and the feeds in progress, on stderr, only on a terminal and only once
    a build has taken a second (a quick build shows nothing); gone when the build ends."""

    DELAY = 1.0

    def __init__(self, total: int, *, enabled: bool) -> None:
        import threading

        self._lock = threading.Lock()
        self._running: dict[str, None] = {}
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=not (enabled and err.is_terminal),
        )
        self._task = self._progress.add_task("building", total=total)
        self._timer = threading.Timer(self.DELAY, self._progress.start)
        self._timer.daemon = True

    def __enter__(self) -> _BuildProgress:
        if not self._progress.disable:
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        if self._timer.ident is not None:
            self._timer.join()
        self._progress.stop()

    def _describe(self) -> None:
        names = list(self._running)
        text = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
        self._progress.update(self._task, description=f"building {text or '…'}")

    def started(self, feed: FeedConfig) -> None:
        with self._lock:
            self._running[feed.id] = None
            self._describe()

    def finished(self, result: BuildResult) -> None:
        with self._lock:
            self._running.pop(result.feed_id, None)
            self._describe()
            self._progress.advance(self._task)


def _print_results(
    results: Sequence[BuildResult], config: Config, *, only_failed: bool = False
) -> None:
    """A table of every feed built (with -q, of the failed ones only), then a summary line."""
    from feedsmith.health import article_failures

    shown = [r for r in results if r.status == "failed"] if only_failed else results
    table = Table(title=f"feedsmith build → {config.public_path}", title_justify="left")
    for column in ("feed", "status", "items", "new", "files", "error"):
        table.add_column(column, justify="right" if column in {"items", "new"} else "left")
    for r in shown:
        word = _result_word(r)
        style = {"failed": "red", "drifting": "yellow", "degraded": "yellow", "ok": "green"}.get(
            word, ""
        )
        warnings = sum(1 for d in r.diagnostics if d.level != "info")
        articles = len(article_failures(r))
        # the row names the feed: its error need not say it again
        note = (r.error or "").removeprefix(f"{r.feed_id}: ") or (
            f"{articles} article page(s) failed; see `feedsmith check --full-text {r.feed_id}`"
            if articles
            else f"{warnings} warning(s); see `feedsmith check {r.feed_id}`"
            if warnings
            else ""
        )
        table.add_row(
            r.feed_id,
            f"[{style}]{word}[/]" if style else word,
            str(r.items),
            str(r.new_items),
            ", ".join(r.files_written) or "-",
            escape(note),
        )
    if shown:
        out.print(table)
    words = [_result_word(r) for r in results]
    failed, drifting, degraded = (words.count(w) for w in ("failed", "drifting", "degraded"))
    summary = f"{len(results)} feed(s): {len(results) - failed - drifting} built, {failed} failed"
    if drifting:
        summary += f", {drifting} drifting (held back: their last good entries stay published)"
    if degraded:
        summary += f", {degraded} degraded (article pages failed)"
    out.print(f"{summary}, {sum(r.new_items for r in results)} new item(s)")


def _result_word(result: BuildResult) -> str:
    """A run's outcome in the words `feedsmith status` and status.json use for the feed."""
    from feedsmith.health import article_failures

    if result.status == "failed":
        return "drifting" if result.error_kind == "drift" else "failed"
    return "degraded" if article_failures(result) else result.status


def _print_retired(retired: Sequence[Retired]) -> None:
    from feedsmith.retire import KEEP_REMOVED

    for r in retired:
        if r.forgotten:
            out.print(
                f"forgot {r.feed_id}: removed from the feeds file over {KEEP_REMOVED.days} days ago"
            )
        else:
            files = ", ".join(r.deleted) or "no file left"
            out.print(
                f"removed {r.feed_id} (no longer in the feeds file): deleted {files} from the "
                f"public folder; its entries are kept {KEEP_REMOVED.days} days in case it comes "
                "back"
            )


# article pages `check --full-text` reads
CHECK_ARTICLES = 10


@cli.command()
@_command_verbosity
@config_option
@click.argument("feed_id")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@click.option(
    "--full-text",
    "full_text",
    is_flag=True,
    help=f"Also read the article pages of the first {CHECK_ARTICLES} items, as full_text does "
    "(exit 1 if one fails).",
)
def check(config_path: Path, feed_id: str, as_json: bool, full_text: bool) -> None:
    """Dry run: show what FEED_ID extracts from its page right now. Writes nothing."""
    from feedsmith.normalise.html import html_to_text
    from feedsmith.pipeline import Runtime, feed_origin, inspect_feed, request_options

    config = _load(config_path)
    feed = _select(config, [feed_id])[0]
    now = datetime.now(UTC)
    articles: tuple[tuple[Entry, ArticleRecord], ...] = ()
    with Runtime(config) as runtime:
        try:
            result = inspect_feed(feed, runtime, now=now)
        except FeedsmithError as exc:
            err.print(f"[bold red]failed:[/] {escape(str(exc))}")
            sys.exit(1)
        if full_text:
            from feedsmith.fulltext import try_articles

            articles = try_articles(
                result.entries,
                feed,
                fetcher=runtime.fetcher,
                options=request_options(feed, config.crawl),
                now=now,
                limit=CHECK_ARTICLES,
                origin=feed_origin(feed, config),
            )
    if articles:
        read = {entry.id: entry for entry, _ in articles}
        result = dataclasses.replace(
            result, entries=tuple(read.get(e.id, e) for e in result.entries)
        )
    if as_json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "link": e.link,
                "published": e.published.isoformat() if e.published else None,
                "summary": html_to_text(e.summary_html),
                "author": e.author,
                "image": e.image,
            }
            for e in result.entries
        ]
        out.print_json(_json({"items": rows}))
    else:
        table = Table(title=f"{feed.id}: {result.page.url} ({result.extraction.method})")
        for column in ("#", "title", "link", "date", "summary", "author", "image"):
            table.add_column(column, overflow="fold", max_width=48)
        for i, e in enumerate(result.entries, 1):
            table.add_row(
                str(i),
                escape(e.title),
                escape(e.link),
                e.published.strftime("%Y-%m-%d %H:%M") if e.published else "[yellow]none[/]",
                escape(html_to_text(e.summary_html)[:80]),
                escape(e.author or ""),
                escape(e.image or ""),
            )
        out.print(table)
    from feedsmith.advice import missing_fields  # list detection: only for this command

    if articles and not as_json:
        _print_articles(feed.id, articles)
    warnings = [str(d) for d in result.diagnostics if d.level != "info"]
    warnings += [f"{feed.id}: {text}" for text in missing_fields(result.page, result.entries)]
    failed = [(entry, record) for entry, record in articles if not record.ok]
    warnings += [f"{feed.id}: article page {e.link} failed: {r.error}" for e, r in failed]
    for d in result.diagnostics:
        if d.level == "info":
            err.print(f"note: {escape(str(d))}")
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    summary = f"{len(result.entries)} item(s), {len(warnings)} warning(s)"
    if full_text:
        summary += f", {len(articles) - len(failed)} of {len(articles)} article page(s) read"
    err.print(summary)
    if failed:
        sys.exit(1)


def _print_articles(feed_id: str, articles: Sequence[tuple[Entry, ArticleRecord]]) -> None:
    from feedsmith.normalise.html import html_to_text

    table = Table(title=f"{feed_id}: article pages (full text)", title_justify="left")
    for column in ("#", "link", "result", "text", "date", "author"):
        table.add_column(column, overflow="fold", max_width=48)
    for i, (entry, record) in enumerate(articles, 1):
        table.add_row(
            str(i),
            escape(entry.link),
            "[green]read[/]" if record.ok else f"[red]failed:[/] {escape(record.error or '')}",
            f"{len(html_to_text(record.content_html))} chars" if record.ok else "-",
            entry.published.strftime("%Y-%m-%d %H:%M") if entry.published else "none",
            escape(entry.author or ""),
        )
    out.print(table)


@cli.command()
@_command_verbosity
@config_option
def validate(config_path: Path) -> None:
    """Check the feeds file and report every problem at once (exit 2 if any)."""
    config = _load(config_path)
    if not config.site.base_url:
        _warn_no_base_url(config_path)
    enabled = sum(1 for f in config.feeds if f.enabled)
    out.print(f"{config_path}: OK, {len(config.feeds)} feed(s), {enabled} enabled")


@cli.command()
@_command_verbosity
def schema() -> None:
    """Print the JSON Schema of the feeds file (for editors)."""
    from feedsmith.config import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


# --- suggest and add: a feed for a page nobody has written selectors for ---------------------

_PREVIEW_ROWS = 10


def _fetch_for_suggest(source: str, state_dir: Path, user_agent: str) -> Page:
    """Fetch a URL or read a local file, exiting 1 with the reason when that fails."""
    from feedsmith.fetch import Fetcher, RequestOptions

    fetcher = Fetcher(state_dir)
    try:
        return fetcher.fetch(source, RequestOptions(user_agent=user_agent))
    except FeedsmithError as exc:
        err.print(f"[bold red]failed:[/] {escape(str(exc))}")
        sys.exit(1)
    finally:
        fetcher.close()


def _suggest_or_exit(page: Page) -> Suggestion:
    from feedsmith.suggest import suggest as suggest_feed  # list detection: only for this

    try:
        return suggest_feed(page, now=datetime.now(UTC))
    except FeedsmithError as exc:
        err.print(f"[bold red]failed:[/] {escape(str(exc))}")
        sys.exit(1)


def _feed_url(source: str, base_url: str | None, config_dir: Path) -> str:
    """What the proposed feed reads: the URL, else --base-url (or the address the saved page
    declares), else the file (relative to the feeds file when it is below it)."""
    from feedsmith.fetch import is_local

    if not is_local(source):
        return source
    if base_url:
        return base_url
    path = Path(source.removeprefix("file://")).resolve()
    try:
        return path.relative_to(config_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def _page_address(
    source: str, page: Page, base_url: str | None
) -> tuple[Page, str | None, str | None]:
    """A saved page read without --base-url takes the public address it declares for itself
    (canonical link, og:url): links resolve against it and the feed reads it. Returns the page
    with its address, the address (None when it stays as it was) and a note saying so."""
    from feedsmith.fetch import is_local
    from feedsmith.suggest import page_address

    if base_url:
        return dataclasses.replace(page, url=base_url), base_url, None
    if not is_local(source):
        return page, None, None
    declared = page_address(page)
    if declared is None:
        return page, None, None
    address, said_by = declared
    # a name the page gives may still lead inside: checked where it resolves (one that does
    # not resolve here, on a machine offline, is taken as the page gives it)
    from feedsmith import netguard

    refused = netguard.check_url(address, netguard.Origin(url=address, private=False), resolve=True)
    if refused is not None:
        note = (
            f"{source} is a saved page; it gives its address as {address} ({said_by}), not "
            f"used: {refused}. Give --base-url for the page's real address."
        )
        return page, None, note
    note = (
        f"{source} is a saved page; it gives its address as {address} ({said_by}), so links "
        "are resolved against that address and the proposed feed reads it. Give --base-url to "
        "use another address."
    )
    return dataclasses.replace(page, url=address), address, note


def _print_suggestion(suggestion: Suggestion, proposal: Proposal) -> None:
    from feedsmith.feedsfile import entry_yaml  # ruamel.yaml: only to write feeds.yaml

    if suggestion.feed_links:
        links = "\n".join(f"  {escape(link)}" for link in suggestion.feed_links)
        out.print(
            Panel(
                f"This page advertises its own feed:\n{links}\n"
                "Subscribe to it directly: it is usually complete and more reliable than "
                "anything read from the page.",
                title="the site has a feed",
                border_style="yellow",
            )
        )
    shown = suggestion.items[:_PREVIEW_ROWS]
    table = Table(
        title=f"{len(suggestion.items)} item(s) on {suggestion.page_url} "
        f"(found by {suggestion.method_name})",
        title_justify="left",
    )
    for column in ("#", "title", "link", "date", "summary", "image"):
        table.add_column(column, overflow="fold", max_width=48)
    for i, item in enumerate(shown, 1):
        table.add_row(
            str(i),
            escape(item.title),
            escape(item.link),
            item.date.strftime("%Y-%m-%d %H:%M") if item.date else "[yellow]none[/]",
            escape(item.summary[:80]),
            escape(item.image or ""),
        )
    out.print(table)
    if len(suggestion.items) > len(shown):
        out.print(f"… and {len(suggestion.items) - len(shown)} more")
    for note in suggestion.notes:
        out.print(f"[bold]note:[/] {escape(note)}")
    click.echo("\nProposed entry for the `feeds:` list of feeds.yaml:\n")
    # plain text, never wrapped at the terminal's width: it must stay valid YAML when pasted
    click.echo(entry_yaml(proposal.entry, comment=proposal.comment, comments=proposal.comments))


@cli.command()
@_command_verbosity
@click.argument("source", metavar="URL_OR_FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the items and selectors as JSON.")
@click.option(
    "--base-url",
    metavar="URL",
    help="The page's real address, for a local file: links resolve against it "
    "(default: the address the page declares, if any).",
)
def suggest(source: str, as_json: bool, base_url: str | None) -> None:
    """Detect the article list on a page and propose a feed entry for it. Writes nothing."""
    from feedsmith.config import DEFAULT_USER_AGENT
    from feedsmith.suggest import feed_id_for, propose  # list detection: only for this command

    with tempfile.TemporaryDirectory(prefix="feedsmith-suggest-") as tmp:
        page = _fetch_for_suggest(source, Path(tmp), DEFAULT_USER_AGENT)
    page, address, note = _page_address(source, page, base_url)
    if note and not as_json:
        out.print(f"[bold]note:[/] {escape(note)}")
    suggestion = _suggest_or_exit(page)
    if as_json:
        data = {
            "items": [
                {
                    "title": item.title,
                    "link": item.link,
                    "date": item.date.isoformat() if item.date else None,
                    "summary": item.summary,
                    "image": item.image,
                }
                for item in suggestion.items
            ],
            "selectors": dict(suggestion.selectors),
            "method": suggestion.method,
            "feed_links": list(suggestion.feed_links),
            "notes": [*([note] if note else []), *suggestion.notes],
        }
        click.echo(_json(data, indent=2))
        return
    url = _feed_url(source, address, Path.cwd())
    proposal = propose(suggestion, feed_id=feed_id_for(suggestion, url, ()), url=url)
    _print_suggestion(suggestion, proposal)
    click.echo(f"Add it with: feedsmith add {url}")  # a command to copy: never wrapped


_SERVE_ADDRESS = "http://127.0.0.1:8000/"


@cli.command()
@_command_verbosity
@config_option
@click.argument("source", metavar="URL")
@click.option("--id", "feed_id", help="The feed's id (default: from the site and section).")
@click.option("--title", help="The feed's title (default: the site's and section's names).")
@click.option(
    "--site-url",
    metavar="URL",
    help="For a new feeds file: the address the public folder will be served from "
    f"(site.base_url; asked for when not given, default {_SERVE_ADDRESS}).",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask; add the feed (for scripts).")
def add(
    config_path: Path,
    source: str,
    feed_id: str | None,
    title: str | None,
    site_url: str | None,
    yes: bool,
) -> None:
    """Detect the article list on a page and append a feed for it to the feeds file."""
    from feedsmith.config import (
        DEFAULT_USER_AGENT,
        FEED_ID_PATTERN,
        check_feed_id,
        parse_config,
    )
    from feedsmith.feedsfile import add_feed  # ruamel.yaml: only to write feeds.yaml
    from feedsmith.suggest import feed_id_for, propose  # list detection: only for this command

    new_file = not config_path.exists()
    if not new_file:
        config = _load(config_path)
    else:  # the file is created with this feed
        config = parse_config("", file=str(config_path), root=config_path.resolve().parent)
    taken = {f.id for f in config.feeds}
    if feed_id is not None:
        if not re.fullmatch(FEED_ID_PATTERN, feed_id):
            raise click.BadParameter(
                "letters, digits, '.', '_' and '-', starting with a letter or digit",
                param_hint="--id",
            )
        try:
            check_feed_id(feed_id)  # the site's own names, the length
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--id") from None
        if feed_id in taken:
            line = config.feed(feed_id).line
            where = f" (line {line})" if line else ""
            raise click.UsageError(f"feed id {feed_id!r} is already in {config_path}{where}")
    if site_url is not None and not re.match(r"^https?://[^/\s]+", site_url):
        raise click.BadParameter(
            "an http(s) address such as https://feeds.example.org/", param_hint="--site-url"
        )
    user_agent = config.defaults.user_agent or DEFAULT_USER_AGENT
    page = _fetch_for_suggest(source, config.state_path, user_agent)
    page, address, note = _page_address(source, page, None)
    if note:
        out.print(f"[bold]note:[/] {escape(note)}")
    suggestion = _suggest_or_exit(page)
    url = _feed_url(source, address, config.root)
    feed_id = feed_id or feed_id_for(suggestion, url, taken)
    proposal = propose(suggestion, feed_id=feed_id, url=url, title=title)
    _print_suggestion(suggestion, proposal)
    if suggestion.feed_links:
        if yes:
            out.print("[yellow]note:[/] the page has its own feed; adding detection anyway (--yes)")
        elif not click.confirm("The page has its own feed. Add a feed from detection anyway?"):
            out.print("Nothing added.")
            return
    site = None
    if new_file:
        if site_url is None and not yes:
            out.print(
                f"\n{escape(str(config_path))} is new. Feeds and feeds.opml carry the address of "
                "each feed, so a reader knows where to fetch it: where will the public folder be "
                f"served from? ({_SERVE_ADDRESS} is where `feedsmith serve` shows it on this "
                "machine; change site.base_url in the file when you publish it elsewhere.)"
            )
            site_url = click.prompt("site.base_url", default=_SERVE_ADDRESS)
        site_url = site_url or _SERVE_ADDRESS
        site = {"base_url": site_url if site_url.endswith("/") else site_url + "/"}
    if not yes and not click.confirm(f"Append feed {feed_id!r} to {config_path}?", default=True):
        out.print("Nothing added.")
        return
    try:
        add_feed(
            config_path,
            proposal.entry,
            comment=f"added by `feedsmith add`: {proposal.comment}",
            comments=proposal.comments,
            site=site,
        )
    except ConfigError as exc:
        _exit_config_error(exc)
    if site:
        out.print(
            f"created {escape(str(config_path))} with site.base_url: {escape(site['base_url'])}"
        )
    out.print(
        f"[green]added[/] feed {feed_id!r} to {escape(str(config_path))}; "
        f"build it with: feedsmith build {feed_id}"
    )


# --- the daemon, health and snapshots (issue 3) -------------------------------------------


@contextlib.contextmanager
def _state_lock(config: Config) -> Iterator[None]:
    """Hold the state folder's lock, or exit 2 naming the process that holds it."""
    from feedsmith.lock import StateLock

    try:
        with StateLock(config.state_path, public_dir=config.public_path):
            yield
    except LockError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(2)


@cli.command()
@_command_verbosity
@config_option
@click.option(
    "--poll",
    type=click.FloatRange(0.05, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between checks of the feeds file for changes.",
)
@click.option(
    "-p",
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Run the feeds in this many processes (one per core), each keeping a share of them; "
    "crawl.workers is shared between them.",
)
def run(config_path: Path, poll: float, processes: int) -> None:
    """Build every feed, then keep rebuilding each on its own schedule until stopped.

    Reloads the feeds file when it changes; SIGTERM or Ctrl-C stops cleanly. With
    --processes, a process that dies is replaced and builds its feeds again.
    """
    import signal
    import threading

    from feedsmith.scheduler import Daemon

    config = _load(config_path)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        logging.getLogger("feedsmith").info("signal %d received: stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("feedsmith").setLevel(logging.INFO)
    try:
        if processes > 1:
            from feedsmith.supervise import run_in_processes

            run_in_processes(config_path, config, processes, stop=stop, poll=poll)
        else:
            Daemon(config_path, stop=stop, poll=poll, config=config).run()
    except LockError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(2)


@cli.command()
@_command_verbosity
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print status.json's content instead.")
def status(config_path: Path, as_json: bool) -> None:
    """How each feed is doing: last run, last success, last error, failures in a row, drift.

    Exit 1 if a feed is failing, or drifting so much that its run was held back. When the feeds
    file has problems, the state is shown all the same (the feeds last built), then exit 2.
    """
    from feedsmith.backends import open_store
    from feedsmith.config import load_config
    from feedsmith.health import status_document

    if not config_path.exists():
        _load(config_path)  # says how to make one
    problems: ConfigError | None = None
    try:
        config: Config | None = load_config(config_path)
    except ConfigError as exc:
        # the state database still says how the feeds were doing: show it, and the problems
        problems, config = exc, None
        err.print(
            f"[bold yellow]warning:[/] {escape(str(config_path))} has {len(exc.issues)} "
            "problem(s); showing the feeds as last built (`feedsmith validate` lists the "
            "problems too):"
        )
        for issue in exc.issues:
            err.print(f"  {escape(str(issue))}")
    state_config = config if config is not None else _lenient_config(config_path)
    states = {}
    try:
        store = open_store(state_config)
    except FeedsmithError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    if store is not None:
        try:
            states = store.all_feed_states()
        finally:
            store.close()
    if config is not None:
        feeds = [(f.id, f.enabled) for f in config.feeds]
    else:
        feeds = [(fid, True) for fid, st in states.items() if not fid.startswith("_")]
        feeds = [(fid, on) for fid, on in feeds if not states[fid].get("removed")]
    document = status_document(feeds, states)
    if as_json:
        out.print_json(_json(document))
    else:
        table = Table(title=f"feedsmith status ({state_config.state_path})", title_justify="left")
        for column in ("feed", "health", "last attempt", "last success", "fails", "items", "note"):
            table.add_column(column, overflow="fold")
        colours = {"failing": "red", "drifting": "yellow", "degraded": "yellow", "ok": "green"}
        for r in document["feeds"]:
            colour = colours.get(r["health"], "")
            full_text = r["full_text"] or {}
            note = r["last_error"] or r["drift"] or full_text.get("message") or ""
            if r["last_http_status"] and r["health"] == "failing":
                note = f"[HTTP {r['last_http_status']}] {note}"
            table.add_row(
                r["id"] + ("" if r["enabled"] else " (disabled)"),
                f"[{colour}]{r['health']}[/]" if colour else r["health"],
                _when(r["last_attempt"]),
                _when(r["last_success"]),
                str(r["consecutive_failures"]),
                "" if r["entries"] is None else str(r["entries"]),
                escape(note),
            )
        out.print(table)
        out.print(
            f"{len(document['feeds'])} feed(s): {document['failing']} failing, "
            f"{document['drifting']} drifting, {document['degraded']} degraded"
        )
    if problems is not None:
        sys.exit(2)
    # failing, or held back by drift: either way the feed's new entries are not published
    sys.exit(1 if any(r["consecutive_failures"] for r in document["feeds"]) else 0)


def _lenient_config(config_path: Path) -> Config:
    """What a feeds file that cannot be loaded says of where the state is: its ``state_dir``
    (read leniently: as YAML, else its own top-level line), else the default, beside it."""
    import yaml

    from feedsmith.config import Config

    root = config_path.resolve().parent
    try:
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Config(root=root)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        line = re.search(r"^state_dir:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", text, re.M)
        data = {"state_dir": line.group(1)} if line else None
    if isinstance(data, dict) and isinstance(data.get("state_dir"), str):
        return Config(root=root, state_dir=str(data["state_dir"]))
    return Config(root=root)


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "-"


snapshots_option = click.option(
    "--dir",
    "snapshot_dir",
    default="snapshots",
    show_default=True,
    help="Folder of the snapshots (relative to the feeds file).",
)


@cli.command()
@_command_verbosity
@config_option
@snapshots_option
@click.argument("feed_ids", nargs=-1, required=True)
def snapshot(config_path: Path, snapshot_dir: str, feed_ids: tuple[str, ...]) -> None:
    """Save the pages FEED_IDS read, and what is extracted from them, for `feedsmith test`."""
    from feedsmith import snapshot as snapshots
    from feedsmith.pipeline import Runtime

    config = _load(config_path)
    feeds = _select(config, feed_ids)
    root = config.root / snapshot_dir
    failed = False
    with Runtime(config) as runtime:
        for feed in feeds:
            try:
                folder = snapshots.save(feed, runtime, root, now=datetime.now(UTC))
            except FeedsmithError as exc:
                err.print(f"[bold red]failed:[/] {escape(str(exc))}")
                failed = True
                continue
            items = json.loads((folder / snapshots.ITEMS_FILE).read_text(encoding="utf-8"))
            out.print(f"{feed.id}: saved {len(items['items'])} item(s) in {folder}")
    sys.exit(1 if failed else 0)


@cli.command(name="test")
@_command_verbosity
@config_option
@snapshots_option
@click.option("--update", is_flag=True, help="Accept today's extraction as the expected items.")
@click.argument("feed_ids", nargs=-1)
def test_snapshots(
    config_path: Path, snapshot_dir: str, update: bool, feed_ids: tuple[str, ...]
) -> None:
    """Re-run extraction offline on every snapshot and show what changed (exit 1 if anything)."""
    from feedsmith import snapshot as snapshots

    config = _load(config_path)
    folders = snapshots.snapshot_folders(config.root / snapshot_dir)
    if feed_ids:
        folders = [f for f in folders if f.name in feed_ids]
    if not folders:
        raise click.UsageError(f"no snapshots in {config.root / snapshot_dir}")
    changed = 0
    for folder in folders:
        try:
            feed = config.feed(folder.name)
        except KeyError:
            err.print(f"[yellow]skipped:[/] {folder.name}: no such feed in {config_path}")
            continue
        if update:
            snapshots.write_items(feed, folder)
            out.print(f"{feed.id}: updated")
            continue
        result = snapshots.compare(feed, folder)
        if result.changes:
            changed += 1
            out.print(f"[red]{feed.id}: {len(result.changes)} change(s)[/]")
            for line in result.changes:
                out.print(f"  {escape(line)}")
        else:
            out.print(f"[green]{feed.id}: unchanged[/] ({result.items} item(s))")
    out.print(f"{len(folders)} snapshot(s), {changed} changed")
    sys.exit(1 if changed else 0)


# --- the public site: preview server -----------------------------------------------------------


@cli.command()
@_command_verbosity
@config_option
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0: any free).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(config_path: Path, port: int, host: str) -> None:
    """Serve the public folder on a local web server, to preview it (Ctrl-C stops)."""
    from feedsmith.serve import make_server, url_of

    config = _load(config_path)
    public = config.public_path
    if not public.is_dir():
        raise click.ClickException(f"{public} does not exist yet: run `feedsmith build` first")
    try:
        server = make_server(public, host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    err.print(f"serving {public} at {url_of(server)} (Ctrl-C to stop)")
    _warn_other_port(config, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _warn_other_port(config: Config, port: int) -> None:
    """site.base_url names this machine on another port: the links in the feeds and
    feeds.opml point there, not at this server."""
    from urllib.parse import urlsplit

    base = config.site.base_url
    if not base:
        return
    parts = urlsplit(base)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1", "0.0.0.0"}:
        return  # published elsewhere: the preview's own address is beside the point
    named = parts.port or (443 if parts.scheme == "https" else 80)
    if named != port:
        err.print(
            f"[yellow]warning:[/] site.base_url is {escape(base)}, but this server listens on "
            f"port {port}: the feeds' self links and feeds.opml point at port {named}. Serve on "
            f"that port (--port {named}), or set site.base_url to this address and build again."
        )


# --- extract: what full text reads from one article page ------------------------------------


def _check_selectors(content: str | None, remove: Sequence[str]) -> None:
    from feedsmith.config import check_css

    for option, selector in [("--content", content), *(("--remove", r) for r in remove)]:
        if selector is None:
            continue
        try:
            check_css(selector)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from None


def _published_json(article: Article) -> str | None:
    """ISO 8601 in the page's own zone (its offset), so the date is the day the page shows;
    in UTC when nothing tells the zone; the day alone (``2019-04-04``) when the page gives only
    the day and nothing tells its zone."""
    local = article.local_published()
    if local is None:
        return None
    return local.date().isoformat() if article.day_only else local.isoformat()


def _article_json(article: Article) -> dict[str, str | None]:
    return {
        "title": article.title,
        "author": article.author,
        "published": _published_json(article),
        "lang": article.lang,
        "image": article.image,
        "content_html": article.content_html,
        "text": article.text,
    }


@cli.command()
@_command_verbosity
@click.argument("source", metavar="URL_OR_FILE")
@click.option(
    "--base-url",
    metavar="URL",
    help="The page's real address, for a local file: links resolve against it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every field.")
@click.option(
    "--content", metavar="SELECTOR", help="CSS selector of the body (as a feed's `content:`)."
)
@click.option(
    "--remove",
    metavar="SELECTOR",
    multiple=True,
    help="CSS selector of elements to drop first (as a feed's `remove:`); repeatable.",
)
@click.option(
    "--timezone",
    default=None,
    help="Zone of times written without one (default: the page's own, else its language's, "
    "else UTC).",
)
@click.option(
    "--as-article",
    is_flag=True,
    help="Read the page as one article even when it looks like a list of articles.",
)
def extract(
    source: str,
    base_url: str | None,
    as_json: bool,
    content: str | None,
    remove: tuple[str, ...],
    timezone: str | None,
    as_article: bool,
) -> None:
    """Show what full text extracts from one article page: metadata, HTML and text."""
    from feedsmith.advice import looks_like_list
    from feedsmith.article import extract_article  # trafilatura: only for this command
    from feedsmith.config import DEFAULT_USER_AGENT

    _check_selectors(content, remove)
    try:
        if timezone is not None:
            ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"unknown time zone {timezone!r}", param_hint="--timezone"
        ) from None
    with tempfile.TemporaryDirectory(prefix="feedsmith-extract-") as tmp:
        page = _fetch_for_suggest(source, Path(tmp), DEFAULT_USER_AGENT)
    article = extract_article(
        page.text,
        base_url or page.url,
        content_selector=content,
        remove=remove,
        timezone=timezone,
        now=datetime.now(UTC),
    )
    if not as_article and not content:
        listed = looks_like_list(dataclasses.replace(page, url=base_url or page.url), article.text)
        if listed:
            err.print(
                f"[bold yellow]this looks like a list:[/] the page lists {listed} articles, and "
                "what reads as its article is their teasers. For a feed of them: "
                f"feedsmith suggest {escape(source)}  (or `extract` one article's own page; "
                "--as-article reads this page as one article anyway)"
            )
            sys.exit(1)
    if as_json:
        click.echo(_json(_article_json(article), indent=2))
    else:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for name, value in _article_json(article).items():
            if name not in ("content_html", "text"):
                table.add_row(name, escape(value) if value else "[yellow]none[/]")
        out.print(table)
        out.rule("content HTML")
        click.echo(article.content_html)
        out.rule("text")
        click.echo(article.text)
    if not article.text.strip():
        err.print("[bold red]failed:[/] no article text found on the page")
        sys.exit(1)


# `feedsmith cluster …` (many machines: Celery, Redis, PostgreSQL, S3) lives in its own package
cli.add_command(cluster_commands)


def main() -> None:
    try:
        cli(prog_name="feedsmith")
    except StoreError as exc:  # a store cannot be opened or reached: no command can go on
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        if not re.match(r"[a-z][a-z0-9+.-]*://", exc.where):  # a file, not a server
            err.print(
                "  it holds each feed's history (first-seen times, health): restore it from a "
                "backup, or move it aside and feedsmith starts a new one"
            )
        sys.exit(2)
