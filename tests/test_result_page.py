"""The result page reads at a glance: result.js phrases the at-a-glance paragraph exactly as Python's
Presenter.glance does (the frozen page shows the browser's words, the live server and reports Python's)."""

from __future__ import annotations

import io
import random

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import expect

from centricity.core import languages
from centricity.engine import codec, shortlink
from centricity.engine.present import Presenter
from centricity.engine.scoring import Answers, score
from centricity.model.strings import strings

RARE = ("glance.even", "glance.no_myth", "glance.partial")


def cases(q, rng: random.Random) -> list[Answers]:
    """Complete, partial, single-dimension and even answer sets, so every sentence of the paragraph shows."""
    out = [
        Answers({x.id: len(x.options) - 1 for x in q.questions}, felt=10),
        Answers({x.id: 0 for x in q.questions}, felt=9),
        Answers({x.id: 2 for x in q.questions}),
        Answers({x.id: 1 for x in q.questions_in(q.dimensions[0].id)}),
    ]
    for _ in range(8):
        choices = {x.id: rng.randrange(len(x.options)) for x in q.questions if rng.random() < 0.85}
        out.append(Answers(choices, felt=rng.choice([None, *range(11)])))
    return out


@pytest.mark.parametrize("lang", languages.supported())
@pytest.mark.parametrize("qid", ["customer-centricity", "quick-check"])
def test_glance_paragraph_is_phrased_identically_in_python_and_js(page, http_site, catalog, lang, qid):
    q = catalog.questionnaires[qid]
    present = Presenter(q, lang)
    seen = set()
    for answers in cases(q, random.Random(qid + lang)):
        code = shortlink.encode(q, codec.Response(q.id, q.version, answers))
        page.goto(f"{http_site}{lang}/result/{qid}/index.html#{code}")
        expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")
        expected = present.glance(score(q, answers))
        # A new fragment on the same page re-renders in place: wait for the text rather than read it at once.
        expect(page.locator("[data-glance]")).to_have_text(expected)
        seen.update(key for key in RARE if present.t[key].split("{")[0] in expected)
    assert seen == set(RARE)


def test_result_preview_card_says_what_a_shared_link_opens_in_each_language(client):
    cards = {}
    for lang in languages.supported():
        t = strings(lang)
        page = BeautifulSoup(client.get(f"/{lang}/result/customer-centricity/").data, "html.parser")
        assert page.select_one("meta[property='og:title']")["content"] == t["preview.result.title"]
        assert page.select_one("meta[property='og:description']")["content"] == t["preview.result.lead"]
        image = page.select_one("meta[property='og:image']")["content"]
        assert image.endswith(f"assets/preview/{lang}/result.png")
        cards[lang] = client.get(f"/assets/preview/{lang}/result.png").data
        assert Image.open(io.BytesIO(cards[lang])).size == (1200, 630)
    assert cards["en"] != cards["es"]


def consistency_cases(q) -> list[Answers]:
    """One dimension scored, all equal, every myth or some myths unjudged, myths shown: the states that used
    to put two contradicting lines side by side."""
    first = q.dimensions[0].id
    return [
        Answers({q.practices[0].id: 1}),
        Answers({x.id: 0 for x in q.questions_in(first)}),
        Answers({x.id: 2 for x in q.practices}),
        Answers({x.id: 2 for x in q.practices}, felt=5),
        Answers({x.id: 0 for x in q.practices}, felt=10),
        Answers(_holds(q, q.myths[0].id), felt=8),
    ]


def _holds(q, myth: str) -> dict:
    """Middle answers, but the myth's revealing options and its statements answered its way."""
    choices = {x.id: 2 for x in q.practices} | {x.id: 2 for x in q.beliefs}
    choices |= {qid: max(range(len(w)), key=w.__getitem__) for qid, w, _ in q.evidence_rows(myth)}
    return choices | {x.id: 0 if x.reverse else 4 for x in q.beliefs if x.myth == myth}


def test_the_words_of_a_result_never_contradict_each_other(shipped):
    """Presenter's lines for the states of consistency_cases: what each says agrees with the others."""
    for lang in languages.supported():
        present = Presenter(shipped, lang)
        for answers in consistency_cases(shipped):
            r = score(shipped, answers)
            glance, none = present.glance(r), present.no_myth(r)
            if r.strongest == r.weakest:
                assert present.even(r) in glance
            if r.myths:
                assert none == ""
            elif r.careless:  # one option everywhere: unreliable, neither "no myth" nor "too few"
                assert none == "" and present.t["glance.careless"] in glance and present.careless(r)
            elif len(r.unjudged) == len(shipped.myths):
                assert none == "" and present.t["glance.myths_unjudged"] in glance
            elif r.unjudged:
                assert none == present.t["myths.none.judged"] and none in glance
            else:
                assert none == present.t["myths.none"]
    results = [score(shipped, a) for a in consistency_cases(shipped)]
    assert any(r.myths for r in results) and any(r.unjudged and not r.myths for r in results)
    single = results[1]
    assert Presenter(shipped, "en").even(single) == "Only Culture has enough answers to be scored."


@pytest.mark.parametrize("lang", languages.supported())
def test_the_result_page_never_contradicts_itself(page, http_site, catalog, lang):
    q = catalog.questionnaires["customer-centricity"]
    present, t = Presenter(q, lang), strings(lang)
    for answers in consistency_cases(q):
        r = score(q, answers)
        code = shortlink.encode(q, codec.Response(q.id, q.version, answers))
        page.goto(f"{http_site}{lang}/result/{q.id}/index.html#{code}")
        expect(page.locator("[data-glance]")).to_have_text(present.glance(r))
        ranked = page.locator("[data-highlight=ranked]")
        if r.strongest == r.weakest:
            expect(ranked.first).to_be_hidden()
            expect(page.locator("[data-highlight=even]")).to_have_text(present.even(r))
        else:
            expect(ranked.first).to_be_visible()
        none = page.locator("[data-myths-none]")
        if present.no_myth(r):
            expect(none).to_have_text(present.no_myth(r))
        else:
            expect(none).to_be_hidden()
        lines = page.locator("ul[data-myths] .myth-line").all_inner_texts()
        assert lines == [catalog.content.get(lang, f"myths/{m.id}").summary for m in r.myths]
        assert bool(r.myths) == bool(lines)
        careless = page.locator("[data-myths-careless]")
        if r.careless:
            expect(careless).to_have_text(present.careless(r))
        else:
            expect(careless).to_be_hidden()
        if r.unjudged:
            expect(page.locator("[data-myths-unjudged]")).to_be_visible()
            assert t["myths.none"] not in page.locator("main").inner_text()
