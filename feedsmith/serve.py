"""`feedsmith serve`: the public folder on a local web server, for previewing.

Files go out with the content types a real host should use (see `site.CONTENT_TYPES`),
``Cache-Control: no-cache`` and an ETag, so a rebuild shows at once. Not meant for production:
host public/ with any static web server (see the README).
"""

from __future__ import annotations

import logging
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from feedsmith.site import CONTENT_TYPES

log = logging.getLogger(__name__)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from one folder, with feed content types."""

    # the base class declares this per instance; one shared mapping, never mutated, is fine
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}  # noqa: RUF012

    _etag: str | None = None

    def send_head(self) -> Any:
        """Validate with an ETag (modification time in nanoseconds, and size) in place of
        Last-Modified, whose one-second steps hide a rebuild made within the same second: a
        reader built on libcurl (newsboat) drops a 200 whose Last-Modified is not newer than
        the one it has. Previews are rebuilt that fast; production hosts rebuild minutes apart."""
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            st = os.stat(path)
            self._etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
            if "If-None-Match" in self.headers:
                tags = {t.strip() for t in self.headers["If-None-Match"].split(",")}
                if self._etag in tags or "*" in tags:
                    self.send_response(304)
                    self.end_headers()
                    return None
                # RFC 9110 13.1.3: a recipient with If-None-Match ignores If-Modified-Since
                del self.headers["If-Modified-Since"]
        return super().send_head()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self._etag:
            self.send_header("ETag", self._etag)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``directory`` bound to host:port (0: any free port); not yet serving."""
    handler = partial(PreviewHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def url_of(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
