"""`feedsmith build --processes N`: the same feeds built in several processes, the same files."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from feedsmith.cli import cli
from feedsmith.config import parse_config
from feedsmith.processes import shares
from tests.conftest import LoopbackSite
from tests.helpers import check_atom


def page(n: int) -> str:
    items = "".join(
        f'<li class="it"><a href="/f{n}/p{i}">Feed {n} article {i}</a></li>' for i in range(3)
    )
    return f"<html><head><title>Site {n}</title></head><body><ul>{items}</ul></body></html>"


def feeds_yaml(site: LoopbackSite) -> str:
    lines = []
    for n in range(8):
        # two hosts: 127.0.0.1 and localhost (the same server)
        url = site.url(f"/f{n}")
        if n % 2:
            url = url.replace("127.0.0.1", "localhost")
        lines.append(f"  - {{id: f{n}, url: '{url}', items: li.it, fields: {{title: a, link: a}}}}")
    return "site: {base_url: 'https://feeds.example.org/'}\nfeeds:\n" + "\n".join(lines) + "\n"


def test_shares_keep_each_host_in_one_process(tmp_path: Path, site: LoopbackSite) -> None:
    config = parse_config(feeds_yaml(site), root=tmp_path)
    split = shares(config.feeds, 4, config.resolve_url)
    assert sorted(map(sorted, split)) == [
        ["f0", "f2", "f4", "f6"],
        ["f1", "f3", "f5", "f7"],
    ]
    assert [sorted(s) for s in shares(config.feeds, 1, config.resolve_url)] == [
        [f"f{n}" for n in range(8)]
    ]


def test_build_in_two_processes_writes_what_one_process_writes(
    tmp_path: Path, site: LoopbackSite
) -> None:
    for n in range(8):
        site.add(f"/f{n}", page(n))
    outputs = []
    for name, extra in (("one", []), ("two", ["--processes", "2"])):
        root = tmp_path / name
        root.mkdir()
        (root / "feeds.yaml").write_text(feeds_yaml(site), encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", "-c", str(root / "feeds.yaml"), *extra])
        assert result.exit_code == 0, result.output
        public = root / "public"
        outputs.append({p.name: p.read_bytes() for p in public.iterdir() if p.is_file()})
    one, two = outputs
    assert set(one) == set(two)
    for n in range(8):
        # the same entries (their first-seen dates are each build's own time)
        alone, shared = check_atom(one[f"f{n}.atom"]), check_atom(two[f"f{n}.atom"])
        assert [(e.id, e.title, e.link) for e in shared.entries] == [
            (e.id, e.title, e.link) for e in alone.entries
        ]
        assert len(shared.entries) == 3
    for name in ("feed.xsl",):  # (feeds.opml carries the build time)
        assert one[name] == two[name], name
    assert b"f7.atom" in two["index.html"] and b"f7.xml" in two["feeds.opml"]
