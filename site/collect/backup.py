"""`python build.py collect backup` and `restore`: a consistent copy of a running server's database, and
that copy put back into an empty database.

SQLite goes through its online backup API: one read transaction copies every page, so the copy is the
database at one moment while respondents keep sending (in WAL mode a reader never blocks the writer). The
copy is itself a SQLite file. PostgreSQL goes through `pg_dump --format=custom` (one snapshot, also under
load) and `pg_restore`; the password travels in the environment, never on a command line. Backups hold
every answer and the session key, so they are created readable by their owner only.

Restoring refuses a database that has tables already: a restore never mixes two databases.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from centricity.collect import db as database
from centricity.collect.errors import CollectError


def _private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 (or refuse an existing one, which a backup never overwrites)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise CollectError(f"{path} exists already: give a new file name") from None
    except OSError as exc:
        raise CollectError(f"cannot write {path}: {exc.strerror}") from None


def _tool(name: str) -> str:
    """The newest PostgreSQL's own binary (Debian keeps them per version), else the one on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    on_path = shutil.which(name)
    if on_path is None:
        raise CollectError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return on_path


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI for pg_dump and pg_restore, and the environment that carries the password."""
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise CollectError(f"{Path(command[0]).name} failed: {reason[-1] if reason else done.returncode}")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise CollectError("only a SQLite file can be backed up or restored")
    return Path(url.database)


def backup(url: str, out: Path) -> None:
    """Copy the database at `url` (migrated, possibly serving) to the new file `out`."""
    db = database.connect(url)
    try:
        database.require_migrated(db)
    finally:
        db.close()
    parsed = make_url(database.database_url(url))
    _private_file(out)
    try:
        if parsed.get_backend_name() == "sqlite":
            with sqlite3.connect(_sqlite_path(parsed)) as source, sqlite3.connect(out) as target:
                source.backup(target)  # every page in one step: one consistent moment
            source.close()
            target.close()
        else:
            uri, env = _libpq(parsed)
            dump = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
            _run([*dump, "-f", str(out), uri], env)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def restore(url: str, backup_file: Path) -> str:
    """Put `backup_file` into the empty database at `url`; the revision it holds, which the server checks
    on start as always (run `migrate` after restoring an older backup)."""
    if not backup_file.is_file():
        raise CollectError(f"no backup file {backup_file}")
    db = database.connect(url)
    try:
        if database.current_revision(db) is not None:
            raise CollectError(f"the database {database.shown(db.url)} has tables: restore into an empty one")
    finally:
        db.close()
    parsed = make_url(database.database_url(url))
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(backup_file) as source, sqlite3.connect(_sqlite_path(parsed)) as target:
            source.backup(target)
        source.close()
        target.close()
    else:
        uri, env = _libpq(parsed)
        command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "-d", uri]
        _run([*command, str(backup_file)], env)
    db = database.connect(url)
    try:
        return database.current_revision(db) or "none"
    finally:
        db.close()
