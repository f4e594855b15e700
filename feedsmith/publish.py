"""Write rendered files into the public folder, atomically, and only when they changed.

Each file is written to a temporary file in the same folder, flushed to disk and renamed over
the old one, so a reader (or a crash) sees either the old file or the new one, never part of one.
A batch (one feed's files) writes and flushes every temporary file, then renames them, then
flushes the folder once, so that the renames are on disk before the build is recorded: a
rename lost to a power cut after the state said "built" would leave an old file that the next
run, finding its page unchanged, never rewrites.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from feedsmith.errors import PublishError
from feedsmith.types import Rendered

# what ``fsync`` on a folder answers where the filesystem cannot flush a folder (some network
# and FUSE filesystems): the renames are as safe there as that filesystem makes them
_NO_FOLDER_FSYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EACCES, errno.EBADF})


def sync_folder(folder: Path) -> None:
    """Flush ``folder`` itself to disk (the names in it: renames, new files). Raises `OSError`,
    except where the filesystem cannot do it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _NO_FOLDER_FSYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_FSYNC:
            raise
    finally:
        os.close(fd)


def _temporary(path: Path, data: bytes, mode: int) -> str:
    """``data`` in a new temporary file beside ``path`` (``.<name>.<random>.tmp``: the name a
    killed process's leftovers are swept by), flushed to disk. Raises `OSError`; leaves no
    file behind when it does."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


class _Failed(Exception):
    """An `OSError` of a batch, with the file it was writing."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(str(path))
        self.path = path
        self.cause = cause


def _replace_batch(folder: Path, files: Sequence[tuple[str, bytes]], mode: int) -> None:
    """`replace_files`; raises `_Failed`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _Failed(folder, exc) from exc
    pending: list[tuple[str, Path]] = []
    try:
        for name, data in files:
            path = folder / name
            try:
                pending.append((_temporary(path, data, mode), path))
            except OSError as exc:
                raise _Failed(path, exc) from exc
        while pending:
            tmp, path = pending[0]
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _Failed(path, exc) from exc
            pending.pop(0)
    finally:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    if files:
        try:
            sync_folder(folder)
        except OSError as exc:
            raise _Failed(folder, exc) from exc


def replace_files(folder: Path, files: Sequence[tuple[str, bytes]], *, mode: int = 0o644) -> None:
    """Write each ``(name, data)`` into ``folder`` atomically: every temporary file written
    and flushed first, then each renamed over its file, then the folder flushed once. Raises
    `OSError`; a failure leaves no temporary file behind, and each file either old or new."""
    try:
        _replace_batch(folder, files, mode)
    except _Failed as failed:
        raise failed.cause from None


def replace_file(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, rename it over
    ``path``, flush the folder. Raises `OSError`; a failed write leaves no temporary file
    behind."""
    replace_files(path.parent, [(path.name, data)], mode=mode)


def check_folder(folder: Path) -> None:
    """Make sure files can be written in ``folder`` (creating it if needed), before a build
    starts, so a read-only folder is one clear error rather than one per file.
    Raises `PublishError` naming the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".feedsmith-write-test.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "it is a file, not a folder"
        else:
            reason = exc.strerror or type(exc).__name__
        error = PublishError(f"cannot write to the public folder: {reason}", where=str(folder))
        error.explained = True  # the cause names a temporary file: the folder is what matters
        raise error from exc


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (a file of another size is not read)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PublishError("cannot read the current file", where=str(path)) from exc


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    return bool(write_changed(path.parent, [(path.name, data)]))


def write_changed(folder: Path, files: Iterable[tuple[str, bytes]]) -> tuple[str, ...]:
    """Write the files (``(name, data)``) into ``folder`` that do not already hold exactly
    their data, as one batch (`replace_files`); return the names written. Raises
    `PublishError` naming the file that could not be read or written."""
    changed = [(name, data) for name, data in files if not _unchanged(folder / name, data)]
    try:
        _replace_batch(folder, changed, 0o644)
    except _Failed as failed:
        raise PublishError("cannot write", where=str(failed.path)) from failed.cause
    return tuple(name for name, _ in changed)


def publish(public_dir: Path, files: Iterable[Rendered]) -> tuple[str, ...]:
    """Write every changed file; return the names written."""
    return write_changed(public_dir, [(f.filename, f.data) for f in files])
