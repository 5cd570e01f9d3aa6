"""The diagnosis (engine/diagnosis.py, evidence.py; twin myths.js): belief statements with acquiescence
control, convergence from two sources, careless answers read as unreliable in both engines, both languages
and the team tools, and the felt gap never a myth on its own."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from centricity.core.errors import ValidationError
from centricity.engine import codec, diagnosis
from centricity.engine.present import Presenter
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import load_questionnaire, parse
from centricity.model.strings import fill, strings
from centricity.model.yamlsource import loads
from centricity.team.aggregate import summarize
from centricity.team.wording import figures
from centricity.web.views import result_rules
from tests.helpers import DATA, random_answers
from tests.node import run

PRACTICES = {"a1": 2, "a2": 2, "b1": 0, "b2": 1}  # no revealing option chosen but b1 "Nothing"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(DATA / "beliefs.yaml")


def shown(q, choices, felt=None):
    return [(m.id, m.sources) for m in score(q, Answers(choices, felt=felt)).myths]


def test_a_stated_belief_and_a_practice_converge(q):
    # gift: bl1 agreed (4), bl2 (reverse) disagreed (0): stated; a1 "Some" is a practice in dimension a
    holder = {**PRACTICES, "a1": 1, "bl1": 4, "bl2": 0}
    r = score(q, Answers(holder))
    # strongly stated: the belief gives BELIEF_MAX (6) of its 4 possible; 8 found of 6 possible plus SHRINK 4
    assert [(m.id, m.sources, m.strength) for m in r.myths] == [("gift", ("belief", "a"), 80.0)]
    assert [(e.kind, e.subject, e.op) for e in r.myths[0].evidence][:2] == [
        ("belief", ("bl1",), "agreed"),
        ("belief", ("bl2",), "disagreed"),
    ]
    # either source alone shows nothing: the belief without the practice, the practice without the belief
    assert shown(q, {**holder, "a1": 2}) == []
    assert shown(q, {**holder, "bl1": None}) == []
    # the belief stated against (disagree, then agree with the reverse) weighs against the practice
    assert shown(q, {**holder, "bl1": 0, "bl2": 4}) == []


def test_agreeing_or_disagreeing_with_everything_states_no_belief(q):
    tool = {**PRACTICES, "b1": 1, "b2": 0}  # both tool practices, in dimension b
    for side in (4, 0, 2):
        choices = {**tool, **{x.id: side for x in q.beliefs}}
        r = score(q, Answers(choices))
        assert r.myths == ()
        # one side on every statement: a response style, and (forward against reverse) a contradiction too
        assert r.careless == (() if side == 2 else ("acquiescence", "contradiction"))
    for x in q.beliefs:
        keyed = diagnosis.read_belief(diagnosis.statements(q, x.myth), {y.id: 4 for y in q.beliefs})
        assert keyed.answered and not keyed.stated


def test_contradictions_on_two_myths_make_the_answers_unreliable(q):
    # agree with a statement and with its reverse, on both myths (neutral elsewhere: no acquiescence)
    both = {**PRACTICES, "bl1": 4, "bl2": 4, "bl3": 3, "bl4": 4, "bl5": 2}
    assert score(q, Answers(both)).careless == ("contradiction",)
    one = {**both, "bl3": 2, "bl4": 2}
    assert score(q, Answers(one)).careless == ()


def test_straight_lining_is_unreliable_and_one_answer_off_is_not(shipped):
    for column in range(5):
        line = {x.id: min(column, len(x.options) - 1) for x in shipped.practices}
        r = score(shipped, Answers(line, felt=9))
        assert r.careless == ("straight_line",) and r.myths == () and r.unjudged == ()
        # the same column on the belief statements too: one side on all of them, and contradictions
        everything = {x.id: min(column, len(x.options) - 1) for x in shipped.questions}
        assert "straight_line" in score(shipped, Answers(everything)).careless
    line = {x.id: 2 for x in shipped.questions}  # neutral on every statement: no response style
    first = shipped.practices[0].id
    assert score(shipped, Answers(line)).careless == ("straight_line",)
    assert score(shipped, Answers({**line, first: 3})).careless == ()
    few = {x.id: 2 for x in shipped.practices[:9]}  # fewer than limits.STRAIGHT_LINE_MIN say too little
    assert score(shipped, Answers(few)).careless == ()


def test_careless_answers_and_what_a_myth_rests_on_are_worded_in_both_languages(q):
    careless = score(q, Answers({x.id: 4 for x in q.beliefs}))
    holder = score(q, Answers({**PRACTICES, "a1": 1, "bl1": 4, "bl2": 0}))
    for lang in ("es", "en"):
        t, say = strings(lang), Presenter(q, lang)
        assert say.careless(careless).startswith(t["myths.careless"].split("{")[0])
        assert t["myths.careless.acquiescence"] in say.careless(careless)
        assert say.careless(holder) == ""
        rests = say.rests(holder.myths[0])
        assert t["myths.source.belief"] in rests and q.dimension("a").title[lang] in rests
        assert say.evidence(holder.myths[0].evidence[0]).endswith(q.question("bl1").prompt[lang] + "”") or (
            lang == "es" and q.question("bl1").prompt[lang] in say.evidence(holder.myths[0].evidence[0])
        )


def test_both_engines_read_beliefs_and_careless_answers_alike(q, shipped):
    rng = random.Random("diagnosis")
    sets = []
    for _ in range(150):
        a = random_answers(q, rng)
        beliefs = {x.id: rng.choice([0, 1, 2, 3, 4, None]) for x in q.beliefs}
        sets.append(dataclasses.replace(a, choices={**a.choices, **beliefs}))
    sets += [Answers({x.id: side for x in q.beliefs}) for side in (0, 4)]
    sets += [Answers({**PRACTICES, "a1": 1, "bl1": 4, "bl2": 0})]
    cases = [
        {"choices": dict(a.choices), "context": dict(a.context), "felt": a.felt, "targets": dict(a.targets)}
        for a in sets
    ]
    js = run("engine_cli.js", {"rules": engine_rules(q), "op": "score", "cases": cases})
    results = [json.loads(json.dumps(score(q, a).to_dict())) for a in sets]
    assert js == results
    assert {tuple(r["careless"]) for r in results} >= {(), ("acquiescence",), ("contradiction",)}
    assert any(r["myths"] for r in results)
    lines = [Answers({x.id: c for x in shipped.practices}) for c in range(5)]
    cases = [{"choices": a.choices} for a in lines]
    js = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "score", "cases": cases})
    assert [r["careless"] for r in js] == [["straight_line"]] * 5


def test_the_team_tools_count_careless_answers_apart(shipped):
    rng = random.Random("team")
    practices = {x.id for x in shipped.practices}  # no belief answered: random ones contradict each other
    answers = [random_answers(shipped, rng) for _ in range(8)]
    answers = [
        Answers({k: v for k, v in a.choices.items() if k in practices}, a.context, a.felt) for a in answers
    ]
    responses = [codec.Response(shipped.id, shipped.version, a, label=f"r{i}") for i, a in enumerate(answers)]
    for column in range(3):
        line = Answers({x.id: column for x in shipped.practices})
        responses.append(codec.Response(shipped.id, shipped.version, line, label=f"line{column}"))
    codes = [codec.encode(r) for r in responses]
    for lang in ("es", "en"):
        summary = summarize(shipped, responses, 5)
        assert summary.careless == 3
        text = figures(shipped, summary, lang, {})["text.myths"]
        assert fill(strings(lang)["team.text.careless"], n=3, total=11) in text
        data = result_rules(shipped, lang)
        payload = {"rules": data["rules"], "texts": data["texts"], "strings": data["strings"], "lang": lang}
        js = run("aggregate_cli.js", {**payload, "min_group": 5, "names": [], "sets": [codes]})[0]
        assert js["summary"] == json.loads(json.dumps(summary.to_dict()))
        assert js["figures"]["text.myths"] == text


def test_a_condition_that_holds_on_the_felt_gap_alone_is_refused():
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    gap_only = text.replace(
        "        - {gap: [technology, culture], at_least: 30}\n", "        - {felt_gap: 3}\n"
    )
    assert gap_only != text
    with pytest.raises(ValidationError, match="can hold without any answer"):
        parse(loads(gap_only, "mini.yaml"))
