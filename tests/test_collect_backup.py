"""`build.py collect backup` and `restore` on SQLite (online backup API) and PostgreSQL (pg_dump and
pg_restore): a backup taken while respondents keep sending is one consistent moment of the database, and
restored into an empty database its export is the source's export of that moment; taken at rest, the
restored export is the source's byte for byte."""

from __future__ import annotations

import io
import sys
import threading
import uuid

import psycopg
import pytest

from centricity.cli import main
from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import create_collect_app, now
from tests import collect
from tests.collect import PASSWORD, login, send
from tests.postgres import postgres  # noqa: F401 (a fixture)

EXPORT = "/admin/surveys/acme/responses.json"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A maker of new, empty databases of one kind (PostgreSQL: whole databases, as pg_dump takes them)."""
    made: list[str] = []
    if request.param == "sqlite":
        yield lambda: f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    server = request.getfixturevalue("postgres")
    admin = f"host=127.0.0.1 port={server.port} user=postgres"

    def make() -> str:
        name = f"b_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return server.url(name)

    yield make
    with psycopg.connect(admin, autocommit=True) as c:
        for name in made:
            c.execute(f"DROP DATABASE {name} WITH (FORCE)")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    old, sys.stdin = sys.stdin, io.StringIO("")
    try:
        code = main(["collect", *argv])
    finally:
        sys.stdin = old
    return (code, *capsys.readouterr())


def source(url: str, catalog):
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        spec = surveys.SurveySpec("acme", "customer-centricity", "Acme", surveys.parse_teams("sales:9"))
        surveys.create(session, spec, catalog, now())
    db.close()
    return create_collect_app(catalog, url)


def export(app) -> bytes:
    client = app.test_client()
    assert login(client).status_code == 302
    reply = client.get(EXPORT)
    assert reply.status_code == 200
    return reply.data


def entries(text: bytes) -> list[bytes]:
    """The export's lines: one per response (its format writes them so)."""
    return text.splitlines()[1:-1]


def test_a_backup_under_load_restores_to_one_moment_and_at_rest_byte_for_byte(
    capsys, tmp_path, empty_url, catalog, shipped
):
    url = empty_url()
    app = source(url, catalog)
    stop, sent = threading.Event(), []

    def respondent() -> None:
        client = app.test_client()
        while not stop.is_set():
            sent.append(send(client, shipped, label=f"r{len(sent)}").status_code)

    threads = [threading.Thread(target=respondent) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        while len(sent) < 30:
            stop.wait(0.05)
        code, out, err = run(capsys, "backup", "--db", url, "--out", str(tmp_path / "load.backup"))
        taken = len(sent)
        while len(sent) < taken + 30:
            stop.wait(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert code == 0 and "backed up to" in out, err
    assert set(sent) == {201}
    final = export(app)

    target = empty_url()
    code, out, err = run(capsys, "restore", str(tmp_path / "load.backup"), "--db", target)
    assert code == 0 and f"revision {database.head_revision()}" in out, err
    restored_app = create_collect_app(catalog, target)
    restored = export(restored_app)
    lines, all_lines = entries(restored), entries(final)
    assert 30 <= len(lines) < len(all_lines), "a moment during the load"
    assert restored.splitlines()[0] == final.splitlines()[0]
    position = {line.rstrip(b","): i for i, line in enumerate(all_lines)}
    kept = [position.get(line.rstrip(b",")) for line in lines]
    assert None not in kept and kept == sorted(kept), "every restored response is the source's, in order"

    code, _, err = run(capsys, "backup", "--db", url, "--out", str(tmp_path / "rest.backup"))
    assert code == 0, err
    again = empty_url()
    assert run(capsys, "restore", str(tmp_path / "rest.backup"), "--db", again)[0] == 0
    at_rest = create_collect_app(catalog, again)
    assert export(at_rest) == final, "restored at rest: the export byte for byte"
    for made in (app, restored_app, at_rest):
        collect.close(made)
    assert (tmp_path / "load.backup").stat().st_mode & 0o777 == 0o600, "a backup holds every answer"


def test_restore_refuses_a_database_with_tables_and_backup_an_existing_file(
    capsys, tmp_path, empty_url, catalog
):
    url = empty_url()
    collect.close(source(url, catalog))
    file = tmp_path / "one.backup"
    assert run(capsys, "backup", "--db", url, "--out", str(file))[0] == 0
    code, _, err = run(capsys, "backup", "--db", url, "--out", str(file))
    assert code == 1 and "exists already" in err
    code, _, err = run(capsys, "restore", str(file), "--db", url)
    assert code == 1 and "has tables: restore into an empty one" in err
    code, _, err = run(capsys, "restore", str(tmp_path / "none.backup"), "--db", empty_url())
    assert code == 1 and "no backup file" in err
