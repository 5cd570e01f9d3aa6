"""A workshop's course, as the facilitator steers it: start one on a survey, open a round (a dimension, every
question, or one question again), close it, reveal it, step through the questions by disagreement, vote
again, end.

Everything lives in the database (`Workshop.phase`, `round`, `focus` and `version`), never in a worker's
memory, so any worker or instance may serve the next step and every page sees it by reading one row. Each
step raises `version`, which the projector's event stream watches. The answers become the survey's
responses whenever voting closes and when the workshop ends (`workshop_room.sync_responses`), so the
survey's report, CSV and JSON are the workshop's.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centricity.collect.errors import Refused
from centricity.collect.models import Survey, Workshop, WorkshopRound
from centricity.collect.submissions import RECEIPT_ALPHABET
from centricity.core.limits import WORKSHOP_CODE_LENGTH
from centricity.core.registry import QUESTIONS
from centricity.model.questionnaire import Questionnaire

ALL = "*"  # the scope of a round on every question
LOBBY, VOTING, CLOSED, REVEALED, ENDED = "lobby", "voting", "closed", "revealed", "ended"
STEPS = ("open", "close", "reveal", "next", "again", "end")
_CODE_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class Scope:
    """What a round may be opened on: the questions of one dimension, those of a kind asked in a step of its
    own (belief statements: `core.registry.QuestionKind.step`), or every question at once."""

    id: str
    questions: tuple[str, ...]


def scopes(q: Questionnaire) -> tuple[Scope, ...]:
    """One scope per dimension, then one per kind with its own step, then every question."""
    groups: dict[str, list[str]] = {d.id: [] for d in q.dimensions}
    for x in q.questions:
        step = QUESTIONS[x.kind].step
        groups.setdefault(x.dimension if step == "dimension" else step, []).append(x.id)
    found = [Scope(key, tuple(ids)) for key, ids in groups.items() if ids]
    return (*found, Scope(ALL, tuple(x.id for x in q.questions)))


def new_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(WORKSHOP_CODE_LENGTH))


def read_code(text: str) -> str:
    """The code as a person may type it: any case, spaces or dashes, O for 0 and I or L for 1."""
    code = "".join(c for c in text.upper().translate(_CODE_READS) if c not in " -")
    if len(code) != WORKSHOP_CODE_LENGTH or any(c not in RECEIPT_ALPHABET for c in code):
        raise Refused("workshop.error.code", 404)
    return code


def start(session: Session, survey: Survey, lang: str, now: dt.datetime) -> Workshop:
    """A new workshop on an open survey, with a join code no other workshop has."""
    taken = True
    while taken:
        code = new_code()
        taken = session.scalar(select(Workshop.id).where(Workshop.code == code)) is not None
    workshop = Workshop(
        survey_id=survey.id, code=code, lang=lang, phase=LOBBY, round=0, focus=0, version=0, created=now
    )
    session.add(workshop)
    session.flush()
    return workshop


def locked(session: Session, workshop_id: int) -> Workshop:
    """The workshop, locked for this transaction on PostgreSQL (SQLite's writers already take turns)."""
    workshop = session.scalar(select(Workshop).where(Workshop.id == workshop_id).with_for_update())
    if workshop is None:
        raise Refused("workshop.error.none", 404)
    return workshop


def current_round(session: Session, workshop: Workshop) -> WorkshopRound | None:
    return session.get(WorkshopRound, (workshop.id, workshop.round)) if workshop.round else None


@dataclass(frozen=True)
class Step:
    """One of the facilitator's keys: `action` in STEPS; `target` names a scope for "open" (a dimension id
    or ALL) and for "again" ("round" for the whole round, otherwise the question in focus)."""

    action: str
    target: str = ""


Ranking = Callable[[WorkshopRound], list[str]]  # a round's questions as its reveal ranks them


def apply(session: Session, workshop: Workshop, q: Questionnaire, step: Step, ranked: Ranking) -> bool:
    """Carry out a step on a locked workshop; True when voting just closed (the answers must be stored as
    responses). `ranked` orders a round's questions by disagreement, as its reveal shows them."""
    phase = workshop.phase
    if phase == ENDED or step.action not in STEPS:
        raise Refused("workshop.error.step", 409)
    closed = False
    if step.action == "open":  # opening another round while one is open closes that one
        _open(session, workshop, _scope(q, step.target), None)
        closed = phase == VOTING
    elif step.action == "close" and phase == VOTING:
        workshop.phase, closed = CLOSED, True
    elif step.action == "reveal" and phase in (VOTING, CLOSED):
        workshop.phase, workshop.focus, closed = REVEALED, 0, phase == VOTING
    elif step.action == "next":
        closed = _next(session, workshop, q, ranked)
    elif step.action == "again" and phase == REVEALED:
        _again(session, workshop, step.target, ranked)
    elif step.action == "end":
        workshop.phase, closed = ENDED, True
    else:
        raise Refused("workshop.error.step", 409)
    workshop.version += 1
    return closed


def _scope(q: Questionnaire, target: str) -> Scope:
    for scope in scopes(q):
        if scope.id == target:
            return scope
    raise Refused("workshop.error.scope", 400)


def _open(session: Session, workshop: Workshop, scope: Scope, again_of: int | None) -> None:
    """A new round, numbered after every earlier one (the workshop may have gone back to an earlier one)."""
    last = session.scalar(
        select(func.max(WorkshopRound.number)).where(WorkshopRound.workshop_id == workshop.id)
    )
    workshop.round = (last or 0) + 1
    session.add(
        WorkshopRound(
            workshop_id=workshop.id,
            number=workshop.round,
            scope=scope.id,
            questions=list(scope.questions),
            again_of=again_of,
        )
    )
    workshop.phase, workshop.focus = VOTING, 0


def _next(session: Session, workshop: Workshop, q: Questionnaire, ranked: Ranking) -> bool:
    """In a reveal, the next question by disagreement; after a second vote on one question, back to the
    first vote's reveal, at the question after it; after the last one, the next dimension nobody has voted
    on yet (or the end). Before any round, the first dimension."""
    if workshop.phase == REVEALED:
        now = current_round(session, workshop)
        assert now is not None, "a revealed workshop has a round"
        if now.again_of is not None and len(now.questions) == 1:
            first = session.get(WorkshopRound, (workshop.id, now.again_of))
            assert first is not None
            order = ranked(first)
            now, workshop.round, workshop.focus = first, first.number, order.index(now.questions[0])
        if workshop.focus + 1 < len(now.questions):
            workshop.focus += 1
            return False
    elif workshop.phase != LOBBY:
        raise Refused("workshop.error.step", 409)
    voted = set(session.scalars(select(WorkshopRound.scope).where(WorkshopRound.workshop_id == workshop.id)))
    left = [s for s in scopes(q) if s.id != ALL and s.id not in voted and ALL not in voted]
    if not left:
        workshop.phase = ENDED
        return True
    _open(session, workshop, left[0], None)
    return False


def _again(session: Session, workshop: Workshop, target: str, ranked: Ranking) -> None:
    """Vote again on the question in focus, or on the whole round; the reveal then shows before and after."""
    now = current_round(session, workshop)
    assert now is not None, "a revealed workshop has a round"
    if target == "round":
        _open(session, workshop, Scope(now.scope, tuple(now.questions)), now.number)
        return
    order = ranked(now)
    question = order[min(workshop.focus, len(order) - 1)]
    _open(session, workshop, Scope(question, (question,)), now.number)
