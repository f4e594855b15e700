"""The command line: a thin shell over `config` and `pipeline` that prints and picks exit codes.

Exit codes: 0 all went well, 1 a feed failed, 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from feedsmith import __version__
from feedsmith.config import Config, FeedConfig, json_schema, load_config, select_feeds
from feedsmith.errors import ConfigError, FeedsmithError
from feedsmith.normalise.html import html_to_text
from feedsmith.pipeline import Runtime, build_all, inspect_feed
from feedsmith.types import BuildResult

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
    try:
        return load_config(config_path)
    except ConfigError as exc:
        _exit_config_error(exc)


def _select(config: Config, ids: Sequence[str]) -> list[FeedConfig]:
    try:
        return select_feeds(config, ids)
    except KeyError as exc:
        known = ", ".join(f.id for f in config.feeds) or "none"
        raise click.UsageError(f"no feed with id {exc.args[0]!r} (known: {known})") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="feedsmith")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Turn websites that have no feed into RSS, Atom and JSON feeds."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command()
@config_option
@click.argument("feed_ids", nargs=-1)
def build(config_path: Path, feed_ids: tuple[str, ...]) -> None:
    """Build all enabled feeds, or the FEED_IDS given, into the public folder."""
    config = _load(config_path)
    feeds = _select(config, feed_ids)
    now = datetime.now(UTC)
    with Runtime(config) as runtime, _progress(len(feeds)) as progress:
        task = progress.add_task("building", total=len(feeds))
        results = build_all(
            feeds,
            runtime,
            now=now,
            on_result=lambda r: progress.update(task, advance=1, description=r.feed_id),
        )
    _print_results(results, config)
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal or total < 2,
    )


def _print_results(results: Sequence[BuildResult], config: Config) -> None:
    table = Table(title=f"feedsmith build → {config.public_path}", title_justify="left")
    for column in ("feed", "status", "items", "new", "files", "error"):
        table.add_column(column, justify="right" if column in {"items", "new"} else "left")
    for r in results:
        style = {"failed": "red", "ok": "green"}.get(r.status, "")
        warnings = sum(1 for d in r.diagnostics if d.level != "info")
        note = r.error or (
            f"{warnings} warning(s); see `feedsmith check {r.feed_id}`" if warnings else ""
        )
        table.add_row(
            r.feed_id,
            f"[{style}]{r.status}[/]" if style else r.status,
            str(r.items),
            str(r.new_items),
            ", ".join(r.files_written) or "-",
            escape(note),
        )
    out.print(table)
    failed = sum(1 for r in results if r.status == "failed")
    out.print(
        f"{len(results)} feed(s): {len(results) - failed} built, {failed} failed, "
        f"{sum(r.new_items for r in results)} new item(s)"
    )


@cli.command()
@config_option
@click.argument("feed_id")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
def check(config_path: Path, feed_id: str, as_json: bool) -> None:
    """Dry run: show what FEED_ID extracts from its page right now. Writes nothing."""
    config = _load(config_path)
    feed = _select(config, [feed_id])[0]
    with Runtime(config) as runtime:
        try:
            result = inspect_feed(feed, runtime, now=datetime.now(UTC))
        except FeedsmithError as exc:
            err.print(f"[bold red]failed:[/] {escape(str(exc))}")
            sys.exit(1)
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
        out.print_json(json.dumps({"items": rows}, ensure_ascii=False))
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
    for d in result.diagnostics:
        if d.level != "info":
            err.print(f"[yellow]warning:[/] {escape(str(d))}")
    err.print(
        f"{len(result.entries)} item(s), "
        f"{sum(1 for d in result.diagnostics if d.level != 'info')} warning(s)"
    )


@cli.command()
@config_option
def validate(config_path: Path) -> None:
    """Check the feeds file and report every problem at once (exit 2 if any)."""
    config = _load(config_path)
    enabled = sum(1 for f in config.feeds if f.enabled)
    out.print(f"{config_path}: OK, {len(config.feeds)} feed(s), {enabled} enabled")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the feeds file (for editors)."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


# --- the public site: preview server -----------------------------------------------------------


@cli.command()
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
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    cli(prog_name="feedsmith")
