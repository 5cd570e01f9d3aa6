"""The compiled myth rules (engine/evidence.py) against the reference evaluator `kinds.holds` and the
decidability rule written out here, on every condition (each node of every rule) of every test and shipped
questionnaire, for random answer sets of every mix the sampler knows."""

from __future__ import annotations

import random

import pytest

from centricity.engine.kinds import compile_decidable, compile_test, holds
from centricity.engine.scoring import judge_myths, score, shown_myths
from centricity.model.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    ContextTest,
    DimensionTest,
    FeltGapTest,
    GapTest,
)
from centricity.model.questionnaire import load_questionnaire
from centricity.quality.sampler import COMPLETE, SURVEY, VARIED, Mix, answers
from tests.helpers import DATA, ROOT

QUESTIONNAIRES = [
    ROOT / "questions" / "customer-centricity.yaml",
    ROOT / "questions" / "quick-check.yaml",
    DATA / "evidence.yaml",
    DATA / "mini.yaml",
]
# Sparse, skewed sets too: many questions unanswered, "does not apply" and context missing, so that every
# condition is seen undecidable as well as failing and holding.
MIXES = (COMPLETE, SURVEY, VARIED, Mix(skip=0.5, dont_know=0.3, not_applicable=0.5, lean=0.9, felt=0.5))


def decidable(q, cond, answers, scores, felt_gap) -> bool:
    """The rule, written out: whether the answers hold everything the condition tests."""
    if isinstance(cond, AllOf | AnyOf):
        return all(decidable(q, c, answers, scores, felt_gap) for c in cond.items)
    if isinstance(cond, DimensionTest):
        return scores.get(cond.dimension) is not None
    if isinstance(cond, GapTest):
        return scores.get(cond.high) is not None and scores.get(cond.low) is not None
    if isinstance(cond, AnswerTest):
        choice = answers.choices.get(cond.question)
        return choice is not None and choice < len(q.question(cond.question).options)
    if isinstance(cond, ContextTest):
        return cond.question in answers.context
    if isinstance(cond, FeltGapTest):
        return felt_gap is not None
    return True


def nodes(cond):
    yield cond
    if isinstance(cond, AllOf | AnyOf):
        for c in cond.items:
            yield from nodes(c)


def conditions(q):
    """(myth id, condition) for every node of every rule of the questionnaire."""
    for myth in q.myths:
        roots = [myth.when] if myth.when is not None else []
        roots += [p.when for p in (myth.evidence.patterns if myth.evidence else ())]
        for root in roots:
            for cond in nodes(root):
                yield myth.id, cond


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: p.stem)
def test_compiled_conditions_agree_with_the_reference(path):
    q = load_questionnaire(path)
    compiled = [(m, c, compile_test(q, c, m), compile_decidable(q, c)) for m, c in conditions(q)]
    assert compiled, "every questionnaire here has rules"
    rng = random.Random(16)
    seen = set()
    for i in range(1200):
        a = answers(q, rng, MIXES[i % len(MIXES)])
        r = score(q, a)
        scores, gap = {d.id: d.score for d in r.dimensions}, r.perception_gap
        for myth, cond, test, can_decide in compiled:
            held = holds(q, cond, myth, a, scores, gap) is not None
            assert test(a, scores, gap) == held, (myth, cond, a)
            assert can_decide(a, scores, gap) == decidable(q, cond, a, scores, gap), (myth, cond, a)
            seen.add((type(cond), held))
        assert shown_myths(q, a, scores, gap) == tuple(m.id for m in judge_myths(q, a, scores, gap)[0])
    held_kinds = {kind for kind, held in seen if held}
    assert held_kinds, "some conditions held"
