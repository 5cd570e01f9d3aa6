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

from centricity.engine.diagnosis import BELIEF_WEIGHT, Belief, read_belief, statements
from centricity.engine.kinds import Test, compile_decidable, compile_test, reads
from centricity.engine.rounding import round1
from centricity.model.myths import Myth
from centricity.model.questionnaire import Questionnaire

if TYPE_CHECKING:
    from centricity.engine.scoring import Answers


# Pseudo-weight added to the evidence a respondent could have given before a myth's strength is taken, so a
# small pool (one revealing option answered) never reads as 100% and never outranks a well-evidenced myth.
SHRINK = 4
# What makes a dimension a source of evidence for a myth: at least this weight found in its practices and
# patterns (one revealing option at full weight, or two lighter ones).
SOURCE_WEIGHT = 2
# ... and what makes it a source beside a stated belief: any practice or pattern weight found there. The
# belief is one source already; a second only has to corroborate it, so one of two revealing options moved
# by one step (its whole weight) does not undo a diagnosis the belief itself carries.
CORROBORATION = 1


@dataclass(frozen=True, slots=True)
class Rule:
    """One myth's rule, compiled. `at_least` and `share` are its evidence rule's (`at_least` None: the myth
    has none); `rows`: (question id, its dimension, weight per option index, the most any option gives) for
    the practices whose options reveal the myth; `patterns`: (weight, holds, decidable, the dimensions it
    reads); `beliefs`: (question id, reverse) of its belief statements."""

    order: int
    myth: Myth
    at_least: int | None
    share: int
    rows: tuple[tuple[str, str, Mapping[int | None, int], int], ...]
    patterns: tuple[tuple[int, Test, Test, tuple[str, ...]], ...]
    beliefs: tuple[tuple[str, bool], ...]
    when: Test | None


@dataclass(slots=True)
class Weighed:
    """A myth's evidence for one respondent: weight found and possible (beliefs, practices, patterns), the
    sources that converge on it (\"belief\", then dimension ids in questionnaire order) and its strength."""

    found: int
    possible: int
    belief: Belief
    sources: tuple[str, ...]
    strength: float


def rules(q: Questionnaire) -> tuple[Rule, ...]:
    """The questionnaire's myth rules, compiled on first use and kept with it (it never changes)."""
    return q.derived("evidence.rules", _compile)


def _compile(q: Questionnaire) -> tuple[Rule, ...]:
    out = []
    for order, myth in enumerate(q.myths):
        rows = tuple(
            (qid, q.question(qid).dimension, _by_index(weights), most)
            for qid, weights, most in q.evidence_rows(myth.id)
        )
        rule = myth.evidence
        patterns = tuple(
            (p.weight, compile_test(q, p.when, myth.id), compile_decidable(q, p.when), _dimensions(q, p.when))
            for p in (rule.patterns if rule else ())
        )
        when = compile_test(q, myth.when, myth.id) if myth.when is not None else None
        at_least, share = (rule.at_least, rule.share) if rule else (None, 0)
        out.append(Rule(order, myth, at_least, share, rows, patterns, statements(q, myth.id), when))
    return tuple(out)


def _dimensions(q: Questionnaire, cond) -> tuple[str, ...]:
    """The dimensions a pattern reads (its scores, or its questions'), in questionnaire order."""
    need = reads(q, cond)
    read = {*need.dimensions, *(q.question(qid).dimension for qid, _ in need.questions)}
    return tuple(d.id for d in q.dimensions if d.id in read)


def _by_index(weights: tuple[int, ...]) -> dict[int | None, int]:
    """Weight per option index; "don't know" (None) and "does not apply" (the index after the last) have none,
    so looking up any answer says at once whether it counts."""
    return dict(enumerate(weights))


def weigh(
    q: Questionnaire, answers: Answers, scores: Mapping[str, float | None], felt_gap: float | None
) -> tuple[list[tuple[Weighed | None, Rule]], list[str]]:
    """Every myth these answers show, strongest first (ties: more sources, more evidence, questionnaire
    order), and the ids of those with too little possible evidence to judge.

    A myth with an evidence rule is shown only when its evidence converges from two independent sources (a
    stated belief and the practices of a dimension, or the practices of two dimensions), reaches the rule's
    minimum weight, and its strength (weight found against weight possible plus SHRINK) exceeds the rule's
    share; a `when` condition must hold as well.
    """
    ranked = []
    unjudged = []
    for rule in rules(q):
        w = None
        if rule.at_least is not None:
            w = tally(q, rule, answers, scores, felt_gap)
            if w.possible < rule.at_least:
                unjudged.append(rule.myth.id)
                continue
            if (
                len(w.sources) < 2
                or w.found < rule.at_least
                or w.found * 100 <= rule.share * (w.possible + SHRINK)
            ):
                continue
        if rule.when is not None and not rule.when(answers, scores, felt_gap):
            continue
        key = (-w.strength, -len(w.sources), -w.found) if w else (0.0, 0, 0)
        ranked.append((*key, rule.order, w, rule))
    ranked.sort(key=lambda r: r[:4])
    return [(r[4], r[5]) for r in ranked], unjudged


def tally(q: Questionnaire, rule: Rule, answers: Answers, scores, felt_gap) -> Weighed:
    """One myth's evidence: the practice weight found (in all and per dimension) and possible, the patterns
    that hold or could be decided, and the belief statements."""
    choices = answers.choices
    found_in: dict[str, int] = {}
    found = possible = 0
    for qid, dim, weights, most in rule.rows:
        weight = weights.get(choices.get(qid))  # None: unanswered, "don't know", "does not apply"
        if weight is not None:
            found += weight
            possible += most
            found_in[dim] = found_in.get(dim, 0) + weight
    for weight, held, decidable, dims in rule.patterns:
        hit = held(answers, scores, felt_gap)
        if hit or decidable(answers, scores, felt_gap):
            possible += weight
            found += weight if hit else 0
            for dim in dims:
                found_in[dim] = found_in.get(dim, 0) + (weight if hit else 0)
    belief = read_belief(rule.beliefs, choices)
    if belief.answered:
        possible += BELIEF_WEIGHT
        found += belief.weight
    sources = _sources(q, belief, found_in)
    strength = round1(found * 100 / (possible + SHRINK))
    return Weighed(found, possible, belief, sources, strength)


def _sources(q: Questionnaire, belief: Belief, found_in: Mapping[str, int]) -> tuple[str, ...]:
    """The sources that converge on a myth: "belief" when stated, then each dimension whose evidence reaches
    SOURCE_WEIGHT, or, beside a stated belief, CORROBORATION."""
    if not belief.stated:
        return tuple(d.id for d in q.dimensions if found_in.get(d.id, 0) >= SOURCE_WEIGHT)
    corroborate = (d.id for d in q.dimensions if found_in.get(d.id, 0) >= CORROBORATION)
    return ("belief", *corroborate)
