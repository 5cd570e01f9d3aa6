"""Respondents' submissions: validated with the codec's rules for response files, stored in one transaction,
answered with a receipt that lets the respondent see or withdraw the response later.

The browser makes a random response id and keeps it with the answers; sending again with the same id
replaces the earlier response instead of adding one. The server stores only a hash of that id, and of the
receipt, so reading the database does not let anyone replace or withdraw a response. All the checking and
scoring happens before the transaction starts, so the write lock (SQLite has one) is held only for the
few statements that store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from centricity.collect import ratelimit
from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import StoredResponse, Survey
from centricity.collect.statements import SubmitPath
from centricity.core.errors import AnswerError
from centricity.core.limits import RECEIPT_LENGTH, RESPONSE_ID_PATTERN
from centricity.engine import codec
from centricity.model.catalog import Catalog
from centricity.model.questionnaire import Questionnaire
from centricity.team.rows import Scorer, canonical_code
from centricity.team.survey import TAG

RESPONSE_ID = re.compile(RESPONSE_ID_PATTERN)
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to misread
_RECEIPT_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_receipt() -> str:
    """16 symbols of 5 random bits each: 80 bits, as `tests/test_collect_submissions.py` checks."""
    bits = secrets.randbits(5 * RECEIPT_LENGTH)
    raw = "".join(RECEIPT_ALPHABET[(bits >> (5 * i)) & 31] for i in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_hash(receipt: Any) -> str:
    """The stored hash of a receipt as a person may type it back (any case, with or without dashes)."""
    text = receipt.upper().translate(_RECEIPT_READS) if isinstance(receipt, str) else ""
    text = re.sub(r"[\s-]", "", text)
    if len(text) != RECEIPT_LENGTH or any(c not in RECEIPT_ALPHABET for c in text):
        raise Refused("collect.error.receipt", 404)
    return digest("-".join(text[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4)))


def minute(now: dt.datetime) -> dt.datetime:
    """Times are kept to the minute: enough to follow a survey, too coarse to tell who sent what."""
    return now.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Definition:
    """What never changes about a survey, so each worker reads it from the database once."""

    id: str
    name: str
    questionnaire: str
    teams: frozenset[str]
    team_names: tuple[tuple[str, str], ...] = ()  # (id, name), as the consultant named them

    def team_name(self, team: str) -> str:
        return dict(self.team_names).get(team) or team


@dataclass(frozen=True)
class Prepared:
    key: str
    team: str
    payload: dict[str, Any]
    code: str
    overall: float | None
    scores: dict[str, float | None]


@dataclass(frozen=True)
class Ticket:
    receipt: str
    survey: str  # the survey's name, as shown to respondents
    replaced: bool


def checked(scorer: Scorer, file: Any) -> tuple[codec.Response, dict[str, Any]]:
    """The response in a submitted file, and the file to store: as sent once its scores are proven right;
    otherwise (no scores, or answers from an earlier version of the questionnaire) as the codec writes it.

    Every rule is the codec's, but the stated scores are checked with the team's fast scorer (tested to
    give the engine's figures), so a submission costs one light scoring; when they differ, the codec judges
    the file itself and refuses it with its own reason."""
    q = scorer.q
    stated = file.get("scores") if isinstance(file, dict) else None
    response = codec.from_json(q, {k: v for k, v in file.items() if k != "scores"} if stated else file)
    if stated is None or response.dropped:
        return response, codec.to_json(q, response)
    scores, _targets, overall, _measured, _myths = scorer(response.answers)
    computed = {**dict(zip((d.id for d in q.dimensions), scores, strict=True)), "overall": overall}
    if not codec.same_scores(stated, computed):
        codec.from_json(q, file)  # raises AnswerError, with the codec's reason
        return response, codec.to_json(q, response)
    return response, file


def prepare(scorer: Scorer, survey: Definition, body: Any) -> Prepared:
    """Check a submission (`{"response_id": ..., "response": <response file>}`) without the database."""
    if not isinstance(body, dict) or set(body) != {"response_id", "response"}:
        raise Refused("collect.error.body", 400)
    response_id = body["response_id"]
    if not isinstance(response_id, str) or not RESPONSE_ID.fullmatch(response_id):
        raise Refused("collect.error.response_id", 400)
    try:
        response, payload = checked(scorer, body["response"])
    except AnswerError as exc:
        raise Refused("collect.error.invalid", 422, str(exc), answers=exc) from None
    if response.survey != survey.id:
        raise Refused("collect.error.wrong_survey", 422, given=response.survey or "–", id=survey.id)
    if response.team not in survey.teams and (survey.teams or response.team):
        raise Refused("collect.error.wrong_team", 422, team=response.team or "–")
    scores = dict(payload["scores"])
    overall = scores.pop("overall")
    code = canonical_code(scorer.q, response)
    return Prepared(digest(response_id), response.team, payload, code, overall, scores)


class Collector:
    """Submissions, receipts and withdrawals for one server process."""

    def __init__(self, db: Database, catalog: Catalog, limit: ratelimit.Limit):
        self.db = db
        self.catalog = catalog
        self.limit = limit
        self._definitions: dict[str, Definition] = {}
        self._scorers: dict[str, Scorer] = {}
        self._path = SubmitPath(db.engine.dialect)

    def definition(self, survey_id: str) -> Definition:
        found = self._definitions.get(survey_id)
        if found is None:
            with self.db.read() as session:
                survey = session.get(Survey, survey_id) if TAG.fullmatch(survey_id) else None
                if survey is None:
                    raise Refused("collect.error.no_survey", 404, id=survey_id[:70])
                teams = frozenset(t.id for t in survey.teams)
                names = tuple((t.id, t.name) for t in survey.teams)
                found = Definition(survey.id, survey.name, survey.questionnaire, teams, names)
            self._definitions[survey_id] = found
        return found

    def forget(self, survey_id: str) -> None:
        """A deleted survey: this worker's cached definition goes (others find it gone when they store)."""
        self._definitions.pop(survey_id, None)

    def questionnaire(self, survey: Definition) -> Questionnaire:
        q = self.catalog.questionnaires.get(survey.questionnaire)
        if q is None:
            raise Refused("collect.error.questionnaire", 503, id=survey.questionnaire)
        return q

    def submit(self, survey_id: str, body: Any, now: dt.datetime) -> Ticket:
        survey = self.definition(survey_id)
        scorer = self._scorers.get(survey.questionnaire)
        if scorer is None:
            scorer = self._scorers[survey.questionnaire] = Scorer(self.questionnaire(survey))
        prepared = prepare(scorer, survey, body)
        receipt = new_receipt()
        with self.db.submission() as connection:
            replaced = self._store(connection, survey, prepared, digest(receipt), now)
        return Ticket(receipt, survey.name, replaced)

    def _store(
        self, connection: Connection, survey: Definition, p: Prepared, receipt: str, now: dt.datetime
    ) -> bool:
        """Count it, then store it if the count allows and the survey is open (see `Database.submission`)."""
        key, window, allowed = ratelimit.spread(f"submit:{survey.id}", self.limit, now.timestamp())
        values = {
            "key": key,
            "window_start": window,
            "allowed": allowed,
            "survey_id": survey.id,
            "response_key": p.key,
            "receipt_hash": receipt,
            "team": p.team,
            "payload": p.payload,
            "code": p.code,
            "overall": p.overall,
            "scores": p.scores,
            "updated": minute(now),
            "today": now.date(),
        }
        count, replaced = self._path.run(connection, values)
        if count > allowed:
            raise Refused("collect.error.rate", 429)
        if replaced is None:
            raise Refused("collect.error.not_open", 403)
        return replaced > 0

    def receipt(self, receipt: Any) -> dict[str, Any]:
        """What a receipt shows its holder: the response as stored, and where it went."""
        key = receipt_hash(receipt)
        with self.db.read() as session:
            found = session.execute(
                select(StoredResponse, Survey.name).join(Survey).where(StoredResponse.receipt_hash == key)
            ).first()
        if found is None:
            raise Refused("collect.error.receipt", 404)
        stored, name = found
        return {
            "survey": {"id": stored.survey_id, "name": name},
            "team": stored.team,
            "received": stored.created.date().isoformat(),
            "updated": stored.updated.date().isoformat(),
            "response": stored.payload,
        }

    def withdraw(self, receipt: Any) -> None:
        key = receipt_hash(receipt)
        with self.db.write() as session:
            stored = session.scalar(select(StoredResponse).where(StoredResponse.receipt_hash == key))
            if stored is None:
                raise Refused("collect.error.receipt", 404)
            session.delete(stored)
