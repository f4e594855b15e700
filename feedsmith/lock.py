"""One feedsmith process at a time per state folder (and so per public/ folder).

``StateLock`` takes an exclusive ``flock`` on ``<state>/feedsmith.lock`` and writes its PID into
it. The kernel drops the lock when the process ends, however it ends (even ``kill -9``), so a
stale lock never blocks the next run. A second process is told which PID holds it.
Holding the lock also means any temporary file left in public/ is from a dead process: those
are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from feedsmith.errors import LockError

log = logging.getLogger(__name__)

LOCK_FILE = "feedsmith.lock"


class StateLock:
    def __init__(self, state_dir: Path, *, public_dir: Path | None = None) -> None:
        self.path = state_dir / LOCK_FILE
        self.public_dir = public_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            who = f"process {pid}" if pid else "another process"
            raise LockError(
                f"{who} is already running feedsmith on this state folder; "
                "wait for it to finish or stop it",
                where=str(self.path),
                pid=pid,
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.fsync(fd)
        self._fd = fd
        if self.public_dir is not None:
            remove_stale_temp_files(self.public_dir)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> StateLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def remove_stale_temp_files(public_dir: Path) -> int:
    """Delete ``.name.*.tmp`` files a killed process left behind in public/."""
    removed = 0
    if not public_dir.is_dir():
        return 0
    for tmp in public_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted run", removed)
    return removed
