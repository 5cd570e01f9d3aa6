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


def answer_all(page: Page, shipped, note: str) -> None:
    """Through every step of the assessment, option 2 everywhere; the last step says nothing is sent yet."""
    page.locator("label[for=felt-6]").click()
    page.locator("[data-step-next]").click()
    steps = [shipped.questions_in(d.id) for d in shipped.dimensions]  # one step per dimension
    for questions in [*steps, shipped.beliefs] if shipped.beliefs else steps:  # then the beliefs, if any
        for question in questions:
            page.locator(f"label[for={question.id}-2]").click()
        page.locator("[data-step-next]").click()
    expect(page.locator("[data-survey-send-note]")).to_have_text(note)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/result/{QID}/.*#."))


def test_a_respondent_sends_from_a_survey_link_even_after_being_offline(page: Page, server, shipped):
    base, db = server
    origins = set()
    page.on("request", lambda r: origins.add(re.match(r"https?://[^/]+", r.url).group(0)))
    page.goto(f"{base}en/assessment/{QID}/?survey=acme&team=sales")
    answer_all(page, shipped, strings("en")["assessment.survey.send_note"])

    panel = page.locator("[data-collect-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-collect-recipient]")).to_have_text(
        "Your answers go to the people running the survey “Acme 2026”, team Sales floor."
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
    expect(page.locator("[data-receipt-where]")).to_contain_text("Sent to “Acme 2026”, team Sales floor")
    answers = page.locator("[data-receipt-answers]").inner_text()
    first = shipped.questions[0]
    assert f"{first.prompt['en']}\n{first.options[2].label['en']}" in answers and "Label\nAna" in answers
    assert "{" not in answers and "Targets: Culture\nLeading" in answers
    page.locator("[data-receipt-withdraw]").click()
    expect(page.locator("[data-receipt-status]")).to_contain_text("again to confirm")
    page.locator("[data-receipt-withdraw]").click()
    expect(page.locator("[data-receipt-status]")).to_have_text(
        "Your response was withdrawn and deleted from the server."
    )
    assert stored(db) == []
    assert origins == {base.rstrip("/")}, "the pages talk to their own server only"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_on_a_phone_the_first_screen_says_not_sent_yet_until_it_is(browser, server, shipped, lang):
    """390 px wide: the top of the result says the answers are not sent yet; one tap reaches Send (focused and
    on screen); after sending, the top says they were received, with the receipt."""
    base, db = server
    t = strings(lang)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{base}{lang}/assessment/{QID}/?survey=acme&team=it&team_name=IT")
        answer_all(page, shipped, t["assessment.survey.send_note"])
        banner = page.locator("[data-send-banner]")
        expect(banner.locator("[data-send-banner-text]")).to_have_text(t["result.unsent"])
        expect(page.locator("[data-respondent]")).to_contain_text("acme · IT ·")  # the team's name, not "it"
        box = banner.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, "on the first screen"
        expect(page.locator("[data-collect-panel]")).to_be_visible()
        banner.locator("[data-send-banner-go]").click()
        send = page.locator("[data-collect-button]")
        expect(send).to_be_focused()
        expect(send).to_be_in_viewport()
        send.click()
        expect(banner.locator("[data-send-banner-text]")).to_have_text(
            strings(lang)["collect.send.received"].replace("{survey}", "Acme 2026")
        )
        code = banner.locator("[data-send-banner-code]").inner_text()
        assert code == page.locator("[data-collect-receipt-code]").inner_text() and len(code) == 19
        expect(banner.locator("[data-send-banner-go]")).to_be_hidden()
        assert stored(db)[-1]["survey"]["team"] == "it"
        page.goto(f"{base}{lang}/receipt/")
        page.locator("[data-receipt-code]").fill(code)
        page.locator("[data-receipt-form] button[type=submit]").click()
        expect(page.locator("[data-receipt-where]")).to_contain_text("IT")
        page.locator("[data-receipt-withdraw]").click()
        page.locator("[data-receipt-withdraw]").click()
        expect(page.locator("[data-receipt-status]")).to_have_text(t["collect.receipt.withdrawn"])
    finally:
        page.close()


def test_the_consultant_logs_in_and_watches_responses_arrive(page: Page, server, shipped, catalog):
    """The admin area speaks the browser's language (English here)."""
    base, _db = server
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    page.goto(f"{base}admin/surveys/acme/team/")
    page.wait_for_url("**/admin/login/")
    page.locator("#login-name").fill("ana")
    page.locator("#login-password").fill(PASSWORD)
    page.locator("[data-login-form] button[type=submit]").click()
    page.wait_for_url(f"{base}admin/")
    page.get_by_role("link", name="Acme 2026").click()
    expect(page.locator("h1")).to_contain_text("Acme 2026")
    page.get_by_role("link", name=strings("en")["collect.survey.live"]).click()
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
