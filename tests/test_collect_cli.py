"""`python build.py collect ...` as a consultant types it, and the real server under gunicorn: a killed worker
and a killed server (no clean shutdown) lose no acknowledged response, on SQLite and on PostgreSQL."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from centricity.cli import main
from centricity.collect import db as database
from centricity.collect.models import StoredResponse
from centricity.core import limits
from centricity.engine import codec
from centricity.engine.scoring import Answers
from tests.collect import kill, start, workers
from tests.postgres import free_port, postgres  # noqa: F401 (a fixture)

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'c.sqlite3'}"
    return request.getfixturevalue("postgres").create_database()


def run(capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["collect", *argv])
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def test_set_up_a_survey_from_the_command_line(capsys, tmp_path):
    db = str(tmp_path / "survey.sqlite3")
    code, _, err = run(capsys, "add-admin", "ana", "--db", db, "--password-stdin", stdin=PASSWORD)
    assert code == 1 and f"python build.py collect migrate --db 'sqlite:///{db}'" in err
    head = database.head_revision()
    assert run(capsys, "migrate", "--db", db)[1] == f"database sqlite:///{db}: migrated to revision {head}\n"
    assert "up to date" in run(capsys, "migrate", "--db", db)[1]
    code, _, err = run(capsys, "add-admin", "ana", "--db", db, "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 12 characters" in err
    assert (
        run(capsys, "add-admin", "ana", "--db", db, "--password-stdin", stdin=PASSWORD)[1]
        == "admin ana: created\n"
    )
    code, out, _ = run(capsys, "add-admin", "ana", "--db", db, "--password-stdin", stdin=PASSWORD + "!")
    assert out == "admin ana: password changed\n"
    run(capsys, "add-admin", "bea", "--db", db, "--password-stdin", stdin=PASSWORD)
    removed = run(capsys, "remove-admin", "bea", "--db", db)[1]
    assert removed == "admin bea: removed, and signed out everywhere\n"
    code, _, err = run(capsys, "remove-admin", "bea", "--db", db)
    assert code == 1 and "There is no admin bea" in err

    survey = ["create-survey", "--db", db, "--id", "acme", "--name", "Acme 2026", "--closes", "2099-01-31"]
    code, _, err = run(capsys, *survey, "--teams", "sales:12,it=4")
    assert code == 1 and "Teams, line 2 (it=4)" in err
    code, out, _ = run(capsys, *survey, "--teams", "sales:12:Sales floor,it:4")
    assert code == 0 and "survey acme created with 2 team(s)" in out
    assert f"python build.py collect links --db 'sqlite:///{db}' --survey acme --base-url URL" in out
    code, _, err = run(capsys, *survey)
    assert code == 1 and "A survey with the id acme exists already." in err

    code, out, _ = run(
        capsys, "links", "--db", db, "--survey", "acme", "--base-url", "https://s.example.org/"
    )
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(team, lang) for team, lang, _ in lines] == [
        ("sales", "es"),
        ("it", "es"),
        ("sales", "en"),
        ("it", "en"),
    ]
    assert lines[2][2].startswith(
        "https://s.example.org/en/assessment/customer-centricity/?survey=acme&team=sales"
    )
    assert "team_name=Sales+floor" in lines[2][2] and "team_name" not in lines[3][2]


def test_a_survey_is_held_to_the_limits_its_links_need(capsys, tmp_path):
    """A team name a survey link cannot carry is refused when the survey is made, not when links are."""
    db = str(tmp_path / "limits.sqlite3")
    run(capsys, "migrate", "--db", db)
    survey = ["create-survey", "--db", db, "--name", "Limits"]
    longest = "N" * limits.TEAM_NAME_MAX
    code, _, err = run(capsys, *survey, "--id", "long", "--teams", f"it:4:{longest}N")
    assert code == 1 and f"{limits.TEAM_NAME_MAX}" in err
    code, _, err = run(capsys, *survey, "--id", "big", "--min-group", str(limits.MIN_GROUP_MAX + 1))
    assert code == 1 and f"{limits.MIN_GROUP_MAX}" in err
    group = str(limits.MIN_GROUP_MAX)
    code, _, _ = run(capsys, *survey, "--id", "edge", "--teams", f"it:4:{longest}", "--min-group", group)
    assert code == 0
    code, out, _ = run(
        capsys, "links", "--db", db, "--survey", "edge", "--base-url", "https://s.example.org/"
    )
    assert code == 0 and f"team_name={longest}" in out and f"min={group}" in out


def test_an_unreachable_database_is_one_line_without_its_password(capsys):
    code, _, err = run(capsys, "migrate", "--db", f"postgresql://app:s3cret@127.0.0.1:{free_port()}/c")
    assert code == 1 and err.startswith("error: cannot open the database postgresql+psycopg://app:***@")
    assert "s3cret" not in err and "Traceback" not in err


def test_the_server_refuses_an_unmigrated_database(capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(tmp_path / "old.sqlite3"), "--port", str(free_port()))
    assert code == 1 and "has no tables yet; migrate it first with" in err and "collecting on" not in out


# ---- the real server ----


def submit(port: int, body: bytes) -> str | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/surveys/acme/responses",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.load(reply)["receipt"] if reply.status == 201 else None
    except (OSError, http.client.HTTPException):  # the worker was killed mid-request: not acknowledged
        return None


def test_killed_workers_and_a_killed_server_lose_no_acknowledged_response(capsys, url, tmp_path, shipped):
    assert run(capsys, "migrate", "--db", url)[0] == 0
    assert (
        run(capsys, "create-survey", "--db", url, "--id", "acme", "--name", "Acme", "--teams", "sales:9")[0]
        == 0
    )
    answers = Answers({x.id: 1 for x in shipped.questions}, {}, 6, {})
    file = codec.to_json(shipped, codec.Response(shipped.id, shipped.version, answers, "", "acme", "sales"))
    port, log = free_port(), tmp_path / "server.log"
    acknowledged: list[tuple[str, str]] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for _ in range(n):
            rid = uuid.uuid4().hex
            receipt = submit(port, json.dumps({"response_id": rid, "response": file}).encode())
            if receipt:
                with lock:
                    acknowledged.append((rid, receipt))

    server = start(url, port, log)
    try:
        threads = [threading.Thread(target=client, args=(15,)) for _ in range(6)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(acknowledged) >= 20, f"the server acknowledged too little:\n{log.read_text()[-2000:]}"
        os.kill(workers(server.pid)[0], signal.SIGKILL)  # a worker dies in the middle of the load
        for t in threads:
            t.join()
        kill(server)  # then the whole server, without a clean shutdown
        server = start(url, port, log)
        for _, receipt in acknowledged:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/receipt",
                data=json.dumps({"receipt": receipt}).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as reply:
                assert reply.status == 200
    finally:
        kill(server)
    db = database.connect(url)
    with db.read() as session:
        stored = session.query(StoredResponse).count()
    db.close()
    assert len(acknowledged) >= 60, "most submissions were acknowledged despite the killed worker"
    assert stored >= len(acknowledged), "every acknowledged response is stored"


# ---- from the README to a running server ----

ROOT = Path(__file__).resolve().parent.parent


def readme_steps(text: str) -> list[str]:
    """The collecting commands' steps in order: the install, then each `build.py collect` action."""
    steps = []
    for line in text.splitlines():
        words = line.split()
        if "requirements-collect.txt" in line and "pip" in words:
            steps.append("install")
        elif words[:3] == ["python", "build.py", "collect"]:
            steps.append(words[3] if len(words) > 3 and not words[3].startswith(("-", "#")) else "serve")
    return steps


def test_both_readmes_give_the_collecting_commands_in_one_order():
    order = ["install", "migrate", "add-admin", "create-survey", "links", "serve"]
    main_readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = main_readme.split("\n## Collecting responses\n", 1)[1].split("\n## ", 1)[0]
    assert readme_steps(section) == order
    start_it = (ROOT / "site/collect/README.md").read_text(encoding="utf-8").split("\n## Start it", 1)[1]
    assert readme_steps(start_it.split("\n## ", 1)[0]) == order
    two = main_readme.split("\n## Two commands\n", 1)[1].split("\n#", 1)[0]  # up to the lock table
    assert "requirements-collect.txt" not in two, "the lead's two commands stay as they are"


def test_the_readmes_collecting_commands_bring_up_the_server():
    """As written (the install aside: CI runs it too, in a brand-new virtual environment, `.ci/run`)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python3 -m venv "$work/collect"' in ci and "python .ci/readme_collect.py\n" in ci
    proc = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_collect.py"), "--skip-install"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("the README's 6 commands brought up the server")
    assert "created" in proc.stdout and "acme-2026" in proc.stdout  # add-admin and links said what they did
