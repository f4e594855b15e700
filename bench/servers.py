"""Redis and PostgreSQL for the scale bench: real servers on free loopback ports in temporary
folders, started as the tests start them (`tests.servers`), stopped when the block ends, and
the CPU time each has spent (its processes and the ones it reaped)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import (
    _start_redis,
    _unprivileged,
    free_port,
    pg_bin,
    running_postgres,
)

_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_of_tree(pid: int) -> float:
    """CPU seconds (user + system) of a process, its children still running, and the children
    it has reaped."""
    total = 0.0
    for task in _tree(pid):
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        # utime stime cutime cstime are fields 14-17 of stat; here 0-based after the name
        total += sum(int(v) for v in fields[11:15]) / _TICKS
    return total


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def cpu_s(self) -> float:
        return cpu_of_tree(self.process.pid)


@contextmanager
def redis_server() -> Iterator[RedisServer | None]:
    """A redis-server, or None when it is not installed."""
    if shutil.which("redis-server") is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="feedsmith-bench-redis-"))
    port = free_port()
    process = _start_redis(port, folder)
    try:
        yield RedisServer(port, process)
    finally:
        process.terminate()
        process.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class PostgresServer:
    port: int
    pid: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://feedsmith@127.0.0.1:{self.port}/{database}"

    def cpu_s(self) -> float:
        return cpu_of_tree(self.pid)


@contextmanager
def postgres_server() -> Iterator[PostgresServer | None]:
    """A PostgreSQL server (initdb + pg_ctl, as an unprivileged user when run as root), or
    None when it is not installed. Durability off, as in the tests: the bench measures the
    work, not this machine's disk."""
    bindir, user = pg_bin(), _unprivileged()
    if bindir is None or user is None:
        yield None
        return
    with running_postgres(
        bindir, user, max_connections=200, folder_prefix="feedsmith-bench-pg-"
    ) as (port, data):
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield PostgresServer(port, pid)
