"""Every error feedsmith raises.

    FeedsmithError              str(): "<feed id>: <message> (<url or file:line>): <cause>"
    ├── ConfigError             .issues: every problem found in the config file, each with its line
    ├── SourceError             one source failed; the others go on          .feed_id .url
    │   ├── FetchError          DNS, timeout, 4xx/5xx, too large, bad type   .status
    │   └── ExtractError        zero items, unparsable page, bad selector
    ├── StoreError              the state database failed
    ├── RenderError             a feed could not be written as RSS/Atom/JSON
    ├── PublishError            a file in public/ could not be written
    ├── LockError               another feedsmith process holds the state folder   .pid
    └── Stopped                 feedsmith is shutting down; the run was not finished

Stages raise their own subclass with ``raise ... from exc`` so the library's exception stays
attached as the cause.
"""

from __future__ import annotations

from dataclasses import dataclass


class FeedsmithError(Exception):
    """Base class. Carries the feed id and where the problem is (a URL or file:line)."""

    default_message = "feedsmith failed"
    # a short name for the kind of failure, recorded in status.json
    kind = "error"

    # True when the message already says in plain words what the cause was ("connection
    # refused"): str() then leaves out the library's text, which stays chained for the log
    explained = False

    def __init__(self, message: str | None = None, *, feed_id: str = "", where: str = "") -> None:
        self.message = message or self.default_message
        self.feed_id = feed_id
        self.where = where
        super().__init__(self.message)

    def __str__(self) -> str:
        text = f"{self.feed_id}: {self.message}" if self.feed_id else self.message
        if self.where:
            text += f" ({self.where})"
        cause = self.__cause__
        if cause is not None and not self.explained and str(cause) and str(cause) not in text:
            text += f": {type(cause).__name__}: {cause}"
        return text


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in a config file."""

    file: str
    line: int | None
    feed_id: str | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        feed = f" feed {self.feed_id!r}" if self.feed_id else ""
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{feed}{key} {self.message}"


class ConfigError(FeedsmithError):
    """feeds.yaml cannot be used: ``issues`` lists every problem (file, line, feed id, key)."""

    default_message = "invalid configuration"
    kind = "config"

    def __init__(self, issues: tuple[ConfigIssue, ...]) -> None:
        self.issues = issues
        lines = "\n".join(f"  {issue}" for issue in issues)
        super().__init__(f"{len(issues)} problem(s) in the configuration:\n{lines}")


class SourceError(FeedsmithError):
    default_message = "the source failed"
    kind = "source"

    def __init__(
        self, message: str | None = None, *, feed_id: str = "", url: str = "", kind: str = ""
    ) -> None:
        super().__init__(message, feed_id=feed_id, where=url)
        self.url = url
        if kind:
            self.kind = kind


class FetchError(SourceError):
    default_message = "could not fetch the page"
    kind = "fetch"

    def __init__(
        self,
        message: str | None = None,
        *,
        feed_id: str = "",
        url: str = "",
        status: int | None = None,
        kind: str = "",
        explained: bool = False,
    ) -> None:
        super().__init__(message, feed_id=feed_id, url=url, kind=kind or ("http" if status else ""))
        self.status = status
        self.explained = explained


class ExtractError(SourceError):
    default_message = "could not extract items"
    kind = "extract"


class StoreError(FeedsmithError):
    default_message = "the state database failed"
    kind = "store"


class RenderError(FeedsmithError):
    default_message = "could not render the feed"
    kind = "render"


class PublishError(FeedsmithError):
    default_message = "could not write to the public folder"
    kind = "publish"


class LockError(FeedsmithError):
    default_message = "another feedsmith process is using the state folder"
    kind = "lock"

    def __init__(self, message: str | None = None, *, where: str = "", pid: int | None = None):
        super().__init__(message, where=where)
        self.pid = pid


class Stopped(FeedsmithError):
    default_message = "stopped: feedsmith is shutting down"
    kind = "stopped"
