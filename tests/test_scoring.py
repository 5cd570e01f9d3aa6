"""The scoring engine: hand-computed cases on a small questionnaire, and properties on the shipped one."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.core.errors import AnswerError
from centricity.engine.scoring import Answers, Result, compare, round1, score
from centricity.model.questionnaire import load_questionnaire
from tests.strategies import answers

EVIDENCE = Path(__file__).parent / "data" / "evidence.yaml"


@pytest.fixture(scope="module")
def ev():
    return load_questionnaire(EVIDENCE)


def test_hand_computed_mini(mini):
    r = score(mini, Answers({"c1": 1, "c2": 3, "t1": None, "t2": 1}, {"size": "large"}, felt=9))
    culture, tech = r.dimensions
    # culture: (50*1 + 100*2) / 3 = 83.33 -> 83.3; technology: t1 unknown, t2 = 30
    assert (culture.score, culture.level, culture.answered, culture.total) == (83.3, "high", 2, 2)
    assert (tech.score, tech.level, tech.answered, tech.dont_know) == (30.0, "low", 1, 1)
    # overall: (83.3 * 1 + 30 * 3) / 4 = 43.325 -> 43.3 (dimension weights 1 and 3)
    assert r.overall == 43.3 and r.overall_level == "mid"
    assert (r.strongest, r.weakest) == ("culture", "technology")
    assert r.measured10 == 4.3 and r.perception_gap == 4.7
    assert (r.answered, r.total) == (3, 4)
    assert tech.target == "mid" and tech.target_gap == 10.0
    assert culture.target == "high" and culture.target_gap == 0.0


def test_rounding_is_half_up():
    assert round1(54.15) == 54.2 or round1(54.15) == 54.1  # binary 54.15 is below .15; both engines agree
    assert round1(54.25) == 54.3
    assert round1(0.05) == 0.1
    assert round1(325 / 6) == 54.2


# The worked example of content/*/scoring.md: option scores per dimension, in question order ("x" is
# "don't know", "na" is "does not apply").
PAGE_EXAMPLE = {
    "culture": ["x", 50, 50, 75, 25, 50, 25, 100],
    "technology": [50, 75, 75, 100, 75, 75, 75, 75],
    "data": [50, 25, 75, 50, 25, 50, 75, 50],
    "strategy": [25, "na", 0, 25, "x", 25, 25, 25],
}


def _page_example(q, felt):
    choices = {}
    for did, values in PAGE_EXAMPLE.items():
        for question, v in zip(q.questions_in(did), values, strict=True):
            scores = [o.score for o in question.options]
            choices[question.id] = None if v == "x" else len(scores) if v == "na" else scores.index(v)
    return score(q, Answers(choices, {"size": "medium"}, felt=felt))


def test_scoring_page_example(shipped):
    r = _page_example(shipped, felt=8)
    dims = {d.id: (d.score, d.level, d.answered, d.dont_know, d.not_applicable) for d in r.dimensions}
    assert dims == {
        "culture": (53.6, "developing", 7, 1, 0),
        "technology": (75.0, "established", 8, 0, 0),
        "data": (50.0, "developing", 8, 0, 0),
        "strategy": (20.8, "emerging", 6, 1, 1),
    }
    assert (r.overall, r.overall_level, r.measured10, r.perception_gap) == (49.9, "developing", 5.0, 3.0)
    # The example answers no belief statement: giving-everything rests on practices in two dimensions,
    # culture and strategy, strength 50 (above the share of 45); the felt gap of 3.0 is a gap, never a myth,
    # so a felt rating of 7 shows the same.
    assert [(m.id, m.strength, m.sources) for m in r.myths] == [
        ("giving-everything", 50.0, ("culture", "strategy"))
    ]
    assert r.unjudged == ("its-new", "its-easy")
    steps = [(s.dimension, s.question, s.current, s.to) for s in r.plan]
    assert steps == [("strategy", "st8", 0, 2), ("culture", "cu13", 1, 3), ("data", "da13", 1, 3)]
    assert [m.id for m in _page_example(shipped, felt=7).myths] == ["giving-everything"]


def test_all_best_is_top_and_all_worst_is_bottom(shipped):
    best = score(shipped, Answers({q.id: len(q.options) - 1 for q in shipped.questions}))
    worst = score(shipped, Answers({q.id: 0 for q in shipped.questions}))
    assert best.overall == 100 and best.overall_level == shipped.levels[-1].id
    assert all(d.level == shipped.levels[-1].id for d in best.dimensions)
    assert worst.overall == 0 and worst.overall_level == shipped.levels[0].id
    assert all(d.level == shipped.levels[0].id for d in worst.dimensions)


def test_empty_answers_give_no_score(shipped):
    r = score(shipped, Answers({}))
    assert r.overall is None and r.overall_level is None and r.plan == () and r.myths == ()


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"zz9": 0}, "unknown question 'zz9'"),
        ({"cu1": 9}, "has no option 9"),
        ({"cu1": -1}, "has no option -1"),
        ({"cu1": True}, "has no option true"),
    ],
)
def test_unknown_questions_and_options_are_refused(shipped, bad, message):
    with pytest.raises(AnswerError, match=message):
        score(shipped, Answers(bad))


def test_bad_context_felt_and_targets_are_refused(shipped):
    with pytest.raises(AnswerError, match="context question 'size' has no option 'huge'"):
        score(shipped, Answers({}, {"size": "huge"}))
    with pytest.raises(AnswerError, match="felt rating"):
        score(shipped, Answers({}, felt=11))
    with pytest.raises(AnswerError, match="unknown level"):
        score(shipped, Answers({}, targets={"data": "stellar"}))


def test_result_json_round_trip(shipped):
    rng = random.Random(4)
    a = Answers({q.id: rng.randrange(len(q.options)) for q in shipped.questions}, {"size": "large"}, felt=8)
    r = score(shipped, a)
    data = json.loads(json.dumps(r.to_dict()))
    assert data["questionnaire"] == "customer-centricity" and data["version"] == shipped.version
    assert Result.from_dict(data) == r


def test_from_dict_refuses_garbage():
    with pytest.raises(AnswerError):
        Result.from_dict({"questionnaire": "x"})


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_scores_stay_in_range(shipped, data):
    r = score(shipped, data.draw(answers(shipped)))
    for d in r.dimensions:
        assert d.score is None or 0 <= d.score <= 100
        assert d.answered + d.dont_know <= d.total
    assert r.overall is None or 0 <= r.overall <= 100


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_improving_one_answer_never_lowers_scores(shipped, data):
    a = data.draw(answers(shipped, complete=True))
    improvable = [
        q
        for q in shipped.practices
        if a.choices.get(q.id) is not None and a.choices[q.id] < len(q.options) - 1
    ]
    if not improvable:
        return
    q = data.draw(st.sampled_from(improvable))
    better = Answers({**a.choices, q.id: a.choices[q.id] + 1}, a.context, a.felt, a.targets)
    before, after = score(shipped, a), score(shipped, better)
    assert after.dimension(q.dimension).score >= before.dimension(q.dimension).score
    assert after.overall >= before.overall


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_question_order_does_not_matter(shipped, data):
    a = data.draw(answers(shipped))
    keys = list(a.choices)
    data.draw(st.randoms()).shuffle(keys)
    shuffled = Answers({k: a.choices[k] for k in keys}, a.context, a.felt, a.targets)
    assert score(shipped, shuffled) == score(shipped, a)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_dont_know_leaves_other_answers_unchanged(shipped, data):
    """Answering "don't know" scores exactly as if the question were not asked."""
    a = data.draw(answers(shipped))
    dk = [q for q in shipped.practices if q.dont_know]
    q = data.draw(st.sampled_from(dk))
    with_dk = Answers({**a.choices, q.id: None}, a.context, a.felt, a.targets)
    without = Answers({k: v for k, v in a.choices.items() if k != q.id}, a.context, a.felt, a.targets)
    r1, r2 = score(shipped, with_dk), score(shipped, without)
    assert [d.score for d in r1.dimensions] == [d.score for d in r2.dimensions]
    assert r1.overall == r2.overall and r1.myths == r2.myths
    assert r1.dimension(q.dimension).dont_know == r2.dimension(q.dimension).dont_know + 1


def test_dont_know_is_refused_where_the_question_does_not_offer_it(mini):
    """Every shipped question offers "don't know"; the small questionnaire has one that does not."""
    qid = next(x.id for x in mini.questions if not x.dont_know)
    with pytest.raises(AnswerError, match="does not allow"):
        score(mini, Answers({qid: None}))


# The shipped myth evidence, written out by hand from questions/customer-centricity.yaml: an independent
# check of the evaluator. Weights per (question, option index), then thresholds (at least, share %).
TAGS = {
    "giving-everything": {("st14", 1): 2, ("st9", 1): 2},
    "technical-solution": {("te12", 0): 2, ("st16", 1): 1},
    "its-new": {("cu13", 0): 2, ("st15", 1): 2},
    "harassing-the-customer": {("te11", 0): 2, ("da12", 1): 2},
    "its-easy": {("st15", 2): 2},
}
THRESHOLDS = {
    "giving-everything": (3, 45),
    "technical-solution": (3, 45),
    "its-new": (4, 45),
    "harassing-the-customer": (3, 45),
    "its-easy": (3, 45),
}
SHRINK, SOURCE_WEIGHT = 4, 2  # evidence.py, written out again


def _patterns(myth, q, a, r):
    """(weight, holds, decidable, dimensions read) for each shipped pattern of a myth."""
    s = {d.id: d.score for d in r.dimensions}

    def ans(qid):
        c = a.choices.get(qid)
        return None if c is None or c == len(q.question(qid).options) else q.question(qid).options[c].score

    def at_most(qid, v):
        return ans(qid) is not None and ans(qid) <= v

    def at_least(qid, v):
        return ans(qid) is not None and ans(qid) >= v

    def known(*qids):
        return all(ans(x) is not None for x in qids)

    if myth == "giving-everything":
        caring = s["culture"] is not None and s["culture"] >= 50
        giving = at_most("st14", 25) or (at_least("st9", 25) and at_most("st9", 50))
        decided = s["culture"] is not None and known("st14", "st9")
        return [(2, caring and giving, decided, ("culture", "strategy"))]
    if myth == "technical-solution":
        capable = at_least("te1", 75) or at_least("te5", 75)
        return [
            (2, capable and at_most("te9", 25), known("te1", "te5", "te9"), ("technology",)),
            (1, at_least("te2", 50) and at_most("te1", 25), known("te2", "te1"), ("technology",)),
        ]
    if myth == "harassing-the-customer":
        return [(1, ans("da12") == 25 and at_most("da4", 25), known("da12", "da4"), ("data",))]
    if myth == "its-easy":
        large = a.context.get("size") in ("large", "enterprise")
        return [(1, large and at_most("st11", 25), "size" in a.context and known("st11"), ("strategy",))]
    return []


def _careless(q, a) -> bool:
    """Straight-lining on the practices, one side on every statement, or contradictions on two myths."""
    picked = [c for x in q.practices if (c := a.choices.get(x.id)) is not None and c < len(x.options)]
    if len(picked) >= min(10, len(q.practices)) and len(set(picked)) == 1:
        return True
    said = [(x, a.choices[x.id]) for x in q.beliefs if a.choices.get(x.id) is not None]
    sides = {c >= 3 for _, c in said if c != 2}
    if (
        len(said) >= 4
        and len(sides) == 1
        and all(c != 2 for _, c in said)
        and len({x.reverse for x, _ in said}) == 2
    ):
        return True
    contradicted = 0
    for m in q.myths:
        fwd = [c for x, c in said if x.myth == m.id and not x.reverse]
        rev = [4 - c for x, c in said if x.myth == m.id and x.reverse]
        contradicted += any(abs(f - r) >= 3 for f in fwd for r in rev)
    return contradicted >= 2


def _belief(q, a, myth) -> tuple[bool, int]:
    """(answered both ways, weight): stated when neither side's mean keyed agreement is below neutral (2) and
    the two means add to at least 5; then 2 per point they add above 4, floored, at most 6."""
    fwd = [
        c for x in q.beliefs if x.myth == myth and not x.reverse and (c := a.choices.get(x.id)) is not None
    ]
    rev = [
        4 - c for x in q.beliefs if x.myth == myth and x.reverse and (c := a.choices.get(x.id)) is not None
    ]
    if not fwd or not rev:
        return False, 0
    f, b = Fraction(sum(fwd), len(fwd)), Fraction(sum(rev), len(rev))
    stated = f >= 2 and b >= 2 and f + b >= 5
    return True, min(6, math.floor(2 * (f + b - 4))) if stated else 0


def _oracle(q, a, r):
    """The myths the shipped rules show, as (id, strength), strongest first, and the unjudged ones: evidence
    from two sources (a stated belief, the practices of a dimension), strength against what could be given
    plus SHRINK; nothing for careless answers."""
    if _careless(q, a):
        return [], []
    shown, unjudged = [], []
    for order, myth in enumerate(TAGS):
        found, possible, found_in = 0, 0, Counter()
        for question in q.tagged(myth):
            choice = a.choices.get(question.id)
            if choice is None or choice == len(question.options):
                continue
            most = max(w for (qid, _), w in TAGS[myth].items() if qid == question.id)
            got = TAGS[myth].get((question.id, choice), 0)
            found, possible = found + got, possible + most
            found_in[question.dimension] += got
        for weight, held, decidable, dims in _patterns(myth, q, a, r):
            if held or decidable:
                found, possible = found + (weight if held else 0), possible + weight
                for d in dims:
                    found_in[d] += weight if held else 0
        answered, belief = _belief(q, a, myth)
        found, possible = found + belief, possible + 4 * answered
        at_least, share = THRESHOLDS[myth]
        # beside a stated belief, any weight found in a dimension corroborates it
        sources = [d for d in found_in if found_in[d] >= (1 if belief else SOURCE_WEIGHT)]
        sources += ["belief"] * bool(belief)
        if possible < at_least:
            unjudged.append(myth)
        elif len(sources) >= 2 and found >= at_least and found * 100 > share * (possible + SHRINK):
            strength = round1(found * 100 / (possible + SHRINK))
            shown.append((-strength, -len(sources), -found, order, myth, strength))
    shown.sort()
    return [(m, strength) for *_, m, strength in shown[:2]], unjudged


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_myths_shown_are_exactly_those_the_evidence_supports(shipped, data):
    a = data.draw(answers(shipped))
    r = score(shipped, a)
    assert ([(m.id, m.strength) for m in r.myths], list(r.unjudged)) == _oracle(shipped, a, r)
    for m in r.myths:
        assert any(e.kind in ("answer", "pattern") for e in m.evidence), "a shown myth says which answers"
        assert len(m.sources) >= 2, "and rests on two sources"


def test_low_maturity_alone_shows_no_myth(shipped):
    """Each question at its lowest option that reveals no belief: an organization at the bottom, no myth."""
    lowest = {q.id: next(i for i, o in enumerate(q.options) if not o.myths) for q in shipped.questions}
    r = score(shipped, Answers(lowest, {"size": "small"}, felt=1))
    assert r.overall_level == shipped.levels[0].id and r.myths == () and r.unjudged == ()


def test_rule_kinds_on_both_sides_of_their_thresholds(mini):
    base = {"c1": 2, "c2": 3, "t1": 2, "t2": 2}
    # gap technology - culture >= 30 flags "tech"
    r = score(mini, Answers({**base, "c1": 0, "c2": 1}))  # culture (0+50)/3=16.7, tech 100 -> gap 83.3
    assert [m.id for m in r.myths] == ["tech"]
    assert r.myths[0].evidence[0].kind == "gap" and r.myths[0].evidence[0].value == 83.3
    assert not score(mini, Answers(base)).myths
    # two low answers on tagged questions flag "tech" through signals
    r = score(mini, Answers({**base, "t1": 0, "t2": 1}))
    assert r.myths[0].evidence[-1].kind == "signals" and r.myths[0].evidence[-1].subject == ("t1", "t2")
    # "easy": large firm, culture below 40, and (c2 at the bottom or felt gap >= 3)
    low_culture = {**base, "c1": 1, "c2": 0}  # culture 50/3 = 16.7
    assert "easy" not in {m.id for m in score(mini, Answers(low_culture, {"size": "small"})).myths}
    r = score(mini, Answers(low_culture, {"size": "large"}))
    easy = next(m for m in r.myths if m.id == "easy")
    assert [e.kind for e in easy.evidence] == ["context", "dimension", "answer"]
    weak = {**low_culture, "c2": 1, "t1": 0, "t2": 0}  # culture 33.3, technology 0: overall 8.3 -> 0.8/10
    r = score(mini, Answers(weak, {"size": "large"}, felt=10))
    easy = next(m for m in r.myths if m.id == "easy")
    assert easy.evidence[-1].kind == "felt_gap" and easy.evidence[-1].value == 9.2
    assert "easy" not in {m.id for m in score(mini, Answers(weak, {"size": "large"}, felt=3)).myths}


def test_evidence_converges_from_two_dimensions_against_what_could_be_given(ev):
    # a1 "Some" gives 2 (dimension a), b1 "Nothing" 1 (b), the pattern (a >= 50 and b1 at 0) 1 in both: a
    # scores 75, so it holds: 4 found of 4 possible, a and b each a source; strength 4 / (4 + SHRINK) = 50%.
    r = score(ev, Answers({"a1": 1, "a2": 2, "b1": 0, "b2": 0}))
    assert [(m.id, m.strength, m.sources) for m in r.myths] == [("gift", 50.0, ("a", "b"))]
    assert [(e.kind, e.subject, e.limit) for e in r.myths[0].evidence] == [
        ("answer", ("a1",), 2),
        ("answer", ("b1",), 1),
        ("pattern", ("gift", "0"), 1),
        ("dimension", ("a",), 50),
    ]
    # a at 25: the pattern fails though decidable; b gives 1 of 2, no source; one source shows nothing
    assert score(ev, Answers({"a1": 1, "a2": 0, "b1": 0, "b2": 0})).myths == ()
    # tool's evidence is all in dimension a (a2 "All", 3 of 3): one dimension is one source, never enough
    assert "tool" not in {m.id for m in score(ev, Answers({"a1": 1, "a2": 2, "b1": 0, "b2": 0})).myths}


def test_not_applicable_is_left_out_like_dont_know_and_counted_apart(ev):
    r = score(ev, Answers({"a1": 1, "a2": 2, "b1": 2, "b2": 2}))
    b = r.dimension("b")
    assert (b.score, b.answered, b.not_applicable, b.dont_know, b.total) == (100.0, 1, 1, 0, 2)
    # b1 does not apply: neither its option nor the pattern on it is evidence, so b is no source
    assert r.myths == () and r.unjudged == ()
    with pytest.raises(AnswerError, match="has no option 3"):
        score(ev, Answers({"b1": 3}))
    with pytest.raises(AnswerError, match="has no option 3"):
        score(ev, Answers({"a2": 3}))


def test_too_little_possible_evidence_leaves_a_myth_unjudged(ev):
    r = score(ev, Answers({"a1": None, "b2": 1}))
    assert r.myths == () and r.unjudged == ("gift", "tool")
    assert score(ev, Answers({"a1": None, "a2": 0, "b1": 0})).unjudged == ()


def test_a_condition_only_myth_comes_after_those_with_evidence(ev):
    r = score(ev, Answers({"a1": 1, "a2": 2, "b1": 0, "b2": 0}, felt=10))
    assert [(m.id, m.strength, m.sources) for m in r.myths] == [
        ("gift", 50.0, ("a", "b")),
        ("loud", None, ()),
    ]
    assert r.myths[1].evidence[0].kind == "felt_gap"


def test_compare_reports_change(shipped):
    lo = score(shipped, Answers({q.id: 1 for q in shipped.questions}))
    hi = score(shipped, Answers({q.id: 2 for q in shipped.questions}))
    change = compare(hi, lo)
    assert change["culture"] == 25.0 and change["overall"] == 25.0
