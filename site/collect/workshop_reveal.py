"""What a reveal shows: per question of the round, how many chose each answer and the spread of the chosen
options' scores, with the questions ranked by disagreement (widest spread first), and, when the round votes
again, the round before beside it.

The spread is the team report's ("disagreements": the population standard deviation of the option scores,
`team.stats`), so the room and the report rank questions alike. A question fewer people answered than the
survey's minimum group size shows no figure at all, only that it is withheld; and no figure carries a name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centricity.collect.models import WorkshopAnswer, WorkshopRound
from centricity.model.questionnaire import Question, Questionnaire
from centricity.team.stats import stats


@dataclass(frozen=True)
class Distribution:
    """One round's answers to one question; `counts` per choice in `Choices` order, all zero when withheld."""

    people: int  # who answered (don't know included)
    counts: tuple[int, ...]
    mean: float | None
    spread: float | None  # None when withheld or when fewer than two chose an option
    withheld: bool

    def share(self, i: int) -> float:
        """The percentage of answers on choice `i`, for the bars' lengths."""
        return 100 * self.counts[i] / self.people if self.people and not self.withheld else 0.0


@dataclass(frozen=True)
class Revealed:
    question: Question
    rank: int  # 1 for the widest spread
    now: Distribution
    before: Distribution | None  # the round voted again, when this round is a second vote


def choices(question: Question, lang: str, dont_know: str) -> tuple[str, ...]:
    """The labels of what a participant may answer: the options, "does not apply", "don't know"."""
    labels = [o.label[lang] for o in question.options]
    if question.not_applicable:
        labels.append(question.not_applicable[lang])
    if question.dont_know:
        labels.append(dont_know)
    return tuple(labels)


def _distribution(question: Question, found: Counter, min_group: int) -> Distribution:
    """`found` counts choices as stored (an index, None for "don't know")."""
    size = len(question.options) + bool(question.not_applicable) + bool(question.dont_know)
    people = sum(found.values())
    if people < min_group:
        return Distribution(people, (0,) * size, None, None, True)
    counts = [found.get(i, 0) for i in range(len(question.options) + bool(question.not_applicable))]
    if question.dont_know:
        counts.append(found.get(None, 0))
    scored = stats(Counter({o.score: found.get(i, 0) for i, o in enumerate(question.options)}))
    spread = scored.spread if scored.n >= 2 else None
    return Distribution(people, tuple(counts), scored.mean, spread, False)


def _tallies(session: Session, workshop_id: int, number: int) -> dict[str, Counter]:
    a = WorkshopAnswer
    rows = session.execute(
        select(a.question, a.choice, func.count())
        .where(a.workshop_id == workshop_id, a.round == number)
        .group_by(a.question, a.choice)
    )
    out: dict[str, Counter] = {}
    for qid, choice, n in rows:
        out.setdefault(qid, Counter())[choice] = n
    return out


def reveal(session: Session, q: Questionnaire, rnd: WorkshopRound, min_group: int) -> tuple[Revealed, ...]:
    """The round's questions, widest spread first (withheld and unanimous ones last, in questionnaire
    order), each with its distribution and, for a second vote, the first one."""
    now = _tallies(session, rnd.workshop_id, rnd.number)
    before = _tallies(session, rnd.workshop_id, rnd.again_of) if rnd.again_of else None
    found = []
    for qid in rnd.questions:
        question = q.question(qid)
        earlier = (
            _distribution(question, before.get(qid, Counter()), min_group) if before is not None else None
        )
        found.append((question, _distribution(question, now.get(qid, Counter()), min_group), earlier))
    order = {x.id: i for i, x in enumerate(q.questions)}
    found.sort(key=lambda f: (f[1].spread is None, -(f[1].spread or 0), order[f[0].id]))
    return tuple(Revealed(x, i, d, b) for i, (x, d, b) in enumerate(found, 1))
