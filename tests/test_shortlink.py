"""Short result links (code format 2): Python and shortlink.js write the same codes and read them back,
every format-1 link still reads to the same response and result, and a full assessment fits in 140
characters."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import expect

from centricity.core.errors import AnswerError
from centricity.engine import codec, shortlink
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import load_questionnaire
from tests.node import run

DATA = Path(__file__).parent / "data"
LABELS = ["", "Ana", "Zoë & co <b>", "Q3 review.", "50% ~ half", "東京 · 🚀", "a+b=c/d?e#f"]
CREATED = ["", "2026-11-24", "2026-11-24T09:30Z", "2025-01-02T23:59:59.5+01:00"]


def odd_ids(tmp_path: Path, ids: list[str]):
    """The mini questionnaire with its four questions renamed, to exercise runs on unusual ids."""
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    for old, new in zip(["c1", "c2", "t1", "t2"], ids, strict=True):
        text = re.sub(rf"\b(id|answer): {old}\b", rf"\1: '{new}'", text)
    path = tmp_path / f"odd-{'-'.join(ids)}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire(path)


@pytest.fixture()
def questionnaires(catalog, mini, tmp_path):
    return [
        catalog.questionnaires["customer-centricity"],
        catalog.questionnaires["quick-check"],
        mini,
        odd_ids(tmp_path, ["q", "a09", "a10", "7"]),
        odd_ids(tmp_path, ["s1", "s2", "s5", "s9"]),
    ]


def random_response(q, rng: random.Random) -> codec.Response:
    choices = {}
    for x in q.questions:
        roll = rng.random()
        if roll < 0.25:
            continue
        if roll < 0.35 and x.dont_know:
            choices[x.id] = None
        else:
            choices[x.id] = rng.randrange(len(x.options) + bool(x.not_applicable))
    context = {c.id: rng.choice(c.options).id for c in q.context if rng.random() < 0.5}
    targets = {d.id: rng.choice(q.levels).id for d in q.dimensions if rng.random() < 0.3}
    felt = rng.choice([None, *range(11)])
    tag = lambda: rng.choice(["", "", "acme-2026", "Sales_EU", "w1"])  # noqa: E731
    return codec.Response(
        q.id,
        q.version,
        Answers(choices, context, felt, targets),
        label=rng.choice(LABELS),
        survey=tag(),
        team=tag(),
        wave=tag(),
        created=rng.choice(CREATED),
    )


def as_case(r: codec.Response) -> dict:
    a = r.answers
    return {
        "questionnaire": r.questionnaire,
        "version": r.version,
        "answers": {"choices": a.choices, "context": a.context, "felt": a.felt, "targets": a.targets},
        "label": r.label,
        "survey": r.survey,
        "team": r.team,
        "wave": r.wave,
        "created": r.created,
    }


def as_response(q, d: dict) -> codec.Response:
    a = d["answers"]
    return codec.Response(
        d["questionnaire"],
        d["version"],
        Answers(a["choices"], a["context"], a["felt"], a["targets"]),
        d["label"],
        d["survey"],
        d["team"],
        d["wave"],
        d["created"],
        tuple(d["dropped"]),
    )


def test_python_and_js_write_and_read_the_same_codes(questionnaires):
    rng = random.Random(15)
    for q in questionnaires:
        responses = [random_response(q, rng) for _ in range(120)]
        codes = [shortlink.encode(q, r) for r in responses]
        rules = engine_rules(q)
        cases = [as_case(r) for r in responses]
        assert run("engine_cli.js", {"rules": rules, "op": "encode_short", "cases": cases}) == codes
        book = shortlink.codebook(q)
        assert run("engine_cli.js", {"rules": book, "op": "encode_short", "cases": cases}) == codes
        read = run("engine_cli.js", {"rules": rules, "op": "decode", "cases": codes})
        for r, code, js in zip(responses, codes, read, strict=True):
            assert codec.decode(q, code) == r, code
            assert as_response(q, json.loads(json.dumps(js))) == r, code


def test_every_format_1_code_reads_to_the_same_response_and_result(questionnaires):
    rng = random.Random(1)
    for q in questionnaires:
        for _ in range(150):
            r = random_response(q, rng)
            old = codec.encode(r)
            from_old = codec.decode(q, old)
            from_new = codec.decode(q, shortlink.encode(q, from_old))
            assert from_new == from_old
            assert score(q, from_new.answers).to_dict() == score(q, from_old.answers).to_dict()


def test_format_1_code_of_an_older_version_keeps_the_current_version_when_shortened(catalog):
    q = catalog.questionnaires["customer-centricity"]
    old = codec.decode(q, "q=customer-centricity&v=0&a=cu1.0,cu2.x,retired1.2&c=size.large&f=3&d=2025-11-01")
    assert old.dropped == ("retired1",)
    again = codec.decode(q, shortlink.encode(q, old))
    assert again.answers == old.answers and again.created == "2025-11-01"
    assert again.version == q.version


def worst_case(q) -> codec.Response:
    """Every question answered, every context question, felt 10, a target for every dimension, a date."""
    return codec.Response(
        q.id,
        q.version,
        Answers(
            {x.id: len(x.options) - 1 for x in q.questions},
            {c.id: c.options[-1].id for c in q.context},
            10,
            {d.id: q.levels[0].id for d in q.dimensions},
        ),
        created="2026-11-24",
    )


def test_full_assessment_link_fits_in_140_characters(catalog):
    q = catalog.questionnaires["customer-centricity"]
    code = shortlink.encode(q, worst_case(q))
    assert len(code) <= 140, (len(code), code)
    assert len(codec.encode(worst_case(q))) > 3 * len(code)
    assert re.fullmatch(r"[A-Za-z0-9~._,-]+", code) and code[-1].isalnum()


def test_runs_step_over_unanswered_and_restart_where_numbering_breaks(tmp_path):
    q = odd_ids(tmp_path, ["s1", "s2", "s5", "s11"])
    r = codec.Response(q.id, q.version, Answers({"s1": None, "s2": 3, "s5": 1, "s11": 2}, {"size": "large"}))
    assert shortlink.encode(q, r) == "2~mini~2~s1.-3__1,s11.2~1"
    q = odd_ids(tmp_path, ["s1", "s2", "s5", "s9"])
    r = codec.Response(q.id, q.version, Answers({"s1": None, "s2": 3, "s5": 1, "s9": 2}, {"size": "large"}))
    assert shortlink.encode(q, r) == "2~mini~2~s1.-3__1___2~1"
    q = odd_ids(tmp_path, ["q", "a09", "a10", "7"])
    r = codec.Response(q.id, q.version, Answers({"q": 0, "a09": 1, "a10": 2, "7": 0}, felt=4))
    assert shortlink.encode(q, r) == "2~mini~2~7.0,a10.2,a09.1,q.0~~4"
    assert codec.decode(q, shortlink.encode(q, r)) == r


def test_a_code_of_another_version_keeps_answers_by_id_and_leaves_positions_out(catalog):
    q = catalog.questionnaires["customer-centricity"]
    response = codec.decode(q, "2~customer-centricity~7~cu1.21,gone1.3~0~5~4~20260101")
    assert response.answers.choices == {"cu1": 2, "cu2": 1}
    assert response.answers.context == {} and response.answers.targets == {}
    assert response.dropped == ("gone1",) and response.answers.felt == 5


TAMPERED = [
    "2~customer-centricity",
    "2~customer-centricity~one~cu1.1",
    "2~customer-centricity~{v}~cu1.9",
    "2~customer-centricity~{v}~cu1.1,cu1.2",
    "2~customer-centricity~{v}~cu0.11",
    "2~customer-centricity~{v}~cu1._1",
    "2~customer-centricity~{v}~cu1.1_",
    "2~customer-centricity~{v}~cu1.A",
    "2~customer-centricity~{v}~cu1",
    "2~customer-centricity~{v}~<b>.1",
    "2~customer-centricity~{v}~zz1.1",
    "2~customer-centricity~{v}~~9",
    "2~customer-centricity~{v}~~00000",
    "2~customer-centricity~{v}~~A",
    "2~customer-centricity~{v}~~~12",
    "2~customer-centricity~{v}~~~~7",
    "2~customer-centricity~{v}~~~~00000",
    "2~customer-centricity~{v}~~~~~yesterday",
    "2~customer-centricity~{v}~~~~~~<img>",
    "2~customer-centricity~{v}~~~~~~~~~%E0%A4%A",
    "2~customer-centricity~{v}~~~~~~~~~%ED%A0%80",
    "2~customer-centricity~{v}~~~~~~~~~" + "x" * 81,
    "2~customer-centricity~{v}~~~~~~~~~a~b",
    "2~quick-check~1~cu1.1",
]


@pytest.mark.parametrize("code", TAMPERED)
def test_tampered_short_codes_are_refused_by_both_with_the_same_words(shipped, code):
    code = code.replace("{v}", str(shipped.version))
    with pytest.raises(AnswerError) as info:
        codec.decode(shipped, code)
    js = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "decode", "cases": [code]})[0]
    assert js == {"error": str(info.value)}


def test_dont_know_where_a_question_does_not_offer_it_is_refused_by_both(mini):
    """Every shipped question offers "don't know", so a small questionnaire with one that does not is used."""
    no_dont_know = next(x.id for x in mini.questions if not x.dont_know)
    code = f"2~{mini.id}~{mini.version}~{no_dont_know}.-"
    with pytest.raises(AnswerError) as info:
        codec.decode(mini, code)
    js = run("engine_cli.js", {"rules": engine_rules(mini), "op": "decode", "cases": [code]})[0]
    assert js == {"error": str(info.value)}


def test_v1_link_opens_the_same_result_and_offers_a_short_link(browser, http_site, shipped):
    answers = Answers({x.id: 1 for x in shipped.questions}, felt=9)
    response = replace(worst_case(shipped), label="Ana", answers=answers)
    old = codec.encode(response)
    page = browser.new_context().new_page()
    page.goto(f"{http_site}en/result/{shipped.id}/index.html#{old}")
    expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")
    shown = page.locator("[data-scores]").inner_text()
    link = page.locator("[data-share-link]").input_value()
    code = link.split("#", 1)[1]
    assert code == shortlink.encode(shipped, codec.decode(shipped, old)) and len(code) <= 140
    assert page.url.endswith("#" + code)
    fresh = browser.new_context().new_page()
    fresh.goto(link)
    expect(fresh.locator("[data-result]")).to_have_attribute("data-scored", "true")
    assert fresh.locator("[data-scores]").inner_text() == shown
    expect(fresh.locator("[data-respondent]")).to_contain_text("Ana")
    page.context.close()
    fresh.context.close()
