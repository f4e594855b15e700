"""The public surface and the shape of the code: what may import what."""

from __future__ import annotations

import ast
import importlib.metadata
from pathlib import Path

import feedsmith

PACKAGE = Path(feedsmith.__file__).parent

# A pipeline stage may use the value types, the error tree, the config models and helpers,
# but never another stage: only pipeline.py knows the order of the stages, and only the shells
# on top (cli, scheduler) import the pipeline.
STAGES = ("fetch", "extract", "normalise", "store", "render", "publish")
SHELLS = ("pipeline", "cli", "scheduler")


def test_all_matches_the_public_names() -> None:
    # dir(): the names load on first use, so vars() holds only those some code asked for yet
    public = {name for name in dir(feedsmith) if not name.startswith("_")} - {"annotations"}
    modules = {name for name in public if type(getattr(feedsmith, name)).__name__ == "module"}
    assert set(feedsmith.__all__) - {"__version__"} == public - modules
    namespace: dict[str, object] = {}
    exec("from feedsmith import *", namespace)  # every listed name can be imported
    assert set(namespace) - {"__builtins__"} == set(feedsmith.__all__)
    assert feedsmith.__version__ == importlib.metadata.version("feedsmith")
    for name in set(feedsmith.__all__) - {"__version__"}:
        obj = getattr(feedsmith, name)
        assert obj.__module__.startswith("feedsmith."), name  # defined in the package
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("feedsmith")}


def test_stages_do_not_import_each_other() -> None:
    for stage in STAGES:
        files = [PACKAGE / f"{stage}.py"] if (PACKAGE / f"{stage}.py").exists() else []
        files += sorted((PACKAGE / stage).glob("*.py"))
        assert files, stage
        forbidden = [f"feedsmith.{m}" for m in (*STAGES, *SHELLS) if m != stage]
        for path in files:
            for name in _imports(path):
                bad = any(name == f or name.startswith(f + ".") for f in forbidden)
                assert not bad, f"{path.relative_to(PACKAGE)} imports {name}"
