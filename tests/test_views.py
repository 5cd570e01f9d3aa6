"""Pages as the Flask app renders them, asserted on parsed HTML."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from centricity.core import languages
from centricity.engine import codec
from centricity.engine.present import Presenter
from centricity.engine.scoring import Answers, score
from centricity.model.strings import check_strings, strings


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def test_interface_strings_match_across_languages():
    assert check_strings(languages.supported()) == []


@pytest.mark.parametrize("lang", languages.supported())
def test_home_page(client, lang):
    page = soup(client.get(f"/{lang}/"))
    assert page.html["lang"] == lang
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.select_one("main#main h1").get_text(strip=True)
    starts = [a["href"] for a in page.select(".starts a.button")]
    assert starts == ["assessment/quick-check/", "assessment/customer-centricity/"]
    csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "script-src 'self'" in csp and "unsafe" not in csp


def test_language_switch_keeps_the_equivalent_page(client):
    page = soup(client.get("/en/myths/its-easy/"))
    links = {a["hreflang"]: a["href"] for a in page.select(".lang-switch a")}
    assert links == {"es": "../../../es/myths/its-easy/"}
    assert page.select_one(".lang-switch [aria-current]").get_text(strip=True) == "EN"


@pytest.mark.parametrize("lang", languages.supported())
def test_assessment_form_structure(client, shipped, lang):
    page = soup(client.get(f"/{lang}/assessment/customer-centricity/"))
    questions = page.select("fieldset[data-question]")
    assert [f["data-question"] for f in questions] == [q.id for q in shipped.questions]
    for fs, q in zip(questions, shipped.questions, strict=True):
        assert fs.legend.get_text(" ", strip=True).endswith(q.prompt[lang])
        radios = fs.select("input[type=radio]")
        assert len(radios) == len(q.options) + (1 if q.not_applicable else 0) + (1 if q.dont_know else 0)
        assert all(r["name"] == q.id for r in radios)
        for r in radios:
            assert page.select_one(f"label[for='{r['id']}']") is not None
        if q.help:
            assert f"help-{q.id}" in fs["aria-describedby"].split()
            assert page.select_one(f"#help-{q.id}").get_text(strip=True) == q.help[lang]
    assert page.select_one("input[name=csrf_token]") is None, "no CSRF token baked into static pages"
    sections = page.select("section.dimension-step")
    assert [s["data-dimension"] for s in sections] == [d.id for d in shipped.dimensions]
    assert page.select_one("progress[data-progress]")["max"] == str(len(shipped.questions))
    assert page.select_one("#q-felt").select("input[type=radio]")[10]["value"] == "10"


def test_result_page_embeds_rules_safely(client, shipped):
    page = soup(client.get("/en/result/customer-centricity/"))
    data = json.loads(page.select_one("script#result-data").string)
    assert data["rules"]["id"] == shipped.id and len(data["rules"]["questions"]) == len(shipped.questions)
    assert data["urls"]["myths"]["its-easy"] == "../../myths/its-easy/"
    raw = client.get("/en/result/customer-centricity/").data.decode()
    block = re.search(r'<script type="application/json" id="result-data">(.*?)</script>', raw, re.S).group(1)
    assert "<" not in block, "no '<' inside the JSON block, so it can never close the script element"


def test_content_pages_render_markdown_with_resolved_links(client):
    page = soup(client.get("/en/myths/technical-solution/"))
    assert page.select_one("h1").get_text(strip=True)
    hrefs = [a["href"] for a in page.select("article a")]
    assert "../../dimensions/technology/" in hrefs
    assert not any(h.startswith(("myth:", "dimension:", "level:", "page:")) for h in hrefs)
    assert page.select_one("a[rel=next]") is not None


def test_404_for_unknown_pages(client):
    assert client.get("/en/myths/no-such-myth/").status_code == 404
    assert client.get("/fr/").status_code == 404
    assert client.get("/en/assessment/nope/").status_code == 404
    response = client.get("/en/nope/")
    assert response.status_code == 404
    page = BeautifulSoup(response.data, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Página no encontrada"
    assert {a["hreflang"] for a in page.select("main a")} == {"es", "en"}


def test_static_mode_refuses_post(client):
    assert client.post("/en/assessment/customer-centricity/", data={}).status_code == 405


def _full_form(q, skip=()):
    data = {question.id: "2" for question in q.questions if question.id not in skip}
    data["felt"] = "7"
    data["ctx_size"] = "large"
    return data


def _csrf(live_client, lang="en"):
    page = soup(live_client.get(f"/{lang}/assessment/customer-centricity/"))
    return page.select_one("input[name=csrf_token]")["value"]


def test_live_post_with_missing_answer_keeps_the_others(live_client, shipped):
    data = _full_form(shipped, skip=("da3",))
    data["csrf_token"] = _csrf(live_client)
    page = soup(live_client.post("/en/assessment/customer-centricity/", data=data))
    fs = page.select_one("fieldset#q-da3")
    assert "has-error" in fs["class"]
    assert "err-da3" in fs["aria-describedby"].split()
    assert page.select_one("#err-da3").get_text(strip=True) == "Please choose an answer."
    assert page.select_one("[data-error-summary] a[href='#q-da3']") is not None
    assert page.select_one("input[name=cu1][value='2']").has_attr("checked")
    assert page.select_one("input[name=felt][value='7']").has_attr("checked")
    assert page.select_one("input[name=ctx_size][value=large]").has_attr("checked")


def test_live_post_renders_the_engine_result(live_client, shipped):
    data = _full_form(shipped)
    data["cu1"] = "0"
    data["te2"] = "x"
    data["csrf_token"] = _csrf(live_client)
    page = soup(live_client.post("/en/assessment/customer-centricity/", data=data))
    choices = {q.id: 2 for q in shipped.questions}
    choices.update(cu1=0, te2=None)
    expected = score(shipped, Answers(choices, {"size": "large"}, felt=7))
    assert page.select_one("[data-slot=overall]").get_text(strip=True) == Presenter(shipped, "en").num(
        expected.overall
    )
    for d in expected.dimensions:
        row = page.select_one(f"tr[data-row={d.id}]")
        assert row.select_one("[data-cell=score]").get_text(strip=True) == Presenter(shipped, "en").num(
            d.score
        )
        assert row.select_one("[data-cell=level]").get_text(strip=True) == shipped.level(d.level).name["en"]
    assert [li.h3.a["href"] for li in page.select("ul[data-myths] > li")] == [
        f"../../myths/{m.id}/" for m in expected.myths
    ]
    assert len(page.select("ol[data-plan] > li")) == len(expected.plan)
    code = page.select_one("[data-result]")["data-code"]
    assert codec.decode(shipped, code).answers.choices == choices


def test_live_post_without_csrf_is_refused(live_client, shipped):
    response = live_client.post("/en/assessment/customer-centricity/", data=_full_form(shipped))
    assert response.status_code == 400
    page = BeautifulSoup(response.data, "html.parser")
    assert page.select_one(".error-summary[role=alert]") is not None
    assert page.select_one("[data-result]") is None


def test_live_pages_send_security_headers(live_client):
    response = live_client.get("/en/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_profile_pages_render_their_result(client, catalog):
    for slug, profile in catalog.profiles.items():
        page = soup(client.get(f"/en/profiles/{slug}/"))
        q = catalog.questionnaires[profile.response.questionnaire]
        expected = score(q, profile.response.answers)
        assert (
            page.select_one("[data-slot=overall-level]").get_text(strip=True)
            == q.level(expected.overall_level).name["en"]
        )


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_page_is_titled_by_what_it_shows(site, catalog):
    """A linked page's title and preview card name the page itself: its title begins as its heading does
    (a profile is titled by its organization, not "Your result"), and its card says the same."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        first = page.title.get_text().split(" · ")[0]
        assert _words(page.h1.get_text(" ")).startswith(first), path
        card = page.select_one("meta[property='og:title']")["content"]
        lang = page.html["lang"]
        if "/result/" not in path.as_posix():  # a result link's card says what it opens
            assert card.split(" · ")[0] == first, path
        else:
            assert card == strings(lang)["preview.result.title"]
    for slug in catalog.profile_sources:
        for lang in catalog.languages:
            page = BeautifulSoup((site / lang / "profiles" / slug / "index.html").read_text(), "html.parser")
            assert page.title.get_text().startswith(catalog.content.get(lang, f"profiles/{slug}").title)
            assert page.select_one("meta[property='og:image']")["content"].endswith(f"{lang}/profile.png")
