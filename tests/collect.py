"""The collecting server as several test modules use it: a served app on a real SQLite file and on a real
PostgreSQL (the `served` fixture: one module-wide database per kind, with admin ana and surveys acme and
globex), extra apps on the same database standing for more workers (`make_app`), and the requests a
respondent's browser and an admin send."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.engine import codec
from centricity.engine.scoring import Answers
from tests.helpers import ROOT
from tests.postgres import postgres  # noqa: F401 (a fixture)

PASSWORD = "correct horse battery"


@dataclass
class Served:
    app: Flask
    db: database.Database
    url: str


def make_db(kind: str, request, tmp_path_factory) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('collect') / 'c.sqlite3'}"
    return request.getfixturevalue("postgres").create_database()


def migrated_db(request, tmp_path, catalog, teams: str = "") -> str:
    """A fresh database of the test's kind (`request.param`) for a real server: migrated, with admin ana and
    survey acme (`teams` as on the command line)."""
    found = (
        f"sqlite:///{tmp_path / 'c.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres").create_database()
    )
    db = database.connect(found)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        spec = surveys.SurveySpec("acme", "customer-centricity", "Acme", surveys.parse_teams(teams))
        surveys.create(session, spec, catalog, now())
    db.close()
    return found


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory, catalog):
    url = make_db(request.param, request, tmp_path_factory)
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        spec = surveys.SurveySpec(
            "acme",
            "customer-centricity",
            "Acme 2026",
            surveys.parse_teams("sales:4:Sales\nit:2:IT"),
            min_group=2,
        )
        surveys.create(session, spec, catalog, now())
        surveys.create(
            session, surveys.SurveySpec("globex", "customer-centricity", "Globex", ()), catalog, now()
        )
    app = create_collect_app(catalog, url)
    yield Served(app, db, url)
    close(app)
    db.close()


def close(app: Flask) -> None:
    app.extensions["collect"].db.close()


@pytest.fixture()
def make_app(catalog):
    """Extra apps on the served database (more workers, other options), closed after the test."""
    made = []

    def make(url: str, options: Options | None = None) -> Flask:
        made.append(create_collect_app(catalog, url, options))
        return made[-1]

    yield make
    for app in made:
        close(app)


def response_file(q, survey="acme", team="sales", choice=1, label="", felt=7) -> dict:
    answers = Answers({x.id: min(choice, len(x.options) - 1) for x in q.questions}, {}, felt, {})
    return codec.to_json(q, codec.Response(q.id, q.version, answers, label, survey, team, "", "2026-11-24"))


def new_id() -> str:
    return uuid.uuid4().hex


def send(client, q, response_id=None, survey="acme", environ=None, **kw):
    body = {"response_id": response_id or new_id(), "response": response_file(q, survey=survey, **kw)}
    return client.post(f"/api/surveys/{survey}/responses?lang=en", json=body, environ_base=environ or {})


def csrf(client, path="/admin/login/", **kw) -> str:
    page = client.get(path, **kw)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def login(client, name="ana", password=PASSWORD):
    return client.post("/admin/login/", data={"name": name, "password": password, "csrf_token": csrf(client)})


def stored_count(served, survey="acme") -> int:
    with served.db.read() as session:
        return sum(
            line.responses for line in surveys.status(session, session.get(surveys.Survey, survey)).lines
        )


# ---- the real server, as `python build.py collect` starts it ----


def die_with_parent() -> None:
    """In the child: Linux kills it when the test process dies, however it dies (its workers then see their
    master gone and exit), so a killed test run leaves no server behind."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def start(url: str, port: int, log: Path, *options: str) -> subprocess.Popen:
    """`python build.py collect` in its own process group, so the test can kill it and all its workers;
    it is up once survey acme answers."""
    command = [sys.executable, "build.py", "collect", "--db", url, "--port", str(port), "--workers", "2"]
    command += options
    with log.open("ab") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=out, start_new_session=True, preexec_fn=die_with_parent
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/surveys/acme", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    kill(server)
    raise AssertionError(f"the server did not start:\n{log.read_text()}")


def kill(server: subprocess.Popen) -> None:
    """SIGKILL the whole group: no clean shutdown, as a crash or a power cut of the process would be."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def workers(master: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(stat.parent.name))
    return found
