"""A team plan of three steps, from the team's answers and the engine's own plan rules.

The team is treated as one typical respondent: for each question the lower median of the options chosen
(a real option, never an average between two), the lower median felt rating, and per dimension the target
most respondents chose (the first in level order among equals; none when nobody chose one, so the engine
applies its usual default). The engine then scores these answers and plans exactly as it does for one
person, so a team plan follows the same rules as the plan on every result page. Context answers differ
from person to person and are left out. `web/static/js/aggregate.js` (`teamPlan`) does the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import Questionnaire
from centricity.team.stats import lower_median_index


@dataclass(frozen=True)
class TeamStep:
    dimension: str
    question: str
    current: int  # the typical option (index from 0)
    to: int
    reason: str  # the engine's plan reason: "target", "myth" or "weakest"
    score: float | None  # the typical answers' score in the dimension
    target: str | None
    target_gap: float | None


def typical_answers(
    q: Questionnaire,
    counts: Mapping[str, Sequence[int]],
    felts: Sequence[int],
    targets: Mapping[str, Mapping[str, int]],
) -> Answers:
    """The answers of the team's typical respondent (see the module docstring)."""
    choices = {}
    for x in q.questions:
        typical = lower_median_index(counts[x.id])
        if typical is not None:
            choices[x.id] = typical
    felt_counts = [0] * 11
    for f in felts:
        felt_counts[f] += 1
    chosen = {}
    for did, per_level in targets.items():
        most = max(per_level.values(), default=0)
        if most:
            chosen[did] = next(lid for lid, n in per_level.items() if n == most)
    return Answers(choices, {}, lower_median_index(felt_counts), chosen)


def team_plan(q: Questionnaire, answers: Answers) -> tuple[TeamStep, ...]:
    result = score(q, answers)
    steps = []
    for s in result.plan:
        d = result.dimension(s.dimension)
        steps.append(
            TeamStep(s.dimension, s.question, s.current, s.to, s.reason, d.score, d.target, d.target_gap)
        )
    return tuple(steps)
