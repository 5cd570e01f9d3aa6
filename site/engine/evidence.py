"""Myth rules compiled once per questionnaire, so that judging a response does not walk every rule's tree.

Judging myths was most of what scoring a response cost once rules weighed evidence (questionnaires v2): for
every myth of every response the condition trees were walked twice (does a pattern hold, could it have been
decided), testing each node's type and building Evidence objects, only for at most two myths to be shown.
Here each rule is compiled on first use: a question's revealing options become a table (option index ->
weight), each pattern a closure that says only whether it holds and one that says whether it could be
decided. `weigh` ranks the myths from these; scoring.py then builds the Evidence of the shown myths alone,
with its reference evaluator `holds`. tests/test_evidence.py checks every compiled condition against
`holds` on random answers; tests/test_scoring.py (a hand-written oracle of the shipped rules) and
tests/test_parity.py (engine.js) check the results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

from centricity.engine.rounding import round1
from centricity.model.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    ContextTest,
    DimensionTest,
    FeltGapTest,
    GapTest,
    SignalsTest,
)
from centricity.model.myths import Myth
from centricity.model.questionnaire import Questionnaire

if TYPE_CHECKING:
    from centricity.engine.scoring import Answers

# (answers, dimension scores, felt gap) -> whether the compiled condition holds, or could be decided.
Test = Callable[["Answers", Mapping[str, float | None], float | None], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """One myth's rule, compiled. `at_least` and `share` are its evidence rule's (`at_least` None: the myth
    has none); `rows`: (question id, weight per option index, the most any option gives) for the questions
    whose options reveal the myth; `patterns`: (weight, holds, decidable)."""

    order: int
    myth: Myth
    at_least: int | None
    share: int
    rows: tuple[tuple[str, Mapping[int | None, int], int], ...]
    patterns: tuple[tuple[int, Test, Test], ...]
    when: Test | None


def rules(q: Questionnaire) -> tuple[Rule, ...]:
    """The questionnaire's myth rules, compiled on first use and kept with it (it never changes)."""
    return q.derived("evidence.rules", _compile)


def _compile(q: Questionnaire) -> tuple[Rule, ...]:
    out = []
    for order, myth in enumerate(q.myths):
        rows = tuple((qid, _by_index(weights), most) for qid, weights, most in q.evidence_rows(myth.id))
        rule = myth.evidence
        patterns = tuple(
            (p.weight, compile_test(q, p.when, myth.id), compile_decidable(q, p.when))
            for p in (rule.patterns if rule else ())
        )
        when = compile_test(q, myth.when, myth.id) if myth.when is not None else None
        at_least, share = (rule.at_least, rule.share) if rule else (None, 0)
        out.append(Rule(order, myth, at_least, share, rows, patterns, when))
    return tuple(out)


def _by_index(weights: tuple[int, ...]) -> dict[int | None, int]:
    """Weight per option index; "don't know" (None) and "does not apply" (the index after the last) have none,
    so looking up any answer says at once whether it counts."""
    return dict(enumerate(weights))


def weigh(
    q: Questionnaire, answers: Answers, scores: Mapping[str, float | None], felt_gap: float | None
) -> tuple[list[tuple[float | None, Rule]], list[str]]:
    """Every myth these answers show, as (strength, rule), strongest first (ties: more evidence, then
    questionnaire order), and the ids of those with too little possible evidence to judge.

    A myth with an evidence rule is shown when its evidence (weights of the revealing options chosen and of
    the patterns that hold) reaches the rule's minimum and its share of the most the answered questions and
    the decidable patterns could have given; a `when` condition must hold as well.
    """
    choices = answers.choices
    ranked = []
    unjudged = []
    for rule in rules(q):
        at_least = rule.at_least
        strength = None
        found = 0
        if at_least is not None:
            possible = 0
            for qid, weights, most in rule.rows:
                weight = weights.get(choices.get(qid))  # None: unanswered, "don't know", "does not apply"
                if weight is not None:
                    possible += most
                    found += weight
            for weight, held, decidable in rule.patterns:
                if held(answers, scores, felt_gap):
                    found += weight
                    possible += weight
                elif decidable(answers, scores, felt_gap):
                    possible += weight
            if possible < at_least:
                unjudged.append(rule.myth.id)
                continue
            if found < at_least or found * 100 < rule.share * possible:
                continue
            strength = round1(found * 100 / possible)
        if rule.when is not None and not rule.when(answers, scores, felt_gap):
            continue
        ranked.append((-(strength or 0.0), -found, rule.order, strength, rule))
    ranked.sort()  # the order is unique, so rules themselves are never compared
    return [(strength, rule) for _, _, _, strength, rule in ranked], unjudged


