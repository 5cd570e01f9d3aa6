"""A workshop under load: N simulated participants join and answer a dimension while a projector follows the
count through server-sent events, on SQLite and on PostgreSQL.

The server runs under gunicorn on 127.0.0.1 only, with the server's own settings (`collect/gunicorn_conf.py`:
threaded workers, so the projector's long-lived event stream holds one thread, not a whole worker): SQLite one
instance of 2 workers, PostgreSQL
two instances of 2 workers sharing one database (participants alternate between them; the projector watches
the first one, so each count it shows crossed from one instance to the other through the database). The
facilitator logs in and takes the steps over HTTP as the pages do. Each participant joins (the joins spread
over the first seconds), asks for the state every 2 s as a phone does, and once the dimension opens answers
each of its questions after a pause of --think seconds at random (one POST each, on a connection of its
own). PostgreSQL is a throwaway server (tests/postgres.py) with its durable defaults.

    python bench/workshop_load.py [--participants 300] [--think 0.5,4] [--max-seconds 90]
        [--db sqlite,postgresql]   (CENTRICITY_BENCH=tiny: 4 participants, SQLite)

Figures, one line per database:
    workshop sqlite: 300 participants, 2400 answers, 0 lost, p95 180 ms, 3.2 ms CPU per answer
- answers: answers acknowledged (200); lost: acknowledged answers missing from the database afterwards;
- p95: sort the acknowledgements by time; the k-th is shown once an event with a count of at least k reaches
  the projector's stream (at that moment at least k answers are stored); p95 of those delays (0 when the
  event came first);
- CPU per answer: the gunicorn processes' CPU over the whole run (joins, state polls, answers, the stream)
  divided by the answers.
A line before it gives the run's wall time (the first join to the last answer) and the request counts.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from collect_load import free_port, group_cpu, postgres_server, settle, start, stop
from sqlalchemy import func, select

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import now
from centricity.collect.models import WorkshopAnswer
from centricity.engine.profiles import load_site

ROOT = Path(__file__).resolve().parent.parent
SURVEY = "bench"
TEAMS = ("sales", "service", "it", "marketing", "operations")
PASSWORD = "bench password 1234"
POLL_SECONDS = 2.0
APP = "centricity.collect.wsgi:create()"  # the real server, under its own gunicorn settings


# ---- the facilitator and the projector (plain HTTP with the admin's cookie) ----


class Facilitator:
    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        page = self.request("GET", "/admin/login/")[1]
        self.login(self.csrf(page))

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie, "Accept": "application/json"} if self.cookie else {}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        reply = conn.getresponse()
        found = reply.getheader("Set-Cookie")
        if found:
            self.cookie = found.split(";", 1)[0]
        text = reply.read().decode()
        conn.close()
        return reply.status, text, dict(reply.getheaders())

    @staticmethod
    def csrf(page: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def login(self, token: str) -> None:
        status, _text, _headers = self.request(
            "POST", "/admin/login/", {"csrf_token": token, "name": "bench", "password": PASSWORD}
        )
        assert status == 302, "the facilitator could not log in"
        self.token = self.csrf(self.request("GET", "/admin/")[1])

    def start_workshop(self) -> tuple[int, str]:
        status, _text, headers = self.request(
            "POST", f"/admin/surveys/{SURVEY}/workshop/", {"csrf_token": self.token}
        )
        assert status == 302, status
        number = int(headers["Location"].rstrip("/").rsplit("/", 1)[1])
        page = self.request("GET", f"/admin/workshops/{number}/")[1]
        return number, re.search(r"data-code>([0-9A-Z]+)<", page).group(1)

    def step(self, number: int, action: str, target: str = "") -> dict:
        form = {"csrf_token": self.token, "do": action, "target": target}
        status, text, _headers = self.request("POST", f"/admin/workshops/{number}/step", form)
        assert status == 200, text
        return json.loads(text)


@dataclass
class Projector:
    """The projector's event stream, read in a thread: (arrival time, answers counted) per event."""

    port: int
    path: str
    cookie: str
    events: list[tuple[float, int]] = field(default_factory=list)
    stopped: bool = False

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
        reply = conn.getresponse()
        while not self.stopped:
            line = reply.fp.readline()
            if not line:
                break
            if line.startswith(b"data: "):
                self.events.append((time.perf_counter(), json.loads(line[6:])["answers"]))
        conn.close()


# ---- the participants ----


