"""Problems in plain words: pydantic's validation errors as `ConfigIssue`s (file, line, feed id,
key), PyYAML's errors without tokens and scanners, "did you mean" for an unknown key."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from feedsmith.config.schema import json_schema
from feedsmith.config.yamllines import Path_, line_of
from feedsmith.errors import ConfigIssue


def validation_issues(
    exc: ValidationError, file: str, lines: Mapping[Path_, int], prefix: Path_, feed_id: str | None
) -> list[ConfigIssue]:
    found = []
    for err in exc.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        # drop pydantic's union branch names such as "constrained-int" from the key
        key = ".".join(str(x) for x in loc if not (isinstance(x, str) and "-" in x and x != "id"))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = _unknown_key(str(loc[-1]) if loc else "")
        found.append(ConfigIssue(file, line_of(lines, prefix + loc), feed_id, key, message))
    return found


def yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """What is wrong, in plain words, with the column (PyYAML speaks of tokens and scanners)."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    column = f" (column {mark.column + 1})" if mark is not None else ""
    lines = text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent or "tab" in problem:
        return "a tab is not allowed for indentation: indent with spaces"
    if "mapping values are not allowed" in problem:
        return (
            f"a `: ` where no key can start{column}: put a value that contains `: ` in quotes, "
            "or check the indentation"
        )
    if "found unexpected end of stream" in problem and "quoted" in context:
        return "a quote is opened and never closed"
    if "could not find expected ':'" in problem:
        return f"a line without `key: value`{column}, or a quote that is not closed"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return f"this line's indentation does not line up with the lines above it{column}"
    if "did not find expected '-' indicator" in problem:
        return f"this list item's indentation does not line up with the items above it{column}"
    if "expected ',' or" in problem or "flow" in context:
        return f"a `[...]` or `{{...}}` that is not closed properly{column}"
    if "found character" in problem and "cannot start any token" in problem:
        at = mark.column if mark is not None else len(line_text)
        char = f"`{line_text[at]}`" if at < len(line_text) else "this character"
        return f"{char} cannot start a value{column}: put the value in quotes"
    if "found undefined alias" in problem or "found undefined tag" in problem:
        return f"{problem}{column}: put a value that starts with `*` or `!` in quotes"
    return f"{problem or exc}{column}"


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.75)
    if close:
        return f"unknown key: did you mean `{close[0]}`?"
    return "unknown key (check the spelling)"


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Every key the config models know, at any depth (for "did you mean")."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                yield from properties
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    return tuple(sorted(set(walk(json_schema()))))
