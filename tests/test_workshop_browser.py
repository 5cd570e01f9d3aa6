"""A workshop in Chromium, on SQLite and on PostgreSQL: a facilitator, a projector and several phones, each
in its own browser context. They join by code, one joins late and one reloads, they answer a dimension,
voting closes, the reveal ranks the questions by disagreement, the room votes again on one question (before
and after side by side) and on another where too few vote again (withheld), and the end shows the team
summary, which the survey's report and JSON then hold. The projector and a phone pass axe."""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.quality.checks import AXE_TAGS
from centricity.quality.probes import probe
from tests.helpers import ROOT
from tests.postgres import postgres  # noqa: F401 (a fixture)

PASSWORD = "correct horse battery"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OPEN: list[BrowserContext] = []


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, catalog, tmp_path):
    """The collecting server in a thread on a free loopback port, with the quick check as a survey of two
    teams and a minimum group of 3; always stopped."""
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database()
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        teams = surveys.parse_teams("sales:6:Sales floor\nit:3:IT")
        spec = surveys.SurveySpec("acme", "quick-check", "Acme offsite", teams, min_group=3)
        surveys.create(session, spec, catalog, now())
    app = create_collect_app(catalog, url, Options(admin_lang="en"))
    http = make_server("127.0.0.1", 0, app, threaded=True)
    http.daemon_threads = False  # so that closing the server waits for every request, event streams too
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}/"
    finally:
        while OPEN:  # the browsers leave first, then the streams end, then the server and its database
            OPEN.pop().close()
        app.extensions["workshop"].stopped.set()
        http.shutdown()
        http.server_close()
        thread.join(5)
        app.extensions["collect"].db.close()
        db.close()


def context(browser: Browser, width: int, height: int) -> BrowserContext:
    """A browser context of its own (a person's device), closed with the server."""
    made = browser.new_context(viewport={"width": width, "height": height})
    made.set_default_timeout(8000)
    OPEN.append(made)
    return made


def login(page: Page, base: str, then: str) -> None:
    page.goto(f"{base}admin/login/")
    page.locator("#login-name").fill("ana")
    page.locator("#login-password").fill(PASSWORD)
    page.locator("[data-login-form] button[type=submit]").click()
    page.wait_for_url(f"{base}admin/")
    page.goto(then)


def axe(page: Page) -> list:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # as the audit does: the CSP allows no inline script
    return page.evaluate(probe("axe_run"), AXE_TAGS)


def join(browser: Browser, base: str, code: str, team: str) -> Page:
    """A phone that types the code on the join page and picks its team."""
    phone = context(browser, 390, 844).new_page()
    phone.goto(f"{base}en/workshop/")
    phone.locator("#s-code").fill(code.lower())
    phone.locator("[data-enter-form] button[type=submit]").click()
    phone.wait_for_url(re.compile(rf"/en/workshop/{code}/$"))
    phone.get_by_label(team, exact=True).check()
    phone.locator("[data-phone-team] button[type=submit]").click()
    expect(phone.locator("[data-phone-team]")).to_be_hidden()
    return phone


def answer(phone: Page, qid: str, choice: int) -> None:
    phone.locator(f"label[for={qid}-{choice}]").click()
    expect(phone.locator(f"#q-{qid} [data-saved]")).to_have_text("Sent.")


def counts(projector: Page, done: int, joined: int) -> None:
    expect(projector.locator("[data-stage] [data-live-done]")).to_have_text(str(done))
    expect(projector.locator("[data-stage] [data-live-joined]")).to_have_text(str(joined))


