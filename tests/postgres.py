"""A throwaway PostgreSQL for tests and benches: Debian's binaries, a cluster in a temporary folder, one
server per test session on a free loopback port, always stopped (also when a test fails).

`initdb` and `postgres` refuse to run as root, so as root they run as the `postgres` user (`runuser`); the
folder is made theirs. Test modules use the `postgres` fixture (import it from here) and ask it for a fresh
database (a schema) per test; every module shares one server, which stops when the last user is torn down.
`fsync=off` only where nothing claims durability: `start(durable=True)` keeps PostgreSQL's defaults.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALL = "apt-get install -y --no-install-recommends postgresql"


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise RuntimeError(f"PostgreSQL is not installed; as root: {INSTALL}")
    return found[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@dataclass
class Postgres:
    """One running server; `url()` names a database on it for SQLAlchemy (psycopg 3 driver)."""

    folder: Path
    port: int
    users: int = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A URL whose tables live in a fresh, empty schema: as isolated as a new database, 1000x faster."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                str(pg_bin() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start(durable: bool = False) -> Postgres:
    """initdb and start a server; raise with its log when it cannot start."""
    folder = Path(tempfile.mkdtemp(prefix="centricity-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    binaries = pg_bin()
    port = free_port()
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    steps = [
        [str(binaries / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync"],
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-l",
            str(folder / "log"),
            "-w",
            "start",
            "-o",
            options,
        ],
    ]
    server = Postgres(folder, port)
    for step in steps:
        done = subprocess.run(_as_postgres(*step), capture_output=True, text=True, check=False)
        if done.returncode:
            log = (folder / "log").read_text() if (folder / "log").exists() else ""
            server.stop()
            raise RuntimeError(f"{Path(step[0]).name} failed:\n{done.stdout}{done.stderr}{log}")
    return server


_shared: Postgres | None = None


def _release() -> None:
    global _shared
    if _shared is not None:
        _shared.stop()
        _shared = None


atexit.register(_release)  # a session that dies between fixtures still leaves no server behind


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """The session's server, shared by every module that imports this fixture."""
    global _shared
    if _shared is None:
        _shared = start()
    server = _shared
    server.users += 1
    try:
        yield server
    finally:
        server.users -= 1
        if server.users == 0:
            _release()
