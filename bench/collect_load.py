"""Load on the collecting server: N submissions from C concurrent clients, on SQLite and on PostgreSQL.

For each database the server runs under gunicorn on 127.0.0.1 only (SQLite: one instance with 2 workers;
PostgreSQL: two instances with 2 workers each sharing one database, the client sending each submission to
the instance with fewer in flight, as a load balancer set to least connections would: with plain
alternation, whichever instance is a little slower ends up holding nearly every waiting client). The same
load then goes to a bare Flask endpoint that only inserts the raw body (same database settings, same
gunicorn), the ceiling the real server is compared with. Every run is bounded in
count (--n) and time (--max-seconds). Afterwards the dashboard's team summary is timed on 10,000 and
100,000 stored responses. PostgreSQL is a throwaway server (tests/postgres.py) with its durable defaults.

    python bench/collect_load.py [--n 20000] [--clients 50] [--slow 50] [--max-seconds 120] [--db ...]

(CENTRICITY_BENCH=tiny: --n 40 --clients 4 --summary 50,100, so tests/test_bench.py can run it.)

A second run of the real server has `--slow` clients (default 50) connected all along, each sending a
submission's head and then a byte a second (dropped by the server's read deadline, they come back): it
gives the ordinary clients' figures beside them. It ends with one line per database:
    collect sqlite: 20000 submitted, 20000 stored, 0 lost, 812/s, p50 31 ms, p99 74 ms, 0.62x bare;
        with 50 slow clients connected: 790/s, p50 33 ms, p99 80 ms, failed 0
"stored" counts rows in the database afterwards; "lost" counts acknowledged submissions (201) missing there.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, request
from sqlalchemy import Column, Integer, MetaData, Table, Text, func, insert, select, text

from centricity.collect import db as database
from centricity.collect import results, surveys
from centricity.collect.app import now
from centricity.collect.models import StoredResponse, Survey
from centricity.collect.submissions import Definition, digest, prepare
from centricity.engine import codec
from centricity.engine.profiles import load_site
from centricity.quality.sampler import SURVEY, response
from centricity.team.rows import Scorer

ROOT = Path(__file__).resolve().parent.parent
TEAMS = ("sales", "service", "it", "marketing", "operations")
SURVEY_ID = "bench"
BARE = Table("bare_raw", MetaData(), Column("id", Integer, primary_key=True), Column("body", Text))
BARE_INSERT = text("INSERT INTO bare_raw (body) VALUES (:body)")


def bare_app() -> Flask:
    """The ceiling: one POST that inserts the raw body in one transaction, nothing else (BENCH_DB)."""
    db = database.connect(os.environ["BENCH_DB"])
    app = Flask("bare")

    @app.post("/api/surveys/<survey_id>/responses")
    def store(survey_id: str):
        with db.submission() as connection:  # the server's own lean path: one prebuilt statement
            connection.execute(BARE_INSERT, {"body": request.get_data(as_text=True)})
        return {"ok": True}, 201

    return app


@dataclass
class Run:
    submitted: int
    acknowledged: int
    failed: dict[str, int]
    seconds: float
    latencies: list[float]
    client_cpu: float = 0.0  # seconds of CPU the load generator itself used
    server_cpu: float = 0.0  # seconds of CPU the gunicorn processes used: steady whatever else runs

    def cpu_per_request(self) -> float:
        return 1e6 * self.server_cpu / max(1, self.submitted)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bodies(n: int, seed: int = 13) -> list[bytes]:
    catalog = load_site(ROOT / "questions", ROOT / "content")
    q = catalog.primary
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        r = response(q, rng, SURVEY, survey=SURVEY_ID, team=rng.choice(TEAMS))
        out.append(json.dumps({"response_id": uuid.uuid4().hex, "response": codec.to_json(q, r)}).encode())
    return out


# ---- servers ----


def start(target: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    # The server's own worker model (threaded workers, read deadline, its logging), for both apps.
    command = [sys.executable, "-m", "gunicorn", "-c", "python:centricity.collect.gunicorn_conf"]
    command += ["-w", "2", "-b", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT / "bench"), target]
    with log.open("ab") as out:
        server = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def group_cpu(servers: list[subprocess.Popen]) -> float:
    """CPU seconds (user and system) used so far by the servers' processes: each master and its workers."""
    groups = {server.pid for server in servers}
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:  # the process group: gunicorn and its workers
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(servers: list[subprocess.Popen], max_seconds: float = 60) -> None:
    """Wait until the servers use no CPU: the port answers before every worker has loaded the site (about
    a second of CPU each), and that load must count neither in the time nor in the CPU per request."""
    deadline = time.monotonic() + max_seconds
    before = group_cpu(servers)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu(servers)
        if now - before < 0.02:
            return
        before = now


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


# ---- the load ----


def requests(payloads: list[bytes]) -> list[bytes]:
    """Each submission as the bytes of its whole HTTP request, made before the clock starts."""
    head = (
        f"POST /api/surveys/{SURVEY_ID}/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
    )
    return [f"{head}{len(body)}\r\n\r\n".encode() + body for body in payloads]


