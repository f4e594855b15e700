"""The one-machine implementations that are not already a module of their own: the public/
folder as a `Publisher`, and feed locks as ``flock``\\ s in the state folder."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeGuard

from feedsmith.errors import PublishError
from feedsmith.politeness import ROBOTS_TTL, RobotsAnswer, RobotsRules
from feedsmith.publish import publish, replace_file
from feedsmith.types import Rendered

log = logging.getLogger(__name__)


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


class KeptRobots(RobotsRules):
    """robots.txt answers kept for a day in a file of the state folder (``robots.json``), as
    `SharedRobots` keeps them in Redis for a cluster: a build run from cron every hour asks
    each site for its robots.txt once a day, not once a run (RFC 9309 lets a crawler use a
    copy for up to 24 hours). A 5xx answer is never kept (asked again next time). The file is
    rewritten whole, atomically, when an answer is added; one that cannot be read is as good
    as none, and one that cannot be written only means asking again."""

    def __init__(self, path: Path, *, ttl: float = ROBOTS_TTL) -> None:
        super().__init__(ttl=ttl)
        self.path = path
        self._file = threading.Lock()

    def _rules(self, origin: str, fetch: Callable[[str], RobotsAnswer]) -> Any:
        left: list[float] = []

        def kept(url: str) -> RobotsAnswer:
            with self._file:
                found = self._read().get(origin)
            if _is_answer(found) and 0 <= (age := time.time() - found["at"]) < self._ttl:
                left.append(self._ttl - age)
                return RobotsAnswer(status=found["status"], text=found["text"])
            answer = fetch(url)
            if answer.status < 500:
                self._keep(origin, answer)
            return answer

        rules = super()._rules(origin, kept)
        if left:  # an answer from the file is used for what is left of its day, no longer
            rules.expires = min(rules.expires, time.monotonic() + left[0])
        return rules

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("cannot read %s: robots.txt files are asked for again", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def _keep(self, origin: str, answer: RobotsAnswer) -> None:
        with self._file:
            answers = self._read()  # as another process may have left it
            answers[origin] = {"status": answer.status, "text": answer.text, "at": time.time()}
            data = json.dumps(answers, ensure_ascii=False, sort_keys=True).encode()
            try:
                replace_file(self.path, data)
            except OSError as exc:
                log.warning("cannot keep robots.txt answers in %s: %s", self.path, exc)


def _is_answer(value: object) -> TypeGuard[dict[str, Any]]:
    return (
        isinstance(value, dict)
        and isinstance(value.get("status"), int)
        and isinstance(value.get("text"), str)
        and isinstance(value.get("at"), int | float)
    )
