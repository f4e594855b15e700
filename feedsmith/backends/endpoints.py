"""Where the stateful parts live: read from feeds.yaml and the environment, never printed whole.

Each of ``state:``, ``cache:``, ``publish:`` and ``cluster.broker`` may name a server by URL.
The environment wins over the file (`ENV`: ``FEEDSMITH_STATE`` and so on), and ``${VAR}`` in a
value is read from the environment when the run starts, so a password need never be written in
feeds.yaml. `mask` hides passwords and secret query parameters wherever a URL is shown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from feedsmith.errors import ConfigError, ConfigIssue

ENV = {
    "state": "FEEDSMITH_STATE",
    "cache": "FEEDSMITH_CACHE",
    "publish": "FEEDSMITH_PUBLISH",
    "broker": "FEEDSMITH_BROKER",
}
POSTGRES_SCHEMES = ("postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss")
S3_SCHEMES = ("s3",)
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SECRET_PARAMS = re.compile(r"pass|secret|token|key|credential", re.IGNORECASE)
MASK = "***"


def scheme(value: str) -> str:
    """The URL scheme of ``value`` in lower case, or "" for a path."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", value)
    return match.group(1).lower() if match else ""


def check(key: str, value: str) -> str:
    """Check a config value names something that key can use; raises ValueError saying what."""
    if _VAR.search(value) and _VAR.sub("", value).strip() in ("", "/"):
        return value  # all of it comes from the environment: checked when it is read
    found = scheme(value)
    allowed = {
        "state": POSTGRES_SCHEMES,
        "cache": REDIS_SCHEMES,
        "publish": S3_SCHEMES,
        "broker": REDIS_SCHEMES,
    }[key]
    if key == "broker" and found not in allowed:
        raise ValueError(f"the broker must be a redis:// URL, not {mask(value)!r}")
    if found and found not in allowed:
        kinds = " or ".join(f"{s}://" for s in allowed)
        raise ValueError(f"{found}:// is not supported here: use {kinds}, or a local path")
    if found == "s3" and not urlsplit(value).netloc:
        raise ValueError("an s3:// URL needs a bucket: s3://BUCKET/PREFIX/")
    return value


def expand(value: str, *, key: str, env: Mapping[str, str] | None = None) -> str:
    """``value`` with each ``${VAR}`` replaced by the environment's; ConfigError if one is unset."""
    env = os.environ if env is None else env

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            issue = ConfigIssue(
                "environment", None, None, key, f"${{{name}}} is used but {name} is not set"
            )
            raise ConfigError((issue,))
        return env[name]

    return _VAR.sub(one, value)


def mask(url: str) -> str:
    """``url`` with its password and any secret-looking query parameter replaced by ***."""
    if not scheme(url):
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}{':' + MASK if colon else ''}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if _SECRET_PARAMS.search(k) else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


Kind = Literal["sqlite", "postgres", "redis", "folder", "s3"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One part's place: a local path or a server URL (``url`` holds any password: show
    `shown`)."""

    kind: Kind
    url: str
    path: Path | None = None

    @property
    def shown(self) -> str:
        return str(self.path) if self.path is not None else mask(self.url)


@dataclass(frozen=True, slots=True)
class Endpoints:
    state: Endpoint
    cache: Endpoint
    publish: Endpoint
    broker: Endpoint | None

    @property
    def shared(self) -> bool:
        """True when state, cache and published files are all on servers (a cluster can
        share them)."""
        return (self.state.kind, self.cache.kind, self.publish.kind) == ("postgres", "redis", "s3")


def resolve(
    *,
    root: Path,
    state_dir: Path,
    public_dir: Path,
    state: str | None,
    cache: str | None,
    publish: str | None,
    broker: str | None,
    env: Mapping[str, str] | None = None,
) -> Endpoints:
    """Every part's place: the environment's value, else the config's, else the default
    (files in the state folder, public/). Raises `ConfigError` for a bad or unset value."""
    env = os.environ if env is None else env

    def value(key: str, configured: str | None) -> str | None:
        raw = env.get(ENV[key]) or configured
        if raw is None:
            return None
        text = expand(raw, key=key, env=env).strip()
        try:
            return check(key, text)
        except ValueError as exc:
            source = ENV[key] if env.get(ENV[key]) else "feeds.yaml"
            raise ConfigError((ConfigIssue(source, None, None, key, str(exc)),)) from None

    def local(text: str) -> Path:
        text = text.removeprefix("sqlite://") if text.startswith("sqlite://") else text
        path = Path(text).expanduser()
        return path if path.is_absolute() else root / path

    state_url = value("state", state)
    cache_url = value("cache", cache)
    publish_url = value("publish", publish)
    broker_url = value("broker", broker)
    if state_url and scheme(state_url) in POSTGRES_SCHEMES:
        state_end = Endpoint("postgres", state_url)
    else:
        path = local(state_url) if state_url else state_dir / "state.sqlite"
        state_end = Endpoint("sqlite", path.as_uri(), path)
    if cache_url and scheme(cache_url) in REDIS_SCHEMES:
        cache_end = Endpoint("redis", cache_url)
    else:
        path = local(cache_url) if cache_url else state_dir / "http_cache"
        cache_end = Endpoint("sqlite", path.as_uri(), path)
    if publish_url and scheme(publish_url) in S3_SCHEMES:
        publish_end = Endpoint("s3", publish_url)
    else:
        path = local(publish_url) if publish_url else public_dir
        publish_end = Endpoint("folder", path.as_uri(), path)
    broker_end = Endpoint("redis", broker_url) if broker_url else None
    return Endpoints(state=state_end, cache=cache_end, publish=publish_end, broker=broker_end)
