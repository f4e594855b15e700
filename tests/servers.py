"""Real servers for the tests: PostgreSQL, Redis and S3 (moto), each started by the tests on a
free loopback port in a temporary folder, and stopped when the session ends.

A test that needs one skips, saying what to install, when the server's binaries are absent.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_INSTALL = "apt-get install postgresql"
REDIS_INSTALL = "apt-get install redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_port(port: int, process: subprocess.Popen[bytes] | None, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on port {port}")


# --- PostgreSQL ------------------------------------------------------------------------------


def pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Postgres:
    """A running server; `database` makes a fresh, empty database and returns its URL."""

    port: int
    data: Path
    bindir: Path
    user_cmd: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://feedsmith@127.0.0.1:{self.port}/postgres"

    def database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        return f"postgresql://feedsmith@127.0.0.1:{self.port}/{name}"

    @contextlib.contextmanager
    def feed_held(self, url: str, feed_id: str) -> Iterator[None]:
        """Hold, from a session of the test's own, the lock `PostgresStore.update` takes on
        ``feed_id``: whoever writes that feed's entries meanwhile waits inside its transaction."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (feed_id,))
            yield

    def drop_waiting(self, url: str, timeout: float = 120.0) -> int:
        """Once a session on ``url``'s database waits for a lock (inside its transaction: see
        `feed_held`), end it, as a failover or restart would mid-transaction; return how many
        were ended."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.url, autocommit=True) as conn:
            while True:
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                    "AND wait_event_type = 'Lock' AND state = 'active'",
                    (name,),
                ).fetchall()
                if rows:
                    return len(rows)
                assert time.monotonic() < deadline, "no session ever waited for the feed's lock"
                threading.Event().wait(0.05)

    def drop_connections(self, url: str) -> int:
        """End every other session on ``url``'s database (as a failover or restart would)."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            ).fetchall()
        return len(rows)


def _unprivileged() -> tuple[list[str], int, int] | None:
    """A command prefix running as an ordinary user (initdb refuses root), and its uid/gid."""
    if os.getuid() != 0:
        return [], os.getuid(), os.getgid()
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            prefix = [
                "setpriv",
                f"--reuid={entry.pw_uid}",
                f"--regid={entry.pw_gid}",
                "--clear-groups",
            ]
            return prefix, entry.pw_uid, entry.pw_gid
    return None


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    bindir = pg_bin()
    if bindir is None:
        pytest.skip(f"PostgreSQL is not installed (initdb, pg_ctl): {PG_INSTALL}")
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[test]'")
    user = _unprivileged()
    if user is None:
        pytest.skip("no unprivileged user to run PostgreSQL as")
    with running_postgres(bindir, user) as (port, data):
        yield Postgres(port, data, bindir, user[0])


@contextlib.contextmanager
def running_postgres(
    bindir: Path,
    user: tuple[list[str], int, int],
    *,
    max_connections: int = 100,
    folder_prefix: str = "feedsmith-pg-",
) -> Iterator[tuple[int, Path]]:
    """A PostgreSQL server in a folder of its own on a free loopback port, run as ``user``
    (`_unprivileged`), durability off; yields its port and data folder, stops and removes it."""
    prefix, uid, gid = user
    folder = Path(tempfile.mkdtemp(prefix=folder_prefix))
    os.chmod(folder, 0o755)
    os.chown(folder, uid, gid)
    data = folder / "data"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    subprocess.run(
        [
            *prefix,
            *(str(bindir / "initdb"), "-D", str(data), "-U", "feedsmith", "--auth=trust"),
            *("-E", "UTF8", "--no-locale", "--no-sync"),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    port = free_port()
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}"
    )
    subprocess.run(
        [
            *prefix,
            *(str(bindir / "pg_ctl"), "-D", str(data), "-o", options),
            *("-l", str(folder / "log"), "-w", "-t", "60", "start"),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        _wait_port(port, None, "postgres")
        yield port, data
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
        )
        shutil.rmtree(folder, ignore_errors=True)


# --- S3 (moto) ------------------------------------------------------------------------------


@dataclass
class S3:
    port: int
    server: Any

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, bucket: str, prefix: str = "public/") -> str:
        # the credentials in the URL, as a user may write them with ${VAR}s
        return f"s3://testing:s3cret@{bucket}/{prefix}?endpoint={self.endpoint}&region=us-east-1"

    def client(self) -> Any:
        """A boto3 client of this server, with the test credentials."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="s3cret",
        )

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()


@pytest.fixture(scope="session")
def s3() -> Iterator[S3]:
    """moto's standalone S3 server, in a thread, on a free loopback port."""
    pytest.importorskip("boto3", reason="boto3 is not installed: pip install -e '.[test]'")
    pytest.importorskip(
        "moto.server", reason="moto[server] is not installed: pip install -e '.[test]'"
    )
    server = S3(free_port(), None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


_MOTO = "from moto.server import main; main()"


@pytest.fixture(scope="session")
def s3_apart() -> Iterator[S3]:
    """moto's standalone S3 server in a process of its own, for a test that puts and reads
    many objects: the test's own process stays free for the sites it serves."""
    pytest.importorskip("boto3", reason="boto3 is not installed: pip install -e '.[test]'")
    pytest.importorskip(
        "moto.server", reason="moto[server] is not installed: pip install -e '.[test]'"
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _MOTO, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port, process, "moto's S3 server")
        yield S3(port, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def bucket(s3: S3, request: pytest.FixtureRequest) -> str:
    """A new bucket for this test, readable by anyone (as a deployment's is)."""
    return make_bucket(s3, request)


def make_bucket(s3: S3, request: pytest.FixtureRequest) -> str:
    """A new bucket named after the test, readable by anyone (as a deployment's is)."""
    name = "feeds-" + request.node.name.lower().replace("_", "-")[:40].strip("-")
    client = s3.client()
    client.create_bucket(Bucket=name)
    # readers fetch the feeds anonymously: the bucket is public-read, as a deployment sets it
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    client.close()
    return name


# --- Redis -----------------------------------------------------------------------------------


@dataclass
class Redis:
    """A running redis-server; `restart` stops and starts it on the same port."""

    port: int
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def db(self, number: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"

    def flush(self) -> None:
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            client.flushall()
        finally:
            client.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def start(self) -> None:
        self.process = _start_redis(self.port, self.folder)

    def crash(self) -> None:
        """Kill the server as a crash would (SIGKILL: no goodbye to its clients)."""
        self.process.kill()
        self.process.wait()

    def restart(self) -> None:
        """A crash, then the server again on the same port and folder (empty: it keeps
        nothing on disk)."""
        self.crash()
        self.start()


def _start_redis(port: int, folder: Path) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server")
    assert server is not None
    process = subprocess.Popen(
        [
            *(server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)),
            *("--save", "", "--appendonly", "no", "--databases", "64"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_port(port, process, "redis-server")
    return process


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    if shutil.which("redis-server") is None:
        pytest.skip(f"redis-server is not installed: {REDIS_INSTALL}")
    pytest.importorskip(
        "redis", reason="the redis client is not installed: pip install -e '.[test]'"
    )
    folder = Path(tempfile.mkdtemp(prefix="feedsmith-redis-"))
    port = free_port()
    server = Redis(port, folder, _start_redis(port, folder))
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server: Redis) -> str:
    """A Redis server emptied for this test."""
    redis_server.flush()
    return redis_server.url
