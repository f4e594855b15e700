"""Write rendered files into the public folder, atomically, and only when they changed.

Each file is written to a temporary file in the same folder, flushed to disk and renamed over
the old one, so a reader (or a crash) sees either the old file or the new one, never part of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from feedsmith.errors import PublishError
from feedsmith.types import Rendered


def replace_file(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, rename it over
    ``path``. Raises `OSError`; a failed write leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PublishError("cannot read the current file", where=str(path)) from exc
    try:
        replace_file(path, data)
    except OSError as exc:
        raise PublishError("cannot write", where=str(path)) from exc
    return True


def publish(public_dir: Path, files: Iterable[Rendered]) -> tuple[str, ...]:
    """Write every changed file; return the names written."""
    return tuple(f.filename for f in files if write_atomic(public_dir / f.filename, f.data))
