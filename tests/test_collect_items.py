"""A survey's item statistics on the collecting server (a real SQLite file): only for a logged-in admin, in
both languages with their warnings, the same figures as `build.py report`, careless respondents left out on
request, one wave shown on its own only when the team figures show it, small surveys withheld, and the
files for R, SPSS or Stata."""

from __future__ import annotations

import csv
import io
import re
import uuid
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from centricity.collect import access, auth, surveys
from centricity.collect import db as database
from centricity.collect.app import create_collect_app, now
from centricity.engine import codec
from centricity.model.strings import fill, strings
from centricity.team.items import item_report
from centricity.team.rows import prepare_coded
from centricity.web.itemsection import ItemText
from tests.helpers import coherent_set

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalog, shipped):
    """Survey "acme" (minimum group 5) with 30 coherent responses in wave w1, 3 in w2 and 6 straight lines in
    w3 (so w2 and then w3 join "Others" and only w1 is shown on its own); survey "tiny" with 3 responses."""
    url = f"sqlite:///{tmp_path_factory.mktemp('items') / 'c.sqlite3'}"
    db = database.connect(url)
    database.migrate(db)
    auth.set_password(db, "ana", PASSWORD, now())
    auth.set_password(db, "client", PASSWORD, now(), role="viewer")
    with db.write() as session:
        for sid in ("acme", "tiny"):
            spec = surveys.SurveySpec(
                sid, shipped.id, sid.title(), surveys.parse_teams("sales:40"), min_group=5
            )
            surveys.create(session, spec, catalog, now())
    with db.write() as session:
        access.grant(session, "client", "acme")
    app = create_collect_app(catalog, url)
    client = app.test_client()
    lines = [
        codec.Response(
            shipped.id, shipped.version, codec.Answers({x.id: 2 for x in shipped.questions}, {}, None, {}),
            f"L{i}", "acme", "sales", "w3",
        )
        for i in range(6)
    ]  # fmt: skip
    sent = [
        *coherent_set(shipped, 30, seed=14, survey="acme", team="sales", wave="w1"),
        *coherent_set(shipped, 3, seed=12, survey="acme", team="sales", wave="w2"),
        *lines,
        *coherent_set(shipped, 3, seed=13, survey="tiny", team="sales"),
    ]
    for r in sent:
        body = {"response_id": uuid.uuid4().hex, "response": codec.to_json(shipped, r)}
        assert client.post(f"/api/surveys/{r.survey}/responses?lang=en", json=body).status_code == 201
    yield app, [r for r in sent if r.survey == "acme"]
    app.extensions["collect"].db.close()
    db.close()


def admin(app, name="ana"):
    client = app.test_client()
    page = client.get("/admin/login/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/admin/login/", data={"name": name, "password": PASSWORD, "csrf_token": token})
    return client


def soup_of(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def expected(shipped, responses, **kw):
    rows = prepare_coded(shipped, [(codec.encode(r), r) for r in responses])
    return item_report(shipped, rows, 5, **kw)


def test_strangers_see_nothing_and_a_viewer_no_single_answers(server):
    app, _ = server
    stranger = app.test_client()
    for path in ("items/", "items.csv", "answers.csv", "codebook.csv"):
        got = stranger.get(f"/admin/surveys/acme/{path}")
        assert got.status_code == 302 and got.headers["Location"].endswith("/admin/login/")
    viewer = admin(app, "client")
    page = soup_of(viewer.get("/admin/surveys/acme/items/?lang=en"))
    assert page.select("[data-items-dims] tbody tr") and page.select_one("[data-items-csv]")
    assert not page.select("[data-answers-csv]"), "no link to single answers"
    assert viewer.get("/admin/surveys/acme/items.csv").status_code == 200
    assert viewer.get("/admin/surveys/acme/codebook.csv").status_code == 200
    assert viewer.get("/admin/surveys/acme/answers.csv").status_code == 403
    assert viewer.get("/admin/surveys/tiny/items/").status_code == 403, "a survey not given to them"
    assert soup_of(admin(app).get("/admin/surveys/acme/items/")).select("[data-answers-csv]")


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Item statistics"), ("es", "Estadísticas por pregunta")]
)
def test_the_page_shows_the_reports_figures_and_warnings_in_both_languages(server, shipped, lang, heading):
    app, responses = server
    client = admin(app)
    survey = soup_of(client.get("/admin/surveys/acme/"))
    link = urljoin("/admin/surveys/acme/", survey.select_one("[data-items-link]")["href"])
    assert link == "/admin/surveys/acme/items/"
    page = soup_of(client.get(f"/admin/surveys/acme/items/?lang={lang}"))
    assert page.html["lang"] == lang and page.select_one("[data-items] h2").get_text() == heading
    report, it = expected(shipped, responses), ItemText(lang)
    for d in report.dimensions:
        row = page.select_one(f"[data-items-dim='{d.id}']")
        assert row.select_one("[data-i=alpha]").get_text() == it.dec(d.alpha)
        assert row.select_one("[data-i=n]").get_text() == "39"
    assert page.select_one("[data-items-careless]")["data-items-careless"] == "6"
    assert page.select("[data-items-effect] tbody tr"), "six careless respondents: their effect is shown"
    warned = [li.get_text() for li in page.select("[data-items-warnings] li")]
    assert warned and all(w == w.strip() and w for w in warned)
    assert [a["data-items-wave"] for a in page.select("[data-items-wave]")] == ["w1"], (
        "w2 has 3, and w3 hides it"
    )