async def one(port: int, data: bytes) -> tuple[int, float]:
    """One submission on its own connection (a respondent sends once), on bare non-blocking sockets: the
    client shares the two cores with the server, so it must cost as little as it can."""
    loop = asyncio.get_running_loop()
    with socket.socket() as sock:
        sock.setblocking(False)
        start = time.perf_counter()
        await loop.sock_connect(sock, ("127.0.0.1", port))
        await loop.sock_sendall(sock, data)
        reply = b""
        while chunk := await loop.sock_recv(sock, 65536):
            reply += chunk
    status = int(reply[9:12]) if reply.startswith(b"HTTP/1.") else 0
    return status, time.perf_counter() - start


SLOW_HEAD = (
    f"POST /api/surveys/{SURVEY_ID}/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
).encode()


async def trickle(port: int, done: asyncio.Event) -> None:
    """A slow client: a submission's head, then one byte a second; dropped by the server, it comes back."""
    loop = asyncio.get_running_loop()
    while not done.is_set():
        with socket.socket() as sock:
            sock.setblocking(False)
            try:
                await loop.sock_connect(sock, ("127.0.0.1", port))
                await loop.sock_sendall(sock, SLOW_HEAD)
                while not done.is_set():
                    await asyncio.sleep(1.0)
                    await loop.sock_sendall(sock, b" ")
            except OSError:
                await asyncio.sleep(0.1)


async def load(
    ports: list[int], payloads: list[bytes], clients: int, max_seconds: float, slow: int = 0
) -> Run:
    done = asyncio.Event()
    slow_tasks = [asyncio.create_task(trickle(ports[i % len(ports)], done)) for i in range(slow)]
    if slow:
        await asyncio.sleep(2)  # every slow client connected and holding its connection
    failed: dict[str, int] = {}
    latencies: list[float] = []
    state = {"next": 0, "acknowledged": 0}
    in_flight = dict.fromkeys(ports, 0)
    started = time.perf_counter()

    async def client() -> None:
        while state["next"] < len(payloads) and time.perf_counter() - started < max_seconds:
            i = state["next"]
            state["next"] += 1
            port = min(ports, key=in_flight.__getitem__)  # least connections
            in_flight[port] += 1
            try:
                status, seconds = await one(port, payloads[i])
            except OSError as exc:
                failed[type(exc).__name__] = failed.get(type(exc).__name__, 0) + 1
                continue
            finally:
                in_flight[port] -= 1
            latencies.append(seconds)
            if status == 201:
                state["acknowledged"] += 1
            else:
                failed[str(status)] = failed.get(str(status), 0) + 1

    await asyncio.gather(*(client() for _ in range(clients)))
    done.set()
    for task in slow_tasks:
        task.cancel()
    await asyncio.gather(*slow_tasks, return_exceptions=True)
    return Run(state["next"], state["acknowledged"], failed, time.perf_counter() - started, latencies)


def measure(
    target: str, env: dict[str, str], instances: int, payloads, args, folder: Path, slow: int = 0
) -> Run:
    ports = [free_port() for _ in range(instances)]
    servers = []
    try:
        for port in ports:
            servers.append(start(target, port, env, folder / "gunicorn.log"))
        settle(servers)
        data = requests(payloads)
        cpu, server_cpu = time.process_time(), group_cpu(servers)
        run = asyncio.run(load(ports, data, args.clients, args.max_seconds, slow))
        run.client_cpu = time.process_time() - cpu
        run.server_cpu = group_cpu(servers) - server_cpu
        return run
    finally:
        for server in servers:
            stop(server)


# ---- the databases ----


def prepare_db(url: str, catalog) -> None:
    db = database.connect(url)
    try:
        database.migrate(db)
        BARE.create(db.engine, checkfirst=True)
        spec = surveys.SurveySpec(
            SURVEY_ID, catalog.primary.id, "Bench", tuple(surveys.TeamSpec(t, 100) for t in TEAMS)
        )
        with db.write() as session:
            surveys.create(session, spec, catalog, now())
    finally:
        db.close()


def count(url: str, table) -> int:
    db = database.connect(url)
    try:
        with db.read() as session:
            return session.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        db.close()


def fill(url: str, catalog, total: int, payloads: list[bytes]) -> None:
    """Bring the bench survey to `total` stored responses, as the server stores them (rows from `prepare`)."""
    q = catalog.primary
    definition = Definition(SURVEY_ID, "Bench", q.id, frozenset(TEAMS))
    scorer = Scorer(q)
    prepared = [prepare(scorer, definition, json.loads(p)) for p in payloads[:2000]]
    db = database.connect(url)
    try:
        with db.read() as session:
            have = session.execute(select(func.count()).select_from(StoredResponse)).scalar_one()
        stamp = now()
        for start_at in range(have, total, 5000):
            rows = []
            for i in range(start_at, min(total, start_at + 5000)):
                p = prepared[i % len(prepared)]
                rows.append(
                    {
                        "survey_id": SURVEY_ID,
                        "response_key": digest(f"fill-{i}"),
                        "receipt_hash": digest(f"r-{i}"),
                        "team": p.team,
                        "payload": p.payload,
                        "code": p.code,
                        "overall": p.overall,
                        "scores": p.scores,
                        "created": stamp,
                        "updated": stamp,
                    }
                )
            with db.write() as session:
                session.execute(insert(StoredResponse), rows)
    finally:
        db.close()


