"""Question kinds (model/questions.py, core/registry.QUESTION_KINDS): a belief statement is read on the
strings files' agreement scale, asked in its own step (with JavaScript and without), printed on the
worksheet, carried in codes, links and files like any answer, and counted in no dimension score, coverage,
plan or low-answer signal."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from centricity.core.registry import DEFAULT_QUESTION_KIND, QUESTION_KINDS, QUESTIONS
from centricity.engine import codec, shortlink
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import load_questionnaire
from centricity.model.strings import strings
from centricity.web.app import create_app
from tests.helpers import DATA, random_answers
from tests.node import run

SCHEMA = Path(__file__).resolve().parent.parent / "site" / "schema" / "centricity-questionnaire.schema.json"


@pytest.fixture(scope="module")
def beliefs():
    return load_questionnaire(DATA / "beliefs.yaml")


@pytest.fixture(scope="module")
def client(catalog, beliefs):
    both = dataclasses.replace(catalog, questionnaires={**catalog.questionnaires, beliefs.id: beliefs})
    return create_app(both).test_client()


def test_a_belief_reads_the_agreement_scale_of_the_strings_files(beliefs):
    assert [x.id for x in beliefs.practices] == ["a1", "a2", "b1", "b2"]
    assert [x.id for x in beliefs.beliefs] == ["bl1", "bl2", "bl3", "bl4", "bl5"]
    for x in beliefs.beliefs:
        assert x.kind == "belief" and not x.scored and x.dimension == "" and x.dont_know and x.myths == ()
        for lang in ("es", "en"):
            assert [o.label[lang] for o in x.options] == [
                strings(lang)[f"belief.scale.{i}"] for i in range(5)
            ]
    assert beliefs.question("bl2").reverse and not beliefs.question("bl1").reverse
    assert beliefs.question("bl3").myth == "tool"
    assert all(x.kind == DEFAULT_QUESTION_KIND and x.scored for x in beliefs.practices)


def test_every_question_kind_has_its_schema_fragment_with_the_registry_fields():
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    assert [ref["$ref"] for ref in defs["question"]["oneOf"]] == [f"#/$defs/{k.key}" for k in QUESTION_KINDS]
    for kind in QUESTION_KINDS:
        fragment = defs[kind.key]
        assert fragment["additionalProperties"] is False
        assert set(fragment["properties"]) == {*kind.required, *kind.optional}, kind.key
        required = set(kind.required) - ({"kind"} if kind.key == DEFAULT_QUESTION_KIND else set())
        assert set(fragment["required"]) == required, kind.key
        assert fragment["properties"]["kind"] == {"const": kind.key}
    assert set(QUESTIONS) == {"practice", "belief"}


def test_beliefs_count_in_no_score_coverage_plan_or_signal(beliefs):
    rng = random.Random("beliefs")
    for _ in range(200):
        a = random_answers(beliefs, rng)
        practice = {k: v for k, v in a.choices.items() if beliefs.question(k).scored}
        without = score(beliefs, dataclasses.replace(a, choices=practice))
        for choice in (0, 4, None):
            believed = {**practice, **dict.fromkeys((x.id for x in beliefs.beliefs), choice)}
            got = score(beliefs, dataclasses.replace(a, choices=believed))
            assert got.dimensions == without.dimensions and got.plan == without.plan
            assert (got.overall, got.answered, got.total) == (without.overall, without.answered, 4)


def test_belief_answers_travel_in_codes_links_and_files(beliefs):
    rng = random.Random("codes")
    for i in range(60):
        choices = {**random_answers(beliefs, rng).choices}
        choices.update(
            {x.id: rng.choice([0, 1, 2, 3, 4, None]) for x in beliefs.beliefs if rng.random() < 0.8}
        )
        r = codec.Response(beliefs.id, beliefs.version, Answers(choices), label=f"r{i}")
        assert codec.decode(beliefs, codec.encode(r)) == r
        assert codec.decode(beliefs, shortlink.encode(beliefs, r)).answers == r.answers
        assert codec.from_json(beliefs, json.loads(json.dumps(codec.to_json(beliefs, r)))) == r
    with pytest.raises(Exception, match="no option 5"):
        codec.decode(beliefs, "q=beliefs&v=1&a=bl1.5")


def test_beliefs_score_the_same_in_the_browser(beliefs):
    rng = random.Random("parity")
    sets = []
    for _ in range(80):
        a = random_answers(beliefs, rng)
        extra = {x.id: rng.choice([0, 2, 4, None]) for x in beliefs.beliefs}
        sets.append(dataclasses.replace(a, choices={**a.choices, **extra}))
    cases = [
        {"choices": dict(a.choices), "context": {}, "felt": a.felt, "targets": dict(a.targets)} for a in sets
    ]
    js = run("engine_cli.js", {"rules": engine_rules(beliefs), "op": "score", "cases": cases})
    for a, got in zip(sets, js, strict=True):
        assert got == json.loads(json.dumps(score(beliefs, a).to_dict()))
    assert {q["id"]: q["scored"] for q in engine_rules(beliefs)["questions"]}["bl1"] is False


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_assessment_asks_the_beliefs_in_their_own_step_after_the_dimensions(client, beliefs, lang):
    page = BeautifulSoup(client.get(f"/{lang}/assessment/beliefs/").data, "html.parser")
    steps = [s["id"] for s in page.select("section[data-step]")]
    assert steps == ["step-start", "step-a", "step-b", "step-beliefs", "step-review"]
    step = page.select_one("#step-beliefs")
    assert step.h2.get_text(" ", strip=True).endswith(strings(lang)["beliefs.title"])
    assert "3" in step.select_one("[data-step-count]").get_text()
    fieldsets = step.select("fieldset.question")
    assert [f["data-question"] for f in fieldsets] == ["bl1", "bl2", "bl3", "bl4", "bl5"]
    for fs in fieldsets:
        assert fs.legend.get_text(" ", strip=True).endswith(
            beliefs.question(fs["data-question"]).prompt[lang]
        )
        labels = [label.get_text() for label in fs.select("label")]
        assert labels == [
            *(strings(lang)[f"belief.scale.{i}"] for i in range(5)),
            strings(lang)["assessment.dont_know"],
        ]
    assert page.select_one("#q-bl2")["aria-describedby"] == "help-bl2"
    assert not page.select("section.dimension-step fieldset[data-question^=bl]")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_worksheet_prints_the_beliefs_without_scores(client, lang):
    page = BeautifulSoup(client.get(f"/{lang}/worksheet/beliefs/").data, "html.parser")
    section = page.select_one("section.ws-beliefs")
    assert [d["data-ws-question"] for d in section.select("[data-ws-question]")] == [
        "bl1",
        "bl2",
        "bl3",
        "bl4",
        "bl5",
    ]
    assert not section.select(".ws-score") and len(section.select("li")) == 5 * 6
    assert strings(lang)["worksheet.beliefs"] in section.get_text()


def test_the_long_form_posts_belief_answers_to_the_live_server(catalog, beliefs):
    both = dataclasses.replace(catalog, questionnaires={**catalog.questionnaires, beliefs.id: beliefs})
    live = create_app(both, live=True).test_client()
    form = BeautifulSoup(live.get("/en/assessment/beliefs/").data, "html.parser")
    data = {"csrf_token": form.select_one("input[name=csrf_token]")["value"], "felt": "5"}
    data.update({x.id: "1" for x in beliefs.practices})
    data.update(bl1="4", bl2="x", bl3="0", bl4="2", bl5="3")
    page = BeautifulSoup(live.post("/en/assessment/beliefs/", data=data).data, "html.parser")
    choices = {**dict.fromkeys((x.id for x in beliefs.practices), 1), "bl1": 4, "bl2": None, "bl3": 0}
    choices.update(bl4=2, bl5=3)
    assert codec.decode(beliefs, page.select_one("[data-result]")["data-code"]).answers.choices == choices
    expected = score(beliefs, Answers(choices, felt=5))
    for d in expected.dimensions:
        assert (
            page.select_one(f"tr[data-row={d.id}] [data-cell=score]").get_text(strip=True) == f"{d.score:g}"
        )
