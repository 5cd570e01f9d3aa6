"""Access per survey on SQLite and PostgreSQL: a viewer (a client contact) sees the report and protected
figures of the surveys given to them and nothing else, on every route of the admin area; accounts are
managed from the admin area and the command line."""

from __future__ import annotations

import re
import uuid

from centricity.cli import main
from centricity.collect import access, auth
from centricity.collect.app import now
from tests import collect
from tests.collect import PASSWORD, csrf, login, send

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures


def viewer(served, *surveys: str) -> str:
    name = f"v{uuid.uuid4().hex[:8]}"
    auth.set_password(served.db, name, PASSWORD, now(), role="viewer")
    with served.db.write() as session:
        for survey in surveys:
            access.grant(session, name, survey)
    return name


def sample(rule, survey: str) -> str:
    path = re.sub(r"<(\w+:)?survey_id>", survey, rule.rule)
    return re.sub(r"<(\w+:)?\w+>", "1", path)


def test_a_viewer_sees_their_surveys_protected_figures_and_nothing_else(served, shipped):
    send(served.app.test_client(), shipped, label="Bea, sales")
    client = served.app.test_client()
    assert login(client, viewer(served, "acme")).status_code == 302
    home = client.get("/admin/").get_data(as_text=True)
    assert "Acme 2026" in home and "Globex" not in home
    assert "/admin/audit/" not in home and "/admin/surveys/new/" not in home
    for path in ("report.html", "summary.json", "summary.csv"):
        assert client.get(f"/admin/surveys/acme/{path}").status_code == 200, path
        assert client.get(f"/admin/surveys/globex/{path}").status_code == 403, path
    opened = {"collect_admin.index", "collect_admin.login", *access.VIEWER_PAGES}
    for rule in served.app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/") or rule.endpoint in opened:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            reply = client.open(sample(rule, "acme"), method=method, data={"csrf_token": "x"})
            assert reply.status_code == 403, (rule.rule, method, reply.status_code)
            assert "Bea, sales" not in reply.get_data(as_text=True)


def test_accounts_are_managed_from_the_admin_area(served):
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    token = csrf(admin, "/admin/accounts/")
    name = f"c{uuid.uuid4().hex[:8]}"
    form = {"csrf_token": token, "name": name, "password": PASSWORD, "role": "viewer", "surveys": "acme"}
    assert admin.post("/admin/accounts/", data={**form, "surveys": "nope"}).status_code == 404
    assert admin.post("/admin/accounts/", data=form).status_code == 302
    page = admin.get("/admin/accounts/").get_data(as_text=True)
    assert f'data-account="{name}"' in page
    contact = served.app.test_client()
    assert login(contact, name).status_code == 302
    assert contact.get("/admin/surveys/acme/report.html").status_code == 200
    assert admin.post(f"/admin/accounts/{name}/remove/", data={"csrf_token": token}).status_code == 302
    assert contact.get("/admin/surveys/acme/report.html").status_code == 302, "signed out at once"


def test_grant_and_revoke_from_the_command_line(served, capsys):
    name = viewer(served)
    client = served.app.test_client()
    assert login(client, name).status_code == 302
    assert client.get("/admin/surveys/globex/report.html").status_code == 403
    assert main(["collect", "grant", name, "--survey", "globex", "--db", served.url]) == 0
    assert client.get("/admin/surveys/globex/report.html").status_code == 200
    assert main(["collect", "revoke", name, "--survey", "globex", "--db", served.url]) == 0
    assert client.get("/admin/surveys/globex/report.html").status_code == 403
    assert main(["collect", "grant", name, "--survey", "nope", "--db", served.url]) == 1
    assert "There is no survey nope" in capsys.readouterr().err