def time_summary(url: str, catalog, runs: int = 3) -> float:
    q = catalog.primary
    db = database.connect(url)
    try:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with db.read() as session:
                survey = session.get(Survey, SURVEY_ID)
                surveys.status(session, survey)
            # the dashboard's team means: the survey's one protected set of figures, as in the report
            results.team_figures(q, results.codes(db, SURVEY_ID), survey.min_group)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        db.close()


def postgres_server():
    """tests/postgres.py, loaded by path (the bench adds nothing to sys.path)."""
    spec = importlib.util.spec_from_file_location("throwaway_postgres", ROOT / "tests" / "postgres.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.start(durable=True)


def bench(kind: str, url: str, catalog, payloads, args, folder: Path) -> str:
    instances = 1 if kind == "sqlite" else 2
    env = {
        "CENTRICITY_DB": url,
        "CENTRICITY_QUESTIONS": str(ROOT / "questions"),
        "CENTRICITY_CONTENT": str(ROOT / "content"),
        "CENTRICITY_SUBMIT_LIMIT": "1000000000/60",
        "BENCH_DB": url,
    }
    prepare_db(url, catalog)
    real = measure("centricity.collect.wsgi:create()", env, instances, payloads, args, folder)
    stored = count(url, StoredResponse.__table__)
    slowed = measure("centricity.collect.wsgi:create()", env, instances, payloads, args, folder, args.slow)
    bare = measure("collect_load:bare_app()", env, instances, payloads, args, folder)
    bare_stored = count(url, BARE)
    rate, bare_rate = stored / real.seconds, bare_stored / bare.seconds
    workers = f"{instances} instance(s) x 2 gunicorn workers"
    print(
        f"{kind}: {workers}; CPU per request (us): collect {real.cpu_per_request():.0f}, "
        f"bare {bare.cpu_per_request():.0f}, client {1e6 * real.client_cpu / max(1, real.submitted):.0f}; "
        f"collect {real.submitted} in {real.seconds:.1f} s, failed {real.failed or 0}; "
        f"bare {bare.submitted} in {bare.seconds:.1f} s ({bare_rate:.0f}/s, "
        f"p50 {bare.percentile(0.5):.0f} ms, p99 {bare.percentile(0.99):.0f} ms), failed {bare.failed or 0}",
        flush=True,
    )
    for total in args.summary:
        fill(url, catalog, total, payloads)
        print(
            f"{kind}: dashboard (rates and protected team means) of {total:,} stored responses: "
            f"{time_summary(url, catalog):.3f} s",
            flush=True,
        )
    lost = max(0, real.acknowledged - stored)
    return (
        f"collect {kind}: {real.submitted} submitted, {stored} stored, {lost} lost, {rate:.0f}/s, "
        f"p50 {real.percentile(0.5):.0f} ms, p99 {real.percentile(0.99):.0f} ms, "
        f"{rate / bare_rate:.2f}x bare; "
        f"with {args.slow} slow clients connected: {slowed.acknowledged / slowed.seconds:.0f}/s, "
        f"p50 {slowed.percentile(0.5):.0f} ms, p99 {slowed.percentile(0.99):.0f} ms, "
        f"failed {slowed.failed or 0}"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tiny = os.environ.get("CENTRICITY_BENCH") == "tiny"
    ap.add_argument("--n", type=int, default=40 if tiny else 20_000, help="submissions per run")
    ap.add_argument("--clients", type=int, default=4 if tiny else 50, help="concurrent clients")
    ap.add_argument(
        "--max-seconds", type=float, default=120, help="stop sending after this long (default 120)"
    )
    ap.add_argument("--db", default="sqlite,postgresql", help="databases to run: sqlite,postgresql")
    ap.add_argument(
        "--slow", type=int, default=4 if tiny else 50, help="slow clients trickling bytes in the second run"
    )
    ap.add_argument(
        "--summary", default="50,100" if tiny else "10000,100000", help="stored responses to time at"
    )
    args = ap.parse_args(argv)
    args.summary = [int(x) for x in args.summary.split(",") if x]
    catalog = load_site(ROOT / "questions", ROOT / "content")
    payloads = bodies(args.n)
    lines = []
    with tempfile.TemporaryDirectory(prefix="collect-load-") as tmp:
        folder = Path(tmp)
        for kind in args.db.split(","):
            if kind == "sqlite":
                lines.append(
                    bench(kind, f"sqlite:///{folder / 'bench.sqlite3'}", catalog, payloads, args, folder)
                )
            else:
                server = postgres_server()
                try:
                    lines.append(bench(kind, server.url(), catalog, payloads, args, folder))
                finally:
                    server.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
