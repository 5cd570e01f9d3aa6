"""Random valid answers and response codes: the one generator of the audit, the tests and the benches.

A `Mix` says how often a question is skipped, answered "don't know", or pulled to an end of its scale, and
how often context, a felt rating and targets are given. A rate of 0 or 1 takes no draw from the random
generator, so the default mix draws exactly what the audit drew before this module existed: its filled pages
and keyboard runs stay the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from centricity.engine.codec import Response, encode
from centricity.engine.scoring import Answers
from centricity.model.questionnaire import Questionnaire


@dataclass(frozen=True)
class Mix:
    """Rates in [0, 1]. `lean`: the share of answers drawn from the two ends of the scale only, which makes
    low and high answers common enough for every myth rule to fire in a few hundred sets."""

    skip: float = 0.0
    dont_know: float = 0.1
    not_applicable: float = 0.0  # of the questions that offer "does not apply"
    lean: float = 0.0
    context: float = 1.0
    felt: float = 1.0
    targets: float = 0.0
    # None: every option equally likely. A number: answers follow the respondent's maturity in each dimension
    # (drawn once per dimension) plus normal noise of this many options' spread, as real respondents answer:
    # the questions of a dimension then hang together, which item statistics need to mean anything.
    noise: float | None = None


COMPLETE = Mix()  # every question answered (a tenth "don't know" where offered), all context, a felt rating
# Partial and skewed sets for parity tests: unanswered questions, missing context and felt rating, targets.
VARIED = Mix(skip=0.08, dont_know=0.12, not_applicable=0.12, lean=0.5, context=0.6, felt=11 / 12, targets=0.3)
# What a survey's respondents send: a few questions and some context left out, now and then no felt rating.
SURVEY = Mix(skip=0.05, dont_know=0.07, context=0.8, felt=11 / 12)
CREATED = "2026-01-15"  # a fixed date, so a seed always gives the same codes


def _happens(rng: random.Random, rate: float) -> bool:
    if rate <= 0:
        return False
    return rate >= 1 or rng.random() < rate


def _option(rng: random.Random, count: int, lean: float, noise: float | None, maturity: float) -> int:
    if _happens(rng, lean):
        return rng.choice((0, count - 1))
    if noise is None:
        return rng.randrange(count)
    return max(0, min(count - 1, round(maturity * (count - 1) + rng.gauss(0, noise))))


def answers(q: Questionnaire, rng: random.Random, mix: Mix = COMPLETE) -> Answers:
    """One random, valid answer set for `q`."""
    choices: dict[str, int | None] = {}
    maturity = {d.id: rng.random() for d in q.dimensions} if mix.noise is not None else {}
    # ... and each myth's belief statements follow the respondent's view of it, a reverse one inverted.
    belief = {m.id: rng.random() for m in q.myths} if mix.noise is not None else {}
    for question in q.questions:
        if _happens(rng, mix.skip):
            continue
        if question.dont_know and _happens(rng, mix.dont_know):
            choices[question.id] = None
        elif question.not_applicable and _happens(rng, mix.not_applicable):
            choices[question.id] = len(question.options)
        else:
            level = maturity.get(question.dimension, 0.0)
            if question.myth in belief:
                level = 1 - belief[question.myth] if question.reverse else belief[question.myth]
            choices[question.id] = _option(rng, len(question.options), mix.lean, mix.noise, level)
    context = {c.id: rng.choice(c.options).id for c in q.context if _happens(rng, mix.context)}
    felt = rng.randrange(11) if _happens(rng, mix.felt) else None
    targets = {d.id: rng.choice(q.levels).id for d in q.dimensions if _happens(rng, mix.targets)}
    return Answers(choices, context, felt, targets)


def response(
    q: Questionnaire,
    rng: random.Random,
    mix: Mix = COMPLETE,
    *,
    label: str = "",
    survey: str = "",
    team: str = "",
    wave: str = "",
    created: str = CREATED,
) -> Response:
    """A response of random answers, with the given tags."""
    return Response(q.id, q.version, answers(q, rng, mix), label, survey, team, wave, created)


def response_code(
    q: Questionnaire, rng: random.Random, mix: Mix = COMPLETE, **tags: str
) -> tuple[str, Answers]:
    """The code of a random response (as in a result link), and its answers to score it by; `tags` as for
    `response`."""
    r = response(q, rng, mix, **tags)
    return encode(r), r.answers


def team_codes(
    q: Questionnaire, n: int, rng: random.Random, teams: tuple[str, ...], mix: Mix = SURVEY, survey: str = ""
) -> list[str]:
    """`n` response codes of one survey, labelled R0, R1, ..., each from a team drawn from `teams`."""
    return [
        encode(response(q, rng, mix, label=f"R{i}", survey=survey, team=rng.choice(teams))) for i in range(n)
    ]
