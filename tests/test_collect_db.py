"""The collecting server's storage on a real SQLite file and a real PostgreSQL: migrations, the refusal to
serve an unmigrated database, shared rate counters and password hashes."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from centricity.collect import db as database
from centricity.collect.errors import CollectError, NotMigrated
from centricity.collect.models import Base, Setting
from centricity.collect.passwords import hash_password, verify_password
from centricity.collect.ratelimit import Limit, hit, spread, used
from centricity.collect.statements import RATE_HIT
from tests.postgres import postgres  # noqa: F401 (a fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'collect.sqlite3'}"
    return request.getfixturevalue("postgres").create_database()


@pytest.fixture()
def db(url):
    d = database.connect(url)
    yield d
    d.close()


def test_an_unmigrated_database_is_refused_with_the_command_to_run(db):
    with pytest.raises(NotMigrated) as caught:
        database.require_migrated(db)
    message = str(caught.value)
    assert "has no tables yet" in message
    assert f"python build.py collect migrate --db '{database.shown(db.url)}'" in message


def test_migrating_creates_exactly_the_models_schema(db):
    assert database.migrate(db) == (None, database.head_revision())
    database.require_migrated(db)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert database.migrate(db)[0] == database.head_revision(), "migrating twice changes nothing"


def test_each_database_gets_its_own_session_key(db, tmp_path):
    database.migrate(db)
    with db.read() as session:
        key = session.get(Setting, "secret_key").value
    assert len(key) == 64
    other = database.connect(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    database.migrate(other)
    with other.read() as session:
        assert session.get(Setting, "secret_key").value != key
    other.close()


def test_rate_counters_are_shared_by_separate_connections(db):
    """Two Database objects stand for two workers (or two instances): they count together."""
    database.migrate(db)
    second = database.connect(db.url)
    limit = Limit(3, 60)
    results = []
    for worker in (db, second, db, second):
        with worker.write() as session:
            results.append(hit(session, "login:ana", limit, now=1000.0))
    assert results == [True, True, True, False]
    with second.read() as session:
        assert used(session, "login:ana", limit, now=1000.0) == 4
        assert used(session, "login:ana", limit, now=1060.0) == 0, "a new window starts from zero"
    with second.write() as session:
        assert hit(session, "login:ana", limit, now=1060.0)
    second.close()


def hit_spread(session, key: str, limit: Limit) -> bool:
    row, window, allowed = spread(key, limit, now=1000.0)
    return session.execute(RATE_HIT, {"key": row, "window_start": window}).scalar_one() <= allowed


def test_a_spread_count_never_exceeds_its_limit_and_reaches_it(db):
    """A survey's submissions are counted over several rows; together they allow the limit, not more."""
    database.migrate(db)
    with db.write() as session:
        allowed = [hit_spread(session, "submit:s", Limit(640, 60)) for _ in range(1000)]
        assert sum(allowed) == 640
        assert [hit_spread(session, "submit:small", Limit(3, 60)) for _ in range(4)] == [
            True
        ] * 3 + [False]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    d = database.connect(str(tmp_path / "plain-path.sqlite3"))
    with d.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == database.BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    d.close()


@pytest.mark.parametrize("given", ["mysql://u@h/db", "postgresql://"])
def test_database_urls(given):
    if given.startswith("mysql"):
        with pytest.raises(CollectError, match="only SQLite and PostgreSQL"):
            database.database_url(given)
    else:
        assert database.database_url(given).startswith("postgresql+psycopg://")


def test_a_password_in_the_url_is_never_shown():
    assert database.shown("postgresql+psycopg://app:s3cret@db/c") == "postgresql+psycopg://app:***@db/c"


def test_password_hashes():
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$16384$8$1$")
    assert stored != hash_password("correct horse battery"), "salted"
    assert verify_password("correct horse battery", stored)
    assert not verify_password("correct horse batterz", stored)
    assert not verify_password("correct horse battery", None)


def test_the_submit_path_stores_what_sqlalchemy_stores(db, catalog):
    """Submissions run their statements on the driver's connection (statements.SubmitPath): the row must
    read back exactly as a row the ORM wrote, types and all, on both databases."""
    import datetime as dt

    from sqlalchemy import select

    from centricity.collect import surveys
    from centricity.collect.models import StoredResponse
    from centricity.collect.statements import SubmitPath

    database.migrate(db)
    when = dt.datetime(2026, 11, 24, 9, 30)
    spec = surveys.SurveySpec("s", "customer-centricity", "S", (surveys.TeamSpec("it", 3),))
    with db.write() as session:
        surveys.create(session, spec, catalog, when)
    fields = {
        "survey_id": "s",
        "team": "it",
        "payload": {"answers": {"cu1": 3}, "label": "ñ \"<x>\"", "felt": None},
        "code": "c1",
        "overall": None,
        "scores": {"culture": 41.5, "data": None},
        "updated": when,
    }
    values = {**fields, "response_key": "k1", "receipt_hash": "r1", "today": when.date()}
    values |= {"key": "submit:s", "window_start": 0, "allowed": 1}
    path = SubmitPath(db.engine.dialect)
    with db.submission() as connection:
        assert path.run(connection, values) == (1, 0)
    with db.submission() as connection:
        over = path.run(connection, values | {"receipt_hash": "r2"})
    assert over == (2, None), "over the limit: counted, not stored"
    with db.write() as session:
        session.add(StoredResponse(**fields, response_key="k2", receipt_hash="r3", created=when, replaced=0))
    with db.read() as session:
        rows = session.scalars(select(StoredResponse).order_by(StoredResponse.response_key)).all()
    read = [{name: getattr(row, name) for name in (*fields, "created", "replaced")} for row in rows]
    assert read[0] == read[1] == {**fields, "created": when, "replaced": 0}


def test_the_sqlite_file_and_its_companions_are_private(tmp_path):
    """The file holds the session key and every answer: owner only, new or found readable by others."""
    fresh = tmp_path / "fresh.sqlite3"
    old = tmp_path / "old.sqlite3"
    old.touch(mode=0o644)
    old.chmod(0o644)
    for path in (fresh, old):
        db = database.connect(str(path))
        database.migrate(db)
        with db.write() as session:
            session.add(Setting(key="probe", value="x"))
        companions = [p for p in tmp_path.glob(f"{path.name}*") if p.exists()]
        assert {p.name for p in companions} >= {path.name, f"{path.name}-wal", f"{path.name}-shm"}
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in companions), [
            (p.name, oct(p.stat().st_mode)) for p in companions
        ]
        db.close()
