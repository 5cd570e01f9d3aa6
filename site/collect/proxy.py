"""Forwarded headers, believed only from the reverse proxy in front (`--trusted-proxy`, default loopback).

Behind nginx, the server learns from `X-Forwarded-Proto` that the visitor used HTTPS (so survey links and
redirects say https://). A client that reaches the server directly could send the same header, so it is
believed only when the connection comes from a trusted proxy address; from anyone else it is dropped, and
so are every other forwarded header: the host comes from the proxy's `Host`, and no address is kept, so
`X-Forwarded-For` is never read. gunicorn is told the same addresses (`forwarded_allow_ips`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

LOOPBACK = ("127.0.0.1", "::1")
_DROPPED = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
    "HTTP_FORWARDED",
)


class TrustedProxy:
    """WSGI middleware: the scheme from X-Forwarded-Proto of a trusted proxy; other forwarded headers gone."""

    def __init__(self, app: Callable[..., Any], trusted: Iterable[str] = LOOPBACK):
        self.app = app
        self.trusted = frozenset(trusted)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        proto = environ.pop("HTTP_X_FORWARDED_PROTO", "")
        if environ.get("REMOTE_ADDR") in self.trusted and proto in ("http", "https"):
            environ["wsgi.url_scheme"] = proto
        for key in _DROPPED:
            environ.pop(key, None)
        return self.app(environ, start_response)
