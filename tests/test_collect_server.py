"""The collecting server through Flask's test client, on a real SQLite file and a real PostgreSQL: the
respondents' API, receipts, the admin area, and what a stranger or a hostile client can and cannot do."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import uuid
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from referencing import Registry, Resource
from sqlalchemy import select

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.collect.auth import LoginLimits
from centricity.collect.errors import NotMigrated
from centricity.collect.models import StoredResponse
from centricity.collect.ratelimit import Limit
from centricity.collect.submissions import checked
from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.engine import codec
from centricity.model.strings import strings
from centricity.quality import sampler
from centricity.team.rows import Scorer
from centricity.web.app import create_app
from tests import collect
from tests.collect import PASSWORD, close, csrf, login, new_id, response_file, send, stored_count
from tests.helpers import run_cli, shown_figures
from tests.postgres import postgres  # noqa: F401 (a fixture)

served, make_app = collect.served, collect.make_app  # fixtures
SCHEMAS = Path(__file__).resolve().parent.parent / "site" / "schema"
PUBLIC = {
    "collect_api.survey",
    "collect_api.submit",
    "collect_api.receipt",
    "collect_api.withdraw",
    "collect_pages.receipt",
    "collect_pages.static",
    "collect_admin.login",
    "collect_admin.sso_start",  # single sign-on, when configured: tests/test_collect_oidc.py
    "collect_admin.sso_return",
    "collect_api.workshop_join",  # a workshop's participants: tests/test_workshop.py
    "collect_api.workshop_state",
    "collect_api.workshop_answer",
    "collect_health.healthz",  # the load balancer's probes: tests/test_collect_health.py
    "collect_health.readyz",
}


@pytest.fixture()
def client(served):
    return served.app.test_client()


def export_errors(doc: dict) -> list[str]:
    """What the published schema of exports (site/schema/) says of `doc`, response files included."""
    paths = [SCHEMAS / f"centricity-{name}.schema.json" for name in ("response", "responses")]
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    validator = jsonschema.Draft202012Validator(schemas[1], registry=registry)
    return [error.message for error in validator.iter_errors(doc)]


# ---- respondents ----


def test_submit_replace_view_and_withdraw(client, served, shipped):
    before = stored_count(served)
    rid = new_id()
    first = send(client, shipped, rid, choice=1)
    assert first.status_code == 201
    assert first.json["survey"] == "Acme 2026" and not first.json["replaced"]
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", first.json["receipt"])
    again = send(client, shipped, rid, choice=3)
    assert again.status_code == 201 and again.json["replaced"]
    assert stored_count(served) == before + 1, "the same response id replaces, never duplicates"

    assert client.post("/api/receipt", json={"receipt": first.json["receipt"]}).status_code == 404, (
        "a replaced response's old receipt no longer works"
    )
    typed = again.json["receipt"].lower().replace("-", " ")
    seen = client.post("/api/receipt", json={"receipt": typed})
    assert seen.status_code == 200
    assert seen.json["survey"] == {"id": "acme", "name": "Acme 2026"}
    assert seen.json["response"]["answers"]["cu1"] == 3
    assert "response_id" not in json.dumps(seen.json) and rid not in json.dumps(seen.json)

    wrong = "0000-0000-0000-0000"
    assert client.post("/api/receipt/withdraw", json={"receipt": wrong}).status_code == 404
    assert stored_count(served) == before + 1, "a wrong receipt withdraws nothing"
    done = client.post("/api/receipt/withdraw", json={"receipt": again.json["receipt"]})
    assert done.status_code == 200 and done.json == {"withdrawn": True}
    assert stored_count(served) == before
    assert client.post("/api/receipt", json={"receipt": again.json["receipt"]}).status_code == 404


def test_a_failing_database_is_a_503_that_says_to_send_again(client, served, shipped, caplog):
    """A real database error (the table gone for a moment): the respondent is told to send again, in
    their language, nothing leaks of the error, and sending again once the database is back works. The
    admin area says so too, on a page, instead of a bare server error."""
    rid = new_id()
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    with served.db.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE responses RENAME TO responses_away")
    try:
        reply = client.post(
            "/api/surveys/acme/responses?lang=es",
            json={"response_id": rid, "response": response_file(shipped)},
        )
        dashboard = admin.get("/admin/")
    finally:
        with served.db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE responses_away RENAME TO responses")
    assert reply.status_code == 503 and reply.json["error"] == "collect.error.unavailable"
    assert "navegador" in reply.json["message"] and "responses" not in reply.get_data(as_text=True)
    assert "database error" in caplog.text, "the operator sees the reason in the log"
    said = strings(served.app.extensions["collect"].admin_lang)["collect.error.database"]
    assert dashboard.status_code == 503 and said in dashboard.get_data(as_text=True)
    assert "responses" not in BeautifulSoup(dashboard.data, "html.parser").select_one("main").get_text()
    assert send(client, shipped, rid).status_code == 201


def test_submissions_recover_when_postgresql_drops_the_servers_connections(request, catalog, shipped):
    """PostgreSQL restarted or a proxy cut the line: the broken pooled connections must not be handed out
    again. A few tries may get the 503 that says to send again; none a bare error; then all are stored."""
    import psycopg

    server = request.getfixturevalue("postgres")
    url = f"{server.create_database()}&application_name=dropped"
    db = database.connect(url)
    database.migrate(db)
    with db.write() as session:
        spec = surveys.SurveySpec("acme", shipped.id, "Acme", surveys.parse_teams("sales:4"))
        surveys.create(session, spec, catalog, now())
    db.close()
    app = create_collect_app(catalog, url)
    try:
        client = app.test_client()
        assert [send(client, shipped).status_code for _ in range(3)] == [201] * 3
        with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres", autocommit=True) as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dropped'"
            )
        codes = [send(client, shipped).status_code for _ in range(8)]
        assert set(codes) <= {201, 503} and codes[-3:] == [201] * 3, codes
    finally:
        close(app)


def test_the_survey_face_says_who_receives_the_answers(client):
    """Never this project's own name: the site's name only when a consultant configured one, else "" (the
    page then names the survey's owner by the survey's name); the teams by the names the consultant gave."""
    face = client.get("/api/surveys/acme")
    info = face.json
    assert info.pop("teams") == {"it": "IT", "sales": "Sales"}
    assert info == {"id": "acme", "name": "Acme 2026", "open": True, "recipient": ""}
    assert client.get("/api/surveys/nope").status_code == 404
    assert face.headers["Cache-Control"] == "no-store"


def test_what_is_stored_is_what_the_codec_accepts_and_no_identifier(client, served, shipped):
    rid = new_id()
    reply = send(client, shipped, rid, label="Ana, sales", environ={"REMOTE_ADDR": "203.0.113.9"})
    assert reply.status_code == 201
    with served.db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM responses").all()
    dump = json.dumps([list(map(str, row)) for row in rows])
    assert "203.0.113.9" not in dump and rid not in dump and reply.json["receipt"] not in dump
    with served.db.read() as session:
        stored = session.scalars(select(StoredResponse.payload)).all()
    labelled = [codec.from_json(shipped, payload) for payload in stored if payload["label"]]
    assert [r.label for r in labelled] == ["Ana, sales"]


@pytest.mark.parametrize(
    ("body", "ctype", "status", "error"),
    [
        (b"x" * (limits.SUBMIT_MAX_BYTES + 1), "application/json", 413, "collect.error.too_large"),
        (b'{"response_id": "a"}', "text/plain", 415, "collect.error.json_type"),
        (b'{"response_id": ', "application/json", 400, "collect.error.body"),
        (b"[" * 140_000 + b"]" * 140_000, "application/json", 413, "collect.error.too_large"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400, "collect.error.body"),
        (b" " * 100_000 + b'"over 64 KB"', "application/json", 400, "collect.error.body"),
        (  # read as the browser reads it: infinity, which is no response file
            b'{"response_id": "abcdefghijklmnop", "response": ' + b"9" * 5000 + b"}",
            "application/json",
            422,
            "collect.error.invalid",
        ),
        (b"\xff\xfe{}", "application/json", 400, "collect.error.body"),
        (b'"just text"', "application/json", 400, "collect.error.body"),
        (
            b'{"response_id": "abcdefghijklmnop", "response": {}, "ip": "1.2.3.4"}',
            "application/json",
            400,
            "collect.error.body",
        ),
        (b'{"response_id": "short", "response": {}}', "application/json", 400, "collect.error.response_id"),
        (
            b'{"response_id": "<script>alert(1)</script>", "response": {}}',
            "application/json",
            400,
            "collect.error.response_id",
        ),
        (
            b'{"response_id": "abcdefghijklmnop", "response": {"format": "x"}}',
            "application/json",
            422,
            "collect.error.invalid",
        ),
    ],
)
def test_hostile_and_broken_bodies_are_refused_with_a_reason(client, served, body, ctype, status, error):
    before = stored_count(served)
    reply = client.post("/api/surveys/acme/responses?lang=en", data=body, content_type=ctype)
    assert reply.status_code == status
    assert reply.json["error"] == error and reply.json["message"]
    assert stored_count(served) == before


@pytest.mark.parametrize("mix", ["COMPLETE", "VARIED"])
def test_the_fast_score_check_accepts_every_file_the_codec_accepts(catalog, mix):
    """Submissions check stated scores with the team's light scorer: it must never refuse a right file."""
    rng = random.Random(17)
    for q in catalog.questionnaires.values():
        scorer = Scorer(q)
        for _ in range(150):
            file = codec.to_json(q, sampler.response(q, rng, getattr(sampler, mix), survey="s", team="t"))
            assert checked(scorer, file) == (codec.from_json(q, file), file)
            edited = {**file, "scores": {**file["scores"], "overall": 101}}
            with pytest.raises(AnswerError, match="edited"):
                checked(scorer, edited)


