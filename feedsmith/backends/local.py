"""The one-machine implementations that are not already a module of their own: the public/
folder as a `Publisher`, and feed locks as ``flock``\\ s in the state folder."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from feedsmith.errors import PublishError
from feedsmith.publish import publish
from feedsmith.types import Rendered


class FolderPublisher:
    """Files written into a local folder, atomically and only when changed (`feedsmith.publish`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def publish(self, files: Iterable[Rendered], *, max_age: int | None = None) -> tuple[str, ...]:
        return publish(self.folder, files)  # a web server in front says how long to cache

    def names(self) -> frozenset[str]:
        if not self.folder.is_dir():
            return frozenset()
        return frozenset(p.name for p in self.folder.iterdir() if p.is_file())

    def has(self, names: Iterable[str]) -> bool:
        return all((self.folder / name).is_file() for name in names)

    def sync(self, names: Iterable[str]) -> tuple[str, ...]:
        return tuple(names)  # already in place

    def remove(self, names: Iterable[str]) -> tuple[str, ...]:
        removed = []
        for name in names:
            path = self.folder / name
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise PublishError(f"cannot delete {name}", where=str(path)) from exc
            removed.append(name)
        return tuple(removed)

    def describe(self) -> str:
        return str(self.folder)

    def close(self) -> None:
        pass


class FileFeedLock:
    """One build of a feed at a time on this machine: an exclusive ``flock`` on
    ``<state>/locks/<feed>.lock``, taken without waiting. The kernel drops it when the process
    ends, however it ends, so a killed build never leaves a feed locked."""

    def __init__(self, state_dir: Path) -> None:
        self.folder = state_dir / "locks"
        self._held: set[str] = set()
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def hold(self, feed_id: str) -> Iterator[bool]:
        with self._lock:  # flock is per open file: threads of one process need their own check
            if feed_id in self._held:
                yield_ok = False
            else:
                self._held.add(feed_id)
                yield_ok = True
        if not yield_ok:
            yield False
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256(feed_id.encode()).hexdigest()[:32] + ".lock"
            fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    yield False
                    return
                yield True
            finally:
                os.close(fd)
        finally:
            with self._lock:
                self._held.discard(feed_id)

    def close(self) -> None:
        pass
