"""Start-up: what a command costs before it does anything, against a bare interpreter.

Usage: python -m bench.startup [--repeat 9]

Each command is a child process measured with ``os.wait4`` (`bench.measure`). The commands run
in turns (one of each, then again), so that a busy moment on a shared machine lands on all of
them alike; the table gives the median and the spread (lowest to highest) of each, and the
median's ratio to the floor, ``python -c pass``, measured in the same turns.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Measurement, run

ROOT = Path(__file__).resolve().parent.parent

# a one-feed file every command can read (no command here fetches it)
FEEDS_YAML = """\
state_dir: state
public_dir: public
feeds:
  - id: news
    url: http://127.0.0.1:9/news.html
    items: article
    fields:
      title: h2
      link: {selector: h2 a, attr: href}
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    name: str
    wall: tuple[float, ...]
    cpu: tuple[float, ...]
    ok: bool


def commands(folder: Path) -> list[tuple[str, list[str]]]:
    """What is measured: the floor, then feedsmith's commands that do little besides start."""
    py = sys.executable
    config = str(folder / "feeds.yaml")
    return [
        ("floor: python -c pass", [py, "-c", "pass"]),
        ("feedsmith --help", [py, "-m", "feedsmith", "--help"]),
        ("feedsmith build --help", [py, "-m", "feedsmith", "build", "--help"]),
        ("feedsmith validate (one feed)", [py, "-m", "feedsmith", "validate", "-c", config]),
    ]


def measure(repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="feedsmith-startup-") as tmp:
        folder = Path(tmp)
        (folder / "feeds.yaml").write_text(FEEDS_YAML, encoding="utf-8")
        todo = commands(folder)
        runs: dict[str, list[Measurement]] = {name: [] for name, _ in todo}
        for _ in range(repeat):
            for name, argv in todo:
                runs[name].append(run(argv, cwd=folder))
    return [
        Row(
            name=name,
            wall=tuple(m.wall_s for m in found),
            cpu=tuple(m.cpu_s for m in found),
            ok=all(m.returncode == 0 for m in found),
        )
        for name, found in runs.items()
    ]


def table(rows: Sequence[Row]) -> str:
    floor = rows[0]
    floor_wall, floor_cpu = statistics.median(floor.wall), statistics.median(floor.cpu)
    lines = [
        f"### start-up · {len(floor.wall)} runs of each, in turns\n",
        "| command | wall s (median) | wall s (range) | CPU s (median) | wall ÷ floor "
        "| CPU ÷ floor | exit 0 |",
        "|---|---:|---:|---:|---:|---:|:-:|",
    ]
    for row in rows:
        wall, cpu = statistics.median(row.wall), statistics.median(row.cpu)
        lines.append(
            f"| {row.name} | {wall:.3f} | {min(row.wall):.3f}–{max(row.wall):.3f} | {cpu:.3f} | "
            f"{wall / floor_wall:.1f}× | {cpu / floor_cpu:.1f}× | {'yes' if row.ok else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each command")
    args = parser.parse_args(argv)
    rows = measure(args.repeat)
    print(table(rows), flush=True)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