def compile_test(q: Questionnaire, cond: Condition, myth: str) -> Test:
    """Whether `cond` holds: `scoring.holds(...) is not None`, without building its evidence."""
    return _TESTS[type(cond)](q, cond, myth)


def _all(q: Questionnaire, cond: AllOf, myth: str) -> Test:
    """Nested `and`s: quicker than all() over a generator for the two or three items a pattern has."""
    items = [compile_test(q, c, myth) for c in cond.items]
    return reduce(_both, items) if items else lambda a, s, g: True


def _any(q: Questionnaire, cond: AnyOf, myth: str) -> Test:
    items = [compile_test(q, c, myth) for c in cond.items]
    return reduce(_either, items) if items else lambda a, s, g: False


def _both(first: Test, second: Test) -> Test:
    return lambda a, s, g: first(a, s, g) and second(a, s, g)


def _either(first: Test, second: Test) -> Test:
    return lambda a, s, g: first(a, s, g) or second(a, s, g)


def _dimension(q: Questionnaire, cond: DimensionTest, myth: str) -> Test:
    did, least, below = cond.dimension, cond.at_least, cond.below

    def test(a: Any, s: Mapping[str, float | None], g: float | None) -> bool:
        value = s.get(did)
        return value is not None and (least is None or value >= least) and (below is None or value < below)

    return test


def _gap(q: Questionnaire, cond: GapTest, myth: str) -> Test:
    high, low, least = cond.high, cond.low, cond.at_least

    def test(a: Any, s: Mapping[str, float | None], g: float | None) -> bool:
        h, lo = s.get(high), s.get(low)
        return h is not None and lo is not None and round1(h - lo) >= least

    return test


def _answer(q: Questionnaire, cond: AnswerTest, myth: str) -> Test:
    """The option indexes whose score passes, found once: "don't know" and "does not apply" never do."""
    qid, least, most = cond.question, cond.at_least, cond.at_most
    passing = frozenset(
        i
        for i, o in enumerate(q.question(qid).options)
        if (least is None or o.score >= least) and (most is None or o.score <= most)
    )
    return lambda a, s, g: a.choices.get(qid) in passing


def _context(q: Questionnaire, cond: ContextTest, myth: str) -> Test:
    cid, values = cond.question, frozenset(cond.values)
    return lambda a, s, g: a.context.get(cid) in values


def _signals(q: Questionnaire, cond: SignalsTest, myth: str) -> Test:
    """Low answers on the myth's questions: the low option indexes of each, found once."""
    below, least = q.low_answer_below, cond.at_least
    low = tuple(
        (x.id, frozenset(i for i, o in enumerate(x.options) if o.score < below)) for x in q.tagged(myth)
    )

    def test(a: Any, s: Mapping[str, float | None], g: float | None) -> bool:
        choices = a.choices
        count = 0
        for qid, options in low:
            if choices.get(qid) in options:
                count += 1
        return count >= least

    return test


def _felt_gap(q: Questionnaire, cond: FeltGapTest, myth: str) -> Test:
    least = cond.at_least
    return lambda a, s, g: g is not None and g >= least


_TESTS: dict[type, Callable[[Questionnaire, Any, str], Test]] = {
    AllOf: _all,
    AnyOf: _any,
    DimensionTest: _dimension,
    GapTest: _gap,
    AnswerTest: _answer,
    ContextTest: _context,
    SignalsTest: _signals,
    FeltGapTest: _felt_gap,
}


def compile_decidable(q: Questionnaire, cond: Condition) -> Test:
    """Whether these answers hold everything `cond` tests (every branch of an "all" or "any"), so that its
    failing is evidence of absence: the scores, options, context answers and felt gap it reads."""
    dims: list[str] = []
    questions: list[tuple[str, frozenset[int]]] = []
    context: list[str] = []
    needs_gap = False
    stack = [cond]
    while stack:
        c = stack.pop()
        if isinstance(c, AllOf | AnyOf):
            stack += c.items
        elif isinstance(c, DimensionTest):
            dims.append(c.dimension)
        elif isinstance(c, GapTest):
            dims += (c.high, c.low)
        elif isinstance(c, AnswerTest):
            questions.append((c.question, frozenset(range(len(q.question(c.question).options)))))
        elif isinstance(c, ContextTest):
            context.append(c.question)
        elif isinstance(c, FeltGapTest):
            needs_gap = True

    def decidable(a: Any, s: Mapping[str, float | None], g: float | None) -> bool:
        if needs_gap and g is None:
            return False
        for did in dims:
            if s.get(did) is None:
                return False
        choices = a.choices
        for qid, options in questions:
            if choices.get(qid) not in options:
                return False
        return all(cid in a.context for cid in context)

    return decidable
