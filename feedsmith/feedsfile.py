"""Edit feeds.yaml the way a person would: append one feed, keep everything else as it was.

ruamel.yaml's round-trip mode keeps the user's comments, key order, quoting and flow-style
mappings; the indentation of the file is guessed and kept. The new text is checked with the
same loader `feedsmith validate` uses before anything is written, and it is written to a
temporary file that is renamed over the old one, so a failure never leaves a half-written or
invalid file behind.
"""

from __future__ import annotations

import io
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from feedsmith.config import Config, parse_config
from feedsmith.errors import ConfigError, ConfigIssue
from feedsmith.publish import replace_file

__all__ = ["add_feed", "entry_yaml"]

# long selectors and titles stay on one line
_WIDTH = 4096


def entry_yaml(
    entry: Mapping[str, Any], *, comment: str = "", comments: Mapping[str, str] | None = None
) -> str:
    """One feed entry as it would be appended: a `feeds:` list item, two-space indent, with
    `comments` at the end of the lines of their keys. Never wrapped, whatever its length:
    values that need quotes are quoted."""
    yaml = _yaml(mapping=2, sequence=4, offset=2)
    seq = CommentedSeq([_commented(entry, comments)])
    if comment:
        seq.yaml_set_comment_before_after_key(0, before=comment, indent=2)
    out = io.StringIO()
    yaml.dump(CommentedMap({"feeds": seq}), out)
    return out.getvalue().split("\n", 1)[1]


def add_feed(
    path: Path,
    entry: Mapping[str, Any],
    *,
    comment: str = "",
    comments: Mapping[str, str] | None = None,
    site: Mapping[str, str] | None = None,
) -> Config:
    """Append `entry` to the `feeds:` list of `path` (created if missing, with a `site:`
    mapping of `site` when given) and return the new, checked config. Raises `ConfigError` (and
    writes nothing) when the file cannot be read or parsed, or when the result would not be a
    valid config (a duplicate id, for one)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError((ConfigIssue(file, None, None, "", f"cannot read: {exc}"),)) from exc
    if not text.strip() and site:
        text = _site_block(site) + text
    new_text = _appended(text, entry, comment, comments, file)
    config = parse_config(new_text, file=file, root=path.resolve().parent)
    _write(path, new_text)
    return config


def _appended(
    text: str,
    entry: Mapping[str, Any],
    comment: str,
    comments: Mapping[str, str] | None,
    file: str,
) -> str:
    try:
        data, seq_indent, offset = load_yaml_guess_indent(text)
    except YAMLError as exc:
        raise ConfigError((ConfigIssue(file, None, None, "", f"not valid YAML: {exc}"),)) from exc
    if data is None:  # an empty file, or only comments: keep them, add the list below
        block = entry_yaml(entry, comment=comment, comments=comments)
        return (text if not text or text.endswith("\n") else text + "\n") + "feeds:\n" + block
    if not isinstance(data, CommentedMap):
        raise ConfigError((ConfigIssue(file, 1, None, "", "the file must be a mapping"),))
    # the file's own indentation; `  - id:` (ours) when it has no block sequence to copy
    if seq_indent is None or offset is None:
        seq_indent, offset = 4, 2
    yaml = _yaml(mapping=max(seq_indent - offset, 2), sequence=seq_indent, offset=offset)
    data = yaml.load(text)
    feeds = data.get("feeds")
    if feeds is None or (isinstance(feeds, CommentedSeq) and not feeds):
        feeds = data["feeds"] = CommentedSeq()  # block style, even for `feeds: []`
    if not isinstance(feeds, CommentedSeq):
        raise ConfigError((ConfigIssue(file, None, None, "feeds", "must be a list"),))
    feeds.append(_commented(entry, comments))
    if comment:
        # a blank line between the previous feed and the new one, as people write them
        before = ("\n" if len(feeds) > 1 else "") + comment
        feeds.yaml_set_comment_before_after_key(len(feeds) - 1, before=before, indent=offset)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _yaml(*, mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _commented(entry: Mapping[str, Any], comments: Mapping[str, str] | None) -> CommentedMap:
    mapping = CommentedMap()
    for key, value in entry.items():
        mapping[key] = _commented(value, None) if isinstance(value, Mapping) else value
    for key, text in (comments or {}).items():
        if key in mapping:
            mapping.yaml_add_eol_comment(text, key)
    return mapping


def _site_block(site: Mapping[str, str]) -> str:
    """The `site:` mapping a new feeds file starts with."""
    yaml = _yaml(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(CommentedMap({"site": CommentedMap(site)}), out)
    return out.getvalue() + "\n"


def _write(path: Path, text: str) -> None:
    """Replace the file atomically, keeping its permissions."""
    path = path.resolve()  # a symlinked feeds.yaml stays a symlink
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        replace_file(path, text.encode("utf-8"), mode=mode)
    except OSError as exc:
        issue = ConfigIssue(str(path), None, None, "", f"cannot write: {exc.strerror or exc}")
        raise ConfigError((issue,)) from exc