def test_careless_left_out_one_wave_and_small_surveys(server, shipped):
    app, responses = server
    client = admin(app)
    dropped = soup_of(client.get("/admin/surveys/acme/items/?careless=drop&lang=en"))
    assert dropped.select_one("[data-items-dims] [data-i=n]").get_text() == "33"
    assert "left out" in dropped.select_one("[data-items-careless]").get_text()
    wave = soup_of(client.get("/admin/surveys/acme/items/?wave=w1&lang=en"))
    assert wave.select_one("[data-items] h2").get_text() == "Item statistics · wave w1"
    w1 = [r for r in responses if r.wave == "w1"]
    first = expected(shipped, w1).dimensions[0]
    assert wave.select_one(f"[data-items-dim='{first.id}'] [data-i=alpha]").get_text() == ItemText("en").dec(
        first.alpha
    )
    hidden = client.get("/admin/surveys/acme/items/?wave=w2&lang=en")
    said = BeautifulSoup(hidden.get_data(as_text=True), "html.parser")
    text = fill(strings(said.html["lang"])["collect.error.no_wave"], wave="w2")
    assert hidden.status_code == 404 and text in said.get_text()
    tiny = soup_of(client.get("/admin/surveys/tiny/items/?lang=en"))
    assert "fewer than 5 respondents (here 3)" in tiny.select_one("[data-items-withheld]").get_text()
    assert not tiny.select("[data-items-dims]")
    assert client.get("/admin/surveys/nope/items/").status_code == 404


def test_the_files_for_r_spss_and_stata_and_the_report(server, shipped):
    app, responses = server
    client = admin(app)
    stats = client.get("/admin/surveys/acme/items.csv?careless=drop")
    assert "attachment" in stats.headers["Content-Disposition"]
    table = {(s, i, st): v for s, i, st, v in csv.reader(io.StringIO(stats.get_data(as_text=True)))}
    first = expected(shipped, responses, drop_careless=True).dimensions[0]
    assert float(table[("dimension", first.id, "alpha")]) == pytest.approx(first.alpha, abs=1e-6)
    assert table[("dimension", first.id, "careless_left_out")] == "1"
    answers = list(
        csv.DictReader(io.StringIO(client.get("/admin/surveys/acme/answers.csv").get_data(as_text=True)))
    )
    questions = sum(len(shipped.questions_in(d.id)) for d in shipped.dimensions)
    assert len(answers) == 39 * questions and {a["careless"] for a in answers} == {"0", "1"}
    assert not any(a.get("label") for a in answers), "no names in the export"
    book = list(
        csv.reader(io.StringIO(client.get("/admin/surveys/acme/codebook.csv").get_data(as_text=True)))
    )
    assert {r[0] for r in book[1:] if not r[1] and not r[2]} == set(answers[0])
    report = soup_of(client.get("/admin/surveys/acme/report.html?lang=en"))
    assert report.select_one("[data-items-dim] [data-i=n]").get_text() == "39"
