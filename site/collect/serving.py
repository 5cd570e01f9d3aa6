"""How gunicorn runs the server: threaded workers whose clients must send each request within a deadline.

With gunicorn's sync workers, each worker serves one connection at a time and waits for it as long as it
likes, so two clients sending a byte now and then stopped a two-worker server. Here each worker (`gthread`)
serves `THREADS` connections at once; a connection that sends nothing waits in the worker's poller, not in
a thread (gunicorn does that), and a request whose line, headers and body have not all arrived within
`read_seconds` is dropped (`Worker`, below), as is a client that takes more than `WRITE_SECONDS` to accept
one piece of the answer. Long-lived answers (server-sent events) are not cut: the deadline is on reading.

`python build.py collect` uses `settings()`; gunicorn's own command line the same values from
`centricity.collect.gunicorn_conf` (`gunicorn -c python:centricity.collect.gunicorn_conf ...`).
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from centricity.collect.proxy import LOOPBACK
from centricity.core.limits import REQUEST_READ_SECONDS

THREADS = 64  # connections one worker serves at once: slow clients hold one each until the deadline
WRITE_SECONDS = 30  # to take one piece of an answer


class DeadlineSocket:
    """A connection's socket whose reads share one deadline per request; every other call passes through."""

    def __init__(self, sock: socket.socket, seconds: float):
        self._sock = sock
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds

    def restart(self) -> None:
        self._deadline = time.monotonic() + self._seconds

    def recv(self, size: int, *flags: int) -> bytes:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took longer than the read deadline")
        current = self._sock.gettimeout()
        self._sock.settimeout(left if current is None else min(left, current))
        return self._sock.recv(size, *flags)

    def _writing(self) -> None:
        self._sock.settimeout(WRITE_SECONDS)

    def send(self, data: bytes, *flags: int) -> int:
        self._writing()
        return self._sock.send(data, *flags)

    def sendall(self, data: bytes, *flags: int) -> None:
        self._writing()
        self._sock.sendall(data, *flags)

    def sendfile(self, file: Any, offset: int = 0, count: int | None = None) -> int:
        self._writing()
        return self._sock.sendfile(file, offset, count)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class Worker(ThreadWorker):
    """gunicorn's threaded worker with a read deadline per request (`read_seconds`, from the environment's
    CENTRICITY_READ_TIMEOUT under gunicorn's own command line)."""

    read_seconds: float = float(os.environ.get("CENTRICITY_READ_TIMEOUT", REQUEST_READ_SECONDS))

    def handle(self, conn):
        if not self.cfg.is_ssl:  # gunicorn's own TLS wraps the raw socket; run TLS at the proxy instead
            if not isinstance(conn.sock, DeadlineSocket):
                conn.sock = DeadlineSocket(conn.sock, self.read_seconds)
            conn.sock.restart()  # a kept-alive connection's next request gets a deadline of its own
        return super().handle(conn)


def worker(read_seconds: float) -> type[Worker]:
    return type("Worker", (Worker,), {"read_seconds": read_seconds})


def settings(
    bind: str, workers: int, read_seconds: float = REQUEST_READ_SECONDS, trusted: tuple[str, ...] = LOOPBACK
) -> dict[str, Any]:
    """gunicorn's settings for this server. No access log (each line would hold an address), and no
    control socket: its one default path is shared by every gunicorn on the machine, so a second instance
    would take over the first one's."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": worker(read_seconds),
        "threads": THREADS,
        "accesslog": None,
        "logger_class": "centricity.collect.logs.GunicornLogs",
        "control_socket_disable": True,
        "forwarded_allow_ips": ",".join(trusted),  # as the app's TrustedProxy
    }
