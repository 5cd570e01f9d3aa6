"""engine/plan.py (twin web/static/js/plan.js): a plan that aims up. Every step aims at a constructive option,
the weakest dimension and those a shown myth concerns come first, and the browser plans exactly as Python."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.core.limits import PLAN_AIM_AT_LEAST
from centricity.engine.plan import aim
from centricity.engine.present import Presenter
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import load_questionnaire
from tests.helpers import DATA, holder_answers, random_answers
from tests.node import run
from tests.strategies import answers


def floor_of(q, d) -> float:
    return max(PLAN_AIM_AT_LEAST, q.level(d.target).low if d.target else 0)


def test_the_weakest_and_myth_dimensions_come_first(mini):
    # culture 16.7 (the weakest); technology 50, concerned by the flagged "tech" myth
    r = score(mini, Answers({"c1": 0, "c2": 1, "t1": 0, "t2": 2}))
    assert [s.dimension for s in r.plan] == ["culture", "technology", "culture"]
    assert (r.plan[0].question, r.plan[0].current, r.plan[0].to) == ("c1", 0, 1)  # lowest answer first
    assert r.plan[1].question == "t1" and r.plan[1].reason == "myth"
    # c2 is at "Little" (25): "Much" (75) is the first option at or above the floor of 50
    assert (r.plan[2].question, r.plan[2].current, r.plan[2].to) == ("c2", 1, 2)


def test_a_weak_dimension_close_to_its_target_comes_before_a_stronger_one_far_from_it(mini):
    """The issue's case: 19.9 just under its next level used to rank after 40 far from its own."""
    a = Answers({"c1": 0, "c2": 1, "t1": 1, "t2": 1}, targets={"culture": "low", "technology": "high"})
    r = score(mini, a)
    culture, technology = (r.dimension(d) for d in ("culture", "technology"))
    assert culture.score < technology.score and culture.target_gap == 0 and technology.target_gap > 0
    # culture has met its target: only technology is below, so it gets every step it can
    assert {s.dimension for s in r.plan} == {"technology"}
    a = Answers({"c1": 0, "c2": 1, "t1": 1, "t2": 1}, targets={"culture": "mid", "technology": "high"})
    r = score(mini, a)
    culture, technology = (r.dimension(d) for d in ("culture", "technology"))
    assert culture.target_gap < technology.target_gap  # nearer its target, yet the weakest: it goes first
    assert r.plan[0].dimension == "culture"


def test_the_plan_skips_dimensions_at_target(mini):
    r = score(mini, Answers({"c1": 0, "c2": 1, "t1": 0, "t2": 2}, targets={"technology": "mid"}))
    assert {s.dimension for s in r.plan} == {"culture"}
    assert all(s.reason == "target" for s in r.plan)


def test_aim_takes_the_first_free_option_at_the_floor_else_the_best_free_one():
    ev = load_questionnaire(DATA / "evidence.yaml")
    # a1: Nothing 0, Some 50 (reveals "gift"), All 100; a2: Nothing 0, Some 50, All 100 (reveals "tool")
    assert aim(ev, "a1", 0, 50) == 2, "an option that reveals a myth is never the aim"
    assert aim(ev, "a2", 0, 50) == 1 and aim(ev, "a2", 0, 20) == 1
    assert aim(ev, "a2", 0, 60) == 1, "nothing free reaches the floor: the best free option"
    assert aim(ev, "a2", 1, 0) is None and aim(ev, "a1", 2, 0) is None


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_step_aims_up(shipped, data):
    r = score(shipped, data.draw(answers(shipped)))
    dims = {d.id: d for d in r.dimensions}
    below = {d for d, ds in dims.items() if ds.target_gap}
    steps = [(s.question, s.to) for s in r.plan]
    assert len(steps) == len(set(steps)) <= 3, "no step is repeated"
    if below:
        assert all(s.dimension in below for s in r.plan), "never a dimension at target while another is below"
    for s in r.plan:
        options = shipped.question(s.question).options
        floor = floor_of(shipped, dims[s.dimension])
        free = [i for i in range(s.current + 1, len(options)) if not options[i].myths]
        assert s.to in free, "a step aims higher, at an option that reveals no myth"
        assert options[s.to].score >= floor or all(options[i].score < floor for i in free)
        assert all(options[i].score < floor for i in free if i < s.to), "the first such option"
        best = max(options[i].score for i in free)
        assert options[s.to].score >= PLAN_AIM_AT_LEAST or options[s.to].score == best


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_weakest_dimension_gets_the_first_step_unless_its_target_is_met(shipped, data):
    given_answers = data.draw(answers(shipped))
    r = score(shipped, given_answers)
    order = [d.id for d in shipped.dimensions]
    scored = [d for d in r.dimensions if d.score is not None]
    if not scored:
        return
    weakest = min(scored, key=lambda d: (d.score, order.index(d.id)))
    if not weakest.target_gap and any(d.target_gap for d in scored):
        return  # its target is met while another's is not: the others get the steps
    floor = floor_of(shipped, weakest)
    can = [
        x.id
        for x in shipped.questions_in(weakest.id)
        if isinstance(c := given_answers.choices.get(x.id), int) and aim(shipped, x.id, c, floor) is not None
    ]
    if can:
        assert r.plan[0].dimension == weakest.id


@pytest.mark.parametrize("name", ["shipped", "quick", "mini", "evidence"])
def test_the_browser_plans_exactly_as_python(name, catalog, mini):
    q = {
        "shipped": catalog.questionnaires["customer-centricity"],
        "quick": catalog.questionnaires["quick-check"],
        "mini": mini,
        "evidence": load_questionnaire(DATA / "evidence.yaml"),
    }[name]
    rng = random.Random("plan" + name)
    sets = []
    for i in range(200):
        # every fourth holds a myth, so that myths (rarely shown to random answers) put their steps first
        a = holder_answers(q, q.myths[i % len(q.myths)].id, rng) if i % 4 == 0 else random_answers(q, rng)
        targets = {d.id: rng.choice(q.levels).id for d in q.dimensions if rng.random() < 0.5}
        sets.append(Answers(a.choices, a.context, a.felt, targets))
    cases = [{"choices": a.choices, "context": a.context, "felt": a.felt, "targets": a.targets} for a in sets]
    js = run("engine_cli.js", {"rules": engine_rules(q), "op": "score", "cases": cases})
    reasons = set()
    for a, got in zip(sets, js, strict=True):
        expected = json.loads(json.dumps(score(q, a).to_dict()))["plan"]
        assert got["plan"] == expected
        reasons.update(s["reason"] for s in expected)
    assert reasons == {"target", "myth", "weakest"}, "the sets reach every kind of step"


def test_the_glance_names_the_question_of_the_first_step_and_each_step_says_how_to_start(shipped):
    r = score(shipped, Answers({x.id: 0 for x in shipped.practices}))
    for lang in ("en", "es"):
        present = Presenter(shipped, lang)
        first = r.plan[0]
        question = shipped.question(first.question)
        glance = present.glance(r)
        assert question.prompt[lang] in glance and question.options[first.to].label[lang] in glance
        advice = shipped.dimension(first.dimension).advice[r.dimension(first.dimension).level][lang]
        assert present.start(r, 0).endswith(advice[0])