async def call(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
    """One request on a connection of its own (as a phone on the move makes them), on bare sockets."""
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    reply = await reader.read()
    writer.close()
    status = int(reply[9:12]) if reply.startswith(b"HTTP/1.") else 0
    return status, reply.split(b"\r\n\r\n", 1)[-1]


@dataclass
class Room:
    code: str
    ports: list[int]
    think: tuple[float, float]
    acks: list[float] = field(default_factory=list)  # when each answer was acknowledged
    answered: set[tuple[str, str]] = field(default_factory=set)  # (token, question) acknowledged
    failed: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    done: int = 0

    def fail(self, what: str) -> None:
        self.failed[what] = self.failed.get(what, 0) + 1


async def participant(room: Room, i: int, rng: random.Random, until: float) -> None:
    port, token = room.ports[i % len(room.ports)], uuid.uuid4().hex
    await asyncio.sleep(rng.uniform(0, 5))  # people arrive over the first seconds
    status, _ = await call(
        port, "POST", f"/api/workshops/{room.code}/join", {"token": token, "team": TEAMS[i % 5]}
    )
    room.requests += 1
    if status != 200:
        room.fail(f"join {status}")
        return
    state: dict = {}
    while time.perf_counter() < until and state.get("phase") != "voting":
        status, body = await call(port, "GET", f"/api/workshops/{room.code}/state")
        room.requests += 1
        state = json.loads(body) if status == 200 else {}
        if state.get("phase") != "voting":
            await asyncio.sleep(POLL_SECONDS)
    poller = asyncio.create_task(keep_polling(room, port, until))
    for question in state.get("questions", []):
        await asyncio.sleep(rng.uniform(*room.think))
        body = {"token": token, "round": state["round"], "question": question, "choice": rng.randrange(5)}
        status, _ = await call(port, "POST", f"/api/workshops/{room.code}/answers", body)
        room.requests += 1
        if status == 200:
            room.acks.append(time.perf_counter())
            room.answered.add((token, question))
        else:
            room.fail(f"answer {status}")
    room.done += 1
    poller.cancel()


async def keep_polling(room: Room, port: int, until: float) -> None:
    while time.perf_counter() < until:
        await asyncio.sleep(POLL_SECONDS)
        await call(port, "GET", f"/api/workshops/{room.code}/state")
        room.requests += 1


def p95_delay(acks: list[float], events: list[tuple[float, int]]) -> float:
    delays = []
    for k, acked in enumerate(sorted(acks), 1):
        shown = next((t for t, n in events if n >= k), None)
        delays.append(float("inf") if shown is None else max(0.0, shown - acked))
    delays.sort()
    return 1000 * delays[min(len(delays) - 1, int(0.95 * len(delays)))] if delays else float("nan")


# ---- one database ----


def prepare(url: str, catalog) -> None:
    db = database.connect(url)
    try:
        database.migrate(db)
        auth.set_password(db, "bench", PASSWORD, now())
        spec = surveys.SurveySpec(
            SURVEY, catalog.primary.id, "Bench", tuple(surveys.TeamSpec(t, 100) for t in TEAMS)
        )
        with db.write() as session:
            surveys.create(session, spec, catalog, now())
    finally:
        db.close()


def stored(url: str, number: int) -> int:
    db = database.connect(url)
    try:
        with db.read() as session:
            a = WorkshopAnswer
            return session.scalar(select(func.count()).where(a.workshop_id == number)) or 0
    finally:
        db.close()


def run_room(ports: list[int], args) -> tuple[Room, Projector, int, float]:
    facilitator = Facilitator(ports[0])
    number, code = facilitator.start_workshop()
    projector = Projector(ports[0], f"/admin/api/workshops/{number}/events", facilitator.cookie)
    reader = threading.Thread(target=projector.run, daemon=True)
    reader.start()
    room = Room(code, ports, args.think)
    started = time.perf_counter()
    until = started + args.max_seconds

    async def everyone() -> None:
        rng = random.Random(7)
        people = [
            asyncio.create_task(participant(room, i, random.Random(rng.random()), until))
            for i in range(args.participants)
        ]
        await asyncio.sleep(6)  # the room has gathered
        await asyncio.to_thread(facilitator.step, number, "open", "culture")
        await asyncio.gather(*people)

    asyncio.run(everyone())
    wall = (max(room.acks) if room.acks else time.perf_counter()) - started
    time.sleep(1.5)  # the last events
    facilitator.step(number, "close")
    projector.stopped = True
    return room, projector, number, wall


def bench(kind: str, url: str, catalog, args, folder: Path) -> str:
    prepare(url, catalog)
    env = {
        "CENTRICITY_DB": url,
        "CENTRICITY_QUESTIONS": str(ROOT / "questions"),
        "CENTRICITY_CONTENT": str(ROOT / "content"),
    }
    ports = [free_port() for _ in range(1 if kind == "sqlite" else 2)]
    servers = [start(APP, port, env, folder / f"{kind}.log") for port in ports]
    try:
        settle(servers)
        cpu = group_cpu(servers)
        room, projector, number, wall = run_room(ports, args)
        server_cpu = group_cpu(servers) - cpu
    finally:
        for server in servers:
            stop(server)
    answers = len(room.acks)
    lost = len(room.answered) - min(len(room.answered), stored(url, number))
    print(
        f"  {kind}: {wall:.1f} s from the first join to the last answer, {room.requests} requests, "
        f"{len(projector.events)} events, {room.done} of {args.participants} finished, "
        f"failures {room.failed or 'none'}"
    )
    return (
        f"workshop {kind}: {args.participants} participants, {answers} answers, {lost} lost, "
        f"p95 {p95_delay(room.acks, projector.events):.0f} ms, "
        f"{1000 * server_cpu / max(1, answers):.1f} ms CPU per answer"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tiny = os.environ.get("CENTRICITY_BENCH") == "tiny"
    ap.add_argument("--participants", type=int, default=4 if tiny else 300)
    ap.add_argument(
        "--think", default="0,0.2" if tiny else "0.5,4", help="seconds between answers: MIN,MAX"
    )
    ap.add_argument("--max-seconds", type=float, default=90, help="stop the participants after this long")
    ap.add_argument(  # tiny: SQLite only (the run waits for people to gather; collect_load runs PostgreSQL)
        "--db", default="sqlite" if tiny else "sqlite,postgresql", help="databases to run: sqlite,postgresql"
    )
    args = ap.parse_args(argv)
    low, high = (float(x) for x in args.think.split(","))
    args.think = (low, high)
    catalog = load_site(ROOT / "questions", ROOT / "content")
    lines = []
    with tempfile.TemporaryDirectory(prefix="workshop-load-") as tmp:
        folder = Path(tmp)
        for kind in args.db.split(","):
            if kind == "sqlite":
                lines.append(bench(kind, f"sqlite:///{folder / 'bench.sqlite3'}", catalog, args, folder))
            else:
                server = postgres_server()
                try:
                    lines.append(bench(kind, server.url(), catalog, args, folder))
                finally:
                    server.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
