"""Publishing: a file is replaced whole or not at all, whatever stops the write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedsmith.cli import cli
from feedsmith.errors import PublishError
from feedsmith.lock import remove_stale_temp_files
from feedsmith.publish import write_atomic
from tests.conftest import LoopbackSite, run_unprivileged
from tests.test_faults import GOOD_1, GOOD_2

# in a child process: files may grow to 64 KiB at most (RLIMIT_FSIZE), so a bigger write
# fails part-way, as it would on a full disk (EFBIG there, ENOSPC here: both an OSError)
_WRITE_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from feedsmith.errors import PublishError
from feedsmith.publish import write_atomic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
try:
    write_atomic(Path(sys.argv[1]), b"<new/>" * 50_000)
except PublishError as exc:
    print("PublishError:", exc)
else:
    print("written")
"""


def test_a_write_that_fails_part_way_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "public" / "f.xml"
    path.parent.mkdir()
    old = b"<old/>" * 1000
    path.write_bytes(old)
    child = run_unprivileged(
        [sys.executable, "-c", _WRITE_WITH_A_SIZE_LIMIT, str(path)],
        cwd=Path(__file__).parent.parent,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith("PublishError:"), child.stdout
    assert str(path) in child.stdout and "File too large" in child.stdout
    assert path.read_bytes() == old  # byte-identical
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.xml"]  # no temporary file left


# in a child process: one feed's files as one batch, the second too big to be written
_BATCH_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from feedsmith.errors import PublishError
from feedsmith.publish import write_changed
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
files = [("f.xml", b"<a/>"), ("f.atom", b"<new/>" * 50_000), ("f.json", b"{}")]
try:
    write_changed(Path(sys.argv[1]), files)
except PublishError as exc:
    print("PublishError:", exc)
else:
    print("written")
"""


def test_a_batch_that_fails_part_way_replaces_no_file(tmp_path: Path) -> None:
    """Every file of a batch is written before any is renamed: one that cannot be written
    leaves the whole batch as it was (and no temporary file)."""
    public = tmp_path / "public"
    public.mkdir()
    old = {"f.xml": b"<old/>", "f.atom": b"<old/>" * 10, "f.json": b"[]"}
    for name, data in old.items():
        (public / name).write_bytes(data)
    child = run_unprivileged(
        [sys.executable, "-c", _BATCH_WITH_A_SIZE_LIMIT, str(public)],
        cwd=Path(__file__).parent.parent,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith("PublishError:"), child.stdout
    assert str(public / "f.atom") in child.stdout and "File too large" in child.stdout
    assert {p.name: p.read_bytes() for p in public.iterdir()} == old


_PUBLISH_FOUR = """
import sys
from pathlib import Path
from feedsmith.publish import write_changed
folder = Path(sys.argv[1])
exts = ("xml", "atom", "json", "html")
write_changed(folder, [(f"f.{ext}", ext.encode() * 1000) for ext in exts])
"""


def test_a_batch_flushes_every_file_before_renaming_and_the_folder_after(tmp_path: Path) -> None:
    """The order that makes "old file or new file" hold after a power cut, as the kernel saw
    it (strace): each temporary file flushed before any rename, and the folder flushed once
    after the renames, before the caller goes on to record the build."""
    if not shutil.which("strace"):
        pytest.skip("needs strace (apt-get install strace)")
    public = tmp_path / "public"
    public.mkdir()
    (public / "f.xml").write_bytes(b"old")
    log = tmp_path / "trace"
    child = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(log),
            "-e",
            "trace=openat,fsync,rename,renameat,renameat2",
            sys.executable,
            "-c",
            _PUBLISH_FOUR,
            str(public),
        ],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if child.returncode != 0 and "ptrace" in child.stderr:
        pytest.skip(f"strace cannot trace here: {child.stderr.strip()}")
    assert child.returncode == 0, child.stderr
    calls = []
    fds: dict[str, str] = {}
    for line in log.read_text().splitlines():
        call = line.split(None, 1)[1] if line[:1].isdigit() else line
        if call.startswith("openat(") and str(public) in call and "= " in call:
            fds[call.rsplit("= ", 1)[1].split()[0]] = call.split('"')[1]
        elif call.startswith("fsync("):
            fd = call[len("fsync(") :].split(")")[0]
            calls.append(("fsync", fds.get(fd, "?")))
        elif call.startswith("rename"):
            calls.append(("rename", call.split('"')[3]))
    names = [f"f.{ext}" for ext in ("xml", "atom", "json", "html")]
    flushed = [Path(path).name for kind, path in calls[:4] if kind == "fsync"]
    assert [n.split(".")[1] + "." + n.split(".")[2] for n in flushed] == names, calls
    assert calls[4:8] == [("rename", str(public / name)) for name in names], calls
    assert calls[8:] == [("fsync", str(public))], calls
    assert {p.name for p in public.iterdir()} == set(names)


def test_an_unchanged_file_is_not_written_again(tmp_path: Path) -> None:
    path = tmp_path / "f.xml"
    assert write_atomic(path, b"<a/>") is True
    os.utime(path, ns=(1, 1))
    assert write_atomic(path, b"<a/>") is False
    assert path.stat().st_mtime_ns == 1
    assert write_atomic(path, b"<b/>") is True and path.read_bytes() == b"<b/>"
    assert path.stat().st_mode & 0o777 == 0o644  # readable by the web server


def test_a_folder_in_the_way_is_a_publish_error(tmp_path: Path) -> None:
    (tmp_path / "f.xml").mkdir()
    with pytest.raises(PublishError, match=r"f\.xml"):
        write_atomic(tmp_path / "f.xml", b"<a/>")
    assert [p.name for p in tmp_path.iterdir()] == ["f.xml"]


def test_temporary_files_left_by_a_killed_run_are_removed_at_the_next_start(
    tmp_path: Path,
) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / ".f.xml.k2j3h4.tmp").write_bytes(b"<half")
    (public / ".f.json.x9.tmp").write_bytes(b"{")
    keep = {"f.xml": b"<rss/>", "notes.tmp": b"mine", ".htaccess": b"x", ".well-known.tmpl": b"y"}
    for name, data in keep.items():
        (public / name).write_bytes(data)
    assert remove_stale_temp_files(public) == 2
    assert {p.name: p.read_bytes() for p in public.iterdir()} == keep
    assert remove_stale_temp_files(tmp_path / "missing") == 0


def _project(tmp_path: Path, site: LoopbackSite) -> Path:
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "crawl: {delay: 0, backoff: 0}\nfeeds:\n"
        f"  - {{id: f, url: {site.url('/f')}, items: li.it, fields: {{title: a, link: a}}}}\n",
        encoding="utf-8",
    )
    return config


def test_a_build_leaves_no_temporary_file_from_an_earlier_killed_run(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/f", GOOD_1)
    config = _project(tmp_path, site)
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / ".f.xml.abc123.tmp").write_bytes(b"<rss><chan")
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0
    assert not list((tmp_path / "public").glob(".*.tmp"))


def test_a_public_folder_that_cannot_be_written_fails_the_build_and_loses_nothing(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/f", GOOD_1)
    config = _project(tmp_path, site)
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0
    public = tmp_path / "public"
    before = {p.name: p.read_bytes() for p in public.iterdir()}

    site.add("/f", GOOD_2)  # something new to publish
    public.chmod(0o555)
    try:
        child = run_unprivileged(
            [sys.executable, "-m", "feedsmith", "build", "-c", str(config)],
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        public.chmod(0o755)
    assert child.returncode == 1, child.stdout + child.stderr
    assert "Permission denied" in child.stdout + child.stderr
    assert str(public) in child.stdout + child.stderr
    assert {p.name: p.read_bytes() for p in public.iterdir()} == before  # nothing lost or left

    # writable again: the next build publishes what the failed one could not
    result = CliRunner().invoke(cli, ["build", "-c", str(config)])
    assert result.exit_code == 0, result.output
    items = json.loads((public / "f.json").read_text())["items"]
    assert sorted(i["title"] for i in items) == ["One", "Three", "Two", "Zero"]


_FULL_DISK = r"""
set -u
public="$1"; saved="$2"; after="$3"; shift 3
mount -t tmpfs -o size=256k tmpfs "$public" || exit 97
cp -a "$saved"/. "$public"/
dd if=/dev/zero of="$public/filler" bs=4k 2>/dev/null  # until the disk is full
"$@"
echo "exit=$?"
rm -f "$public/filler"
cp -a "$public"/. "$after"/
"""


def _can_mount_a_small_disk() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def test_a_full_disk_fails_the_build_and_loses_nothing(tmp_path: Path, site: LoopbackSite) -> None:
    """public/ on a real filesystem that is full (a 256 KB tmpfs, mounted in a private mount
    namespace: needs root); the build fails with the reason, and every file stays whole."""
    if not _can_mount_a_small_disk():
        pytest.skip("mounting a small filesystem needs root and unshare (util-linux)")
    site.add("/f", GOOD_1)
    config = _project(tmp_path, site)
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0
    public, saved, after = tmp_path / "public", tmp_path / "saved", tmp_path / "after"
    shutil.copytree(public, saved)
    after.mkdir()
    site.add("/f", GOOD_2)  # something new to publish, with no room for it
    build = [sys.executable, "-m", "feedsmith", "build", "-c", str(config)]
    child = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            _FULL_DISK,
            "sh",
            str(public),
            str(saved),
            str(after),
            *build,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = child.stdout + child.stderr
    assert "exit=1" in child.stdout, output
    assert "No space left on device" in output
    assert "Traceback" not in output
    before = {p.name: p.read_bytes() for p in saved.iterdir()}
    assert {p.name: p.read_bytes() for p in after.iterdir()} == before  # nothing lost or left
