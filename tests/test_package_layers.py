"""The packages split into one-job modules keep their data flowing one way: each module imports
only the modules of its package listed before it (an `ast` check, nothing is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "feedsmith"

# each package's modules in the order they build on each other (its docstring says why)
LAYERS = {
    "extract.auto": (
        "elements",
        "addresses",
        "datetext",
        "detection",
        "structured",
        "groups",
        "placement",
        "candidates",
        "titles",
        "scoring",
        "blocks",
        "parts",
        "itemdates",
        "selectors",
        "heuristic",
    ),
    "config": (
        "base",
        "checks",
        "schedule",
        "fields",
        "sources",
        "feed",
        "settings",
        "schema",
        "yamllines",
        "messages",
        "loading",
    ),
    "site": ("files", "listings", "index", "opml", "headers", "stylesheet"),
    "health": ("word", "layout", "events", "status", "feed"),
    "article": (
        "text",
        "record",
        "source",
        "visible",
        "signals",
        "jsonld",
        "tags",
        "markup",
        "sites",
        "title",
        "author",
        "language",
        "dates",
        "images",
        "clean",
        "tidy",
        "body",
        "extraction",
    ),
}


def own_imports(path: Path, package: str) -> set[str]:
    """The modules of `package` that the file imports (by name, at any depth)."""
    prefix = f"feedsmith.{package}."
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(prefix):
                found.add(node.module.removeprefix(prefix).split(".")[0])
            elif node.module == f"feedsmith.{package}":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(prefix):
                    found.add(alias.name.removeprefix(prefix).split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_every_module_is_listed(package: str) -> None:
    folder = ROOT.joinpath(*package.split("."))
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS[package])


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_modules_import_only_those_before_them(package: str) -> None:
    order = LAYERS[package]
    folder = ROOT.joinpath(*package.split("."))
    for n, name in enumerate(order):
        imported = own_imports(folder / f"{name}.py", package)
        later = imported - set(order[:n])
        assert not later, f"feedsmith.{package}.{name} imports {sorted(later)}"
