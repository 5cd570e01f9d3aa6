"""Responses in, unique scored rows out: the first step of every team figure.

Responses are made canonical (answers in questionnaire order) and encoded; identical codes count once and
rows come in the order of their codes, so no figure depends on the order in which files were given.
`web/static/js/aggregate.js` (`prepare`) does the same in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from centricity.engine.codec import Response, encode
from centricity.engine.scoring import Answers, round1, shown_myths
from centricity.model.questionnaire import Questionnaire


@dataclass(frozen=True)
class Row:
    """One response with the figures the aggregation needs (a light Result)."""

    code: str
    response: Response
    scores: tuple[float | None, ...]  # per dimension, in questionnaire order
    targets: tuple[str | None, ...]  # the target the respondent chose, where the dimension has a score
    overall: float | None
    measured10: float | None
    myths: tuple[str, ...]


def canonical(q: Questionnaire, r: Response) -> Response:
    """The same response with its answers in questionnaire order, so equal answers encode equally."""
    a = r.answers
    choices = {x.id: a.choices[x.id] for x in q.questions if x.id in a.choices}
    context = {c.id: a.context[c.id] for c in q.context if c.id in a.context}
    targets = {d.id: a.targets[d.id] for d in q.dimensions if d.id in a.targets}
    return Response(
        r.questionnaire,
        r.version,
        Answers(choices, context, a.felt, targets),
        r.label,
        r.survey,
        r.team,
        r.wave,
        r.created,
        r.dropped,
    )


def canonical_code(q: Questionnaire, r: Response) -> str:
    return encode(canonical(q, r))


class Scorer:
    """What `scoring.score` computes that a team summary uses (scores, chosen targets, overall, myths), fast.

    Myths are judged by the engine's own rules (`shown_myths`: the myths `judge_myths` shows, without their
    evidence); the plan, the Result objects and the answer checks are left out (responses were validated
    when read). The arithmetic is scoring.py's, in the same order, and tests require equal figures to
    `score` on random answer sets of every questionnaire. Targets are only those the respondent chose: the
    engine's default (one level up) is a suggestion, not a choice.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        # Per question, the products `weight * option score` scoring.py adds, formed once (the same floats),
        # by option index: "don't know" (None) and "does not apply" (the index after the last) have none.
        self.dimensions: list[tuple[str, float, tuple[tuple[str, float, dict[int | None, float]], ...]]] = [
            (
                d.id,
                d.weight,
                tuple((qid, w, dict(enumerate(w * x for x in xs))) for qid, w, xs in q.score_rows(d.id)),
            )
            for d in q.dimensions
        ]

    def __call__(self, answers: Answers) -> tuple[tuple, tuple, float | None, float | None, tuple]:
        choices = answers.choices
        scores: dict[str, float | None] = {}
        targets = []
        total = 0.0
        weights = 0.0
        for did, dweight, questions in self.dimensions:
            num = 0.0
            den = 0.0
            for qid, weight, products in questions:
                product = products.get(choices.get(qid))
                if product is not None:
                    num += product
                    den += weight
            value = round1(num / den) if den else None
            scores[did] = value
            targets.append(answers.targets.get(did) if value is not None else None)
            if value is not None:
                total += dweight * value
                weights += dweight
        overall = round1(total / weights) if weights else None
        measured10 = round1(overall / 10) if overall is not None else None
        felt = answers.felt
        gap = round1(felt - measured10) if felt is not None and measured10 is not None else None
        myths = shown_myths(self.q, answers, scores, gap)
        return tuple(scores.values()), tuple(targets), overall, measured10, myths


def light_score(q: Questionnaire, answers: Answers) -> tuple[tuple, tuple, float | None, float | None, tuple]:
    """`Scorer(q)(answers)`, for one response."""
    return Scorer(q)(answers)


def prepare(q: Questionnaire, responses: Iterable[Response]) -> tuple[list[Row], int]:
    """Unique responses as Rows, in code order, and how many duplicates were left out."""
    first: dict[str, Response] = {}
    seen = 0
    for r in responses:
        seen += 1
        first.setdefault(canonical_code(q, r), r)
    return prepare_coded(q, first.items()), seen - len(first)


def prepare_coded(q: Questionnaire, coded: Iterable[tuple[str, Response]]) -> list[Row]:
    """Rows, in code order, for (canonical code, response) pairs read already, every one kept: whoever read
    them decided what counts twice. Files and codes gathered by hand count an identical response once
    (team/reader.py, `prepare`); the collecting server counts every stored response, one per respondent."""
    scorer = Scorer(q)
    return [Row(code, r, *scorer(r.answers)) for code, r in sorted(coded, key=lambda pair: pair[0])]