def test_edited_wrong_survey_and_wrong_team_responses_are_refused(client, served, shipped):
    tampered = response_file(shipped)
    tampered["scores"]["overall"] = 99.9
    reply = client.post(
        "/api/surveys/acme/responses?lang=en", json={"response_id": new_id(), "response": tampered}
    )
    assert reply.status_code == 422 and "edited" in reply.json["message"]
    other = client.post(
        "/api/surveys/globex/responses?lang=en",
        json={"response_id": new_id(), "response": response_file(shipped)},
    )
    assert other.status_code == 422 and other.json["error"] == "collect.error.wrong_survey"
    assert send(client, shipped, team="finance").json["error"] == "collect.error.wrong_team"
    assert send(client, shipped, survey="globex", team="sales").json["error"] == "collect.error.wrong_team"
    assert send(client, shipped, survey="globex", team="").status_code == 201
    assert client.post("/api/surveys/nope/responses", json={}).status_code == 404
    spanish = client.post("/api/surveys/nope/responses?lang=es", json={})
    assert spanish.json["message"] == "No hay ninguna encuesta nope en este servidor."


def test_a_closed_survey_refuses_answers_and_reopens(client, served, shipped):
    login(client)
    token = csrf(client, "/admin/surveys/globex/")
    assert client.post("/admin/surveys/globex/close/", data={"csrf_token": token}).status_code == 302
    assert client.get("/api/surveys/globex").json["open"] is False
    assert send(client, shipped, survey="globex", team="").status_code == 403
    assert client.post("/admin/surveys/globex/reopen/", data={"csrf_token": token}).status_code == 302
    assert send(client, shipped, survey="globex", team="").status_code == 201


