"""Forgetting on schedule, on SQLite and PostgreSQL: a survey's responses go a set number of days after it
closes (by its last day or by hand), deleted by the server itself; a whole survey can be deleted, from the
admin area (typing its id) or the command line."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from centricity.collect import retention, surveys
from centricity.collect.app import Options, now
from centricity.collect.models import StoredResponse, Survey, Team
from tests import collect
from tests.collect import csrf, login, send, stored_count

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures
TODAY = now().date()


def make_survey(served, catalog, shipped, closes=None, retention_days=None, answers=2) -> str:
    survey = f"r{uuid.uuid4().hex[:8]}"
    spec = surveys.SurveySpec(survey, shipped.id, "Kept", (), retention_days=retention_days)
    with served.db.write() as session:
        surveys.create(session, spec, catalog, now())
    client = served.app.test_client()
    for _ in range(answers):
        assert send(client, shipped, survey=survey, team="").status_code == 201
    if closes is not None:
        with served.db.write() as session:
            session.get(Survey, survey).closes = closes
    return survey


@pytest.mark.parametrize(
    ("closes", "days", "gone"),
    [
        (TODAY - dt.timedelta(days=10), 9, True),  # closed since 9 days ago, kept 9 days: today it goes
        (TODAY - dt.timedelta(days=10), 10, False),
        (TODAY - dt.timedelta(days=1), 0, True),
        (TODAY, 0, False),  # today is still its last day
        (TODAY - dt.timedelta(days=400), None, False),  # no retention: kept until deleted by hand
    ],
)
def test_responses_go_the_set_number_of_days_after_the_last_day(
    served, make_app, catalog, shipped, closes, days, gone
):
    survey = make_survey(served, catalog, shipped, closes, days)
    other = make_survey(served, catalog, shipped, None, 0)  # open: nothing to forget yet
    app = make_app(served.url, Options(sweep_seconds=0))
    thread = app.extensions["collect"].sweeper.due(now())
    thread.join(10)
    assert stored_count(served, survey) == (0 if gone else 2)
    assert stored_count(served, other) == 2
    with served.db.read() as session:
        assert session.get(Survey, survey) is not None, "the survey stays; only its answers go"


def test_closing_by_hand_starts_the_count_and_any_request_triggers_the_sweep(
    served, make_app, catalog, shipped
):
    survey = make_survey(served, catalog, shipped, None, 0)
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    token = csrf(admin, f"/admin/surveys/{survey}/")
    assert admin.post(f"/admin/surveys/{survey}/close/", data={"csrf_token": token}).status_code == 302
    with served.db.read() as session:
        found = session.get(Survey, survey)
        assert found.closed_on == TODAY and retention.forget_on(found) == TODAY
    app = make_app(served.url, Options(sweep_seconds=0))
    sweeper = app.extensions["collect"].sweeper
    sweeper.next = 0
    app.test_client().get("/healthz")  # any request starts a due sweep, in a thread of its own
    with sweeper.lock:
        pass
    assert stored_count(served, survey) == 0


def test_the_retention_is_set_from_the_survey_page(served, catalog, shipped):
    survey = make_survey(served, catalog, shipped, TODAY - dt.timedelta(days=3))
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    token = csrf(admin, f"/admin/surveys/{survey}/")
    path = f"/admin/surveys/{survey}/retention/"
    for bad in ("-1", "x", "3651"):
        assert admin.post(path, data={"csrf_token": token, "retention_days": bad}).status_code == 400
    assert admin.post(path, data={"csrf_token": token, "retention_days": "30"}).status_code == 302
    page = admin.get(f"/admin/surveys/{survey}/").get_data(as_text=True)
    assert (TODAY - dt.timedelta(days=2) + dt.timedelta(days=30)).isoformat() in page


def test_a_whole_survey_is_deleted_only_when_its_id_is_typed(served, catalog, shipped):
    survey = make_survey(served, catalog, shipped)
    with served.db.write() as session:
        found = session.get(Survey, survey)
        found.teams.append(Team(id="t", name="T", expected=3, position=0))
    admin = served.app.test_client()
    assert login(admin).status_code == 302
    token = csrf(admin, f"/admin/surveys/{survey}/")
    path = f"/admin/surveys/{survey}/delete-survey/"
    assert admin.post(path, data={"csrf_token": token, "confirm": "acme"}).status_code == 400
    assert stored_count(served, survey) == 2
    assert admin.post(path, data={"csrf_token": token, "confirm": survey}).status_code == 302
    with served.db.read() as session:
        assert session.get(Survey, survey) is None
        assert session.query(Team).filter_by(survey_id=survey).count() == 0
        assert session.query(StoredResponse).filter_by(survey_id=survey).count() == 0
    assert admin.get(f"/admin/surveys/{survey}/").status_code == 404
    assert send(served.app.test_client(), shipped, survey=survey, team="").status_code in (403, 404)
