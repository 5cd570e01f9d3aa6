"""The room's side of a workshop: joining (and rejoining) with a token the browser keeps, answering, the live
counts the projector shows, and turning the answers into the survey's responses.

A participant is known only by a hash of a random token their browser made (no account, no cookie, no
address); sending it again rejoins with every answer kept. An answer is one statement that stores it only
while its round is open and the token has joined, so a late answer after "close" is refused, never half
kept. What never changes (a code's workshop and questionnaire, a round's questions) is cached per process;
what changes (phase, round, counts) is read from the database each time, so workers and instances agree.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import (
    Participant,
    StoredResponse,
    Survey,
    Workshop,
    WorkshopAnswer,
    WorkshopRound,
)
from centricity.collect.submissions import Collector, digest, minute, new_receipt
from centricity.collect.workshops import VOTING, read_code
from centricity.core.limits import WORKSHOP_PARTICIPANTS_MAX, WORKSHOP_TOKEN_PATTERN
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.questionnaire import Question, Questionnaire
from centricity.team.rows import canonical_code

TOKEN = re.compile(WORKSHOP_TOKEN_PATTERN)

# Store (or change) one answer, only if the round is still open and the token has joined this workshop.
_ANSWER = text(
    "INSERT INTO workshop_answers (workshop_id, round, participant_id, question, choice) "
    "SELECT w.id, w.round, p.id, :question, :choice FROM workshops w "
    "JOIN workshop_participants p ON p.workshop_id = w.id "
    "WHERE w.id = :workshop AND w.phase = 'voting' AND w.round = :round AND p.token_hash = :token "
    "ON CONFLICT (workshop_id, round, participant_id, question) DO UPDATE SET choice = excluded.choice "
    "RETURNING 1"
)
_COUNTS = text(
    "SELECT (SELECT count(*) FROM workshop_participants p WHERE p.workshop_id = :workshop), "
    "(SELECT count(*) FROM workshop_answers a WHERE a.workshop_id = :workshop AND a.round = :round), "
    "(SELECT count(*) FROM (SELECT a.participant_id FROM workshop_answers a "
    "WHERE a.workshop_id = :workshop AND a.round = :round GROUP BY a.participant_id "
    "HAVING count(*) >= :size) done)"
)


@dataclass(frozen=True)
class Meta:
    """What never changes about a workshop."""

    id: int
    code: str
    lang: str
    survey: str
    name: str  # the survey's, as the phones show it
    q: Questionnaire
    teams: tuple[tuple[str, str], ...]  # (id, name)


@dataclass(frozen=True)
class Live:
    """The state every page follows; `key` changes whenever anything shown changes."""

    phase: str
    round: int
    focus: int
    version: int
    joined: int
    answers: int  # answers in the current round
    done: int  # participants who answered every question of the round
    questions: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.version}.{self.joined}.{self.answers}.{self.done}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "questions": list(self.questions), "key": self.key}


class Rooms:
    """The room's operations for one server process."""

    def __init__(self, db: Database, collector: Collector):
        self.db = db
        self.collector = collector
        self._meta: dict[str, Meta] = {}
        self._rounds: dict[tuple[int, int], tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self.stopped = threading.Event()  # set by whoever stops serving (tests): event streams end now

    def meta(self, code_text: str) -> Meta:
        code = read_code(code_text)
        found = self._meta.get(code)
        if found is None:
            with self.db.read() as session:
                workshop = session.scalar(select(Workshop).where(Workshop.code == code))
                if workshop is None:
                    raise Refused("workshop.error.code", 404)
                survey = session.get(Survey, workshop.survey_id)
                assert survey is not None, "a workshop's survey is deleted with it"
                teams = tuple((t.id, t.name) for t in survey.teams)
                q = self.collector.questionnaire(self.collector.definition(survey.id))
                found = Meta(workshop.id, code, workshop.lang, survey.id, survey.name, q, teams)
            with self._lock:
                self._meta[code] = found
        return found

    def questions(self, session: Session, workshop_id: int, number: int) -> tuple[str, ...]:
        """A round's questions (none before the first round); a round never changes once opened."""
        if not number:
            return ()
        found = self._rounds.get((workshop_id, number))
        if found is None:
            row = session.get(WorkshopRound, (workshop_id, number))
            if row is None:
                return ()  # not opened yet: nothing to keep
            found = tuple(row.questions)
            with self._lock:
                self._rounds[(workshop_id, number)] = found
        return found

    def brief(self, session: Session, workshop_id: int) -> tuple[str, int, int, int, tuple[str, ...]]:
        """(phase, round, focus, version, the round's questions): what the phones follow, in one query."""
        w = Workshop
        found = session.execute(
            select(w.phase, w.round, w.focus, w.version).where(w.id == workshop_id)
        ).first()
        if found is None:
            raise Refused("workshop.error.none", 404)
        phase, number, focus, version = found
        return phase, number, focus, version, self.questions(session, workshop_id, number)

    def state(self, workshop_id: int) -> dict[str, Any]:
        with self.db.read() as session:
            phase, number, _focus, version, questions = self.brief(session, workshop_id)
        return {"phase": phase, "round": number, "questions": list(questions), "version": version}

    def live(self, workshop_id: int) -> Live:
        with self.db.read() as session:
            phase, number, focus, version, questions = self.brief(session, workshop_id)
            values = {"workshop": workshop_id, "round": number, "size": len(questions)}
            joined, answers, done = session.execute(_COUNTS, values).one()
        return Live(phase, number, focus, version, joined, answers, done, questions)

    def join(self, code: str, token: Any, team: Any, now: dt.datetime) -> tuple[Meta, dict[str, int | None]]:
        """Join, or rejoin with the same token (changing team if asked); the answers given in the current
        round come back, so a phone that reloads shows them again."""
        meta = self.meta(code)
        hashed = _token_hash(token)
        if (
            not isinstance(team, str)
            or (meta.teams and team not in dict(meta.teams))
            or (team and not meta.teams)
        ):
            raise Refused("workshop.error.team", 422)
        with self.db.write() as session:
            found = session.scalar(
                select(Participant).where(
                    Participant.workshop_id == meta.id, Participant.token_hash == hashed
                )
            )
            if found is None:
                count = select(func.count()).where(Participant.workshop_id == meta.id)
                if (session.scalar(count) or 0) >= WORKSHOP_PARTICIPANTS_MAX:
                    raise Refused("workshop.error.full", 403, max=WORKSHOP_PARTICIPANTS_MAX)
                found = Participant(workshop_id=meta.id, token_hash=hashed, team=team, joined=minute(now))
                session.add(found)
                session.flush()
            found.team = team
            number = session.scalar(select(Workshop.round).where(Workshop.id == meta.id)) or 0
            mine = dict(
                session.execute(
                    select(WorkshopAnswer.question, WorkshopAnswer.choice).where(
                        WorkshopAnswer.workshop_id == meta.id,
                        WorkshopAnswer.round == number,
                        WorkshopAnswer.participant_id == found.id,
                    )
                ).all()
            )
        return meta, mine

    def answer(self, code: str, body: Any) -> None:
        """`{"token", "round", "question", "choice"}`: store it, or refuse with the reason."""
        meta = self.meta(code)
        if not isinstance(body, dict) or set(body) != {"token", "round", "question", "choice"}:
            raise Refused("collect.error.body", 400)
        hashed, number, qid, choice = (
            _token_hash(body["token"]),
            body["round"],
            body["question"],
            body["choice"],
        )
        question = meta.q.find_question(qid) if isinstance(qid, str) else None
        if question is None or type(number) is not int or not _valid(question, choice):
            raise Refused("workshop.error.answer", 422)
        values = {"workshop": meta.id, "round": number, "token": hashed, "question": qid, "choice": choice}
        with self.db.read() as session:
            opened = self.questions(session, meta.id, number)
        if qid not in opened:
            raise Refused("workshop.error.closed", 409)
        with self.db.submission() as connection:
            stored = connection.execute(_ANSWER, values).first()
        if stored is None:
            self._why_not(meta.id, number)

    def _why_not(self, workshop_id: int, number: int) -> None:
        with self.db.read() as session:
            phase, now = session.execute(
                select(Workshop.phase, Workshop.round).where(Workshop.id == workshop_id)
            ).one()
        if phase != VOTING or now != number:
            raise Refused("workshop.error.closed", 409)
        raise Refused("workshop.error.join", 403)

    def sync_responses(self, session: Session, workshop_id: int, now: dt.datetime) -> int:
        """Each participant's latest answer to each question becomes their response in the survey (added,
        or replaced as the workshop goes on); returns how many responses the workshop holds."""
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        meta = self.meta(workshop.code)
        latest: dict[int, dict[str, int | None]] = {}
        a = WorkshopAnswer
        rows = session.execute(
            select(a.participant_id, a.question, a.choice)
            .where(a.workshop_id == workshop_id)
            .order_by(a.round)
        )
        for pid, qid, choice in rows:
            latest.setdefault(pid, {})[qid] = choice
        people = session.execute(
            select(Participant.id, Participant.token_hash, Participant.team).where(Participant.id.in_(latest))
        ).all()
        keys = {pid: digest(f"workshop:{workshop_id}:{hashed}") for pid, hashed, _team in people}
        stored = {
            r.response_key: r
            for r in session.scalars(
                select(StoredResponse).where(
                    StoredResponse.survey_id == meta.survey, StoredResponse.response_key.in_(keys.values())
                )
            )
        }
        for pid, _hashed, team in people:
            _store(session, meta, stored.get(keys[pid]), keys[pid], team, latest[pid], now)
        return len(people)


def _store(session: Session, meta: Meta, row, key: str, team: str, choices: dict, now: dt.datetime) -> None:
    q = meta.q
    ordered = {x.id: choices[x.id] for x in q.questions if x.id in choices}
    response = codec.Response(q.id, q.version, Answers(ordered), survey=meta.survey, team=team)
    payload = codec.to_json(q, response)
    scores = dict(payload["scores"])
    overall = scores.pop("overall")
    fields: dict[str, object] = {"team": team, "payload": payload, "code": canonical_code(q, response)}
    fields |= {"overall": overall, "scores": scores, "updated": minute(now)}
    if row is None:
        session.add(
            StoredResponse(
                survey_id=meta.survey,
                response_key=key,
                receipt_hash=digest(new_receipt()),  # nobody holds it: the workshop's page is their receipt
                created=minute(now),
                replaced=0,
                **fields,
            )
        )
        return
    if row.payload != payload:
        for name, value in fields.items():
            setattr(row, name, value)
        row.replaced += 1


def _token_hash(token: Any) -> str:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise Refused("workshop.error.token", 400)
    return digest(token)


def _valid(question: Question, choice: Any) -> bool:
    if choice is None:
        return question.dont_know
    return type(choice) is int and 0 <= choice < len(question.options) + bool(question.not_applicable)
