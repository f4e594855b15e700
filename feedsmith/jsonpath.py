"""The small path language that reaches into JSON documents (``type: json`` sources).

    data.items          key ``data``, then key ``items``
    links.0.href        key ``links``, its first element, then key ``href``
    items.-1            the last element of ``items``
    tags.name           ``tags`` is a list: ``name`` of each element (a list of values)
    .                   the document itself (a top-level list of items)
    title|headline      ``title``, or ``headline`` when that finds nothing

A segment made of digits (optionally with a leading ``-``) indexes a list; any other segment is a
key, and applied to a list it is applied to every element. Keys that contain a dot or a ``|``
cannot be written. Pure functions: no I/O, nothing stateful.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

ROOT = "."
_INDEX = re.compile(r"^-?\d+$")

Path = tuple[str, ...]


class PathSyntaxError(ValueError):
    """The path text cannot be read."""


@lru_cache(maxsize=1024)
def compile_path(text: str) -> tuple[Path, ...]:
    """``a.b|c`` → ``(("a", "b"), ("c",))``; raises `PathSyntaxError`."""
    alternatives: list[Path] = []
    for part in text.split("|"):
        part = part.strip()
        if part == ROOT:
            alternatives.append(())
            continue
        if not part:
            raise PathSyntaxError(f"invalid path {text!r}: empty (use . for the document itself)")
        segments = tuple(s.strip() for s in part.split("."))
        if any(not s for s in segments):
            raise PathSyntaxError(
                f"invalid path {text!r}: an empty segment (write keys joined by single dots, "
                "such as data.items)"
            )
        alternatives.append(segments)
    return tuple(alternatives)


def resolve(document: Any, text: str) -> Any:
    """The first alternative that finds something other than None, empty text or an empty list."""
    for path in compile_path(text):
        value = walk(document, path)
        if value is not None and value != "" and value != []:
            return value
    return None


def walk(value: Any, path: Sequence[str]) -> Any:
    """Follow one path (no alternatives); None when it leads nowhere."""
    for i, segment in enumerate(path):
        if value is None:
            return None
        if isinstance(value, list):
            if _INDEX.match(segment):
                index = int(segment)
                value = value[index] if -len(value) <= index < len(value) else None
                continue
            found = [walk(element, path[i:]) for element in value]
            return [v for v in _flatten(found) if v is not None]
        if isinstance(value, dict):
            value = value.get(segment)
            continue
        return None
    return value


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, list):
            out.extend(value)
        else:
            out.append(value)
    return out


def explain_miss(document: Any, text: str) -> str:
    """Why a path finds nothing: the first segment that does not exist, and what is there."""
    path = compile_path(text)[0]
    value = document
    for depth, segment in enumerate(path):
        where = ".".join(path[:depth]) or "the document"
        if isinstance(value, dict):
            if segment not in value:
                keys = ", ".join(list(value)[:12]) or "none"
                return f"{where} has no key {segment!r} (its keys: {keys})"
            value = value[segment]
        elif isinstance(value, list):
            if not _INDEX.match(segment):
                return f"{where} is a list; {segment!r} is looked up in each element"
            index = int(segment)
            if not -len(value) <= index < len(value):
                return f"{where} has {len(value)} element(s); there is no element {segment}"
            value = value[index]
        else:
            return f"{where} is {type_name(value)}, not an object or a list"
    return f"{'.'.join(path) or 'the document'} is {type_name(value)}"


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return "a number"


# Deeper than any real API response or JSON-LD block; shallow enough for every recursive reader
# of the document (paths, JSON-LD walkers) to stay far from Python's recursion limit.
MAX_DEPTH = 200


class TooDeep(ValueError):
    """A JSON document nested deeper than `MAX_DEPTH` (say, a million ``[`` in a row)."""


def load(text: str, *, strict: bool = True, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with a bound on nesting. Raises ``json.JSONDecodeError`` (a ValueError)
    for text that is not JSON and `TooDeep` (a ValueError too) for a document nested deeper than
    ``max_depth``, never RecursionError."""
    if text.count("[") + text.count("{") <= max_depth:
        return json.loads(text, strict=strict)  # cannot be deeper: the common short case
    try:
        document = json.loads(text, strict=strict)
    except RecursionError:
        raise TooDeep(f"the JSON is nested deeper than {max_depth} levels") from None
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise TooDeep(f"the JSON is nested deeper than {max_depth} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return document