@pytest.mark.parametrize(
    ("opens", "closes", "status"), [(-1, 0, 201), (0, 3, 201), (1, 3, 403), (-5, -1, 403)]
)
def test_answers_are_taken_from_the_opening_day_to_the_last_day(
    served, catalog, shipped, opens, closes, status
):
    survey = f"w{uuid.uuid4().hex[:8]}"
    today = now().date()
    spec = surveys.SurveySpec(
        survey, shipped.id, "Window", (), today + dt.timedelta(days=opens), today + dt.timedelta(days=closes)
    )
    with served.db.write() as session:
        surveys.create(session, spec, catalog, now())
    assert send(served.app.test_client(), shipped, survey=survey, team="").status_code == status
    assert served.app.test_client().get(f"/api/surveys/{survey}").json["open"] is (status == 201)


def test_submission_rate_limit_holds_across_workers(served, catalog, shipped, make_app):
    """Two apps on one database stand for two workers (or two instances): they share the counter."""
    survey = f"rl{uuid.uuid4().hex[:8]}"
    with served.db.write() as session:
        surveys.create(session, surveys.SurveySpec(survey, shipped.id, "Limited", ()), catalog, now())
    options = Options(submit_limit=Limit(3, 3600))
    workers = [make_app(served.url, options).test_client() for _ in range(2)]
    codes = [send(workers[i % 2], shipped, survey=survey, team="").status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]


