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
