"""Publishing to S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Backblaze B2, …) with boto3.

``publish: s3://BUCKET/PREFIX/?endpoint=URL&region=NAME`` puts every file under ``PREFIX`` in
``BUCKET``. Credentials are boto3's usual ones (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
in the environment, a profile, an instance role), or ``s3://KEY:SECRET@BUCKET/…`` with
``${VAR}``\\ s (masked in every message).

- Each changed file is one PUT, with its ``Content-Type`` and a ``Cache-Control`` lifetime (a
  feed's rebuild interval, as the ``_headers`` file says for static hosts).
- A file is put only when its bytes differ from the object's: every object carries the SHA-256
  of its bytes in its metadata (``x-amz-meta-sha256``), read with a HEAD before the PUT. The
  hash lives with the object, so any worker compares with what is there now, whoever put it.
- A PUT replaces an object whole or not at all: a failed upload leaves the previous object in
  place, and the next build (finding the old hash) puts the file again.
- The site files (index page, OPML, stylesheet, status.json, health feed) are rendered into a
  local staging folder once per batch, then `sync` puts those that differ and empties it.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import botocore.config
import botocore.exceptions

from feedsmith.backends.endpoints import mask
from feedsmith.errors import PublishError
from feedsmith.site import CONTENT_TYPES, DEFAULT_MAX_AGE, INDEX_MAX_AGE, STYLESHEET
from feedsmith.types import Rendered

log = logging.getLogger(__name__)

HASH_KEY = "sha256"
_ERRORS = (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError)


@dataclass(frozen=True, slots=True)
class S3Target:
    """What an ``s3://`` URL names."""

    bucket: str
    prefix: str
    endpoint: str | None
    region: str | None
    access_key: str | None
    secret_key: str | None
    path_style: bool

    @classmethod
    def parse(cls, url: str) -> S3Target:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        prefix = parts.path.lstrip("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        endpoint = query.get("endpoint")
        return cls(
            bucket=parts.hostname or "",
            prefix=prefix,
            endpoint=endpoint,
            region=query.get("region"),
            access_key=unquote(parts.username) if parts.username else None,
            secret_key=unquote(parts.password) if parts.password else None,
            # MinIO and most self-hosted stores want path-style addresses
            path_style=query.get("addressing", "path" if endpoint else "virtual") == "path",
        )


def content_type(name: str) -> str:
    if name.endswith(".json") and not name.endswith(("status.json",)):
        return CONTENT_TYPES[".json"]
    if name.endswith(".json"):
        return "application/json; charset=utf-8"
    suffix = name[name.rfind(".") :] if "." in name else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def cache_control(name: str, max_age: int | None) -> str:
    if max_age is None:
        max_age = 86400 if name == STYLESHEET else INDEX_MAX_AGE
    return f"public, max-age={max_age}"


class S3Publisher:
    """A `Publisher` putting files in an S3-compatible bucket (see the module docstring)."""

    def __init__(self, url: str, *, staging: Path) -> None:
        self.url = url
        self.target = S3Target.parse(url)
        self.folder = staging
        self._lock = threading.Lock()
        target = self.target
        self.client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=target.endpoint,
            region_name=target.region or "us-east-1",
            aws_access_key_id=target.access_key,
            aws_secret_access_key=target.secret_key,
            config=botocore.config.Config(
                s3={"addressing_style": "path" if target.path_style else "virtual"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=10,
                read_timeout=60,
            ),
        )
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return mask(self.url)

    def key(self, name: str) -> str:
        return self.target.prefix + name

    def _stored_hash(self, name: str) -> str | None:
        try:
            head = self.client.head_object(Bucket=self.target.bucket, Key=self.key(name))
        except botocore.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        stored: str | None = head.get("Metadata", {}).get(HASH_KEY)
        return stored

    def put(self, name: str, data: bytes, *, max_age: int | None = None) -> bool:
        """Put one file unless the object already holds these bytes; True if put.
        Raises `PublishError` (the previous object stays as it was)."""
        digest = hashlib.sha256(data).hexdigest()
        try:
            if self._stored_hash(name) == digest:
                return False
            self.client.put_object(
                Bucket=self.target.bucket,
                Key=self.key(name),
                Body=data,
                ContentType=content_type(name),
                CacheControl=cache_control(name, max_age),
                Metadata={HASH_KEY: digest},
            )
        except _ERRORS as exc:
            error = PublishError(
                f"cannot upload {name}: check the endpoint, bucket and credentials "
                "(the previous file stays published)",
                where=self.describe(),
            )
            raise error from exc
        log.debug("put s3 key=%s bytes=%d", self.key(name), len(data))
        return True

    def publish(self, files: Iterable[Rendered], *, max_age: int | None = None) -> tuple[str, ...]:
        age = DEFAULT_MAX_AGE if max_age is None else max_age
        return tuple(f.filename for f in files if self.put(f.filename, f.data, max_age=age))

    def has(self, names: Iterable[str]) -> bool:
        try:
            return all(self._stored_hash(name) is not None for name in names)
        except _ERRORS:
            return False

    def names(self) -> frozenset[str]:
        found: set[str] = set()
        prefix = self.target.prefix
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.target.bucket, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents", ()):
                    name = item["Key"][len(prefix) :]
                    if name and "/" not in name:
                        found.add(name)
        except _ERRORS as exc:
            raise PublishError("cannot list the bucket", where=self.describe()) from exc
        return frozenset(found)

    def sync(self, names: Iterable[str]) -> tuple[str, ...]:
        """Put the site files just written into the staging folder, then empty it (so the next
        batch writes them all again and each is compared with its object)."""
        put = []
        with self._lock:
            try:
                for name in names:
                    path = self.folder / name
                    if path.is_file() and self.put(name, path.read_bytes()):
                        put.append(name)
            finally:
                for path in self.folder.iterdir():
                    if path.is_file():
                        path.unlink(missing_ok=True)
        return tuple(put)

    def remove(self, names: Iterable[str]) -> tuple[str, ...]:
        removed = []
        for name in names:
            try:
                if self._stored_hash(name) is None:
                    continue
                self.client.delete_object(Bucket=self.target.bucket, Key=self.key(name))
            except _ERRORS as exc:
                raise PublishError(f"cannot delete {name}", where=self.describe()) from exc
            removed.append(name)
        return tuple(removed)

    def close(self) -> None:
        self.client.close()
