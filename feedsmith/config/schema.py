"""The JSON Schema of feeds.yaml (for editors with a YAML language server), generated from the
models, with the shorthands the validators accept."""

from __future__ import annotations

from typing import Any

from feedsmith.config.feed import FILTER_FIELDS
from feedsmith.config.settings import Config


def json_schema() -> dict[str, Any]:
    """The JSON Schema of feeds.yaml, for editors with a YAML language server."""
    schema = Config.model_json_schema(mode="validation")
    _drop_hidden(schema)
    # the shorthands the validators accept: a bare selector string, a single attribute name
    spec = schema["$defs"]["FieldSpec"]
    attr = spec["properties"]["attr"]
    spec["properties"]["attr"] = {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "description": attr["description"],
    }
    schema["$defs"]["FieldSpec"] = {
        "anyOf": [
            {"type": "string", "description": "A selector: shorthand for {selector: ...}"},
            spec,
        ]
    }
    rule = schema["$defs"]["FilterRule"]
    rule["properties"]["in"] = {
        "anyOf": [
            {"enum": list(FILTER_FIELDS)},
            {"type": "array", "items": {"enum": list(FILTER_FIELDS)}},
        ],
        "description": rule["properties"]["in"]["description"],
    }
    schema["$defs"]["FilterRule"] = {
        "anyOf": [
            {"type": "string", "description": "A pattern: shorthand for {pattern: ...}"},
            rule,
        ]
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "feedsmith configuration (feeds.yaml)"
    return schema


def _drop_hidden(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [n for n, p in props.items() if isinstance(p, dict) and p.get("hidden")]:
                del props[name]
        for value in node.values():
            _drop_hidden(value)
    elif isinstance(node, list):
        for value in node:
            _drop_hidden(value)
