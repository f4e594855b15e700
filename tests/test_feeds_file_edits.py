"""Editing feeds.yaml while feedsmith works: a fixed failing feed is retried at once by
`feedsmith run`, and `feedsmith status` still reports from the state while the file is broken."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedsmith.cli import cli
from feedsmith.scheduler import Daemon
from tests.conftest import LoopbackSite, wait_until
from tests.test_faults import GOOD_1

# waits are for events; this only bounds how long a broken daemon makes a test hang
PATIENCE = 60.0


def feeds(site: LoopbackSite, route: str) -> str:
    # a failure waits an hour before it is tried again
    return f"""crawl: {{delay: 0, backoff: 0, retries: 0}}
run: {{jitter: 0, retry_min: 3600, retry_max: 7200}}
feeds:
  - id: a
    url: {site.url(route)}
    schedule: 1h
    items: li.it
    fields: {{title: a, link: a}}
"""


@pytest.mark.slow
def test_a_failing_feed_fixed_in_the_file_is_tried_at_once(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/good", GOOD_1)
    config = tmp_path / "feeds.yaml"
    config.write_text(feeds(site, "/typo"), encoding="utf-8")
    daemon = Daemon(config, poll=0.05)
    thread = threading.Thread(target=daemon.run, daemon=True)
    thread.start()
    try:
        assert daemon.started.wait(PATIENCE)
        assert len(site.hits_for("/typo")) == 1 and not (tmp_path / "public" / "a.xml").exists()
        backoff = daemon.next_run("a")
        assert backoff is not None
        config.write_text(feeds(site, "/good"), encoding="utf-8")  # the URL fixed
        assert wait_until(lambda: (tmp_path / "public" / "a.xml").exists(), timeout=PATIENCE)
        assert len(site.hits_for("/good")) == 1
        after = daemon.next_run("a")
        assert after is not None and after > backoff  # its schedule (1 h) again
    finally:
        daemon.stop.set()
        thread.join(timeout=PATIENCE)
    assert not thread.is_alive()


def test_status_reads_the_state_while_the_feeds_file_is_broken(
    tmp_path: Path, site: LoopbackSite
) -> None:
    site.add("/good", GOOD_1)
    config = tmp_path / "feeds.yaml"
    config.write_text("state_dir: st\n" + feeds(site, "/good"), "utf-8")
    assert CliRunner().invoke(cli, ["build", "-c", str(config)]).exit_code == 0

    # a typo: the file is no longer YAML
    config.write_text(config.read_text().replace("items: li.it", "items: [li.it"), "utf-8")
    result = CliRunner().invoke(cli, ["status", "-c", str(config)])
    output = " ".join(result.output.split())
    assert result.exit_code == 2, output
    assert "has 1 problem(s); showing the feeds as last built" in output
    assert "feeds.yaml:" in output and "not valid YAML" in output  # what and where
    assert "1 feed(s): 0 failing, 0 drifting, 0 degraded" in output

    as_json = CliRunner().invoke(cli, ["status", "-c", str(config), "--json"])
    assert as_json.exit_code == 2
    assert '"health": "ok"' in as_json.stdout
