"""Connecting to the database, migrating it with Alembic, and refusing to serve an unmigrated one.

SQLite is the zero-set-up default: WAL mode lets readers (the dashboard) run beside the one writer,
`synchronous=NORMAL` keeps every commit safe from a killed process. Writing sessions begin with
`BEGIN IMMEDIATE`, so a transaction never has to upgrade a read snapshot to a write lock (which SQLite
refuses under contention). Writers of all the worker processes queue on an OS file lock beside the
database before they begin: SQLite's own busy handler polls with growing sleeps, so under a steady load a
waiting worker could keep missing the lock for seconds; a file lock hands it over at once, in turn.
PostgreSQL is for several instances sharing one database; the same code runs on both.
"""

from __future__ import annotations

import fcntl
import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from centricity.collect.errors import CollectError, NotMigrated

DEFAULT_DB = "centricity-collect.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def database_url(text: str) -> str:
    """A SQLAlchemy URL from what a consultant types: a file path, `sqlite:///...` or `postgresql://...`."""
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise CollectError(f"--db {text!r} is not a database URL: {exc}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise CollectError(f"--db {text!r}: only SQLite and PostgreSQL are supported")
    return url.render_as_string(hide_password=False)


def shown(url: str) -> str:
    """The URL as it may be printed: a password becomes ***."""
    return make_url(url).render_as_string(hide_password=True)


def private(path: Path) -> None:
    """Make `path` (a SQLite file: it holds the session key and every answer) readable by its owner only,
    creating it empty if missing. SQLite gives its -wal and -shm files the database file's mode."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError as exc:
        raise CollectError(f"cannot open the database {path}: {exc.strerror}") from None


class WriterQueue:
    """One writer at a time across threads (a lock) and processes (`flock` on `<database>.lock`)."""

    def __init__(self, path: Path):
        self.path = path
        self.threads = threading.Lock()
        self.fd: int | None = None
        self.pid: int | None = None  # the process that opened fd

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self.threads:
            if self.fd is None or self.pid != os.getpid():  # a forked worker opens its own
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self.fd is not None and self.pid == os.getpid():
            os.close(self.fd)
        self.fd = None


@dataclass
class Database:
    engine: Engine
    writer: Engine  # the same pool, for submissions: SQLite's write lock at BEGIN; PostgreSQL autocommit
    sessions: sessionmaker[Session]
    writers: sessionmaker[Session]
    queue: WriterQueue | None  # SQLite only

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def _turn(self):
        return self.queue.turn() if self.queue else nullcontext()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._turn(), self.writers() as session, session.begin():
            yield session

    @contextmanager
    def submission(self) -> Iterator[Connection]:
        """Where a submission counts itself and stores: a path of one or two prebuilt statements.

        On SQLite, one `BEGIN IMMEDIATE` transaction: there is one writer at a time anyway. On PostgreSQL,
        an autocommit connection: the path is one statement (`statements.COUNT_AND_STORE`), its own
        transaction, one round trip instead of three."""
        if self.is_sqlite:
            with self._turn(), self.writer.begin() as connection:
                yield connection
            return
        with self.writer.connect() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()
        if self.queue:
            self.queue.close()


def connect(url: str) -> Database:
    url = database_url(url)
    queue = None
    sqlite = make_url(url).get_backend_name() == "sqlite"
    if sqlite:
        engine = create_engine(url)
        _sqlite_setup(engine)
        file = make_url(url).database
        if file and file != ":memory:":
            private(Path(file))
        queue = WriterQueue(Path(f"{file}.lock")) if file and file != ":memory:" else None
    else:
        # No ping before each use: it would cost a round trip per transaction. A connection the server
        # dropped fails once, and SQLAlchemy then replaces every pooled connection made before it.
        engine = create_engine(url, pool_size=5, max_overflow=5, pool_recycle=3600)
    immediate = engine.execution_options(begin_immediate=True)  # SQLite's "begin" event reads it
    return Database(
        engine,
        immediate if sqlite else engine.execution_options(isolation_level="AUTOCOMMIT"),
        sessionmaker(engine, expire_on_commit=False),
        sessionmaker(immediate, expire_on_commit=False),
        queue,
    )


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below starts transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get("begin_immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@functools.cache  # the migrations of a running process never change
def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "the migrations folder holds no revision"
    return head


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise CollectError(f"cannot open the database {shown(db.url)}: {reason}") from None


def migrate(db: Database) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; (revision before, revision after)."""
    before = current_revision(db)
    cfg = _alembic_config()
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return before, head_revision()


def require_migrated(db: Database) -> None:
    """Serving on an older schema would fail at the first query, in front of a respondent: say it now."""
    current = current_revision(db)
    head = head_revision()
    if current != head:
        state = "has no tables yet" if current is None else f"is at revision {current}, not {head}"
        hidden = " (with the password in place of ***)" if make_url(db.url).password else ""
        raise NotMigrated(
            f"the database {shown(db.url)} {state}; migrate it first with{hidden}:\n"
            f"    python build.py collect migrate --db '{shown(db.url)}'"
        )
