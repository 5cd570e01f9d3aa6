"""A built site on 127.0.0.1: the one static file server of the audit, the tests and the benches.

It serves under a prefix (e.g. /audit/sub/path/) so that a root-relative URL, which breaks on a host that
publishes the site under a sub-path, shows up as a 404 instead of happening to work at the root.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site under the server's prefix; anything else is a 404."""

    server: _QuietServer

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        prefix = self.server.prefix
        if not clean.startswith(prefix):
            return str(Path(self.directory) / ".no-such-file" / "x")
        return super().translate_path("/" + clean[len(prefix) :])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # every run sees the files as they are now
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    prefix = "/"

    def handle_error(self, request, client_address) -> None:
        pass  # a browser closing a connection early is not the site's problem


class Server:
    """The folder `directory` on 127.0.0.1 (a free port) under `prefix`; a context manager that stops it."""

    def __init__(self, directory: Path, prefix: str = "/"):
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"a prefix starts and ends with '/': {prefix!r}")
        self.prefix = prefix
        handler = functools.partial(_Handler, directory=str(directory))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.prefix = prefix
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def base(self) -> str:
        """The site's own URL, ending in '/': origin plus prefix."""
        return self.origin + self.prefix

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
