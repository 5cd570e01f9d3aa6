"""The collecting server in Chromium: a respondent goes from a survey link to "Send" (also through a moment
offline), and the consultant from the login to the live team view, which shows new responses as they come."""

from __future__ import annotations

import json
import re
import threading
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import create_collect_app, now
from centricity.collect.models import StoredResponse
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.strings import strings

PASSWORD = "correct horse battery"
QID = "customer-centricity"


@pytest.fixture(scope="module")
def server(catalog, tmp_path_factory):
    """The collecting server on a real SQLite file, in a thread on a free loopback port; always stopped."""
    url = f"sqlite:///{tmp_path_factory.mktemp('collect-browser') / 'c.sqlite3'}"
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        teams = surveys.parse_teams("sales:5:Sales floor\nit:3:IT")
        surveys.create(session, surveys.SurveySpec("acme", QID, "Acme 2026", teams), catalog, now())
    app = create_collect_app(catalog, url)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}/", db
    finally:
        http.shutdown()
        thread.join(5)
        app.extensions["collect"].db.close()
        db.close()


def stored(db) -> list[dict]:
    with db.read() as session:
        return list(session.scalars(select(StoredResponse.payload).order_by(StoredResponse.id)))


def test_a_respondent_sends_from_a_survey_link_even_after_being_offline(page: Page, server, shipped):
    base, db = server
    origins = set()
    page.on("request", lambda r: origins.add(re.match(r"https?://[^/]+", r.url).group(0)))
    page.goto(f"{base}en/assessment/{QID}/?survey=acme&team=sales")
    page.locator("label[for=felt-6]").click()
    page.locator("[data-step-next]").click()
    for d in shipped.dimensions:  # one step per dimension, as a respondent goes through them
        for question in shipped.questions_in(d.id):
            page.locator(f"label[for={question.id}-2]").click()
        page.locator("[data-step-next]").click()
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/result/{QID}/.*#."))

    panel = page.locator("[data-collect-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-collect-recipient]")).to_have_text(
        "Your answers go to Centricity, for the survey “Acme 2026” (team sales)."
    )
    sent = json.loads(panel.locator("[data-collect-payload]").inner_text())
    assert sent["survey"] == {"id": "acme", "team": "sales", "wave": ""} and "label" not in sent
    assert sent["felt"] == 6 and set(sent["answers"].values()) == {2}
    page.locator("[data-response-label]").fill("Ana")
    assert json.loads(panel.locator("[data-collect-payload]").inner_text())["label"] == "Ana"

    page.route("**/api/surveys/acme/responses*", lambda route: route.abort())
    panel.locator("[data-collect-button]").click()
    expect(panel.locator("[data-collect-status]")).to_contain_text("Your answers are kept in this browser")
    assert stored(db) == []
    kept = page.evaluate(
        "() => JSON.parse(localStorage.getItem('centricity-send:acme:' + 'customer-centricity'))"
    )
    assert kept["pending"] is True and len(kept["id"]) == 24

    page.unroute("**/api/surveys/acme/responses*")
    panel.locator("[data-collect-button]").click()
    expect(panel.locator("[data-collect-status]")).to_have_text("Sent to “Acme 2026”. Thank you.")
    receipt = panel.locator("[data-collect-receipt-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", receipt)
    assert [(p["label"], p["felt"]) for p in stored(db)] == [("Ana", 6)]

    page.locator("#target-culture").select_option("leading")
    panel.locator("[data-collect-button]").click()
    expect(panel.locator("[data-collect-status]")).to_contain_text("replace the ones you sent before")
    assert [p["targets"] for p in stored(db)] == [{"culture": "leading"}], "replaced, not added"

    page.reload()
    expect(panel.locator("[data-collect-receipt-code]")).not_to_have_text(receipt)
    new_receipt = panel.locator("[data-collect-receipt-code]").inner_text()
    page.goto(f"{base}en/receipt/")
    page.locator("[data-receipt-code]").fill(new_receipt.lower())
    page.locator("[data-receipt-form] button[type=submit]").click()
    expect(page.locator("[data-receipt-where]")).to_contain_text("Sent to “Acme 2026”, team sales")
    assert json.loads(page.locator("[data-receipt-payload]").inner_text())["label"] == "Ana"
    page.locator("[data-receipt-withdraw]").click()
    expect(page.locator("[data-receipt-status]")).to_contain_text("again to confirm")
    page.locator("[data-receipt-withdraw]").click()
    expect(page.locator("[data-receipt-status]")).to_have_text(
        "Your response was withdrawn and deleted from the server."
    )
    assert stored(db) == []
    assert origins == {base.rstrip("/")}, "the pages talk to their own server only"


def test_the_consultant_logs_in_and_watches_responses_arrive(page: Page, server, shipped, catalog):
    """The admin area speaks the site's first language."""
    base, _db = server
    page.goto(f"{base}admin/surveys/acme/team/")
    page.wait_for_url("**/admin/login/")
    page.locator("#login-name").fill("ana")
    page.locator("#login-password").fill(PASSWORD)
    page.locator("[data-login-form] button[type=submit]").click()
    page.wait_for_url(f"{base}admin/")
    page.get_by_role("link", name="Acme 2026").click()
    expect(page.locator("h1")).to_contain_text("Acme 2026")
    page.get_by_role("link", name=strings(catalog.languages[0])["collect.survey.live"]).click()
    status = page.locator("[data-live-status]")
    expect(status).to_have_text(re.compile(r"^0 "))

    for team in ("sales", "it", "sales"):  # two people in sales who answered alike: two respondents
        answers = Answers({x.id: 3 for x in shipped.questions}, {}, 8, {})
        file = codec.to_json(shipped, codec.Response(QID, shipped.version, answers, "", "acme", team, "", ""))
        reply = page.request.post(
            f"{base}api/surveys/acme/responses", data={"response_id": uuid.uuid4().hex, "response": file}
        )
        assert reply.status == 201
    expect(status).to_have_text(re.compile(r"^3 "), timeout=12_000)
    expect(page.locator("[data-team-status]")).to_have_attribute("data-loaded", "3")
    expect(page.locator("[data-team-status]")).to_have_attribute("data-skipped", "0")
    expect(page.locator("[data-team-output]")).to_be_visible()
