"""Where the stateful parts live: config keys, the environment, masked secrets, feed locks."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from feedsmith.backends import endpoints_of, mask
from feedsmith.backends.local import FileFeedLock, FolderPublisher, KeptRobots
from feedsmith.config import parse_config
from feedsmith.errors import ConfigError
from feedsmith.fetch import PageCache
from feedsmith.pipeline import Runtime
from feedsmith.politeness import HostLimiter
from feedsmith.store import Store

SERVERS = """\
state: postgresql://feedsmith:${PGPASS}@db.internal/feedsmith
cache: redis://:hunter2@cache.internal:6379/1
publish: s3://feeds-bucket/public/?endpoint=https://s3.example.net&region=auto
cluster:
  broker: redis://queue.internal:6379/0
feeds: []
"""


def test_defaults_are_files_on_this_machine(tmp_path: Path) -> None:
    config = parse_config("feeds: []\n", root=tmp_path)
    ends = endpoints_of(config, env={})
    assert (ends.state.kind, ends.state.path) == ("sqlite", tmp_path / ".feedsmith/state.sqlite")
    assert (ends.cache.kind, ends.cache.path) == ("sqlite", tmp_path / ".feedsmith/http_cache")
    assert (ends.publish.kind, ends.publish.path) == ("folder", tmp_path / "public")
    assert ends.broker is None and not ends.shared
    with Runtime(config) as runtime:
        parts = runtime.parts
        assert type(parts.store) is Store
        assert isinstance(parts.pages, PageCache) and isinstance(parts.limiter, HostLimiter)
        assert isinstance(parts.publisher, FolderPublisher)
        assert isinstance(parts.locks, FileFeedLock)
        assert isinstance(parts.robots, KeptRobots)
        assert parts.robots.path == tmp_path / ".feedsmith/robots.json"
        assert runtime.public_dir == tmp_path / "public"


def test_servers_named_in_the_file_with_secrets_from_the_environment(tmp_path: Path) -> None:
    config = parse_config(SERVERS, root=tmp_path)
    ends = endpoints_of(config, env={"PGPASS": "s3cr3t"})
    assert ends.state.kind == "postgres"
    assert ends.state.url == "postgresql://feedsmith:s3cr3t@db.internal/feedsmith"
    assert ends.state.shown == "postgresql://feedsmith:***@db.internal/feedsmith"
    assert ends.cache.shown == "redis://:***@cache.internal:6379/1"
    assert (ends.cache.kind, ends.publish.kind) == ("redis", "s3")
    assert ends.broker is not None and ends.broker.url == "redis://queue.internal:6379/0"
    assert ends.shared
    # nothing that shows the endpoints shows a password
    assert "s3cr3t" not in repr(ends.state.shown) and "hunter2" not in str(ends.cache.shown)


def test_the_environment_overrides_the_file(tmp_path: Path) -> None:
    config = parse_config(SERVERS, root=tmp_path)
    env = {
        "PGPASS": "x",
        "FEEDSMITH_STATE": "elsewhere/state.sqlite",
        "FEEDSMITH_CACHE": "redis://other:6380/2",
        "FEEDSMITH_PUBLISH": "/srv/feeds",
        "FEEDSMITH_BROKER": "redis://${QHOST}:6379/3",
        "QHOST": "queue2",
    }
    ends = endpoints_of(config, env=env)
    assert ends.state.path == tmp_path / "elsewhere/state.sqlite"
    assert ends.cache.url == "redis://other:6380/2"
    assert ends.publish.path == Path("/srv/feeds")
    assert ends.broker is not None and ends.broker.url == "redis://queue2:6379/3"


def test_an_unset_variable_is_named_and_nothing_secret_is_printed(tmp_path: Path) -> None:
    config = parse_config(SERVERS, root=tmp_path)
    with pytest.raises(ConfigError) as caught:
        endpoints_of(config, env={})
    assert "PGPASS is not set" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        endpoints_of(config, env={"PGPASS": "x", "FEEDSMITH_CACHE": "http://u:topsecret@h/"})
    assert "FEEDSMITH_CACHE" in str(caught.value) and "topsecret" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("state: mysql://u@h/db\n", "mysql:// is not supported here: use postgresql://"),
        ("cache: memcached://h\n", "use redis:// or rediss://"),
        ("publish: s3:///nobucket\n", "needs a bucket"),
        ("cluster: {broker: amqp://u:pw@h//}\n", "the broker must be a redis:// URL"),
    ],
)
def test_bad_values_are_config_errors_with_their_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("feeds: []\n" + text)
    assert message in str(caught.value)
    assert "feeds.yaml:2:" in str(caught.value)
    assert ":pw@" not in str(caught.value)


def test_mask_hides_passwords_and_secret_parameters() -> None:
    assert mask("postgresql://me:pw@db:5432/x?sslmode=require") == (
        "postgresql://me:***@db:5432/x?sslmode=require"
    )
    assert mask("redis://:pw@h:1/0") == "redis://:***@h:1/0"
    assert mask("redis://h:1/0") == "redis://h:1/0"
    assert mask("s3://b/p/?endpoint=https://s3&secret_key=abc&region=auto") == (
        "s3://b/p/?endpoint=https%3A%2F%2Fs3&secret_key=%2A%2A%2A&region=auto"
    )
    assert mask("/a/path:with@signs") == "/a/path:with@signs"


def test_a_feed_lock_is_held_once_across_threads_and_processes(tmp_path: Path) -> None:
    locks = FileFeedLock(tmp_path)
    with locks.hold("news") as held:
        assert held
        other: list[bool] = []

        def try_it() -> None:
            with locks.hold("news") as again:
                other.append(again)

        thread = threading.Thread(target=try_it)
        thread.start()
        thread.join()
        assert other == [False]
        with locks.hold("sport") as sport:
            assert sport  # another feed is another lock
        script = (
            "import sys; from pathlib import Path; from feedsmith.backends.local import "
            "FileFeedLock\nwith FileFeedLock(Path(sys.argv[1])).hold('news') as h: print(h)"
        )
        busy = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True
        )
        assert busy.stdout.strip() == "False", busy.stderr
    free = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True
    )
    assert free.stdout.strip() == "True", free.stderr


def feedsmith(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``feedsmith ARGS -c PATH`` in a process of its own, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "feedsmith", *args, "-c", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=path.parent,
    )


FEED = "feeds:\n  - {id: a, url: 'http://127.0.0.1:9/a', items: li, fields: {title: a}}\n"


@pytest.mark.parametrize(
    ("key", "url", "shown", "advice"),
    [
        (
            "state",
            "postgresql://feedsmith:hunter2@127.0.0.1:{port}/feeds",
            "postgresql://feedsmith:***@127.0.0.1:{port}/feeds",
            "check that the server runs and that the host, port, user, password and database",
        ),
        (
            "cache",
            "redis://:hunter2@127.0.0.1:{port}/1",
            "redis://:***@127.0.0.1:{port}/1",
            "check that it runs and that the host, port, password and database number",
        ),
    ],
    ids=["postgresql", "redis"],
)
def test_an_unreachable_server_stops_a_build_with_its_url_masked_and_what_to_check(
    tmp_path: Path, key: str, url: str, shown: str, advice: str
) -> None:
    pytest.importorskip("psycopg" if key == "state" else "redis", reason="pip install -e '.[test]'")
    from tests.servers import free_port

    port = free_port()  # nothing listens there
    path = tmp_path / "feeds.yaml"
    path.write_text(f"{key}: '{url.format(port=port)}'\n{FEED}", encoding="utf-8")
    result = feedsmith(path, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert shown.format(port=port) in output and advice in output, output
    assert "hunter2" not in output and "Traceback" not in output, output
    assert "restore it from a backup" not in output  # that advice is for a SQLite file


def test_an_unreachable_broker_is_a_clear_error_for_enqueue_and_status(tmp_path: Path) -> None:
    pytest.importorskip("celery", reason="celery is not installed: pip install -e '.[test]'")
    from tests.servers import free_port

    port = free_port()
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"cluster: {{broker: 'redis://:hunter2@127.0.0.1:{port}/0'}}\n{FEED}", encoding="utf-8"
    )
    for command in (["cluster", "enqueue"], ["cluster", "status"]):
        result = feedsmith(path, *command)
        output = result.stdout + result.stderr
        assert result.returncode == 2, (command, output)
        assert f"redis://:***@127.0.0.1:{port}/0" in output, output
        assert "cannot reach Redis" in output and "(needed for the queue" in output, output
        assert "hunter2" not in output and "Traceback" not in output, output
