"""YAML parsed with the line of every mapping key and sequence item, so that each problem can
name its line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
# libyaml's loader where PyYAML was built with it: the same documents, ten times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML and record the 1-based line of every mapping key and sequence item."""
    lines: dict[Path_, int] = {}

    def walk(n: yaml.Node, path: Path_) -> None:
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key = (*path, str(key_node.value))
                lines[key] = key_node.start_mark.line + 1
                walk(value_node, key)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                lines[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    # parsed once: the lines are read from the node tree, then the data is built from it
    # (building flattens `<<` merge keys in place, so it comes second)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, lines
        walk(node, ())
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