# ---- the admin area ----


def sample_url(rule) -> str:
    values = {arg: {"survey_id": "acme"}.get(arg, "en") for arg in rule.arguments}
    path = re.sub(r"<(\w+:)?survey_id>", values.get("survey_id", ""), rule.rule)
    path = path.replace("<lang>", "en").replace("<int:workshop_id>", "1")
    return re.sub(r"<(\w+:)?\w+>", "ana", path)


def test_every_admin_page_and_api_route_needs_login(served, client):
    routes = [r for r in served.app.url_map.iter_rules() if r.endpoint.startswith("collect")]
    assert {r.endpoint for r in routes} - PUBLIC, "the admin routes are there"
    for rule in routes:
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            reply = client.open(sample_url(rule), method=method)
            text = reply.get_data(as_text=True)
            assert reply.status_code in (302, 401), (rule.rule, method, reply.status_code)
            if reply.status_code == 302:
                assert reply.headers["Location"].endswith("/admin/login/"), rule.rule
            assert "Acme 2026" not in text and "q=customer-centricity" not in text, rule.rule


def test_login_logout_and_session_cookie(served, client):
    assert login(client, password="wrong password!").status_code == 401
    reply = login(client)
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/admin/")
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    page = client.get("/admin/")
    assert page.status_code == 200 and "Acme 2026" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    token = csrf(client, "/admin/")
    assert client.post("/admin/logout/", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_the_respondents_api_neither_reads_nor_sets_a_session(served, client, shipped):
    """An admin's session cookie means nothing to the respondents' API, and it never sets one."""
    assert login(client).status_code == 302
    reply = send(client, shipped)
    assert reply.status_code == 201 and "Set-Cookie" not in reply.headers
    assert "Set-Cookie" not in client.get("/api/surveys/acme").headers
    assert client.get("/admin/").status_code == 200, "the admin's session is untouched"
    sessions = served.app.session_interface
    for path, opened in (("/api/receipt", False), ("/admin/api/surveys/acme/codes", True)):
        with served.app.test_request_context(path) as context:
            assert (sessions.open_session(served.app, context.request) is not None) == opened, path


def test_behind_https_the_cookie_is_secure(served, make_app):
    app = make_app(served.url, Options(https=True))
    client = app.test_client()
    site = "https://survey.example.org"
    token = csrf(client, base_url=site)
    reply = client.post(
        "/admin/login/", data={"name": "ana", "password": PASSWORD, "csrf_token": token}, base_url=site
    )
    assert reply.status_code == 302
    cookie = reply.headers["Set-Cookie"]
    assert cookie.startswith("__Host-centricity=") and "Secure" in cookie and "HttpOnly" in cookie


def test_wrong_passwords_are_limited_per_name_and_overall_across_workers(served, make_app):
    name = f"adm{uuid.uuid4().hex[:8]}"
    auth.set_password(served.db, name, PASSWORD, now())
    limits = Options(login_limits=LoginLimits(per_name=Limit(3, 900), everyone=Limit(1000, 900)))
    workers = [make_app(served.url, limits).test_client() for _ in range(2)]
    codes = [login(workers[i % 2], name, "not the password").status_code for i in range(3)]
    assert codes == [401, 401, 401]
    blocked = login(workers[1], name, PASSWORD)
    assert blocked.status_code == 429, "after the limit, even the right password waits"
    assert "15" in blocked.get_data(as_text=True)
    assert login(workers[0], "ana").status_code == 302, "another admin is not locked out"


def test_failed_logins_for_unknown_names_meet_the_overall_limit(make_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    app = make_app(url, Options(login_limits=LoginLimits(everyone=Limit(4, 900))))
    client = app.test_client()
    assert [login(client, f"guess{i}", "x" * 12).status_code for i in range(4)] == [401] * 4
    assert login(client, "ana").status_code == 429
    db.close()


def test_csrf_is_required_on_every_form(served, client):
    assert client.post("/admin/login/", data={"name": "ana", "password": PASSWORD}).status_code == 400
    login(client)
    for data in ({}, {"csrf_token": "forged"}):
        assert client.post("/admin/surveys/acme/close/", data=data).status_code == 400
        assert client.post("/admin/logout/", data=data).status_code == 400
        assert client.post("/admin/surveys/new/", data={**data, "id": "x", "name": "x"}).status_code == 400
    assert client.get("/api/surveys/acme").json["open"] is True, "nothing was closed"
    assert client.get("/admin/").status_code == 200, "still logged in"


def test_create_a_survey_from_the_admin_page(served, client, catalog):
    login(client)
    token = csrf(client, "/admin/surveys/new/")
    form = {
        "csrf_token": token,
        "id": f"s{uuid.uuid4().hex[:8]}",
        "name": "<b>Bold</b> survey",
        "questionnaire": "customer-centricity",
        "teams": "sales:10:Sales\nops:5",
        "opens": "",
        "closes": "2099-12-31",
        "min_group": "5",
    }
    bad = client.post("/admin/surveys/new/", data={**form, "teams": "sales=10"})
    assert bad.status_code == 400
    assert "line 1" in bad.get_data(as_text=True) or "línea 1" in bad.get_data(as_text=True)
    assert client.post("/admin/surveys/new/", data={**form, "closes": "2099-02-30"}).status_code == 400
    made = client.post("/admin/surveys/new/", data=form)
    assert made.status_code == 302 and made.headers["Location"].endswith(f"/admin/surveys/{form['id']}/")
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert client.post("/admin/surveys/new/", data=form).status_code == 409


def test_dashboard_rates_and_anonymity(served, client, catalog, shipped):
    survey = f"d{uuid.uuid4().hex[:8]}"
    with served.db.write() as session:
        spec = surveys.SurveySpec(
            survey, shipped.id, "Dash", surveys.parse_teams("a:4\nb:2\nc:4"), min_group=2
        )
        surveys.create(session, spec, catalog, now())
    for team, choice in (("a", 0), ("a", 4), ("b", 2), ("c", 1), ("c", 3)):
        assert (
            send(served.app.test_client(), shipped, survey=survey, team=team, choice=choice).status_code
            == 201
        )
    login(client)
    page = BeautifulSoup(client.get(f"/admin/surveys/{survey}/").data, "html.parser")
    rows = {tr["data-team"]: tr for tr in page.select("[data-rate] tbody tr")}
    assert rows["a"].select_one("[data-n]").get_text() == "2"
    assert rows["a"].select_one("[data-rate-cell]").get_text(strip=True).startswith("50")
    assert rows["b"].select_one("[data-n]").get_text() == "1", "counts are shown for every team"
    # the means are the report's: b (1) is merged, and c with it, since Everyone minus a and c would be b
    means = {
        tr["data-group"]: tr.select_one("[data-overall]").get_text()
        for tr in page.select("[data-means] tr[data-group]")
    }
    assert set(means) == {"a", "*"} and means["a"] == "50"
    assert "b, c" in page.select_one("[data-means-note]").get_text()
    status = client.get(f"/admin/api/surveys/{survey}/status").json
    assert status["responses"] == 5 and status["expected"] == 10 and status["rate"] == 50.0
    first = status["means"][0]
    assert (first["id"], first["n"], first["overall"]) == ("a", 2, 50.0)
    assert [g["id"] for g in status["means"]] == ["a", "*"] and "b, c" in status["means_note"]
    got = client.get(f"/admin/surveys/{survey}/report.html?lang=en")
    assert got.status_code == 200, got.get_data(as_text=True)[:3000]
    report = shown_figures(got.get_data(as_text=True))
    assert report["group.team.a.overall"] == "50" and not [k for k in report if k.startswith("group.team.b.")]
    figures = client.get(f"/admin/surveys/{survey}/summary.json").json
    teams = next(b for b in figures["breakdowns"] if b["kind"] == "team")
    assert [(g["id"], g["overall"]) for g in teams["groups"]] == [
        ("a", 50.0),
        ("*", status["means"][1]["overall"]),
    ]
    live = page.select_one("a[href^='team/']")["href"]
    assert live == "team/?min=2", "the live team view gets the survey's minimum group size"
    links = [td.get_text() for td in page.select("[data-links] code")]
    assert any(f"survey={survey}&team=a" in link and link.startswith("http://localhost/") for link in links)


def test_people_who_answered_alike_are_each_counted(served, client, catalog, shipped, tmp_path):
    """Files gathered by hand may hold one response twice, so the team tools count identical ones once; the
    server keeps one response per browser already, so there the dashboard, report and exports all count
    every person."""
    survey = f"s{uuid.uuid4().hex[:8]}"
    with served.db.write() as session:
        spec = surveys.SurveySpec(survey, shipped.id, "Alike", surveys.parse_teams("a:9"), min_group=5)
        surveys.create(session, spec, catalog, now())
    for _ in range(6):
        assert send(served.app.test_client(), shipped, survey=survey, team="a", choice=3).status_code == 201
    login(client)
    assert client.get(f"/admin/api/surveys/{survey}/status").json["responses"] == 6
    table = list(csv.reader(client.get(f"/admin/surveys/{survey}/summary.csv").text.splitlines()))
    counts = {row[3]: row[4] for row in table if row[:2] == ["respondents", "all"]}
    assert counts["n"] == "6" and counts["duplicates"] == "0"
    report = BeautifulSoup(client.get(f"/admin/surveys/{survey}/report.html?lang=en").data, "html.parser")
    assert re.match(r"6\b", shown_figures(str(report))["count"])
    team = BeautifulSoup(client.get(f"/admin/surveys/{survey}/team/").data, "html.parser")
    assert json.loads(team.select_one("#result-data").string)["keep_identical"] is True
    export = tmp_path / "export.json"
    export.write_bytes(client.get(f"/admin/surveys/{survey}/responses.json").data)
    assert len({item["key"] for item in json.loads(export.read_bytes())["responses"]}) == 6
    code, _ = run_cli(str(export), "--out", str(tmp_path / "again.html"), "--lang", "en")
    again = shown_figures((tmp_path / "again.html").read_text(encoding="utf-8"))
    assert code == 0 and again == shown_figures(str(report)), "build.py report reads the export back alike"


def test_live_feed_report_and_exports(served, client, shipped):
    survey = "globex"
    send(served.app.test_client(), shipped, survey=survey, team="", label="<script>x</script>")
    login(client)
    feed = client.get(f"/admin/api/surveys/{survey}/codes").json
    assert feed["changed"] and all(code.startswith("q=customer-centricity") for code in feed["codes"])
    assert all("s=globex" in code for code in feed["codes"]), "only this survey's responses"
    same = client.get(f"/admin/api/surveys/{survey}/codes?version={feed['version']}").json
    assert same == {"survey": survey, "version": feed["version"], "changed": False}

    report = client.get(f"/admin/surveys/{survey}/report.html?lang=en")
    assert report.status_code == 200 and "attachment" in report.headers["Content-Disposition"]
    assert "<script" not in report.get_data(as_text=True)
    assert "script-src" not in report.headers["Content-Security-Policy"]
    export = json.loads(client.get(f"/admin/surveys/{survey}/responses.json").data)
    assert export["format"] == limits.EXPORT_FORMAT and export["survey"]["id"] == survey
    assert len(export["responses"]) == len(feed["codes"])
    for item in export["responses"]:
        assert codec.from_json(shipped, item["response"]).survey == survey
        assert re.fullmatch(limits.EXPORT_KEY_PATTERN, item["key"])
    assert export_errors(export) == [], "the export follows its published schema"
    assert export_errors({**export, "responses": [{"key": "x"}]}), "and the schema can refuse"
    responses = client.get(f"/admin/surveys/{survey}/responses.csv").get_data(as_text=True)
    assert responses.count("\n") >= len(feed["codes"]) + 1
    assert client.get(f"/admin/surveys/{survey}/summary.csv").status_code == 200
    assert client.get("/admin/surveys/nope/responses.csv").status_code == 404
    team = BeautifulSoup(client.get(f"/admin/surveys/{survey}/team/").data, "html.parser")
    assert team.select_one("[data-live]")["data-live"].endswith(f"/admin/api/surveys/{survey}/codes")
    assert team.select_one("[data-team-output]") is not None, "the site's own team view"


def test_delete_one_response(served, client, shipped):
    send(served.app.test_client(), shipped, survey="globex", team="")
    login(client)
    page = BeautifulSoup(client.get("/admin/surveys/globex/").data, "html.parser")
    number = page.select_one("[data-latest] tbody tr")["data-response"]
    before = stored_count(served, "globex")
    token = csrf(client, "/admin/surveys/globex/")
    assert (
        client.post("/admin/surveys/acme/delete/", data={"csrf_token": token, "number": number}).status_code
        == 404
    ), "a response is deleted only through its own survey"
    assert (
        client.post("/admin/surveys/globex/delete/", data={"csrf_token": token, "number": "x1"}).status_code
        == 404
    )
    assert (
        client.post("/admin/surveys/globex/delete/", data={"csrf_token": token, "number": number}).status_code
        == 302
    )
    assert stored_count(served, "globex") == before - 1


# ---- the pages ----


def test_result_page_has_the_send_panel_only_on_the_collecting_server(client, catalog):
    page = client.get("/en/result/customer-centricity/")
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.select_one("[data-collect-panel][hidden]") is not None
    data = json.loads(soup.select_one("#collect-data").string)
    assert data["api"] == "/api/surveys/" and data["recipient"] == ""  # not this project's name
    assert "connect-src 'self'" in page.headers["Content-Security-Policy"]
    meta = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "connect-src 'self'" in meta
    static = create_app(catalog).test_client().get("/en/result/customer-centricity/")
    text = static.get_data(as_text=True)
    assert "collect-data" not in text and "send.js" not in text
    assert "nothing is sent anywhere" in text and "nothing is sent anywhere" not in page.get_data(
        as_text=True
    )
    assert "until you press Send" in soup.select_one("footer").get_text()
    meta = BeautifulSoup(text, "html.parser").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert "connect-src 'none'" in meta["content"]


def test_receipt_page(client):
    soup = BeautifulSoup(client.get("/es/receipt/").data, "html.parser")
    assert soup.select_one("[data-receipt-form]") is not None
    assert json.loads(soup.select_one("#receipt-data").string)["api"] == "/api/receipt"
    assert client.get("/xx/receipt/").status_code == 404


def test_an_unmigrated_database_is_refused(catalog, tmp_path):
    with pytest.raises(NotMigrated, match=r"python build\.py collect migrate --db"):
        create_collect_app(catalog, str(tmp_path / "empty.sqlite3"))


def test_docs_list_every_route_of_the_respondents_api(served):
    """docs/api.md names each route under /api/ with its method, its body or answer, and its errors."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `([A-Z]+) (/api/\S+)`$", text, re.MULTILINE))
    registered = set()
    for rule in served.app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(
                r"<(?:\w+:)?(\w+)>", lambda m: "<survey>" if m[1] == "survey_id" else f"<{m[1]}>", rule.rule
            )
            registered |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert registered and documented == registered
    for _method, path in registered:
        section = text.split(f" {path}`\n", 1)[1].split("\n### ", 1)[0]
        assert "**200**" in section or "**201**" in section, path
        assert re.search(r"\*\*4\d\d\*\*", section), f"{path}: no error documented"


def test_the_dashboards_means_follow_a_response_replaced_within_the_minute(served, client, catalog, shipped):
    """The dashboard keeps its figures until the stored responses change, and a replacement is a change."""
    survey = f"r{uuid.uuid4().hex[:8]}"
    with served.db.write() as session:
        spec = surveys.SurveySpec(survey, shipped.id, "Again", surveys.parse_teams("a:4"), min_group=2)
        surveys.create(session, spec, catalog, now())
    rid = new_id()
    for response_id, choice in ((rid, 0), (new_id(), 4)):
        assert (
            send(
                served.app.test_client(), shipped, response_id, survey=survey, team="a", choice=choice
            ).status_code
            == 201
        )
    login(client)
    first = client.get(f"/admin/api/surveys/{survey}/status").json["means"]
    assert client.get(f"/admin/api/surveys/{survey}/status").json["means"] == first
    assert send(served.app.test_client(), shipped, rid, survey=survey, team="a", choice=4).status_code == 201
    again = client.get(f"/admin/api/surveys/{survey}/status").json["means"]
    assert [g["n"] for g in again] == [g["n"] for g in first] == [2]
    assert again[0]["overall"] > first[0]["overall"]
