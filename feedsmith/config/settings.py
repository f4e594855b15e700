"""The whole of feeds.yaml: `Config`, with the site, fetching limits, scheduling and cluster
settings beside the feeds; and `select_feeds`, the feeds a command is asked to build."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from feedsmith.backends.endpoints import check as check_endpoint
from feedsmith.config.base import StrictModel
from feedsmith.config.feed import FeedConfig, FeedOptions


class Site(StrictModel):
    """Where public/ is hosted."""

    base_url: str | None = Field(
        None, description="URL where public/ is served; used for feed self links."
    )
    title: str = Field("feedsmith", description="Title of the index page.")
    websub_hub: str | None = Field(None, description="WebSub hub to declare and ping.")

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str | None) -> str | None:
        if value is not None and not value.endswith("/"):
            return value + "/"
        return value


class Crawl(StrictModel):
    """How politely and within which limits pages are fetched (every feed, every host)."""

    workers: Annotated[int, Field(ge=1, le=256)] = Field(
        8, description="Feeds built at the same time (on different hosts)."
    )
    per_host: Annotated[int, Field(ge=1, le=16)] = Field(
        1, description="Requests in flight to one host at a time."
    )
    delay: Annotated[float, Field(ge=0, le=600)] | None = Field(
        None,
        description="Seconds between two requests to one host (default 1; none for "
        "127.0.0.1/localhost). A longer robots.txt Crawl-delay wins.",
    )
    connect_timeout: Annotated[float, Field(gt=0, le=600)] = Field(
        10.0, description="Seconds to wait for a connection."
    )
    total_timeout: Annotated[float, Field(gt=0, le=3600)] = Field(
        60.0, description="Seconds one response may take in total, however slowly it trickles."
    )
    max_bytes: Annotated[int, Field(ge=1024)] = Field(
        10 * 1024 * 1024,
        description="Largest response accepted, in bytes, after decompression (default 10 MB).",
    )
    max_redirects: Annotated[int, Field(ge=0, le=50)] = Field(
        10, description="Redirects followed before giving up."
    )
    retries: Annotated[int, Field(ge=0, le=10)] = Field(
        2, description="Further attempts after a connection error, a 5xx or a 429."
    )
    backoff: Annotated[float, Field(ge=0, le=600)] = Field(
        1.0, description="Seconds before the first retry; doubled for each next one."
    )
    retry_after_max: Annotated[float, Field(ge=0, le=86400)] = Field(
        120.0,
        description="Longest Retry-After (429/503) waited for; a longer one fails the run "
        "and the host is left alone until then.",
    )


class Run(StrictModel):
    """How `feedsmith run` schedules feeds."""

    jitter: Annotated[float, Field(ge=0, le=3600)] = Field(
        60.0,
        description="Up to this many seconds (and never more than a tenth of its interval) "
        "added at random to each run, so feeds do not all start at once.",
    )
    retry_min: Annotated[float, Field(ge=1, le=86400)] = Field(
        300.0, description="Seconds before a failing feed is tried again; doubled each failure."
    )
    retry_max: Annotated[float, Field(ge=1, le=7 * 86400)] = Field(
        6 * 3600.0, description="Longest pause between attempts of a failing feed."
    )
    watch: bool = Field(True, description="Reload feeds.yaml when it changes.")


class Cluster(StrictModel):
    """Many machines building feeds together (`feedsmith cluster`)."""

    broker: str = Field(
        description="Celery broker, a redis:// URL (${VAR} read from the environment; "
        "FEEDSMITH_BROKER overrides)."
    )

    visibility_timeout: Annotated[int, Field(ge=2, le=7 * 86400)] = Field(
        3600,
        description="Seconds before a build that a worker took and never finished (the "
        "worker died) is handed to another worker. Longer than the longest build.",
    )
    lock_lease: Annotated[float, Field(ge=1, le=3600)] = Field(
        60.0,
        description="Seconds a feed's build lock outlives a worker that died holding it "
        "(renewed every third of it while the build runs).",
    )

    @field_validator("broker")
    @classmethod
    def _broker(cls, value: str) -> str:
        return check_endpoint("broker", value)


class Config(StrictModel):
    """The whole of feeds.yaml."""

    site: Site = Field(default_factory=lambda: Site())
    state_dir: str = Field(".feedsmith", description="Folder for the HTTP cache and state DB.")
    public_dir: str = Field("public", description="Folder the feed files are written to.")
    defaults: FeedOptions = Field(default_factory=lambda: FeedOptions())
    crawl: Crawl = Field(
        default_factory=lambda: Crawl(), description="Politeness and limits of fetching."
    )
    run: Run = Field(default_factory=lambda: Run(), description="Scheduling by `feedsmith run`.")
    state: str | None = Field(
        None,
        description="Where entries and feed state are kept: a SQLite file (default "
        "<state_dir>/state.sqlite) or postgresql://USER@HOST/DB. ${VAR} is read from the "
        "environment; FEEDSMITH_STATE overrides.",
    )
    cache: str | None = Field(
        None,
        description="The HTTP cache, per-host limits and feed locks: SQLite in the state "
        "folder (default) or redis://HOST:PORT/DB, shared by many machines. ${VAR} is read "
        "from the environment; FEEDSMITH_CACHE overrides.",
    )
    publish: str | None = Field(
        None,
        description="Where feed files go: the public_dir folder (default) or "
        "s3://BUCKET/PREFIX/?endpoint=URL&region=NAME (any S3-compatible store). ${VAR} is "
        "read from the environment; FEEDSMITH_PUBLISH overrides.",
    )
    cluster: Cluster | None = Field(
        None, description="Many machines building feeds together (`feedsmith cluster`)."
    )
    feeds: list[FeedConfig] = Field(default_factory=list)
    # the folder of the config file; relative paths resolve against it
    root: Path = Field(Path("."), exclude=True, json_schema_extra={"hidden": True})

    @property
    def state_path(self) -> Path:
        return self.root / self.state_dir

    @property
    def public_path(self) -> Path:
        return self.root / self.public_dir

    @field_validator("state", "cache", "publish")
    @classmethod
    def _endpoint(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else check_endpoint(str(info.field_name), value)

    def feed(self, feed_id: str) -> FeedConfig:
        for feed in self.feeds:
            if feed.id == feed_id:
                return feed
        raise KeyError(feed_id)

    def resolve_url(self, feed: FeedConfig) -> str:
        """A local path in the config is relative to the config file; for a feed with
        `sources:`, the first source's address."""
        url = feed.url if feed.url is not None else feed.source_configs()[0].url
        assert url is not None
        return self.resolve(url)

    def resolve(self, url: str) -> str:
        if "://" in url:
            return url
        return (self.root / url).resolve().as_uri()


def select_feeds(config: Config, ids: Sequence[str]) -> list[FeedConfig]:
    """The enabled feeds, or the named ones (enabled or not); unknown ids raise KeyError."""
    if not ids:
        return [f for f in config.feeds if f.enabled]
    return [config.feed(i) for i in ids]
