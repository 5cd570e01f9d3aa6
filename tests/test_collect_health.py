"""The load balancer's probes on SQLite and PostgreSQL: /healthz while the process answers, /readyz only
while the database answers and is migrated; neither needs a login, sets a cookie or shows a survey."""

from __future__ import annotations

import psycopg
import pytest

from centricity.collect import db as database
from centricity.collect.app import create_collect_app
from tests import collect

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures


def test_both_probes_answer_when_all_is_well(served):
    client = served.app.test_client()
    live, ready = client.get("/healthz"), client.get("/readyz")
    assert live.status_code == 200 and live.json == {"status": "ok"}
    assert ready.status_code == 200 and ready.json == {
        "status": "ready",
        "revision": database.head_revision(),
    }
    for reply in (live, ready):
        assert "Set-Cookie" not in reply.headers and reply.headers["Cache-Control"] == "no-store"


def test_an_unmigrated_database_is_not_ready(served):
    client = served.app.test_client()
    with served.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    try:
        ready = client.get("/readyz")
    finally:
        with served.db.engine.begin() as connection:
            connection.exec_driver_sql(
                f"UPDATE alembic_version SET version_num = '{database.head_revision()}'"
            )
    assert ready.status_code == 503
    assert ready.json == {
        "status": "unavailable",
        "reason": "not_migrated",
        "revision": "0001",
        "expected": database.head_revision(),
    }
    assert client.get("/healthz").status_code == 200, "the process is still up"
    assert client.get("/readyz").status_code == 200


def test_an_unreachable_database_is_not_ready(request, catalog):
    """A database of its own on the test server, then closed to connections and its sessions ended."""
    server = request.getfixturevalue("postgres")
    admin = f"host=127.0.0.1 port={server.port} user=postgres"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute("CREATE DATABASE probe")
    url = server.url("probe")
    db = database.connect(url)
    database.migrate(db)
    db.close()
    app = create_collect_app(catalog, url)
    client = app.test_client()
    try:
        assert client.get("/readyz").status_code == 200
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute("ALTER DATABASE probe ALLOW_CONNECTIONS false")
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'probe'")
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json == {"status": "unavailable", "reason": "unreachable"}
        assert client.get("/healthz").status_code == 200
    finally:
        collect.close(app)
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute("DROP DATABASE probe WITH (FORCE)")


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_tell_nothing_of_surveys(served, path):
    text = served.app.test_client().get(path).get_data(as_text=True)
    assert "acme" not in text and "Acme" not in text
