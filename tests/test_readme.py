"""The README a new user reads first: its contents links land, its install commands work."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _headings() -> list[str]:
    in_code = False
    found = []
    for line in README.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.append(line.lstrip("#").strip())
    return found


def test_slug_follows_github() -> None:
    assert _slug("Running unattended: `feedsmith run`") == "running-unattended-feedsmith-run"
    assert _slug("Fault → behaviour") == "fault--behaviour"
    assert _slug("Hosting public/") == "hosting-public"


def test_every_contents_link_lands_on_a_heading() -> None:
    contents = README.split("## Contents", 1)[1].split("\n## ", 1)[0]
    links = re.findall(r"\]\(#([^)]+)\)", contents)
    assert len(links) >= 10
    anchors = {_slug(h) for h in _headings()}
    assert [link for link in links if link not in anchors] == []


def test_first_steps_come_before_the_reference() -> None:
    order = [
        h
        for h in _headings()
        if h
        in {"Install", "Quickstart", "Add your first site", "Writing selectors", "Command line"}
    ]
    assert order == [
        "Install",
        "Quickstart",
        "Add your first site",
        "Writing selectors",
        "Command line",
    ]
    first_site = README.split("## Add your first site", 1)[1].split("\n## ", 1)[0]
    for needed in ("feedsmith suggest", "feedsmith add", "base_url", "feeds.opml"):
        assert needed in first_site


def test_install_commands_name_extras_that_exist() -> None:
    """Every `pip install` in the README installs from the checkout and names real extras
    (the package is on no index, so `pip install 'feedsmith[x]'` fails)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    commands = re.findall(r"pip install [^\n`]*", README)
    assert "pip install -e ." in commands
    assert not re.search(r"pip install '?feedsmith", README)
    named = set()
    for command in commands:
        for group in re.findall(r"\.\[([\w,]+)\]", command):
            named.update(group.split(","))
    assert {"test", "browser"} <= named
    assert named <= set(extras), named - set(extras)
    # the user install stays free of the developer tools
    assert not any(
        "mypy" in d or "ruff" in d
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    )


def test_system_parts_are_named_with_their_install_command() -> None:
    table = README.split("### What each optional feature needs", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "render: browser",
        "apt install chromium",
        "apt install newsboat",
        "FEEDSMITH_CHROMIUM",
    ):
        assert needed in table
