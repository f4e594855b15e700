"""Data-driven extraction cases: every folder in fixtures/cases is one test.

A case is ``page.html`` (served by the loopback server), ``feed.yaml`` (one feed, without its
url) and ``expected.json`` (the entries, in order, with the fields worth checking; ``{base}``
stands for the server's address). Add a folder to add a case.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from feedsmith.config import parse_config
from feedsmith.pipeline import Runtime, inspect_feed
from tests.conftest import FIXTURES, LoopbackSite

CASES = sorted(p for p in (FIXTURES / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_case(case: Path, site: LoopbackSite, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    port = site.base_url.rsplit(":", 1)[1]
    body = (case / "page.html").read_bytes().replace(b"PORT", port.encode())
    url = site.add(f"/{case.name}/", body, content_type=expected.get("content_type", "text/html"))
    feed = yaml.safe_load((case / "feed.yaml").read_text(encoding="utf-8"))
    config = parse_config(yaml.safe_dump({"feeds": [{**feed, "url": url}]}), root=tmp_path)

    with Runtime(config) as runtime:
        result = inspect_feed(config.feeds[0], runtime, now=datetime.fromisoformat(expected["now"]))

    def sub(value: object) -> object:
        return value.replace("{base}", site.base_url) if isinstance(value, str) else value

    assert len(result.entries) == len(expected["entries"])
    for entry, want in zip(result.entries, expected["entries"], strict=True):
        for key, value in want.items():
            got = getattr(entry, {"summary": "summary_html"}.get(key, key))
            if key == "published":
                got = got.isoformat() if got else None
            elif key == "categories":
                got = list(got)
            assert got == sub(value), f"{entry.title!r}: {key}"
    warnings = [d.message for d in result.diagnostics if d.level == "warning"]
    assert warnings == expected.get("warnings", [])
