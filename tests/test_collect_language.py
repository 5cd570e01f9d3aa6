"""The collecting server speaks the language asked for: the admin area follows the browser (with a switch on
every page, remembered), and the respondents' API answers each request in its language, one per message."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from centricity.collect import auth, surveys
from centricity.collect import db as database
from centricity.collect.app import Options, create_collect_app, now
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.strings import fill, strings

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def app(catalog, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('lang') / 'c.sqlite3'}"
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    with db.write() as session:
        teams = surveys.parse_teams("sales:4:Sales floor")
        surveys.create(session, surveys.SurveySpec("acme", catalog.primary.id, "Acme", teams), catalog, now())
    made = create_collect_app(catalog, url, Options(admin_lang="es"))
    yield made
    made.extensions["collect"].db.close()
    db.close()


def heading(response) -> str:
    return BeautifulSoup(response.data, "html.parser").h1.get_text(strip=True)


@pytest.mark.parametrize(
    ("accept", "lang"), [("en-GB,en;q=0.9", "en"), ("es-MX,es;q=0.8", "es"), ("de", "es")]
)
def test_the_admin_area_follows_the_browser(app, accept, lang):
    """The browser's language first; `--admin-lang` (here es) only when it asks for none of the site's."""
    page = app.test_client().get("/admin/login/", headers={"Accept-Language": accept})
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.html["lang"] == lang and heading(page) == strings(lang)["collect.login.title"]
    switch = {a["hreflang"]: a["href"] for a in soup.select(".lang-switch a[hreflang]")}
    other = "es" if lang == "en" else "en"
    assert switch == {other: f"/admin/login/?lang={other}"}


def test_the_switch_is_on_every_admin_page_and_is_remembered(app):
    client = app.test_client()
    english = {"Accept-Language": "en"}
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/admin/login/").get_data(as_text=True)
    )
    client.post("/admin/login/", data={"name": "ana", "password": PASSWORD, "csrf_token": token.group(1)})
    for path in ("/admin/", "/admin/surveys/new/", "/admin/surveys/acme/", "/admin/surveys/acme/team/"):
        page = client.get(path, headers=english)
        assert page.status_code == 200, path
        links = BeautifulSoup(page.data, "html.parser").select(".lang-switch a[hreflang=es]")
        assert [a["href"] for a in links] == [f"{path}?lang=es"], path
    picked = client.get("/admin/surveys/acme/?lang=es", headers=english)
    assert (
        heading(picked).startswith("Acme") and BeautifulSoup(picked.data, "html.parser").html["lang"] == "es"
    )
    kept = next(c for c in picked.headers.getlist("Set-Cookie") if c.startswith("centricity_admin_lang=es"))
    assert "HttpOnly" in kept and "SameSite=Strict" in kept and "Path=/admin/" in kept
    later = client.get("/admin/", headers=english)  # the pick is kept over the browser's language
    assert (
        BeautifulSoup(later.data, "html.parser").h1.get_text(strip=True)
        == strings("es")["collect.admin.surveys"]
    )
    report = client.get("/admin/surveys/acme/report.html?lang=en", headers=english)
    cookies = " ".join(report.headers.getlist("Set-Cookie"))
    assert report.status_code == 200 and "centricity_admin_lang" not in cookies, "a download does not switch"


def edited_file(q) -> dict:
    answers = Answers({x.id: 1 for x in q.questions}, {}, 7, {})
    file = codec.to_json(q, codec.Response(q.id, q.version, answers, "", "acme", "sales", "", "2026-11-24"))
    return {**file, "scores": {**file["scores"], "overall": 3.5}}


@pytest.mark.parametrize(
    ("query", "accept", "lang"),
    [("", "es-ES,es;q=0.9", "es"), ("", "en-US", "en"), ("?lang=en", "es", "en"), ("?lang=es", "en", "es")],
)
def test_the_api_answers_in_the_language_asked_one_per_message(app, shipped, query, accept, lang):
    client = app.test_client()
    t = strings(lang)
    body = {"response_id": "x" * 24, "response": edited_file(shipped)}
    reply = client.post(f"/api/surveys/acme/responses{query}", json=body, headers={"Accept-Language": accept})
    assert reply.status_code == 422
    assert reply.json["message"] == fill(t["collect.error.invalid"], reason=t["refusal.edited"])
    missing = client.get(f"/api/surveys/nope{query}", headers={"Accept-Language": accept})
    assert missing.status_code == 404 and missing.json["message"] == fill(
        t["collect.error.no_survey"], id="nope"
    )
    receipt = client.post(
        f"/api/receipt{query}", json={"receipt": "nope"}, headers={"Accept-Language": accept}
    )
    assert receipt.json["message"] == t["collect.error.receipt"]
