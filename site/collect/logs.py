"""The server's log: one JSON object per line, with no client address in it.

Everything a client sends can end up in a message (a URL, a malformed request line); written as JSON, a
newline or any other control character in it is escaped, so no request can forge a line. A traceback is
one field of its line. Addresses are scrubbed from every message, gunicorn's own included ("Invalid request
from ip=..."), and gunicorn's access log is off: the server keeps no addresses, as the README says.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import re
import sys
from typing import Any

from gunicorn import glogging

# Runs of characters an IPv4 or IPv6 address is made of (with a %zone or a port after it, at most): each
# candidate is kept unless `ipaddress` reads it as an address.
_CANDIDATE = re.compile(r"[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*")
ADDRESS = "[address]"


def _address(text: str) -> bool:
    for candidate in (text, text.rsplit(":", 1)[0]):  # an IPv4 address may carry a port
        try:
            ipaddress.ip_address(candidate)
            return True
        except ValueError:
            continue
    return False


def _replace(match: re.Match) -> str:
    found = match.group()
    core = found.rstrip(".:")  # a sentence's full stop or colon after the address stays
    return ADDRESS + found[len(core) :] if _address(core) else found


def scrub(text: str) -> str:
    """`text` with every IPv4 and IPv6 address (with or without a port) replaced by [address]."""
    return _CANDIDATE.sub(_replace, text)


class JsonLines(logging.Formatter):
    """`{"time", "level", "logger", "message"[, "error"]}`, ASCII only: no character can end the line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        if record.exc_info:
            entry["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=True)


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, "centricity", False)


def configure(level: int = logging.INFO) -> None:
    """Send the server's own loggers (and Flask's, below `centricity`) to standard error as JSON lines.
    Idempotent: each worker's app calls it."""
    logger = logging.getLogger("centricity")
    if not any(_ours(h) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        handler.centricity = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


class GunicornLogs(glogging.Logger):
    """gunicorn's error log as JSON lines, and no access log at all (each of its lines holds an address)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonLines())

    def access(self, resp, req, environ, request_time) -> None:
        return None
