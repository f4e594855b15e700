"""Start-up: commands load only what they run (issue 13).

No timing here (the machine may be busy): the guard is which modules a command imports, read
from ``python -X importtime`` (every module the interpreter loads, in the real entry point) or
from ``sys.modules`` after the commands ran in one child process. What the lazy imports bought
is measured in bench/ (`python -m bench.startup`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.startup import FEEDS_YAML
from tests.conftest import LoopbackSite

# what the pipeline, full text and the HTTP cache bring in: none of it is needed to print help
PIPELINE_MODULES = frozenset(
    {
        "trafilatura",
        "htmldate",
        "justext",
        "feedgen",
        "dateparser",
        "requests_cache",
        "boto3",
        "redis",
        "feedsmith.pipeline",
        "feedsmith.fetch",
        "feedsmith.store",
        "feedsmith.article",
        "feedsmith.render",
    }
)
# and what reading a feeds file needs, which help does not either
CONFIG_MODULES = frozenset({"feedsmith.config", "pydantic", "yaml", "lxml", "requests", "nh3"})


def _imported(stderr: str) -> set[str]:
    """The modules ``-X importtime`` reports, as top-level package and full dotted names."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header line
                names.add(name)
    return names


def _loaded(names: set[str], watched: frozenset[str]) -> set[str]:
    return {n for n in names if any(n == w or n.startswith(w + ".") for w in watched)}


def _importtime(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "feedsmith", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = _imported(done.stderr)
    assert "feedsmith.cli" in names and "click" in names  # the report was read
    return names


def test_help_loads_neither_the_pipeline_nor_the_config(tmp_path: Path) -> None:
    names = _importtime(["--help"], tmp_path)
    assert not _loaded(names, PIPELINE_MODULES | CONFIG_MODULES)


def test_every_commands_help_loads_nothing_heavy(tmp_path: Path) -> None:
    # one child runs every command's --help, then lists what it had imported
    script = """
import json, sys
from feedsmith.cli import cli
for args in [[], *([name] for name in sorted(cli.commands))]:
    try:
        cli.main([*args, "--help"], prog_name="feedsmith", standalone_mode=False)
    except SystemExit:
        pass
print("\\nMODULES " + json.dumps([sorted(cli.commands), sorted(sys.modules)]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    commands, modules = json.loads(done.stdout.rsplit("\nMODULES ", 1)[1])
    assert {"build", "check", "extract", "run", "suggest", "validate"} <= set(commands)
    for name in commands:  # every help was printed
        assert f"feedsmith {name} [OPTIONS]" in done.stdout, name
    assert not _loaded(set(modules), PIPELINE_MODULES | CONFIG_MODULES)


def test_validate_reads_the_config_without_loading_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "feeds.yaml").write_text(FEEDS_YAML, encoding="utf-8")
    names = _importtime(["validate"], tmp_path)
    assert "feedsmith.config" in names  # it did read the feeds file
    assert not _loaded(names, PIPELINE_MODULES)


def test_a_local_build_loads_no_cloud_storage_library(tmp_path: Path) -> None:
    # requests-cache's package imports every storage backend whose library is installed (boto3,
    # redis); a build on one machine reads only its SQLite storage (feedsmith._pagecache_import)
    (tmp_path / "feeds.yaml").write_text(FEEDS_YAML, encoding="utf-8")
    script = """
import json, sys
from feedsmith.cli import cli
try:  # the one feed's site is not there: the build fails after loading what it runs
    cli.main(["-q", "build", "-c", "feeds.yaml"], prog_name="feedsmith", standalone_mode=False)
except SystemExit:
    pass
loaded = sorted(sys.modules)
import requests_cache  # the whole package still works afterwards, loaded on first use
from requests_cache.backends import RedisCache
print("\\nMODULES " + json.dumps([loaded, requests_cache.CachedSession.__name__,
      RedisCache.__name__, "boto3" in sys.modules]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded, session, redis_cache, boto3_now = json.loads(done.stdout.rsplit("\nMODULES ", 1)[1])
    assert "feedsmith.pipeline" in loaded and "requests_cache.backends.sqlite" in loaded
    assert not _loaded(set(loaded), frozenset({"boto3", "botocore", "redis"}))
    assert (session, redis_cache, boto3_now) == ("CachedSession", "RedisCache", True)


def test_an_unchanged_rebuild_opens_no_http_cache(tmp_path: Path, site: LoopbackSite) -> None:
    # every page answers 304 to the validators its last build recorded: nothing is read from
    # the HTTP cache, so requests-cache is not even imported (issue 13: the unchanged rerun)
    url = site.add(
        "/news.html",
        "<html><body><article><h2><a href='/a/1'>Un</a></h2></article>"
        "<article><h2><a href='/a/2'>Deux</a></h2></article></body></html>",
    )
    (tmp_path / "feeds.yaml").write_text(
        FEEDS_YAML.replace("http://127.0.0.1:9/news.html", url), encoding="utf-8"
    )
    first = subprocess.run(
        [sys.executable, "-m", "feedsmith", "-q", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    names = _importtime(["-q", "build"], tmp_path)
    assert [h.status for h in site.hits_for("/news.html")] == [200, 304]
    assert "feedsmith.pipeline" in names
    assert not _loaded(names, frozenset({"requests_cache", "cattrs"}))
