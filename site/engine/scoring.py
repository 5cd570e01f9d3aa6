"""The scoring engine: answers in, a Result out. Pure Python, no Flask.

This module is the reference; `web/static/js/engine.js` implements the same rules for the browser and the
tests require both to agree. Keep the arithmetic in the same order in both (no `sum()`, which may use
compensated summation) so the floats match to the bit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from centricity.core.errors import AnswerError
from centricity.engine import diagnosis
from centricity.engine.evidence import weigh
from centricity.engine.kinds import Evidence, holds
from centricity.engine.plan import PlanStep, plan
from centricity.engine.rounding import round1
from centricity.model.myths import Myth
from centricity.model.questionnaire import Question, Questionnaire
from centricity.model.refusals import refusal

MAX_MYTHS_SHOWN = 2  # more would read as a list of everything that is low, not as a diagnosis
_MISSING = object()


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def show(value: object) -> str:
    """Quote a value in an error message the way engine.js `show` does, so both refuse with the same words:
    text cut to 40 characters (code points) with control characters and lone surrogates replaced, so a
    message never moves a terminal's cursor or breaks a line; whole numbers as digits; any other value by
    its JSON kind."""
    if isinstance(value, str):
        return "'" + _UNPRINTABLE.sub("\ufffd", value[:40]) + "'"
    if type(value) is int:
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "an object" if isinstance(value, dict) else "a list" if isinstance(value, list) else "a number"


@dataclass(frozen=True, slots=True)
class Answers:
    """What a respondent gave: option indexes (None for "don't know"; the index after the last option for
    "does not apply", where a question offers it), context, felt rating and targets."""

    choices: Mapping[str, int | None]
    context: Mapping[str, str] = field(default_factory=dict)
    felt: int | None = None
    targets: Mapping[str, str] = field(default_factory=dict)


# Result parts are slotted but not frozen: frozen dataclasses cost about a quarter of the scoring time
# (every field goes through object.__setattr__), and reports score 100,000 responses at a time.
@dataclass(slots=True)
class DimensionScore:
    id: str
    score: float | None
    level: str | None
    answered: int
    dont_know: int
    total: int
    target: str | None
    target_gap: float | None
    not_applicable: int = 0


@dataclass(slots=True)
class MythFlag:
    id: str
    evidence: tuple[Evidence, ...]
    strength: float | None = None  # percent of the evidence these answers could give (plus a shrink) given
    sources: tuple[str, ...] = ()  # what converged on it: "belief" (stated), then dimension ids (practices)


@dataclass(slots=True)
class Result:
    questionnaire: str
    version: int
    dimensions: tuple[DimensionScore, ...]
    overall: float | None
    overall_level: str | None
    strongest: str | None
    weakest: str | None
    myths: tuple[MythFlag, ...]
    felt: int | None
    measured10: float | None
    perception_gap: float | None
    plan: tuple[PlanStep, ...]
    answered: int
    total: int
    unjudged: tuple[str, ...] = ()  # myths these answers give too little evidence to judge
    careless: tuple[str, ...] = ()  # the careless-answer rules broken (diagnosis.py): then no myth is judged

    def dimension(self, did: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.id == did)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        try:
            return cls(
                questionnaire=data["questionnaire"],
                version=data["version"],
                dimensions=tuple(DimensionScore(**d) for d in data["dimensions"]),
                overall=data["overall"],
                overall_level=data["overall_level"],
                strongest=data["strongest"],
                weakest=data["weakest"],
                myths=tuple(
                    MythFlag(
                        m["id"],
                        tuple(
                            Evidence(e["kind"], tuple(e["subject"]), e["value"], e["limit"], e["op"])
                            for e in m["evidence"]
                        ),
                        m.get("strength"),
                        tuple(m.get("sources", ())),
                    )
                    for m in data["myths"]
                ),
                felt=data["felt"],
                measured10=data["measured10"],
                perception_gap=data["perception_gap"],
                plan=tuple(PlanStep(**s) for s in data["plan"]),
                answered=data["answered"],
                total=data["total"],
                unjudged=tuple(data.get("unjudged", ())),
                careless=tuple(data.get("careless", ())),
            )
        except (KeyError, TypeError) as exc:
            raise AnswerError(f"not a Centricity result: {exc}") from exc


def check_answers(q: Questionnaire, answers: Answers) -> None:
    """Refuse answers that do not fit the questionnaire. The check is one quick pass; only on a refusal is
    the offending item chosen with care: the smallest id in code-point order, as engine.js chooses it."""
    find = q.find_question
    for qid, choice in answers.choices.items():
        question = find(qid)
        if (
            question is None
            or (choice is None and not question.dont_know)
            or (
                choice is not None
                and (
                    type(choice) is not int
                    or not 0 <= choice < len(question.options) + bool(question.not_applicable)
                )
            )
        ):
            raise _first(answers.choices, lambda k, v: _choice_refusal(find(k), k, v))
    for cid, value in answers.context.items():
        if not q.has("context", cid) or value not in q.context_options(cid):
            raise _first(answers.context, lambda k, v: _context_refusal(q, k, v))
    if answers.felt is not None and (type(answers.felt) is not int or not 0 <= answers.felt <= 10):
        raise refusal("felt_range")
    for did, lid in answers.targets.items():
        if not q.has("dimension", did) or not q.has("level", lid):
            raise _first(answers.targets, lambda k, v: _target_refusal(q, k, v))


def _first(items: Mapping[str, Any], refuse: Any) -> AnswerError:
    """The refusal of the smallest offending key."""
    return next(r for r in (refuse(k, items[k]) for k in sorted(items)) if r is not None)


def _choice_refusal(question: Question | None, qid: str, choice: object) -> AnswerError | None:
    if question is None:
        return refusal("unknown_question", question=show(qid))
    if choice is None:
        return None if question.dont_know else refusal("no_dont_know", question=show(qid))
    if type(choice) is not int or not 0 <= choice < len(question.options) + bool(question.not_applicable):
        return refusal("no_option", question=show(qid), option=show(choice))
    return None


def _context_refusal(q: Questionnaire, cid: str, value: object) -> AnswerError | None:
    if not q.has("context", cid):
        return refusal("unknown_context", question=show(cid))
    if value not in q.context_options(cid):
        return refusal("context_option", question=show(cid), option=show(value))
    return None


def _target_refusal(q: Questionnaire, did: str, lid: str) -> AnswerError | None:
    if not q.has("dimension", did):
        return refusal("unknown_target_dimension", dimension=show(did))
    if not q.has("level", lid):
        return refusal("unknown_target_level", level=show(lid))
    return None


def score(q: Questionnaire, answers: Answers) -> Result:
    check_answers(q, answers)
    dims = [_dimension_score(q, d.id, answers) for d in q.dimensions]

    num = 0.0
    den = 0.0
    for d, ds in zip(q.dimensions, dims, strict=True):
        if ds.score is not None:
            num += d.weight * ds.score
            den += d.weight
    overall = round1(num / den) if den else None
    scored = [(ds.score, ds) for ds in dims if ds.score is not None]
    # The first of equal scores wins, in questionnaire order (max and min keep the first).
    strongest = max(scored, key=lambda pair: pair[0])[1] if scored else None
    weakest = min(scored, key=lambda pair: pair[0])[1] if scored else None

    measured10 = round1(overall / 10) if overall is not None else None
    gap = round1(answers.felt - measured10) if answers.felt is not None and measured10 is not None else None
    scores = {d.id: d.score for d in dims}
    careless = diagnosis.careless(q, answers.choices)
    myths, unjudged = judge_myths(q, answers, scores, gap, careless)
    steps = plan(q, answers.choices, dims, {m.id for m in myths})
    answered = sum(ds.answered for ds in dims)
    return Result(
        questionnaire=q.id,
        version=q.version,
        dimensions=tuple(dims),
        overall=overall,
        overall_level=q.level_for(overall).id if overall is not None else None,
        strongest=strongest.id if strongest else None,
        weakest=weakest.id if weakest else None,
        myths=tuple(myths),
        felt=answers.felt,
        measured10=measured10,
        perception_gap=gap,
        plan=steps,
        answered=answered,
        total=len(q.practices),
        unjudged=unjudged,
        careless=careless,
    )


def _dimension_score(q: Questionnaire, did: str, answers: Answers) -> DimensionScore:
    num = 0.0
    den = 0.0
    answered = dont_know = not_applicable = 0
    rows = q.score_rows(did)
    choices = answers.choices
    for qid, weight, option_scores in rows:
        choice = choices.get(qid, _MISSING)
        if choice is _MISSING:
            continue
        if not isinstance(choice, int):
            dont_know += 1
            continue
        if choice == len(option_scores):
            not_applicable += 1
            continue
        answered += 1
        num += weight * option_scores[choice]
        den += weight
    value = round1(num / den) if den else None
    level = q.level_for(value) if value is not None else None
    target = None
    target_gap = None
    if level is not None and value is not None:
        index = q.level_index(level.id)
        default = q.levels[min(index + 1, len(q.levels) - 1)].id
        target = answers.targets.get(did, default)
        target_gap = round1(max(0.0, q.level(target).low - value))
    return DimensionScore(
        did,
        value,
        level.id if level else None,
        answered,
        dont_know,
        len(rows),
        target,
        target_gap,
        not_applicable,
    )


def judge_myths(
    q: Questionnaire,
    answers: Answers,
    scores: Mapping[str, float | None],
    felt_gap: float | None,
    careless: tuple[str, ...] | None = None,
) -> tuple[tuple[MythFlag, ...], tuple[str, ...]]:
    """The myths to show, strongest first and at most MAX_MYTHS_SHOWN, and those left unjudged; none of
    either for answers that look careless (`diagnosis.careless`, computed here unless given).

    A myth with an evidence rule is shown only when its evidence converges from two sources and is strong
    enough (evidence.py `weigh`); with too little possible evidence it is unjudged rather than cleared. The
    rules are weighed compiled; only the myths shown get their Evidence, from `holds`.
    """
    if careless is None:
        careless = diagnosis.careless(q, answers.choices)
    if careless:
        return (), ()
    ranked, unjudged = weigh(q, answers, scores, felt_gap)
    flags = tuple(
        MythFlag(
            rule.myth.id,
            _evidence(q, rule.myth, answers, scores, felt_gap),
            w.strength if w else None,
            w.sources if w else (),
        )
        for w, rule in ranked[:MAX_MYTHS_SHOWN]
    )
    return flags, tuple(unjudged)


def shown_myths(
    q: Questionnaire, answers: Answers, scores: Mapping[str, float | None], felt_gap: float | None
) -> tuple[str, ...]:
    """The ids of the myths `judge_myths` shows, without their evidence: all a team figure needs."""
    if diagnosis.careless(q, answers.choices):
        return ()
    return tuple(rule.myth.id for _, rule in weigh(q, answers, scores, felt_gap)[0][:MAX_MYTHS_SHOWN])


def _evidence(q: Questionnaire, myth: Myth, answers: Answers, scores, felt_gap) -> tuple[Evidence, ...]:
    """Why a shown myth is shown: the belief statements answered its way, the revealing options chosen,
    each pattern that holds with the tests that made it hold (those not listed already), then the tests
    that made its condition hold."""
    evidence: list[Evidence] = []
    choices = answers.choices
    if myth.evidence is not None:
        evidence += _stated(q, myth.id, choices)
        for qid, weights, _ in q.evidence_rows(myth.id):
            choice = choices.get(qid)
            if choice is not None and choice < len(weights) and weights[choice]:
                value = q.question(qid).options[choice].score
                evidence.append(Evidence("answer", (qid,), value, weights[choice], "reveals"))
        for i, pattern in enumerate(myth.evidence.patterns):
            held = holds(q, pattern.when, myth.id, answers, scores, felt_gap)
            if held is not None:
                evidence.append(
                    Evidence("pattern", (myth.id, str(i)), pattern.weight, pattern.weight, "reveals")
                )
                seen = {(e.kind, e.subject) for e in evidence}
                evidence += [e for e in held if (e.kind, e.subject) not in seen]
    if myth.when is not None:
        evidence += holds(q, myth.when, myth.id, answers, scores, felt_gap) or ()
    return tuple(evidence)


def _stated(q: Questionnaire, myth: str, choices: Mapping[str, int | None]) -> list[Evidence]:
    """The belief statements answered the myth's way: agreed with (forward) or disagreed with (reverse)."""
    out = []
    for qid, reverse in diagnosis.statements(q, myth):
        choice = choices.get(qid)
        if choice is None:
            continue
        if (diagnosis.SCALE_TOP - choice if reverse else choice) >= diagnosis.AGREE:
            out.append(Evidence("belief", (qid,), choice, None, "disagreed" if reverse else "agreed"))
    return out


def compare(current: Result, earlier: Result) -> dict[str, float | None]:
    """Per-dimension change from an earlier result (None where either lacks a score)."""
    out: dict[str, float | None] = {}
    for d in current.dimensions:
        before = next((e for e in earlier.dimensions if e.id == d.id), None)
        out[d.id] = (
            round1(d.score - before.score)
            if d.score is not None and before and before.score is not None
            else None
        )
    if current.overall is not None and earlier.overall is not None:
        out["overall"] = round1(current.overall - earlier.overall)
    else:
        out["overall"] = None
    return out
