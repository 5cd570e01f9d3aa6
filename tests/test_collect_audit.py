"""The audit log on SQLite and PostgreSQL: sign-in, create, close, download and delete are recorded with
who and when, shown in the admin area and exported as CSV (and by the command line), and it holds no
answers."""

from __future__ import annotations

import csv
import io
import uuid

from centricity.cli import main
from tests import collect
from tests.collect import csrf, login, send

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures
LABEL = "Ana from sales, very unhappy"


def actions(admin) -> list[list[str]]:
    reply = admin.get("/admin/audit.csv")
    assert reply.status_code == 200 and "attachment" in reply.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(reply.get_data(as_text=True).removeprefix("\ufeff"))))


def test_admin_actions_are_recorded_and_exported_without_answers(served, shipped):
    survey = f"a{uuid.uuid4().hex[:8]}"
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    token = csrf(admin, "/admin/surveys/new/")
    form = {"csrf_token": token, "id": survey, "name": "Audited", "questionnaire": shipped.id, "teams": ""}
    assert admin.post("/admin/surveys/new/", data=form).status_code == 302
    assert send(served.app.test_client(), shipped, survey=survey, team="", label=LABEL).status_code == 201
    assert admin.get(f"/admin/surveys/{survey}/responses.json").status_code == 200
    assert admin.get(f"/admin/surveys/{survey}/report.html").status_code == 200
    assert admin.post(f"/admin/surveys/{survey}/close/", data={"csrf_token": token}).status_code == 302
    with served.db.engine.connect() as connection:
        query = f"SELECT id FROM responses WHERE survey_id = '{survey}'"
        number = connection.exec_driver_sql(query).scalar()
    delete = {"csrf_token": token, "number": str(number)}
    assert admin.post(f"/admin/surveys/{survey}/delete/", data=delete).status_code == 302
    confirm = {"csrf_token": token, "confirm": survey}
    assert admin.post(f"/admin/surveys/{survey}/delete-survey/", data=confirm).status_code == 302

    rows = actions(admin)
    assert rows[0] == ["at", "actor", "action", "survey", "detail"]
    mine = [(actor, action, detail) for _at, actor, action, sid, detail in rows[1:] if sid == survey]
    assert mine[::-1] == [
        ("ana", "create", ""),
        ("ana", "download", f"{survey}-responses.json"),
        ("ana", "download", f"{survey}-report.html"),
        ("ana", "close", ""),
        ("ana", "delete-response", f"response {number}"),
        ("ana", "delete-survey", "0 responses"),
    ]
    assert any(r[1:3] == ["ana", "sign-in"] for r in rows)
    page = admin.get("/admin/audit/").get_data(as_text=True)
    assert f">{survey}<" in page and "delete-survey" in page
    dump = admin.get("/admin/audit.csv").get_data(as_text=True) + page
    assert LABEL not in dump and "q=customer-centricity" not in dump, "no answers in the audit log"


def test_the_audit_log_needs_a_login_and_the_command_line_prints_it(served, capsys):
    stranger = served.app.test_client()
    assert stranger.get("/admin/audit/").status_code == 302
    assert stranger.get("/admin/audit.csv").status_code == 302
    assert main(["collect", "audit", "--db", served.url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("at,actor,action,survey,detail\r\n") and ",ana,sign-in," in out
