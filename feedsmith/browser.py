"""Fetch pages through headless Chromium, for lists a page builds with JavaScript.

``render: browser`` on a source sends its pages here instead of the HTTP fetcher. Playwright's
Python API drives the system's Chromium (Debian's ``chromium`` package at /usr/bin/chromium, or
``FEEDSMITH_CHROMIUM``); Playwright's own browser downloads are never used. Playwright is an
optional extra: ``pip install -e '.[browser]'`` in the checkout.

One browser serves all the pages of one source, then closes. The page is read once the wait
condition holds: the ``wait_for`` selector matches, or the network has been quiet for half a
second (``networkidle``, the default). Images, media and fonts are not downloaded. The source's
user agent, headers and timeout apply; the result is an ordinary `Page` of the rendered DOM.

Every connection the browser makes goes through a proxy of feedsmith's own on loopback
(`feedsmith.browserproxy`): the page's scripts, frames and fetches and every redirect they meet
obey the URL-origin rule (`feedsmith.netguard`) at the address actually connected to. Chromium
is told to resolve no name itself and to send no UDP outside the proxy (WebRTC).
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from feedsmith import netguard
from feedsmith.browserproxy import GuardProxy
from feedsmith.config import NETWORK_IDLE
from feedsmith.errors import FetchError
from feedsmith.fetch import RequestOptions
from feedsmith.selectors import XPATH_PREFIX
from feedsmith.types import Page

log = logging.getLogger(__name__)

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # WebRTC may not reach out around the proxy
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# starting Chromium is this machine's work, not the site's: a short page timeout must not make a
# busy machine's slow start count as the site failing
LAUNCH_TIMEOUT = 60.0
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
NO_PLAYWRIGHT = (
    "`render: browser` needs Playwright: pip install -e '.[browser]' in the feedsmith checkout "
    "(it drives the system's Chromium; no `playwright install` needed)"
)


def proxy_flags(proxy: str) -> list[str]:
    """Chromium's switches for sending every connection through ``proxy`` (loopback too,
    which Chromium otherwise bypasses) and resolving no host name itself."""
    host = proxy.rsplit("://", 1)[-1].rsplit(":", 1)[0]
    return [
        f"--proxy-server={proxy}",
        "--proxy-bypass-list=<-loopback>",
        f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {host}",
    ]


def chromium_path() -> str | None:
    """The Chromium to drive: ``FEEDSMITH_CHROMIUM``, Debian's, or one on the PATH."""
    configured = os.environ.get("FEEDSMITH_CHROMIUM")
    if configured:
        return configured
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def playwright_selector(selector: str) -> str:
    """feedsmith's selector syntax (CSS, or ``xpath:EXPR``) in Playwright's."""
    text = selector.strip()
    if text.startswith(XPATH_PREFIX):
        return "xpath=" + text[len(XPATH_PREFIX) :].strip()
    return text


