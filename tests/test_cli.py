"""The command line: output people read, and exit codes scripts rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from feedsmith.cli import cli
from tests.conftest import LoopbackSite
from tests.helpers import check_public

ROOT = Path(__file__).parent.parent
LIST = """<html><head><title>T</title></head><body>
<div class="post"><h2><a href="/p/1">First post</a></h2><span class="d">29/10/2025</span></div>
<div class="post"><h2><a href="/p/2">Second post</a></h2><span class="d">someday</span></div>
<div class="post"><h2></h2></div>
</body></html>"""


def write_config(tmp_path: Path, site: LoopbackSite, extra: str = "") -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"""feeds:
  - id: good
    url: {site.url("/list")}
    items: .post
    fields: {{title: h2, link: h2 a, date: .d}}
  - id: bad
    url: {site.url("/gone")}
    items: .post
{extra}""",
        encoding="utf-8",
    )
    return path


def test_build_reports_each_feed_and_exits_1_when_one_fails(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 1, result.output
    assert "good" in result.output and "bad" in result.output
    assert "HTTP 404" in result.output
    assert "2 feed(s): 1 built, 1 failed, 2 new item(s)" in result.output
    check_public(tmp_path / "public", "good")
    assert not (tmp_path / "public" / "bad.xml").exists()


def test_quiet_build_shows_only_failures_and_the_summary(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["-q", "build", "-c", str(config)])
    assert result.exit_code == 1
    assert "bad" in result.output and "HTTP 404" in result.output
    assert "good" not in result.output
    assert "2 feed(s): 1 built, 1 failed, 2 new item(s)" in result.output
    again = CliRunner().invoke(cli, ["-q", "build", "-c", str(config), "good"])
    assert again.exit_code == 0
    assert again.output.strip() == "1 feed(s): 1 built, 0 failed, 0 new item(s)"


def test_build_named_feed_only_exits_0(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", LIST)
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["build", "-c", str(config), "good"])
    assert result.exit_code == 0, result.output
    assert "1 feed(s): 1 built, 0 failed" in result.output


def test_unknown_feed_id_is_a_usage_error(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["build", "-c", str(config), "nope"])
    assert result.exit_code == 2
    assert "no feed with id 'nope' (known: good, bad)" in result.output


def test_check_shows_items_and_warnings_and_writes_nothing(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/list", LIST)
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["check", "-c", str(config), "good"])
    assert result.exit_code == 0, result.output
    assert "First post" in result.output and "2025-10-29" in result.output
    assert "item 2 field 'date' date not understood: 'someday'" in result.output
    assert "item 3 no title and no link; item dropped" in result.output
    assert "2 item(s), 2 warning(s)" in result.output
    assert not (tmp_path / "public").exists()


def test_check_json(tmp_path: Path, site: LoopbackSite) -> None:
    site.add("/list", LIST)
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["check", "-c", str(config), "--json", "good"])
    assert result.exit_code == 0
    items = json.loads(result.stdout)["items"]
    assert [i["title"] for i in items] == ["First post", "Second post"]
    assert items[0]["published"] == "2025-10-29T12:00:00+00:00" and items[1]["published"] is None


def test_check_failing_source_exits_1(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_config(tmp_path, site)
    result = CliRunner().invoke(cli, ["check", "-c", str(config), "bad"])
    assert result.exit_code == 1
    assert "bad: HTTP 404" in result.output


def test_validate_lists_every_problem_and_exits_2(tmp_path: Path, site: LoopbackSite) -> None:
    config = write_config(tmp_path, site, "    max_items: 0\n    fields: {title: 'a[['}\n")
    result = CliRunner().invoke(cli, ["validate", "-c", str(config)])
    assert result.exit_code == 2
    assert f"{config}:9: feed 'bad' max_items:" in result.output
    assert f"{config}:10: feed 'bad' fields.title.selector: invalid CSS" in result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help text"
        assert f"feedsmith {name}" in readme, f"{name} is missing from the README"


def test_quickstart_build_works_offline(tmp_path: Path) -> None:
    for name in ("feeds.yaml", "feeds.schema.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    result = CliRunner().invoke(cli, ["build", "-c", str(tmp_path / "feeds.yaml")])
    assert result.exit_code == 0, result.output
    for feed_id in ("maghreb-actu", "cd-san-ramon"):
        parsed = check_public(tmp_path / "public", feed_id)
        assert len(parsed["rss"].entries) >= 5
        assert all(e.link.startswith("http") for e in parsed["rss"].entries)
        # every example entry carries the date its page prints, so the output is the same on
        # every machine (an undated entry would carry the time of the first build)
        assert all(i["date_published"].startswith("2025-") for i in parsed["json"]["items"])
