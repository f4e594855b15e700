"""Reading feeds.yaml: every problem of the file collected and raised at once as `ConfigError`
(duplicate ids, ids equal but for case, a state folder or the config file inside public/)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from feedsmith.config.feed import FeedConfig
from feedsmith.config.messages import validation_issues, yaml_problem
from feedsmith.config.settings import Config
from feedsmith.config.yamllines import Path_, line_of, load_with_lines
from feedsmith.errors import ConfigError, ConfigIssue


def load_config(path: str | Path) -> Config:
    """Read and check a config file, raising `ConfigError` with every problem found."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        error = ConfigError((ConfigIssue(file, None, None, "", "no such file"),))
        error.explained = True
        raise error from exc
    except OSError as exc:
        reason = f"cannot read it: {exc.strerror or exc}"
        raise ConfigError((ConfigIssue(file, None, None, "", reason),)) from exc
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte {exc.start} cannot be read)"
        raise ConfigError((ConfigIssue(file, None, None, "", reason),)) from exc
    return parse_config(text, file=file, root=path.resolve().parent)


def parse_config(text: str, *, file: str = "feeds.yaml", root: Path = Path(".")) -> Config:
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {yaml_problem(exc, text)}"
        raise ConfigError((ConfigIssue(file, line, None, "", message),)) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError((ConfigIssue(file, 1, None, "", "the file must be a mapping"),))

    issues: list[ConfigIssue] = []
    top = {k: v for k, v in data.items() if k != "feeds"}
    try:
        base = Config.model_validate({**top, "root": root})
    except ValidationError as exc:
        issues += validation_issues(exc, file, lines, (), None)
        base = Config(root=root)

    raw_feeds = data.get("feeds") or []
    if not isinstance(raw_feeds, list):
        issues.append(
            ConfigIssue(file, line_of(lines, ("feeds",)), None, "feeds", "must be a list")
        )
        raw_feeds = []
    raw_defaults = top.get("defaults") if isinstance(top.get("defaults"), dict) else {}
    if any(issue.key.startswith("defaults") for issue in issues):
        raw_defaults = {}  # already reported; do not report it again for every feed
    feeds: list[FeedConfig] = []
    seen: dict[str, int | None] = {}
    folded: dict[str, tuple[str, int | None]] = {}
    for i, raw in enumerate(raw_feeds):
        feed, found = _parse_feed(raw, i, raw_defaults or {}, file, lines)
        issues += found
        if feed is None:
            continue
        if feed.id in seen:
            issues.append(
                ConfigIssue(
                    file,
                    feed.line,
                    feed.id,
                    "id",
                    f"duplicate feed id (first used on line {seen[feed.id]})",
                )
            )
            continue
        twin = folded.get(feed.id.casefold())
        if twin is not None:
            issues.append(
                ConfigIssue(
                    file,
                    feed.line,
                    feed.id,
                    "id",
                    f"differs from feed id {twin[0]!r} (line {twin[1]}) only in case: their "
                    "files would be the same on a case-insensitive disk or host",
                )
            )
            continue
        seen[feed.id] = feed.line
        folded[feed.id.casefold()] = (feed.id, feed.line)
        feeds.append(feed)
    issues += _folder_issues(base, file, lines)
    if issues:
        raise ConfigError(tuple(issues))
    return base.model_copy(update={"feeds": feeds})


def _folder_issues(config: Config, file: str, lines: Mapping[Path_, int]) -> list[ConfigIssue]:
    """Everything in public/ is published: the state folder and feeds.yaml must stay out."""
    public = config.public_path.resolve()
    found = []
    if config.state_path.resolve().is_relative_to(public):
        found.append(
            ConfigIssue(
                file,
                line_of(lines, ("state_dir",)) or line_of(lines, ("public_dir",)),
                None,
                "state_dir",
                f"the state folder {config.state_dir!r} is inside the public folder "
                f"{config.public_dir!r}: its database and HTTP cache would be published; "
                "keep them apart",
            )
        )
    config_file = (config.root / Path(file).name).resolve()
    if config_file.is_relative_to(public):
        found.append(
            ConfigIssue(
                file,
                line_of(lines, ("public_dir",)),
                None,
                "public_dir",
                f"the public folder {config.public_dir!r} holds this config file: it would be "
                "published; use a folder of its own (the default is `public`)",
            )
        )
    return found


def _parse_feed(
    raw: Any, index: int, defaults: Mapping[str, Any], file: str, lines: Mapping[Path_, int]
) -> tuple[FeedConfig | None, list[ConfigIssue]]:
    line = line_of(lines, ("feeds", index))
    if not isinstance(raw, dict):
        return None, [ConfigIssue(file, line, None, f"feeds.{index}", "a feed must be a mapping")]
    feed_id = str(raw.get("id")) if raw.get("id") is not None else f"#{index + 1}"
    merged = {**defaults, **raw, "line": line}
    try:
        return FeedConfig.model_validate(merged), []
    except ValidationError as exc:
        return None, validation_issues(exc, file, lines, ("feeds", index), feed_id)
