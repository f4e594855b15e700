"""The tools people would pick instead, run on the same pages with the same selectors.

- RSS-Bridge, Debian's ``rss-bridge`` package run through ``php-cli``. Debian ships the
  2022-01-20 release, which predates the CSS-selector bridge (``CssSelectorBridge``, added
  upstream in 2023); its ``XPathBridge`` is the same idea, so it gets the feeds' CSS selectors
  translated to XPath by cssselect. The package is copied to ``bench/.peers/rss-bridge`` with
  its own whitelist and an empty cache, so nothing under /etc or /var is touched. One ``php``
  process per feed, as a web server would run one request per feed.
- morss (PyPI), in its own venv ``bench/.peers/morss-venv``, driven in one process over all
  feeds by ``bench/morss_driver.py`` through its custom-feed XPath rules (``--items``,
  ``--item_title``, ...), in proxy mode (list only, no article fetching) and with its item caps
  turned off.

Each returns a `PeerRun`, or a reason it could not run; the harness checks the item counts
before it quotes a time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cssselect import HTMLTranslator

from bench.measure import Measurement, run

PEERS_DIR = Path(__file__).parent / ".peers"
RSS_BRIDGE_SRC = Path("/usr/share/rss-bridge")
_css = HTMLTranslator()


@dataclass(frozen=True, slots=True, kw_only=True)
class PeerRun:
    name: str
    measurement: Measurement | None
    items: int
    pages: int
    # why the peer did not run (or failed), when it did not
    problem: str | None = None


def xpath(css: str, *, attr: str | None = None) -> str:
    """A feed selector as an XPath relative to the item (or the document)."""
    expr = _css.css_to_xpath(css, prefix="descendant-or-self::")
    return f"({expr})[1]/@{attr}" if attr else f"({expr})[1]"


def _field(feed: dict[str, Any], name: str) -> tuple[str, str | None] | None:
    spec = (feed.get("fields") or {}).get(name)
    if spec is None:
        return None
    if isinstance(spec, str):
        return spec, None
    attr = spec.get("attr")
    return spec["selector"], attr if isinstance(attr, str) else (attr or [None])[0]


def _rules(feed: dict[str, Any]) -> dict[str, str]:
    rules = {"item": _css.css_to_xpath(feed["items"], prefix="descendant-or-self::")}
    for name in ("title", "link", "summary", "date", "author", "image", "categories"):
        found = _field(feed, name)
        if found is not None:
            rules[name] = xpath(found[0], attr=found[1])
    return rules


# --------------------------------------------------------------------------------------------
# RSS-Bridge


def _rss_bridge_home() -> Path | str:
    if shutil.which("php") is None:
        return "php-cli is not installed (apt-get install php-cli rss-bridge)"
    if not (RSS_BRIDGE_SRC / "bridges" / "XPathBridge.php").exists():
        return "Debian's rss-bridge package is not installed (apt-get install rss-bridge)"
    home = PEERS_DIR / "rss-bridge"
    if not (home / "index.php").exists():
        shutil.rmtree(home, ignore_errors=True)
        home.parent.mkdir(parents=True, exist_ok=True)
        ignore = shutil.ignore_patterns("cache", "whitelist.txt", "config.ini.php")
        shutil.copytree(RSS_BRIDGE_SRC, home, symlinks=False, ignore=ignore)
        (home / "whitelist.txt").write_text("XPath\n", encoding="utf-8")
        (home / "config.ini.php").write_text("[cache]\ncustom_timeout = true\n", encoding="utf-8")
    shutil.rmtree(home / "cache", ignore_errors=True)
    (home / "cache").mkdir()
    return home


def run_rss_bridge(feeds: list[dict[str, Any]]) -> PeerRun:
    home = _rss_bridge_home()
    if isinstance(home, str):
        return PeerRun(name="RSS-Bridge", measurement=None, items=0, pages=0, problem=home)
    total = Measurement(wall_s=0, cpu_s=0, peak_rss_mb=0, returncode=0, stdout="", stderr="")
    items = 0
    names = {"link": "uri", "summary": "content", "date": "timestamp", "image": "enclosures"}
    for feed in feeds:
        rules = _rules(feed)
        params = {
            "action": "display",
            "bridge": "XPath",
            "format": "Atom",
            "_cache_timeout": "0",
            "url": feed["url"],
            **{names.get(k, k): v for k, v in rules.items()},
        }
        argv = ["php", "index.php", *(f"{k}={quote(v, safe='')}" for k, v in params.items())]
        one = run(argv, cwd=home, timeout=120)
        items += one.stdout.count("<entry>")
        total = Measurement(
            wall_s=total.wall_s + one.wall_s,
            cpu_s=total.cpu_s + one.cpu_s,
            peak_rss_mb=max(total.peak_rss_mb, one.peak_rss_mb),
            returncode=total.returncode or one.returncode,
            stdout="",
            stderr=total.stderr or (one.stderr if one.returncode else ""),
        )
    problem = f"php exited {total.returncode}: {total.stderr[:300]}" if total.returncode else None
    return PeerRun(
        name="RSS-Bridge", measurement=total, items=items, pages=len(feeds), problem=problem
    )


# --------------------------------------------------------------------------------------------
# morss


def _morss_python() -> Path | str:
    venv = PEERS_DIR / "morss-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        made = subprocess.run(
            [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True
        )
        if made.returncode != 0:
            return f"cannot make a venv for morss: {made.stderr.strip()[:200]}"
    check = subprocess.run([str(python), "-c", "import morss"], capture_output=True, text=True)
    if check.returncode != 0:
        got = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "morss"], capture_output=True, text=True
        )
        if got.returncode != 0:
            return f"pip install morss failed: {got.stderr.strip()[-300:]}"
    return python


def run_morss(feeds: list[dict[str, Any]], work: Path) -> PeerRun:
    python = _morss_python()
    if isinstance(python, str):
        return PeerRun(name="morss", measurement=None, items=0, pages=0, problem=python)
    jobs = [{"url": feed["url"], **_rules(feed)} for feed in feeds]
    job_file = work / "morss-jobs.json"
    job_file.write_text(json.dumps(jobs), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "LIM_ITEM": "-1", "MAX_ITEM": "-1"}
    env |= {"LIM_TIME": "-1", "MAX_TIME": "-1"}
    driver = Path(__file__).parent / "morss_driver.py"
    measured = run([str(python), str(driver), str(job_file)], env=env, timeout=3600)
    try:
        result = json.loads(measured.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return PeerRun(
            name="morss",
            measurement=measured,
            items=0,
            pages=0,
            problem=f"morss driver failed: {measured.stderr.strip()[-300:]}",
        )
    return PeerRun(
        name="morss",
        measurement=measured,
        items=int(result["items"]),
        pages=int(result["pages"]),
        problem=("; ".join(result["errors"][:3]) or None) if result["errors"] else None,
    )