def test_a_workshop_from_join_to_report(browser: Browser, server: str, catalog):
    base, q = server, catalog.questionnaires["quick-check"]
    culture = [x.id for x in q.questions_in("culture")]
    facilitator = context(browser, 1280, 800).new_page()
    login(facilitator, base, f"{base}admin/surveys/acme/")
    facilitator.locator("[data-start-workshop]").click()
    facilitator.wait_for_url(re.compile(r"/admin/workshops/\d+/$"))
    code = facilitator.locator("h1 [data-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{6}", code)

    projector = context(browser, 1280, 720).new_page()
    errors: list[str] = []  # a script error or a CSP refusal shows in the console
    projector.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(
        projector,
        base,
        urljoin(facilitator.url, facilitator.locator("[data-projector-link]").get_attribute("href")),
    )
    expect(projector.locator("[data-stage] [data-code]")).to_have_text(code)
    expect(projector.locator(".ws-qr svg")).to_be_visible()
    expect(projector.locator("[data-workshop]")).to_have_attribute("data-transport", "events")
    assert axe(projector) == []

    phones = [join(browser, base, code, "Sales floor") for _ in range(3)]
    counts_joined = projector.locator("[data-stage] [data-live-joined]")
    expect(counts_joined).to_have_text("3")
    for phone in phones:
        expect(phone.locator("[data-phone-status]")).to_contain_text("Wait for the facilitator")
        expect(phone.locator("[data-phone-reveal-box]")).to_be_hidden()

    projector.keyboard.press("1")  # the first dimension
    expect(projector.locator("[data-stage]")).to_have_attribute("data-phase", "voting")
    counts(projector, 0, 3)
    # Answers that disagree most on the first question, a little on the second, not at all on the third.
    planned = {culture[0]: [0, 4, 0, 4], culture[1]: [1, 2, 2, 2], culture[2]: [3, 3, 3, 3]}
    for i, phone in enumerate(phones):
        expect(phone.locator(f"#q-{culture[0]}")).to_be_visible()
        assert phone.locator("fieldset[data-question]:visible").count() == len(culture)
        for qid, choices in planned.items():
            answer(phone, qid, choices[i])
    counts(projector, 3, 3)
    expect(projector.locator("[data-stage] [data-live-answers]")).to_have_text("9")
    assert axe(phones[0]) == [] and axe(facilitator) == []

    late = join(browser, base, code, "IT")  # joins while voting is open
    expect(late.locator(f"#q-{culture[0]}")).to_be_visible()
    answer(late, culture[0], 4)
    late.reload()  # rejoins with the token this browser kept: the answer is still there
    expect(late.locator(f"#{culture[0]}-4")).to_be_checked()
    for qid in culture[1:]:  # by keyboard: the arrow keys move through a question's options
        late.locator(f"#{qid}-0").focus()
        late.keyboard.press("Space")
        for _ in range(planned[qid][3]):
            late.keyboard.press("ArrowDown")
        expect(late.locator(f"#{qid}-{planned[qid][3]}")).to_be_checked()
        expect(late.locator(f"#q-{qid} [data-saved]")).to_have_text("Sent.")
    counts(projector, 4, 4)
    phones.append(late)

    projector.keyboard.press("c")
    expect(projector.locator("[data-stage]")).to_have_attribute("data-phase", "closed")
    expect(phones[0].locator("[data-phone-status]")).to_contain_text("Voting is closed")
    projector.keyboard.press("r")
    ranking = projector.locator("[data-ranking] li")
    expect(ranking).to_have_count(3)
    assert [li.get_attribute("data-rank") for li in ranking.all()] == culture, "widest spread first"
    expect(projector.locator("[data-focus]")).to_have_attribute("data-focus", culture[0])
    assert [c.inner_text() for c in projector.locator("[data-focus] [data-count]").all()][:5] == [
        "2", "0", "0", "0", "2"
    ]  # fmt: skip
    assert projector.evaluate("document.documentElement.scrollHeight <= innerHeight"), "no scrolling"
    assert axe(projector) == []
    expect(phones[1].locator("[data-phone-reveal] [data-reveal-item]")).to_have_count(3)
    assert axe(phones[1]) == []
    assert "Ana" not in projector.content()

    projector.keyboard.press("a")  # vote again on the question in focus
    expect(projector.locator("[data-stage]")).to_have_attribute("data-phase", "voting")
    for phone, choice in zip(phones[:3], (2, 2, 3), strict=True):
        expect(phone.locator(f"#q-{culture[0]}")).to_be_visible()
        expect(phone.locator(f"#q-{culture[1]}")).to_be_hidden()
        answer(phone, culture[0], choice)
    counts(projector, 3, 4)
    projector.keyboard.press("r")  # reveal closes voting too
    table = projector.locator(f"[data-focus] [data-distribution={culture[0]}]")
    expect(table.locator("thead")).to_contain_text("Before")
    expect(table.locator("thead")).to_contain_text("After")
    expect(table.locator("[data-spread-before]")).to_have_text("50")
    expect(table.locator("[data-spread]")).to_have_text("11.8")

    projector.keyboard.press("n")  # back to the first vote, at the second question
    expect(projector.locator("[data-focus]")).to_have_attribute("data-focus", culture[1])
    projector.keyboard.press("a")
    for phone in phones[:2]:  # only two vote again: fewer than the minimum group of 3
        answer(phone, culture[1], 4)
    projector.keyboard.press("r")
    expect(projector.locator("[data-focus] [data-withheld]")).to_contain_text("2 answered, fewer than 3")
    expect(projector.locator("[data-focus] [data-spread]")).to_have_text("–")
    expect(phones[2].locator("[data-phone-reveal] [data-withheld]")).to_be_visible()

    projector.keyboard.press("e")
    expect(projector.locator("[data-stage]")).to_have_attribute("data-phase", "ended")
    expect(projector.locator("[data-plan] li")).to_have_count(3)
    expect(projector.locator("[data-f='text.stands']")).to_contain_text("4 ")
    assert projector.evaluate("document.documentElement.scrollHeight <= innerHeight")
    expect(phones[0].locator("[data-phone-status]")).to_have_text("The workshop has ended. Thank you.")
    assert errors == []

    facilitator.reload()
    exports = urljoin(facilitator.url, facilitator.locator("[data-download=json]").get_attribute("href"))
    exported = json.loads(facilitator.request.get(exports).text())
    assert len(exported["responses"]) == 4
    firsts = sorted(r["response"]["answers"][culture[0]] for r in exported["responses"])
    assert firsts == [2, 2, 3, 4], "the second vote replaced the first for those who voted again"
    teams = sorted(r["response"]["survey"]["team"] for r in exported["responses"])
    assert teams == ["it", "sales", "sales", "sales"]
    report = facilitator.request.get(f"{base}admin/surveys/acme/report.html?lang=en")
    assert report.ok and "4 respondents" in report.text()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_the_projector_asks_when_events_do_not_get_through(browser: Browser, server: str):
    base = server
    projector = context(browser, 1280, 720).new_page()
    login(projector, base, f"{base}admin/surveys/acme/")
    projector.locator("[data-start-workshop]").click()
    projector.wait_for_url(re.compile(r"/admin/workshops/\d+/$"))
    code = projector.locator("h1 [data-code]").inner_text()
    projector.route("**/events", lambda route: route.fulfill(status=503, body="busy"))
    projector.goto(projector.url + "projector/")
    expect(projector.locator("[data-workshop]")).to_have_attribute("data-transport", "polling")
    phone = join(browser, base, code, "IT")
    expect(projector.locator("[data-stage] [data-live-joined]")).to_have_text("1")
    projector.keyboard.press("0")  # every question
    expect(projector.locator("[data-stage]")).to_have_attribute("data-phase", "voting")
    expect(phone.locator("fieldset[data-question]:visible")).not_to_have_count(0)
