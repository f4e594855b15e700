"""Get a page's bytes and decode them.

HTTP(S) goes through one ``requests`` session and a `PageCache` (requests-cache's SQLite storage
in the state folder): every request revalidates the stored copy with ETag / Last-Modified, so
an unchanged page costs a 304 and no download. ``file://`` URLs and plain paths are read from
disk, for offline sources and tests.

Text is decoded from the charset the HTTP header names, then the page's own ``<meta charset>``,
then detection (UTF-8 if it decodes, else charset-normalizer), so a Windows-1252 page never
comes out as mojibake.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import logging
import math
import mimetypes
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import select_proxy
from urllib3 import HTTPHeaderDict, HTTPResponse
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError

from feedsmith import _pagecache_import, interstitial, netguard
from feedsmith.backends.interfaces import Limiter, PageStore
from feedsmith.decoding import decode
from feedsmith.errors import FetchError
from feedsmith.politeness import HostLimiter, RobotsAnswer, RobotsRules
from feedsmith.types import Page

if TYPE_CHECKING:
    from requests_cache.backends.sqlite import SQLiteCache
    from requests_cache.models.response import CachedResponse

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10

_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOptions:
    """What one source asks of the fetcher."""

    user_agent: str
    headers: tuple[tuple[str, str], ...] = ()
    # seconds to wait for a connection and for each read
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    # honour the site's robots.txt
    robots: bool = True
    # keep the page to revalidate it next time; off for pages read once (article pages)
    keep: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlSettings:
    """Politeness and limits shared by every request of a run (config: ``crawl:``)."""

    # requests in flight to one host at a time
    per_host: int = 1
    # seconds between two requests to one host; None: 1 s, none for this machine's own addresses
    delay: float | None = None
    connect_timeout: float = 10.0
    # seconds one response may take from its first byte to its last, whatever the server does
    total_timeout: float = 60.0
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    # further attempts after a connection error, 5xx or 429
    retries: int = 2
    # seconds before the first retry; doubled for each next one
    backoff: float = 1.0
    # the longest Retry-After honoured by waiting; a longer one fails the run at once
    retry_after_max: float = 120.0


def is_local(url: str) -> bool:
    return url.startswith("file:") or "://" not in url


class _Refused(requests.RequestException):
    """A limit was reached (size, total time): the response is refused, not retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Broken(requests.ConnectionError):
    """The connection broke while the body was being read (reset, cut short, bad encoding)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _GuardedAdapter(HTTPAdapter):
    """Every HTTP request of a fetcher passes here: the host's politeness slot, then the
    response body read in pieces with the size and total-time limits checked after each piece
    (after decompression, so a gzip bomb is stopped at the limit, not after it)."""

    def __init__(self, limiter: Limiter, settings: CrawlSettings) -> None:
        self.limiter = limiter
        self.settings = settings
        self.local = threading.local()
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        # every connection resolves and checks its address against the origin rule
        self.poolmanager.pool_classes_by_scheme = netguard.POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        # through a proxy too: a tunnel is asked for by the address checked (netguard)
        manager.pool_classes_by_scheme = netguard.POOL_CLASSES
        return manager

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        url = request.url or ""
        origin = netguard.current()
        if origin is not None:  # every hop: the first request and each redirect
            proxied = bool(select_proxy(url, kwargs.get("proxies") or {}))
            reason = netguard.check_url(url, origin, resolve=proxied)
            if reason is not None:
                raise netguard.Refused(reason)
        max_bytes = getattr(self.local, "max_bytes", DEFAULT_MAX_BYTES)
        with self.limiter.slot(url):
            deadline = time.monotonic() + self.settings.total_timeout
            response = super().send(request, stream=True, **kwargs)
            try:
                data = _read_body(response, max_bytes, deadline, self.settings.total_timeout)
            except BaseException:
                response.close()
                raise
        raw = response.raw
        raw.release_conn()
        headers = HTTPHeaderDict(
            {k: v for k, v in raw.headers.items() if k.lower() != "content-encoding"}
        )
        headers["Content-Length"] = str(len(data))
        # the body is already decoded: hand requests(-cache) a plain in-memory copy of it
        response.raw = HTTPResponse(
            body=io.BytesIO(data),
            headers=headers,
            status=response.status_code,
            reason=response.reason,
            preload_content=False,
            decode_content=False,
            request_url=url,
        )
        response.headers.pop("Content-Encoding", None)
        response.headers["Content-Length"] = str(len(data))
        response._content = data
        response._content_consumed = True  # type: ignore[attr-defined]
        return response


def _read_body(response: requests.Response, max_bytes: int, deadline: float, total: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if (
        declared.isdigit()
        and int(declared) > max_bytes
        and "Content-Encoding" not in (response.headers)
    ):
        raise _Refused(f"response of {int(declared)} bytes is over the {max_bytes}-byte limit")
    raw = response.raw
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise _Refused(f"response took longer than {total:g} s in total (too slow)")
            chunk = raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise _Refused(f"response is over the {max_bytes}-byte limit (after decompression)")
            chunks.append(chunk)
    except _Refused:
        raise
    except ReadTimeoutError as exc:
        raise requests.ReadTimeout(str(exc)) from exc
    except DecodeError as exc:
        raise _Broken("the compressed body is corrupt") from exc
    except (ProtocolError, OSError) as exc:
        raise _Broken("connection broken in the middle of the response") from exc
    return b"".join(chunks)


_CHUNK = 64 * 1024


class PageCache:
    """The pages fetched before, each kept with its validators until the server changes it.

    Storage and serialisation are requests-cache's (its SQLite backend holds one
    ``CachedResponse`` per request); the policy is ours and short: a page is kept only when it
    came with a validator (``ETag`` / ``Last-Modified``) and the server did not say
    ``no-store``, and every use revalidates it with a conditional GET. A 304 hands back the
    stored page without writing it again; a new page replaces it (or drops it, when it has no
    validator); errors leave it be.

    A page nobody asked for in `KEEP` (a feed removed, a URL changed) is forgotten: each
    stored page carries an expiry, pushed back when a 304 finds it in the second half of its
    time, and expired pages are deleted when the cache opens and once a day after that.

    The storage is opened (and requests-cache imported) when a page is first read or kept:
    a run whose every page is known unchanged from its validators alone
    (`Fetcher.fetch_if_changed`) never opens it.

    (requests-cache's own session does the same with ``EXPIRE_IMMEDIATELY``, but spends about
    a millisecond per request on work this policy never needs: cache directives parsed three
    times, a signature inspection per call, a normalised copy of every URL.)
    """

    KEEP = timedelta(days=30)
    # what a failed write of the storage raises (a page not stored is logged, never fatal)
    errors: tuple[type[Exception], ...] = (sqlite3.Error, OSError)

    def __init__(self, path: Path) -> None:
        self._path = path
        self._backend: SQLiteCache | None = None
        self._opening = threading.Lock()
        self._pruned = 0.0

    @property
    def _pages(self) -> Any:
        """requests-cache's storage of the responses, opened on first use."""
        backend = self._backend
        if backend is None:
            with self._opening:
                backend = self._backend or self._open()
        return backend.responses

    def _open(self) -> SQLiteCache:
        try:
            backend = _open_cache(self._path)
        except sqlite3.OperationalError:
            raise  # locked by another process, not writable: the file is not damaged
        except sqlite3.DatabaseError as exc:
            # only copies of pages: a damaged file is put aside and the pages fetched again
            broken = _put_aside(self._path.with_suffix(".sqlite"))
            log.warning("the HTTP cache was unreadable (%s); moved to %s", exc, broken)
            backend = _open_cache(self._path)
        self._backend = backend
        self._prune()
        return backend

    @property
    def db_path(self) -> Path:
        return Path(self._pages.db_path)

    @staticmethod
    def key(url: str, headers: Mapping[str, str]) -> str:
        """One entry per URL and request headers (a different User-Agent or Accept-Language
        can get a different page)."""
        sent = "\n".join(f"{k.lower()}:{v}" for k, v in sorted(headers.items()))
        return hashlib.blake2b(f"GET {url}\n{sent}".encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> CachedResponse | None:
        try:
            stored = self._pages.get(key)
        except Exception:  # an entry written by another version, or damaged: fetch anew
            log.warning("cannot read the stored copy of a page; fetching it again", exc_info=True)
            return None
        return stored if isinstance(stored, _requests_cache()[1]) else None

    def update(
        self, key: str, stored: CachedResponse | None, response: requests.Response
    ) -> requests.Response:
        """What the server's answer means for the stored page; the response to use.

        A page that cannot be stored (disk full, a damaged file) is logged and used all the
        same: the next run downloads it in full, nothing else is lost."""
        if response.status_code == 304 and stored is not None:
            answer: requests.Response = stored
        elif response.status_code == 200:
            answer = response
        else:
            return response  # errors, redirects left over: the stored copy stays as it was
        try:
            self._store(key, stored, response)
        except self.errors:
            log.warning("cannot store %s in the HTTP cache", response.url, exc_info=True)
        return answer

    def _store(self, key: str, stored: CachedResponse | None, response: requests.Response) -> None:
        now = datetime.now(UTC)
        if time.monotonic() - self._pruned > _PRUNE_EVERY:
            self._prune()
        if response.status_code == 304 and stored is not None:
            changed = {
                name: response.headers[name]
                for name in _VALIDATORS
                if name in response.headers and response.headers[name] != stored.headers.get(name)
            }
            stale = stored.expires is None or stored.expires - now < self.KEEP / 2
            if changed or stale:  # a new validator for the same page, or still in use
                stored.headers.update(changed)
                stored.expires = now + self.KEEP
                self._pages[key] = stored
        elif _storable(response):
            kept = _requests_cache()[1].from_response(response, expires=now + self.KEEP)
            self._pages[key] = kept
        elif stored is not None:  # changed, and no longer revalidatable
            self._pages.pop(key, None)

    def _prune(self) -> None:
        if self._backend is None:
            return  # not opened: pruned when it is
        try:
            self._backend.delete(expired=True, vacuum=False)
        except sqlite3.Error:
            log.warning("cannot delete expired pages from the HTTP cache", exc_info=True)
        self._pruned = time.monotonic()

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()  # type: ignore[no-untyped-call]


_VALIDATORS = ("ETag", "Last-Modified")
_PRUNE_EVERY = 24 * 3600.0


@functools.cache
def _requests_cache() -> tuple[type[SQLiteCache], type[CachedResponse]]:
    """(`SQLiteCache`, `CachedResponse`): requests-cache's SQLite storage without its boto3
    and redis backends (a local build uses neither): `feedsmith._pagecache_import`."""
    return _pagecache_import.load()


def _open_cache(path: Path) -> SQLiteCache:
    # WAL: a commit does not wait for the disk; a crash loses at most the newest pages, which
    # are fetched again next time
    cache = _requests_cache()[0](str(path), wal=True)
    cache.responses.count()  # reads the file: a damaged one fails here, not mid-build
    return cache


def _put_aside(path: Path) -> Path:
    broken = path.with_name(path.name + ".broken")
    path.replace(broken)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return broken


def _storable(response: requests.Response) -> bool:
    headers = response.headers
    if not any(headers.get(name) for name in _VALIDATORS):
        return False
    return "no-store" not in headers.get("Cache-Control", "").lower()


def conditional_headers(stored: CachedResponse) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for a stored page."""
    return _conditional(stored.headers.get("ETag"), stored.headers.get("Last-Modified"))


def _conditional(etag: str | None, modified: str | None) -> dict[str, str]:
    out = {}
    if etag:
        out["If-None-Match"] = etag
    if modified:
        out["If-Modified-Since"] = modified
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Seen:
    """A page as it was read before: the address it came from (after redirects) and the
    validators the server gave it (`Page.etag`, `Page.last_modified`)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, page: Page) -> Seen | None:
        """What `Fetcher.fetch_if_changed` needs of ``page``; None without a validator."""
        if not (page.etag or page.last_modified):
            return None
        return cls(url=page.url, etag=page.etag, last_modified=page.last_modified)


