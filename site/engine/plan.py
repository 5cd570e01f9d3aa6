"""The plan: up to three steps that aim up, from a respondent's answers and dimension scores.

Which dimensions come first: the weakest dimension and any a shown myth concerns, then the others below their
target, lowest score first (a dimension at 19.9 before one at 40, so the weakest always gets a step unless its
target is met). When every target is met, the weakest dimensions get the steps. One step per dimension in that
order before a second in any, so the plan spreads effort; within a dimension the lowest answer comes first.

Where a step aims (`aim`): the first option above today's answer that reveals no myth and scores at least
`limits.PLAN_AIM_AT_LEAST` and at least the lower bound of the dimension's target level, so a step never names
a dysfunctional option ("the facts are heard politely but almost never change the decision") or a belief a
myth page warns about. The browser's twin is web/static/js/plan.js; tests/test_plan.py holds both equal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from centricity.core.limits import PLAN_AIM_AT_LEAST
from centricity.model.questionnaire import Questionnaire

if TYPE_CHECKING:
    from centricity.engine.scoring import DimensionScore

PLAN_LENGTH = 3


@dataclass(slots=True)
class PlanStep:
    dimension: str
    question: str
    current: int
    to: int
    reason: str


def aim(q: Questionnaire, qid: str, choice: int, floor: float) -> int | None:
    """The option a step aims for (see the module docstring); None when no option above reveals no myth.
    Below the floor only when nothing at or above it is free of myths: the best that is."""
    options = q.question(qid).options
    free = [i for i in range(choice + 1, len(options)) if not options[i].myths]
    return next((i for i in free if options[i].score >= floor), free[-1] if free else None)


def ranked(
    q: Questionnaire, dims: Sequence[DimensionScore], concerned: set[str]
) -> tuple[list[DimensionScore], str]:
    """The dimensions that get steps, in order, and why ("target" or "weakest")."""
    order = {d.id: i for i, d in enumerate(q.dimensions)}
    scored = [d for d in dims if d.score is not None]
    below = [d for d in scored if d.target_gap]
    weakest = min(scored, key=lambda d: (d.score, order[d.id]), default=None)
    pool = below or scored
    first = {d.id for d in pool if d is weakest or d.id in concerned}
    pool.sort(key=lambda d: (d.id not in first, d.score, order[d.id]))
    return pool, "target" if below else "weakest"


def _steps(
    q: Questionnaire, d: DimensionScore, choices: Mapping[str, object], reason: str
) -> Iterator[PlanStep]:
    """A dimension's steps, lowest answer first (then the heavier question, then questionnaire order), each
    made only when the round robin asks for it: most plans take one step per dimension."""
    floor = max(PLAN_AIM_AT_LEAST, q.level(d.target).low if d.target else 0)
    candidates = []
    for j, (qid, weight, option_scores) in enumerate(q.score_rows(d.id)):
        choice = choices.get(qid)
        if isinstance(choice, int) and choice < len(option_scores) - 1:
            candidates.append((option_scores[choice], -weight, j, qid, choice))
    candidates.sort()
    for _, _, _, qid, choice in candidates:
        to = aim(q, qid, choice, floor)
        if to is not None:
            yield PlanStep(d.id, qid, choice, to, reason)


def plan(
    q: Questionnaire, choices: Mapping[str, object], dims: Sequence[DimensionScore], flagged: set[str]
) -> tuple[PlanStep, ...]:
    concerned = {d for m in q.myths if m.id in flagged for d in m.dimensions}
    pool, reason_of = ranked(q, dims, concerned)
    reasons = {d.id: "myth" if reason_of == "target" and d.id in concerned else reason_of for d in pool}
    queues = [_steps(q, d, choices, reasons[d.id]) for d in pool]
    steps: list[PlanStep] = []
    while queues and len(steps) < PLAN_LENGTH:
        going = []
        for queue in queues:
            step = next(queue, None) if len(steps) < PLAN_LENGTH else None
            if step is not None:
                steps.append(step)
                going.append(queue)
        queues = going
    return tuple(steps)