class BrowserSession:
    """One headless Chromium for the pages of one source: ``with BrowserSession(...) as b:``."""

    def __init__(
        self,
        options: RequestOptions,
        *,
        wait_for: str | None = None,
        feed_id: str = "",
        origin: netguard.Origin | None = None,
    ) -> None:
        self.options = options
        # what the page's own requests (scripts, XHR, frames) may reach: the origin rule
        self.origin = origin
        self.wait_for = None if wait_for in (None, NETWORK_IDLE) else wait_for
        self.feed_id = feed_id
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self._proxy: GuardProxy | None = None
        # the requests of the page the origin rule refused, and why
        self._refusals: dict[str, str] = {}

    def __enter__(self) -> BrowserSession:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError as exc:
            raise FetchError(NO_PLAYWRIGHT, feed_id=self.feed_id) from exc
        executable = chromium_path()
        if executable is None or not os.access(executable, os.X_OK):
            raise FetchError(
                "`render: browser` needs Chromium: install it (Debian: apt install chromium) "
                "or set FEEDSMITH_CHROMIUM to its path",
                feed_id=self.feed_id,
            )
        self._proxy = GuardProxy(
            self.origin, timeout=self.options.timeout, feed_id=self.feed_id
        ).__enter__()
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable,
                args=[*CHROMIUM_FLAGS, *proxy_flags(self._proxy.address)],
                headless=True,
                timeout=max(self.options.timeout, LAUNCH_TIMEOUT) * 1000,
            )
            self._context = self._browser.new_context(
                user_agent=self.options.user_agent,
                extra_http_headers=dict(self.options.headers),
                service_workers="block",
            )
        except Error as exc:
            self.close()
            raise FetchError(f"cannot start Chromium ({executable})", feed_id=self.feed_id) from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        for closer in (self._context, self._browser):
            if closer is not None:
                try:
                    closer.close()
                except Exception:  # closing a browser that already died is not news
                    log.debug("closing the browser failed", exc_info=True)
        if self._playwright is not None:
            self._playwright.stop()
        if self._proxy is not None:
            self._proxy.close()
        self._playwright = self._browser = self._context = None
        self._proxy = None

    def fetch(self, url: str) -> Page:
        """Load ``url``, wait, and return the rendered document; raises `FetchError`."""
        from playwright.sync_api import Error, TimeoutError

        assert self._context is not None, "use BrowserSession as a context manager"
        timeout_ms = self.options.timeout * 1000
        tab = self._context.new_page()
        # the addresses the tab's navigation went through (each redirect hop)
        hops: list[str] = [url]
        tab.on(
            "request",
            lambda r: (
                hops.append(r.url)
                if r.is_navigation_request() and r.frame == tab.main_frame
                else None
            ),
        )
        try:
            tab.route("**/*", self._route)
            try:
                response = tab.goto(
                    url,
                    wait_until="load" if self.wait_for else NETWORK_IDLE,
                    timeout=timeout_ms,
                )
            except Error:
                self._raise_proxy_failure(url, hops)
                raise
            status = response.status if response is not None and response.status else 200
            if status >= 400:
                self._raise_proxy_failure(url, [*hops, response.url])
                raise FetchError(
                    f"HTTP {status} (in the browser)", feed_id=self.feed_id, url=url, status=status
                )
            if self.wait_for:
                tab.wait_for_selector(
                    playwright_selector(self.wait_for), state="attached", timeout=timeout_ms
                )
            html = tab.content()
            final_url = tab.url
            # Chromium follows the page's redirects itself: where it ended up obeys the rule,
            # or nothing it read is used
            refused = _refused(final_url, self.origin) if final_url != url else None
            if refused is not None:
                raise FetchError(refused, feed_id=self.feed_id, url=url, kind="refused")
            if final_url.startswith("chrome-error:"):
                # the page sent the browser on (a refresh, a script) where it could not go
                self._raise_navigated_away(url, hops[-1])
        except TimeoutError as exc:
            what = (
                f"{self.wait_for!r} did not appear"
                if self.wait_for
                else "the page did not finish loading"
            )
            raise FetchError(
                f"{what} within {self.options.timeout:g} s (in the browser)",
                feed_id=self.feed_id,
                url=url,
            ) from exc
        except Error as exc:
            raise FetchError(
                f"the browser could not load the page: {exc.message.splitlines()[0]}",
                feed_id=self.feed_id,
                url=url,
            ) from exc
        finally:
            tab.close()
        content = html.encode("utf-8")
        if len(content) > self.options.max_bytes:
            raise FetchError(
                f"rendered page larger than {self.options.max_bytes} bytes",
                feed_id=self.feed_id,
                url=url,
            )
        log.debug("rendered url=%s status=%s bytes=%d", url, status, len(content))
        return Page(
            requested_url=url,
            url=final_url or url,
            status=status,
            content=content,
            text=html,
            encoding="utf-8",
            content_type="text/html",
            fetched_at=datetime.now(UTC),
        )

    def _raise_proxy_failure(self, url: str, hops: list[str]) -> None:
        """When the navigation failed at the proxy (refused by the origin rule, or the site
        unreachable), a `FetchError` saying so; else nothing."""
        if self._proxy is None:
            return
        for hop in reversed(hops):
            reason = self._proxy.failure(hop)
            if reason is None:
                continue
            if reason.startswith("refused"):
                raise FetchError(reason, feed_id=self.feed_id, url=url, kind="refused")
            raise FetchError(
                f"the browser could not load the page: {reason}", feed_id=self.feed_id, url=url
            )

    def _raise_navigated_away(self, url: str, hop: str) -> None:
        reason = self._refusals.get(hop) or (self._proxy.failure(hop) if self._proxy else None)
        if reason is not None and reason.startswith("refused"):
            raise FetchError(
                f"{reason} (the page sent the browser to {hop})",
                feed_id=self.feed_id,
                url=url,
                kind="refused",
            )
        raise FetchError(
            f"the page sent the browser to {hop}, which did not load"
            + (f": {reason}" if reason else ""),
            feed_id=self.feed_id,
            url=url,
        )

    def _route(self, route: Any) -> None:
        """Every request the page makes: heavy resources skipped, and what the origin rule
        refuses (a script or XHR to an internal address) never sent."""
        request = route.request
        if request.resource_type in SKIPPED_RESOURCES:
            route.abort()
            return
        reason = _refused(request.url, self.origin)
        if reason is not None:
            log.warning("feed=%s browser request url=%s %s", self.feed_id, request.url, reason)
            self._refusals[request.url] = reason
            route.abort("blockedbyclient")
            return
        route.continue_()


def _refused(url: str, origin: netguard.Origin | None) -> str | None:
    """Why the origin rule refuses a request of the rendered page; None to let it go.

    A page rendered from a local file is the user's: its own requests are left to Chromium's
    file rules. Schemes that reach no network (data:, blob:, about:) go.
    """
    if origin is None or url == origin.url or origin.url.startswith("file:"):
        return None
    scheme = url.split(":", 1)[0].lower()
    if scheme in netguard.PUBLISHABLE_SCHEMES or scheme == "file":
        return netguard.check_url(url, origin, resolve=True)
    return None
