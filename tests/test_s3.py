"""Publishing to S3-compatible storage: moto's standalone S3 server on 127.0.0.1 (in a thread),
written by feedsmith through boto3, read back with boto3 and with plain HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
import requests

from feedsmith.config import parse_config
from feedsmith.errors import PublishError
from feedsmith.pipeline import Runtime, build_all
from feedsmith.types import Rendered
from tests.conftest import LoopbackSite
from tests.servers import S3, free_port

pytest.importorskip("boto3", reason="boto3 is not installed: pip install -e '.[test]'")
pytest.importorskip("moto.server", reason="moto[server] is not installed: pip install -e '.[test]'")

from feedsmith.backends.s3 import S3Publisher

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PAGE = (
    "<html><head><title>Site</title></head><body><ul>"
    + "".join(f'<li class="it"><a href="/p/{n}">Article number {n}</a></li>' for n in (1, 2, 3))
    + "</ul></body></html>"
)


def count_puts(publisher: Any) -> list[str]:
    """The keys of every PUT the publisher's client sends from now on."""
    keys: list[str] = []

    def before(params: dict[str, Any], **_: Any) -> None:
        keys.append(params["Key"])

    publisher.client.meta.events.register("before-parameter-build.s3.PutObject", before)
    return keys


def config_for(tmp_path: Path, site: LoopbackSite, url: str) -> Any:
    return parse_config(
        f"site: {{base_url: 'https://feeds.example.org/'}}\npublish: '{url}'\nfeeds:\n"
        f"  - {{id: a, url: '{site.url('/a')}', items: li.it, fields: {{title: a, link: a}},"
        " schedule: 30m}\n"
        f"  - {{id: b, url: '{site.url('/b')}', items: li.it, fields: {{title: a, link: a}}}}\n",
        root=tmp_path,
    )


def test_feeds_and_site_files_are_put_once_each_and_readable_over_http(
    tmp_path: Path, site: LoopbackSite, s3: S3, bucket: str
) -> None:
    site.add("/a", PAGE)
    site.add("/b", PAGE.replace("Article", "Billet"))
    config = config_for(tmp_path, site, s3.url(bucket))
    with Runtime(config) as runtime:
        assert isinstance(runtime.publisher, S3Publisher)
        puts = count_puts(runtime.publisher)
        results = build_all(config.feeds, runtime, now=NOW)
    assert [r.status for r in results] == ["ok", "ok"]
    feeds = {f"public/{f}.{ext}" for f in "ab" for ext in ("xml", "atom", "json")}
    assert feeds <= set(puts)
    assert len(puts) == len(set(puts))  # each file once: the site files once for the batch
    assert {"public/index.html", "public/feeds.opml", "public/status.json"} <= set(puts)
    assert not (tmp_path / "public").exists()  # nothing written to a local public/

    client = s3.client()  # the publisher's own client is closed: read with a fresh one
    head = client.head_object(Bucket=bucket, Key="public/a.atom")
    assert head["ContentType"] == "application/atom+xml; charset=utf-8"
    assert head["CacheControl"] == "public, max-age=1800"  # the feed's 30-minute schedule
    index = client.head_object(Bucket=bucket, Key="public/index.html")
    assert index["ContentType"] == "text/html; charset=utf-8"
    assert client.head_object(Bucket=bucket, Key="public/b.json")["ContentType"] == (
        "application/feed+json; charset=utf-8"
    )
    client.close()
    # a plain HTTP client (a reader, a CDN) gets the feed
    response = requests.get(f"{s3.endpoint}/{bucket}/public/a.xml", timeout=10)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and len(parsed.entries) == 3
    assert "a.xml" in requests.get(f"{s3.endpoint}/{bucket}/public/index.html", timeout=10).text

    # the same pages again, in a new process's runtime: nothing is put again
    with Runtime(config) as runtime:
        puts = count_puts(runtime.publisher)
        results = build_all(config.feeds, runtime, now=NOW + timedelta(hours=1))
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert [p for p in puts if not p.endswith(("status.json", "_health.atom"))] == []


def test_a_failed_upload_leaves_the_previous_object_and_is_retried(
    tmp_path: Path, s3: S3, bucket: str
) -> None:
    url = s3.url(bucket, "x/")
    publisher = S3Publisher(url, staging=tmp_path / "staging")
    try:
        assert publisher.publish([Rendered(format="rss", filename="f.xml", data=b"<rss>1</rss>")])
        s3.stop()
        try:
            with pytest.raises(PublishError) as caught:
                publisher.publish([Rendered(format="rss", filename="f.xml", data=b"<rss>2</rss>")])
        finally:
            s3.start()  # moto keeps its buckets in the process: the same store, back again
        message = str(caught.value)
        assert "s3cret" not in message and "testing:***@" in message
        assert "previous file stays published" in message
        body = requests.get(f"{s3.endpoint}/{bucket}/x/f.xml", timeout=10).content
        assert body == b"<rss>1</rss>"
        # the next build finds the old hash on the object and puts the file again
        v2 = [Rendered(format="rss", filename="f.xml", data=b"<rss>2</rss>")]
        assert publisher.publish(v2) == ("f.xml",)
        assert publisher.publish(v2) == ()
        body = requests.get(f"{s3.endpoint}/{bucket}/x/f.xml", timeout=10).content
        assert body == b"<rss>2</rss>"
    finally:
        publisher.close()


def test_an_unreachable_endpoint_is_a_clear_error(tmp_path: Path) -> None:
    url = f"s3://k:hunter2@b/p/?endpoint=http://127.0.0.1:{free_port()}&region=us-east-1"
    publisher = S3Publisher(url, staging=tmp_path / "staging")
    try:
        with pytest.raises(PublishError) as caught:
            publisher.publish([Rendered(format="rss", filename="f.xml", data=b"x")])
    finally:
        publisher.close()
    assert "hunter2" not in str(caught.value) and "check the endpoint" in str(caught.value)


def test_a_feed_removed_from_the_file_is_taken_down_from_the_bucket(
    tmp_path: Path, site: LoopbackSite, s3: S3, bucket: str
) -> None:
    from feedsmith.pipeline import retire_removed

    site.add("/a", PAGE)
    site.add("/b", PAGE.replace("Article", "Billet"))
    config = config_for(tmp_path, site, s3.url(bucket))
    with Runtime(config) as runtime:
        build_all(config.feeds, runtime, now=NOW)
    only_a = config.model_copy(update={"feeds": [f for f in config.feeds if f.id == "a"]})
    with Runtime(only_a) as runtime:
        retired = retire_removed(runtime, now=NOW + timedelta(hours=1))
        assert [(r.feed_id, r.deleted) for r in retired] == [
            ("b", ("b.atom", "b.html", "b.json", "b.xml"))
        ]
        names = runtime.publisher.names()  # type: ignore[attr-defined]
    assert {"a.xml", "a.atom", "a.json"} <= names
    assert not {"b.xml", "b.atom", "b.json", "b.html"} & names
    assert requests.get(f"{s3.endpoint}/{bucket}/public/b.xml", timeout=10).status_code == 404
