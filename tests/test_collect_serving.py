"""The real server under gunicorn (`python build.py collect`), on SQLite and PostgreSQL, with clients a
network or an attacker makes: many connections trickling a request a byte at a time and others sending
nothing, while ordinary requests must still be answered at once; a request that takes longer than the
read deadline is dropped; gunicorn's own log lines are JSON and hold no address."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest

from centricity.collect import db as database
from centricity.collect import surveys
from centricity.collect.app import now
from centricity.collect.logs import JsonLines, scrub
from tests.collect import kill, start
from tests.postgres import free_port, postgres  # noqa: F401 (a fixture)

SLOW, IDLE = 40, 20
DEADLINE = 4  # --read-timeout for the test


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path, catalog):
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    else:
        found = request.getfixturevalue("postgres").create_database()
    db = database.connect(found)
    database.migrate(db)
    with db.write() as session:
        surveys.create(session, surveys.SurveySpec("acme", "customer-centricity", "Acme", ()), catalog, now())
    db.close()
    return found


def trickle(port: int, stop: threading.Event, dropped: list[float], started: float) -> None:
    """Send a submission's head, then one byte of its body every 0.3 s until the server hangs up."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(
            b"POST /api/surveys/acme/responses HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
        )
        while not stop.is_set():
            time.sleep(0.3)
            try:
                s.sendall(b" ")
            except OSError:
                break
        dropped.append(time.monotonic() - started)


def timed_get(port: int, path: str) -> float:
    began = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as reply:
        assert reply.status == 200
    return time.monotonic() - began


def test_slow_and_idle_clients_do_not_stop_the_server(url, tmp_path):
    port, log = free_port(), tmp_path / "server.log"
    server = start(url, port, log, "--read-timeout", str(DEADLINE))
    stop, dropped, idle = threading.Event(), [], []
    try:
        started = time.monotonic()
        slow = [threading.Thread(target=trickle, args=(port, stop, dropped, started)) for _ in range(SLOW)]
        for thread in slow:
            thread.start()
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE)]
        time.sleep(1)
        waits = [timed_get(port, "/api/surveys/acme") for _ in range(20)]
        waits += [timed_get(port, "/en/receipt/") for _ in range(5)]
        assert max(waits) < 1.0, f"ordinary requests waited {max(waits):.2f} s beside slow clients"
        for thread in slow:
            thread.join(timeout=DEADLINE + 10)
        assert len(dropped) == SLOW, "every trickling client was dropped"
        assert max(dropped) < DEADLINE + 3, f"dropped after {max(dropped):.1f} s, deadline {DEADLINE} s"
    finally:
        stop.set()
        for s in idle:
            s.close()
        kill(server)


def test_gunicorns_own_log_is_json_without_addresses(url, tmp_path):
    port, log = free_port(), tmp_path / "server.log"
    server = start(url, port, log)
    try:
        for line in (b"GET /\x01 HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(line)
                assert s.recv(100).startswith(b"HTTP/1.1 400")
        assert timed_get(port, "/api/surveys/acme") < 5
    finally:
        kill(server)
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines]
    assert any("Invalid request" in entry["message"] for entry in entries), log.read_text()[-2000:]
    assert not [line for line in lines if "127.0.0.1" in line], "no client address (here the loopback's)"


def test_log_lines_cannot_be_forged_and_hold_no_address():
    import logging

    record = logging.LogRecord(
        "centricity", logging.WARNING, __file__, 1, "path %s", ("/x\n{\"level\": \"error\"}",), None
    )
    line = JsonLines().format(record)
    assert "\n" not in line and json.loads(line)["message"] == 'path /x\n{"level": "error"}'
    assert scrub("from ip=203.0.113.9: bad, and [2001:db8::1]:443.") == (
        "from ip=[address]: bad, and [[address]]:443."
    )
    assert scrub("at 10:30:45, version 1.2.3 of 2026-12-07") == "at 10:30:45, version 1.2.3 of 2026-12-07"