def _once_per_host(merge: Callable[..., Any]) -> Callable[..., Any]:
    """``Session.merge_environment_settings``, remembered per scheme and host."""
    remembered: dict[tuple[Any, ...], dict[str, Any]] = {}
    lock = threading.Lock()

    def merged(
        url: str, proxies: dict[str, str], stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        parts = urlsplit(url)
        chosen = tuple(sorted((proxies or {}).items()))
        key = (parts.scheme, parts.netloc, chosen, stream, verify, str(cert))
        with lock:
            settings = remembered.get(key)
        if settings is None:
            settings = dict(merge(url, proxies, stream, verify, cert))
            with lock:
                remembered[key] = settings
        return {**settings, "proxies": dict(settings["proxies"])}

    return merged


class Fetcher:
    """Fetches pages for every feed of a build; one cached HTTP session shared by all.

    Thread-safe: feeds on different hosts are fetched at the same time, and the `HostLimiter`
    keeps each host to its own pace.
    """

    def __init__(
        self,
        state_dir: Path,
        *,
        max_redirects: int | None = None,
        settings: CrawlSettings | None = None,
        stop: threading.Event | None = None,
        limiter: Limiter | None = None,
        pages: PageStore | None = None,
        robots: RobotsRules | None = None,
    ) -> None:
        """``limiter``, ``pages`` and ``robots`` are given when they are shared
        (`feedsmith.backends`); by default they are this process's own, the cache in
        ``state_dir``."""
        state_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings or CrawlSettings()
        self.limiter: Limiter = limiter or HostLimiter(
            per_host=self.settings.per_host, delay=self.settings.delay, stop=stop
        )
        self.robots = robots or RobotsRules()
        self.pages: PageStore = pages or PageCache(state_dir / "http_cache")
        self.session = requests.Session()
        # requests reads the proxy environment again (walking all of os.environ) for every
        # request, about half a millisecond each; it does not change during a run
        self.session.merge_environment_settings = _once_per_host(  # type: ignore[method-assign]
            self.session.merge_environment_settings
        )
        self._adapter = _GuardedAdapter(self.limiter, self.settings)
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self.session.max_redirects = (
            max_redirects if max_redirects is not None else self.settings.max_redirects
        )

    def close(self) -> None:
        self.session.close()
        self.pages.close()

    def fetch(
        self,
        url: str,
        options: RequestOptions,
        *,
        feed_id: str = "",
        origin: netguard.Origin | None = None,
        trusted: bool = True,
    ) -> Page:
        """Fetch and decode one page, raising `FetchError` with the reason.

        ``trusted``: the URL is one the user wrote in feeds.yaml (it may be a local file). One
        found in fetched content is not: it must pass `netguard.check_url` against the feed's
        ``origin`` (its configured URL) before anything is read. Either way every connection,
        redirects included, obeys the origin rule (`feedsmith.netguard`).
        """
        origin = origin or netguard.origin_of(url)
        if not trusted:
            reason = netguard.check_url(url, origin)
            if reason is not None:
                raise FetchError(reason, feed_id=feed_id, url=url, kind="refused")
        if is_local(url):
            return _read_local(url, feed_id=feed_id, max_bytes=options.max_bytes)
        with netguard.guarding(origin):
            return self._fetch_http(url, options, feed_id=feed_id)

    def fetch_if_changed(
        self, url: str, options: RequestOptions, *, seen: Seen, feed_id: str = ""
    ) -> Page | None:
        """`fetch` for a URL the user wrote, asking the server whether the page changed since
        it was ``seen``: the request carries ``seen``'s validators, and a 304 from the address
        it was seen at gives None (the page is as it was then) without the stored copy being
        read. Any other answer gives what `fetch` gives. Raises `FetchError`."""
        if is_local(url):
            return self.fetch(url, options, feed_id=feed_id)
        with netguard.guarding(netguard.origin_of(url)):
            page = self._fetch_http(url, options, feed_id=feed_id, seen=seen)
            if page is None or page.status != 304 or page.from_cache:
                return page
            # a 304 from another address than the one seen (a redirect changed): read it anew
            return self._fetch_http(url, options, feed_id=feed_id)

    @overload
    def _fetch_http(self, url: str, options: RequestOptions, *, feed_id: str) -> Page: ...

    @overload
    def _fetch_http(
        self, url: str, options: RequestOptions, *, feed_id: str, seen: Seen | None
    ) -> Page | None: ...

    def _fetch_http(
        self, url: str, options: RequestOptions, *, feed_id: str, seen: Seen | None = None
    ) -> Page | None:
        headers = {"User-Agent": options.user_agent, **dict(options.headers)}
        if options.robots:
            self._check_robots(url, options, feed_id=feed_id)
        response = self._request(url, headers, options, feed_id=feed_id, seen=seen)
        status = response.status_code
        if status == 304 and seen is not None and (response.url or url) == seen.url:
            return None
        if status >= 400:
            reason = f"HTTP {status} {reason_phrase(response)}".strip()
            blocked = interstitial.classify(response.content or b"")
            if blocked:
                reason += f": {blocked}"
            raise FetchError(
                reason, feed_id=feed_id, url=url, status=status, kind="blocked" if blocked else ""
            )
        content = response.content or b""
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
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    @contextmanager
    def polite(
        self,
        url: str,
        options: RequestOptions,
        *,
        feed_id: str = "",
        origin: netguard.Origin | None = None,
        trusted: bool = True,
    ) -> Iterator[None]:
        """For fetches made by other means (a browser): the same robots.txt check, the same
        per-host pace and the same origin rule as `fetch` (the host name resolved here, since
        the browser's own connections are out of reach). Raises `FetchError` when robots.txt
        disallows the URL or the rule refuses it."""
        origin = origin or netguard.origin_of(url)
        if not trusted:
            reason = netguard.check_url(url, origin, resolve=True)
            if reason is not None:
                raise FetchError(reason, feed_id=feed_id, url=url, kind="refused")
        if is_local(url):
            yield
            return
        with netguard.guarding(origin):
            if options.robots:
                self._check_robots(url, options, feed_id=feed_id)
        with self.limiter.slot(url):
            yield

    def _check_robots(self, url: str, options: RequestOptions, *, feed_id: str) -> None:
        def fetch_robots(robots_url: str) -> RobotsAnswer:
            robots_options = RequestOptions(
                user_agent=options.user_agent, timeout=options.timeout, max_bytes=_ROBOTS_MAX_BYTES
            )
            headers = {"User-Agent": options.user_agent}
            response = self._request(
                robots_url, headers, robots_options, feed_id=feed_id, retry_status=False
            )
            text = (response.content or b"").decode("utf-8", "replace")
            return RobotsAnswer(status=response.status_code, text=text)

        try:
            allowed, reason, crawl_delay = self.robots.check(url, options.user_agent, fetch_robots)
        except FetchError as exc:
            raise FetchError(
                f"{exc.message} (while reading robots.txt)",
                feed_id=feed_id,
                url=url,
                status=exc.status,
                kind=exc.kind,
                explained=exc.explained,
            ) from exc.__cause__
        if crawl_delay:
            self.limiter.set_crawl_delay(url, crawl_delay)
        if not allowed:
            raise FetchError(reason, feed_id=feed_id, url=url, kind="robots")

    def _request(
        self,
        url: str,
        headers: dict[str, str],
        options: RequestOptions,
        *,
        feed_id: str,
        retry_status: bool = True,
        seen: Seen | None = None,
    ) -> requests.Response:
        """GET with retries: connection errors and 5xx/429 again after a growing pause, or
        after the pause ``Retry-After`` asks for. Conditional on the stored copy's validators,
        or on ``seen``'s (the stored copy then unread: a 304 is handed back as it came).
        Raises `FetchError`."""
        settings = self.settings
        timeout = (min(settings.connect_timeout, options.timeout), options.timeout)
        key = self.pages.key(url, headers)
        stored = None
        if seen is not None:
            headers = {**headers, **_conditional(seen.etag, seen.last_modified)}
        elif options.keep:
            stored = self.pages.get(key)
            if stored is not None:
                headers = {**headers, **conditional_headers(stored)}
        attempt = 0
        while True:
            self._adapter.local.max_bytes = options.max_bytes
            try:
                response = self.session.get(url, headers=headers, timeout=timeout)
                if options.keep:
                    response = self.pages.update(key, stored, response)
            except _Refused as exc:
                raise FetchError(
                    exc.reason, feed_id=feed_id, url=url, kind="limit", explained=True
                ) from exc
            except netguard.Refused as exc:
                raise FetchError(str(exc), feed_id=feed_id, url=url, kind="refused") from exc
            except requests.exceptions.InvalidSchema as exc:
                # a redirect to file:, javascript: and the like: requests has no adapter for it
                raise FetchError(
                    "refused: redirected to a URL that is not http(s)",
                    feed_id=feed_id,
                    url=url,
                    kind="refused",
                ) from exc
            except requests.TooManyRedirects as exc:
                raise FetchError(
                    _redirect_reason(exc), feed_id=feed_id, url=url, explained=True
                ) from exc
            except requests.ConnectionError as exc:
                reason = _connection_reason(exc, options.timeout)
                if attempt >= settings.retries or reason.startswith("cannot resolve"):
                    raise FetchError(
                        reason, feed_id=feed_id, url=url, explained=reason != _UNKNOWN
                    ) from exc
                log.info("url=%s %s; retry %d", url, reason, attempt + 1)
                self.limiter.sleep(settings.backoff * 2**attempt)
                attempt += 1
                continue
            except requests.Timeout as exc:
                raise FetchError(
                    f"no answer within {options.timeout:g} s",
                    feed_id=feed_id,
                    url=url,
                    explained=True,
                ) from exc
            except requests.RequestException as exc:
                raise FetchError("request failed", feed_id=feed_id, url=url) from exc
            status = response.status_code
            if not retry_status or not (status >= 500 or status == 429):
                return response
            wait = retry_after(response.headers.get("Retry-After"))
            if wait is not None:
                self.limiter.defer(url, min(wait, _MAX_DEFER))
                if wait > settings.retry_after_max:
                    raise FetchError(
                        f"HTTP {status} {reason_phrase(response)}".strip()
                        + f"; the site asks to wait {wait:g} s (Retry-After), "
                        + f"more than the {settings.retry_after_max:g} s we wait",
                        feed_id=feed_id,
                        url=url,
                        status=status,
                    )
            if attempt >= settings.retries:
                return response
            log.info("url=%s HTTP %d; retry %d", url, status, attempt + 1)
            if wait is None:
                self.limiter.sleep(settings.backoff * 2**attempt)
            attempt += 1


_ROBOTS_MAX_BYTES = 512 * 1024
# the longest a host is left alone because it sent Retry-After
_MAX_DEFER = 3600.0


def retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (either form: seconds, or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # whole seconds, as the other form gives them: "asks to wait 3600 s", not 3599.62
    return float(max(0, math.ceil((when - datetime.now(UTC)).total_seconds())))


def reason_phrase(response: requests.Response) -> str:
    """The server's reason phrase as one line of printable text (it is the server's to write:
    control characters in it once made the health feed unwritable), at most 100 characters."""
    text = "".join(c if c.isprintable() else " " for c in str(response.reason or ""))
    return " ".join(text.split())[:100]


def _redirect_reason(exc: requests.TooManyRedirects) -> str:
    response = exc.response
    chain = [r.url for r in response.history] + [response.url] if response is not None else []
    seen: set[str] = set()
    for hop in chain:
        if hop in seen:
            return f"too many redirects: a redirect loop (back to {hop})"
        seen.add(hop)
    return f"too many redirects (more than {len(chain) - 1 if chain else '?'})"


def _check_type(content_type: str, *, feed_id: str, url: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind.startswith(_BINARY_TYPES):
        raise FetchError(f"not a web page but {kind}", feed_id=feed_id, url=url, kind="type")


def _connection_reason(exc: requests.ConnectionError, timeout: float) -> str:
    if isinstance(exc, _Broken):
        return exc.reason
    if isinstance(exc, requests.ConnectTimeout):
        return f"could not connect within {timeout:g} s"
    text = str(exc)
    if (
        "Name or service not known" in text
        or "NameResolutionError" in text
        or "getaddrinfo" in text
        or "No address associated" in text
    ):
        request_url = str(exc.request.url) if exc.request is not None else ""
        host = urlsplit(request_url).hostname or "the host"
        return f"cannot resolve host {host}"
    if "Connection refused" in text:
        return "connection refused"
    if "Connection reset" in text or "RemoteDisconnected" in text or "aborted" in text:
        return "connection reset by the server"
    if "timed out" in text:
        return f"no answer within {timeout:g} s"
    return _UNKNOWN


# a connection error none of the cases above explains: its own text is shown after this
_UNKNOWN = "connection failed"


def _read_local(url: str, *, feed_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """A local file the user configured, read with the same size limit as a download and a
    time limit; only regular files (``/dev/zero``, a FIFO or a terminal never ends)."""
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    path = path.resolve()
    try:
        content = _read_file(path, max_bytes)
    except _Refused as exc:  # before OSError: requests' errors are OSErrors too
        raise FetchError(exc.reason, feed_id=feed_id, url=str(path), kind="limit") from exc
    except FileNotFoundError as exc:
        raise FetchError("no such file", feed_id=feed_id, url=str(path), explained=True) from exc
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror}" if exc.strerror else "cannot read file"
        raise FetchError(
            reason, feed_id=feed_id, url=str(path), explained=bool(exc.strerror)
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


LOCAL_READ_TIMEOUT = 60.0


def _read_file(path: Path, max_bytes: int) -> bytes:
    # O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of waiting forever
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb", buffering=0) as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise _Refused("not a regular file (a device, pipe or socket)")
        deadline = time.monotonic() + LOCAL_READ_TIMEOUT
        chunks: list[bytes] = []
        size = 0
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _Refused(f"file is over the {max_bytes}-byte limit")
            if time.monotonic() > deadline:
                raise _Refused(f"reading the file took longer than {LOCAL_READ_TIMEOUT:g} s")
            chunks.append(chunk)
        return b"".join(chunks)
