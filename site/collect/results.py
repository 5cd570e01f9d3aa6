"""A survey's stored responses, for the consultant: the latest ones, deleting one, and the team figures,
report and exports, computed by the same team code as `build.py report` and the browser's team view.

Responses were validated when they were sent, and each is stored with its canonical code, so reading them
back goes through the report's fast code path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import StoredResponse
from centricity.collect.submissions import digest
from centricity.core.limits import EXPORT_FORMAT
from centricity.engine import codec
from centricity.engine.fastcode import FastDecoder
from centricity.model.questionnaire import Questionnaire
from centricity.team import aggregate as agg
from centricity.team.rows import Row, canonical_code, prepare_coded

RECENT = 50
STREAM_BATCH = 1000


@dataclass(frozen=True)
class Recent:
    """A line of the "latest responses" list: enough to pick one to delete, and no scores, since a list of
    single responses must not show what one person answered."""

    number: int
    team: str
    updated: str
    label: str


def recent(session: Session, survey_id: str, limit: int = RECENT) -> list[Recent]:
    r = StoredResponse
    rows = session.execute(
        select(r.id, r.team, r.updated, r.payload)
        .where(r.survey_id == survey_id)
        .order_by(r.updated.desc(), r.id.desc())
        .limit(limit)
    ).all()
    return [Recent(i, team, when.date().isoformat(), p.get("label", "")) for i, team, when, p in rows]


def delete_one(session: Session, survey_id: str, number: int) -> None:
    r = StoredResponse
    done = cast(CursorResult, session.execute(delete(r).where(r.survey_id == survey_id, r.id == number)))
    if not done.rowcount:
        raise Refused("collect.error.no_response", 404, number=number)


def version(db: Database, survey_id: str) -> str:
    """Changes whenever a response is added, replaced or deleted (a replacement within the minute of the
    latest one too: each counts in `replaced`)."""
    r = StoredResponse
    with db.read() as session:
        count, top, latest, replaced = session.execute(
            select(func.count(), func.max(r.id), func.max(r.updated), func.sum(r.replaced)).where(
                r.survey_id == survey_id
            )
        ).one()
    return f"{count}-{top or 0}-{replaced or 0}-{latest.isoformat() if latest else ''}"


def codes(db: Database, survey_id: str) -> list[str]:
    r = StoredResponse
    with db.read() as session:
        return list(session.scalars(select(r.code).where(r.survey_id == survey_id).order_by(r.id)))


def coded(q: Questionnaire, stored: list[str]) -> list[tuple[str, codec.Response]]:
    """(canonical code, Response) pairs, as `aggregate.prepare_coded` takes them."""
    fast = FastDecoder(q)
    out = []
    for code in stored:
        found = fast(code)
        if found is None:  # an earlier version of the questionnaire, say: the reference decoder
            response = codec.decode(q, code)
            found = (canonical_code(q, response), response)
        out.append(found)
    return out


def team_figures(q: Questionnaire, stored: list[str], min_group: int) -> tuple[agg.TeamSummary, list[Row]]:
    """Every stored response is one respondent (the server keeps one per browser's random id), however
    alike two people answered: so the dashboard's count, the report's and the live team view's agree."""
    rows = prepare_coded(q, coded(q, stored))
    return agg.summarize_rows(q, rows, min_group=min_group), rows


def export_key(response_key: str) -> str:
    """A stored response's key in exports: stable across downloads (the team tools count a response read
    twice once), different for two people who answered alike, and telling nothing of the order of arrival."""
    return digest(f"export:{response_key}")[:16]


def export_json(db: Database, survey_id: str, header: dict) -> Iterator[str]:
    """`{"format": EXPORT_FORMAT, "survey": ..., "responses": [{"key", "response": <file>}, ...]}`, which
    `build.py report` and the team view read back; streamed in batches so memory stays flat."""
    head = json.dumps({"format": EXPORT_FORMAT, "survey": header}, ensure_ascii=False)
    yield head[:-1] + ', "responses": ['
    r = StoredResponse
    last = 0
    first = True
    while True:
        with db.read() as session:
            batch = session.execute(
                select(r.id, r.response_key, r.payload)
                .where(r.survey_id == survey_id, r.id > last)
                .order_by(r.id)
                .limit(STREAM_BATCH)
            ).all()
        if not batch:
            break
        for number, key, payload in batch:
            item = {"key": export_key(key), "response": payload}
            yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
            first = False
            last = number
    yield "\n]}\n"
