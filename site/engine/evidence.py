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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from centricity.engine.kinds import Test, compile_decidable, compile_test
from centricity.engine.rounding import round1
from centricity.model.myths import Myth
from centricity.model.questionnaire import Questionnaire

if TYPE_CHECKING:
    from centricity.engine.scoring import Answers


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
