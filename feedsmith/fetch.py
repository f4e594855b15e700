"""Get a page's bytes and decode them.

HTTP(S) goes through one ``requests_cache.CachedSession`` whose SQLite file lives in the state
folder: every request revalidates the stored copy with ETag / Last-Modified, so an unchanged page
costs a 304 and no download. ``file://`` URLs and plain paths are read from disk, for offline
sources and tests.

Text is decoded from the charset the HTTP header names, then the page's own ``<meta charset>``,
then detection (UTF-8 if it decodes, else charset-normalizer), so a Windows-1252 page never
comes out as mojibake.
"""

from __future__ import annotations

import codecs
import logging
import mimetypes
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
import requests_cache
from charset_normalizer import from_bytes

from feedsmith.errors import FetchError
from feedsmith.types import Page

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as Windows-1252 (WHATWG Encoding Standard), and so do we.
_AS_CP1252 = {"iso8859-1", "latin-1", "latin1", "ascii", "us-ascii", "iso-8859-1", "windows-1252"}
_LATIN_SINGLE_BYTE = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "iso8859-2",
    "iso8859-3",
    "iso8859-4",
    "iso8859-9",
    "iso8859-10",
    "iso8859-13",
    "iso8859-14",
    "iso8859-15",
    "iso8859-16",
    "latin-1",
    "mac-roman",
    "mac-latin2",
    "cp850",
    "cp437",
}
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOptions:
    """What one source asks of the fetcher."""

    user_agent: str
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES


def decode(content: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a document: BOM, HTTP charset, ``<meta charset>``, then detection.

    Returns the text and the name of the encoding used.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace"), name.removesuffix("-sig")
    declared = [_charset_param(content_type)]
    match = _META_CHARSET.search(content[:4096])
    if match:
        declared.append(match.group(1).decode("ascii", "replace"))
    for label in declared:
        name = _codec_name(label)
        if name is None:
            continue
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode; detecting", name)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content[:200_000]).best()
    name = _codec_name(best.encoding) if best is not None else None
    if name is None or (name in _LATIN_SINGLE_BYTE and _decodes(content, "cp1252")):
        # detectors cannot tell the Latin code pages apart on short pages; an undeclared one is
        # Windows-1252 far more often than any other (the browsers' default too)
        name = "cp1252"
    return content.decode(name, errors="replace"), name


def _decodes(content: bytes, name: str) -> bool:
    try:
        content.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _charset_param(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 or label.lower() in _AS_CP1252 else name


def is_local(url: str) -> bool:
    return url.startswith("file:") or "://" not in url


class Fetcher:
    """Fetches pages for every feed of a build; one cached HTTP session shared by all."""

    def __init__(self, state_dir: Path, *, max_redirects: int = DEFAULT_MAX_REDIRECTS) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self.session = requests_cache.CachedSession(
            str(state_dir / "http_cache"),
            backend="sqlite",
            # stored responses are stale at once: kept only when they carry a validator
            # (ETag / Last-Modified), and then revalidated with a conditional request each time
            expire_after=requests_cache.EXPIRE_IMMEDIATELY,
            allowable_codes=(200,),
            stale_if_error=False,
            # WAL: a commit does not wait for the disk; a crash loses at most the newest
            # responses, which are fetched again next time
            wal=True,
        )
        self.session.max_redirects = max_redirects

    def close(self) -> None:
        self.session.close()

    def fetch(self, url: str, options: RequestOptions, *, feed_id: str = "") -> Page:
        """Fetch and decode one page, raising `FetchError` with the reason."""
        if is_local(url):
            return _read_local(url, feed_id=feed_id)
        headers = {"User-Agent": options.user_agent, **dict(options.headers)}
        try:
            response = self.session.get(url, headers=headers, timeout=options.timeout)
        except requests.TooManyRedirects as exc:
            raise FetchError("too many redirects", feed_id=feed_id, url=url) from exc
        except requests.Timeout as exc:
            raise FetchError(
                f"no answer within {options.timeout:g} s", feed_id=feed_id, url=url
            ) from exc
        except requests.ConnectionError as exc:
            raise FetchError(_connection_reason(exc), feed_id=feed_id, url=url) from exc
        except requests.RequestException as exc:
            raise FetchError("request failed", feed_id=feed_id, url=url) from exc
        status = response.status_code
        if status >= 400:
            raise FetchError(
                f"HTTP {status} {response.reason or ''}".strip(),
                feed_id=feed_id,
                url=url,
                status=status,
            )
        content = response.content or b""
        if len(content) > options.max_bytes:
            raise FetchError(
                f"response larger than {options.max_bytes} bytes", feed_id=feed_id, url=url
            )
        content_type = response.headers.get("Content-Type", "")
        _check_type(content_type, feed_id=feed_id, url=url)
        text, encoding = decode(content, content_type)
        from_cache = bool(getattr(response, "from_cache", False))
        log.debug(
            "fetched url=%s status=%s cache=%s bytes=%d", url, status, from_cache, len(content)
        )
        return Page(
            requested_url=url,
            url=response.url or url,
            status=304 if from_cache else status,
            content=content,
            text=text,
            encoding=encoding,
            content_type=content_type.split(";")[0].strip(),
            fetched_at=datetime.now(UTC),
            from_cache=from_cache,
        )


def _check_type(content_type: str, *, feed_id: str, url: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind.startswith(_BINARY_TYPES):
        raise FetchError(f"not a web page but {kind}", feed_id=feed_id, url=url)


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    if (
        "Name or service not known" in text
        or "NameResolutionError" in text
        or "getaddrinfo" in text
    ):
        host = urlsplit(exc.request.url if exc.request else "").hostname or "the host"
        return f"cannot resolve host {host}"
    if "Connection refused" in text:
        return "connection refused"
    if "Connection reset" in text or "RemoteDisconnected" in text:
        return "connection reset by the server"
    return "connection failed"


def _read_local(url: str, *, feed_id: str) -> Page:
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    path = path.resolve()
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FetchError(
            f"cannot read file: {exc.strerror or exc}", feed_id=feed_id, url=str(path)
        ) from exc
    content_type = mimetypes.guess_type(path.name)[0] or "text/html"
    text, encoding = decode(content)
    return Page(
        requested_url=url,
        url=path.as_uri(),
        status=200,
        content=content,
        text=text,
        encoding=encoding,
        content_type=content_type,
        fetched_at=datetime.now(UTC),
    )
