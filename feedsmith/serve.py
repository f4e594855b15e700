"""`feedsmith serve`: the public folder on a local web server, for previewing.

Files go out with the content types a real host should use (see `site.CONTENT_TYPES`) and
``Cache-Control: no-cache``, so a rebuild shows at once. Not meant for production: host public/
with any static web server (see the README).
"""

from __future__ import annotations

import logging
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

    def end_headers(self) -> None:
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
