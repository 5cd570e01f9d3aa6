"""Workshops through Flask's test client, on a real SQLite file and a real PostgreSQL: joining and answering
(and every refusal), the facilitator's steps, the reveal's figures against the team report's, the answers
becoming the survey's responses, the live feed, and what is never stored or sent (addresses, cookies,
tokens in the clear)."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from centricity.collect import audit, auth, results, retention, surveys, workshop_room, workshops
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.collect.errors import Refused
from centricity.collect.models import Participant, StoredResponse, Survey, Workshop
from centricity.collect.submissions import digest
from centricity.collect.workshop_stream import events
from centricity.core.limits import WORKSHOP_CODE_LENGTH
from centricity.model.questionnaire import load_questionnaire
from centricity.team import aggregate as agg
from tests.helpers import DATA
from tests.postgres import postgres  # noqa: F401 (a fixture)

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory, catalog):
    url = f"sqlite:///{tmp_path_factory.mktemp('workshop') / 'w.sqlite3'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database()
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        spec = surveys.SurveySpec(
            "acme", "quick-check", "Acme", surveys.parse_teams("sales:6\nit:3"), min_group=2
        )
        surveys.create(session, spec, catalog, now())
        surveys.create(session, surveys.SurveySpec("shut", "quick-check", "Shut", ()), catalog, now())
        surveys.create(session, surveys.SurveySpec("gone", "quick-check", "Gone", ()), catalog, now())
        surveys.set_closed(session, "shut", True, now().date())
    made = create_collect_app(catalog, url, Options(admin_lang="en"))
    yield made
    made.extensions["collect"].db.close()
    db.close()


class Facilitator:
    def __init__(self, app):
        self.client = app.test_client()
        page = self.client.get("/admin/login/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"csrf_token": token, "name": "ana", "password": PASSWORD}
        assert self.client.post("/admin/login/", data=form).status_code == 302
        page = self.client.get("/admin/").get_data(as_text=True)
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def start(self, survey: str = "acme", lang: str = "") -> tuple[int, str]:
        form = {"csrf_token": self.csrf, "lang": lang}
        reply = self.client.post(f"/admin/surveys/{survey}/workshop/", data=form)
        assert reply.status_code == 302, reply.get_data(as_text=True)
        number = int(reply.location.rstrip("/").rsplit("/", 1)[1])
        page = self.client.get(reply.location).get_data(as_text=True)
        return number, re.search(r"data-code>([0-9A-Z]+)<", page).group(1)

    def step(self, number: int, action: str, target: str = "", status: int = 200) -> dict:
        form = {"csrf_token": self.csrf, "do": action, "target": target}
        reply = self.client.post(
            f"/admin/workshops/{number}/step", data=form, headers={"Accept": "application/json"}
        )
        assert reply.status_code == status, reply.get_data(as_text=True)
        return reply.get_json()


@pytest.fixture()
def facilitator(app):
    return Facilitator(app)


def join(client, code: str, team: str = "sales", token: str | None = None):
    token = token or uuid.uuid4().hex
    reply = client.post(f"/api/workshops/{code}/join?lang=en", json={"token": token, "team": team})
    return token, reply


def send(client, code: str, token: str, number: int, question: str, choice):
    body = {"token": token, "round": number, "question": question, "choice": choice}
    return client.post(f"/api/workshops/{code}/answers?lang=en", json=body)


def test_joining_rejoining_and_answering_refuse_what_does_not_fit(app, facilitator, catalog):
    q = catalog.questionnaires["quick-check"]
    number, code = facilitator.start()
    phone = app.test_client()
    token, reply = join(phone, code.lower())  # typed in lower case
    assert reply.status_code == 200 and reply.get_json()["state"]["phase"] == "lobby"
    assert "Set-Cookie" not in reply.headers
    assert join(phone, code, team="nope")[1].status_code == 422
    assert join(phone, code, team="")[1].get_json()["error"] == "workshop.error.team"
    assert join(phone, code, token="short")[1].status_code == 400
    assert join(phone, "ZZZZZZ")[1].get_json()["message"].startswith("No workshop has this code")
    culture = [x.id for x in q.questions_in("culture")]
    assert send(phone, code, token, 1, culture[0], 1).status_code == 409, "nothing is open yet"

    opened = facilitator.step(number, "next")  # from the lobby: the first dimension
    assert opened["phase"] == "voting" and opened["questions"] == culture
    assert send(phone, code, token, 1, culture[0], 1).status_code == 200
    assert send(phone, code, token, 1, culture[0], 3).status_code == 200, "an answer may change"
    assert send(phone, code, uuid.uuid4().hex, 1, culture[0], 1).get_json()["error"] == "workshop.error.join"
    assert send(phone, code, token, 1, culture[0], 99).status_code == 422
    dont_know = send(phone, code, token, 1, culture[1], None).status_code
    assert dont_know == (200 if q.question(culture[1]).dont_know else 422), "don't know where it is offered"
    assert send(phone, code, token, 1, q.questions_in("data")[0].id, 1).status_code == 409
    assert send(phone, code, token, 2, culture[0], 1).status_code == 409, "not the open round"
    again = join(phone, code, token=token)[1].get_json()
    kept = {culture[0]: 3} | ({culture[1]: None} if dont_know == 200 else {})
    assert again["mine"] == kept, "rejoining brings the round's answers back"

    live = phone.get(f"/api/workshops/{code}/state").get_json()
    assert live == {"phase": "voting", "round": 1, "questions": culture, "version": 1}
    facilitator.step(number, "close")
    assert send(phone, code, token, 1, culture[1], 1).get_json()["error"] == "workshop.error.closed"
    with app.extensions["collect"].db.read() as session:
        people = session.scalars(select(Participant).where(Participant.workshop_id == number)).all()
    assert [p.token_hash for p in people] == [digest(token)], "the token is kept only as a hash"


def test_nothing_about_a_participant_but_a_hashed_token_and_a_team_is_stored(app):
    db = app.extensions["collect"].db
    columns = {c["name"] for c in inspect(db.engine).get_columns("workshop_participants")}
    assert columns == {"id", "workshop_id", "token_hash", "team", "joined"}


def test_the_steps_follow_the_workshop_and_refuse_the_others(facilitator, catalog):
    q = catalog.questionnaires["quick-check"]
    number, _code = facilitator.start()
    assert facilitator.step(number, "close", status=409)["error"] == "workshop.error.step"
    assert facilitator.step(number, "open", "nowhere", status=400)["error"] == "workshop.error.scope"
    assert facilitator.step(number, "open", "*")["questions"] == [x.id for x in q.questions]
    facilitator.step(number, "reveal")  # closes voting too
    for focus in range(1, len(q.questions)):
        assert facilitator.step(number, "next")["focus"] == focus
    assert facilitator.step(number, "next")["phase"] == "ended", "every question was voted on"
    assert facilitator.step(number, "open", "culture", status=409)["error"] == "workshop.error.step"


def test_a_closed_survey_starts_no_workshop(facilitator):
    reply = facilitator.client.post("/admin/surveys/shut/workshop/", data={"csrf_token": facilitator.csrf})
    assert reply.status_code == 409 and "reopen it first" in reply.get_data(as_text=True)


def test_the_reveal_ranks_by_the_report_s_spread_and_the_answers_become_the_survey(app, facilitator, catalog):
    q = catalog.questionnaires["quick-check"]
    number, code = facilitator.start()
    facilitator.step(number, "open", "technology")
    technology = [x.id for x in q.questions_in("technology")]
    plan = {technology[0]: [1, 1, 2], technology[1]: [0, 2, 4], technology[2]: [3, 3, 3]}
    phone = app.test_client()
    tokens = [join(phone, code, team)[0] for team in ("sales", "sales", "it")]
    for i, token in enumerate(tokens):
        for qid, choices in plan.items():
            assert send(phone, code, token, 1, qid, choices[i]).status_code == 200
    facilitator.step(number, "reveal")
    page = facilitator.client.get(f"/admin/workshops/{number}/projector/").get_data(as_text=True)
    assert re.findall(r'data-rank="(\w+)"', page) == [technology[1], technology[0], technology[2]]
    stored = results.codes(app.extensions["collect"].db, "acme")
    summary = agg.summarize_rows(q, agg.prepare_coded(q, results.coded(q, stored)), min_group=2)
    spreads = {x.id: x.spread for x in summary.disagreements}
    shown = dict(re.findall(r'data-distribution="(\w+)".*?data-spread>([^<]+)<', page, re.S))
    assert shown == {technology[1]: f"{spreads[technology[1]]:g}"}, (
        "the projector shows the question in focus"
    )
    assert spreads[technology[1]] > spreads[technology[0]] and technology[2] not in spreads

    reveal = app.test_client().get(f"/en/workshop/{code}/reveal").get_data(as_text=True)
    assert re.findall(r'data-reveal-item="(\w+)"', reveal) == [technology[1], technology[0], technology[2]]
    for qid, spread in spreads.items():
        assert re.search(rf'data-distribution="{qid}".*?data-spread>{spread:g}<', reveal, re.S)
    with app.extensions["collect"].db.read() as session:
        rows = session.scalars(select(StoredResponse).where(StoredResponse.survey_id == "acme")).all()
    mine = [r for r in rows if r.payload["answers"].get(technology[2]) == 3]
    assert sorted(r.team for r in mine) == ["it", "sales", "sales"]
    assert all(r.payload["survey"]["id"] == "acme" and r.payload["label"] == "" for r in mine)


def test_a_phone_sees_nothing_before_the_reveal(app, facilitator):
    number, code = facilitator.start()
    facilitator.step(number, "open", "data")
    reply = app.test_client().get(f"/en/workshop/{code}/reveal")
    assert reply.status_code == 409 and "data-distribution" not in reply.get_data(as_text=True)
    unknown = app.test_client().get("/es/workshop/ZZZZZZ/reveal")
    assert unknown.status_code == 404 and unknown.get_data(as_text=True).startswith("Ningún taller tiene")


def test_the_short_link_and_the_code_page(app, facilitator):
    _number, code = facilitator.start()
    client = app.test_client()
    assert client.get(f"/w/{code.lower()}").location.endswith(f"/en/workshop/{code}/"), (
        "the workshop's language"
    )
    assert client.get(f"/en/workshop/?code={code[:3]}-{code[3:]}").location.endswith(f"/en/workshop/{code}/")
    missing = client.get("/en/workshop/?code=ZZZZZZ")
    assert missing.status_code == 404 and "No workshop has this code" in missing.get_data(as_text=True)
    page = client.get(f"/es/workshop/{code}/").get_data(as_text=True)
    assert 'lang="es"' in page and "<fieldset" in page and "<legend>" in page
    assert "<h1>Acme " in page and "sin nombre, cuenta, cookie ni dirección" in page


def test_a_workshop_holds_a_room_not_a_crowd(app, facilitator, monkeypatch):
    monkeypatch.setattr(workshop_room, "WORKSHOP_PARTICIPANTS_MAX", 2)
    _number, code = facilitator.start()
    phone = app.test_client()
    first = join(phone, code)[0]
    assert join(phone, code)[1].status_code == 200
    refused = join(phone, code)[1]
    assert refused.status_code == 403 and refused.get_json()["message"] == "This workshop is full (2 people)."
    assert join(phone, code, token=first)[1].status_code == 200, "who is in may rejoin"


def test_join_codes_read_as_people_type_them():
    code = workshops.new_code()
    assert len(code) == WORKSHOP_CODE_LENGTH and workshops.read_code(f" {code.lower()} ") == code
    assert workshops.read_code("o1l-i23") == "011123"
    with pytest.raises(Refused):
        workshops.read_code("U" * WORKSHOP_CODE_LENGTH)


def test_the_projector_s_feed_sends_each_answer_as_it_arrives(app, facilitator, catalog):
    number, code = facilitator.start()
    opened = facilitator.step(number, "open", "strategy")
    phone = app.test_client()
    token = join(phone, code)[0]
    feed = events(app.extensions["workshop"], number, seconds=5)
    assert next(feed).startswith("retry:")
    assert '"answers": 0' in next(feed)
    sent = []
    thread = threading.Thread(
        target=lambda: sent.append(send(phone, code, token, 1, opened["questions"][0], 2))
    )
    started = time.monotonic()
    thread.start()
    update = next(feed)
    thread.join()
    assert '"answers": 1' in update and sent[0].status_code == 200
    assert time.monotonic() - started < 1.0


def test_beliefs_are_a_round_of_their_own():
    q = load_questionnaire(DATA / "beliefs.yaml")
    found = workshops.scopes(q)
    assert [s.id for s in found] == ["a", "b", "beliefs", workshops.ALL]
    assert all(q.question(x).kind == "belief" for x in found[2].questions)


def test_one_migration_head():
    script = ScriptDirectory(str(Path(database.MIGRATIONS)))
    assert len(script.get_heads()) == 1


def test_the_room_may_speak_another_language_than_the_admin_area(app, facilitator):
    number, code = facilitator.start(lang="es")
    projector = facilitator.client.get(f"/admin/workshops/{number}/projector/").get_data(as_text=True)
    assert '<html lang="es"' in projector and "Entra desde tu teléfono" in projector
    controls = facilitator.client.get(f"/admin/workshops/{number}/").get_data(as_text=True)
    assert '<html lang="en"' in controls and "Open the projector" in controls
    assert app.test_client().get(f"/w/{code}").location.endswith(f"/es/workshop/{code}/")


def test_forgetting_a_survey_s_responses_forgets_its_workshops(app, facilitator):
    number, code = facilitator.start("gone")
    phone = app.test_client()
    token = join(phone, code, team="")[0]
    opened = facilitator.step(number, "open", "culture")
    assert send(phone, code, token, opened["round"], opened["questions"][0], 1).status_code == 200
    facilitator.step(number, "close")
    db = app.extensions["collect"].db
    with db.write() as session:
        survey = surveys.set_closed(session, "gone", True, now().date() - dt.timedelta(days=2))
        survey.retention_days = 1
    assert retention.sweep(db, now()) == {"gone": 1}
    with db.read() as session:
        assert session.scalar(select(func.count()).where(Workshop.survey_id == "gone")) == 0
        assert session.scalar(select(func.count()).where(Participant.workshop_id == number)) == 0


def test_a_workshop_made_on_the_spot_is_a_survey_and_the_audit_log_says_so(app, facilitator, catalog):
    form = {"csrf_token": facilitator.csrf, "name": "Offsite", "questionnaire": "quick-check", "teams": "x"}
    refused = facilitator.client.post("/admin/workshops/new/", data=form)
    assert refused.status_code == 400 and "Teams, line 1" in refused.get_data(as_text=True)
    made = facilitator.client.post(
        "/admin/workshops/new/", data={**form, "teams": "a:3\nb:2", "min_group": "2"}
    )
    assert made.status_code == 302
    number = int(made.location.rstrip("/").rsplit("/", 1)[1])
    db = app.extensions["collect"].db
    with db.read() as session:
        workshop = session.get(Workshop, number)
        survey = session.get(Survey, workshop.survey_id)
        assert (
            survey.name == "Offsite" and [t.id for t in survey.teams] == ["a", "b"] and survey.min_group == 2
        )
        actions = [(e.action, e.survey_id) for e in audit.latest(session, 2)]
    assert actions == [("workshop", survey.id), ("create", survey.id)]
    facilitator.step(number, "end")
    with db.read() as session:
        assert audit.latest(session, 1)[0].action == "workshop-end"
