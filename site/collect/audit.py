"""The audit log: who did what in the admin area and when (sign-in, create, close, reopen, retention,
download, delete), for the consultant and the client's IT to look back on. It holds no answers: an entry
names an admin, an action, a survey id and at most a file name, a response number or a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from centricity.collect.models import AuditEntry
from centricity.team.export import csv_text

SERVER = "server"  # the actor of what the server does by itself (retention)
COMMAND_LINE = "command line"  # the actor of `python build.py collect ...`
SHOWN = 500  # entries on the audit page; the export has them all
COLUMNS = ("at", "actor", "action", "survey", "detail")


def record(
    session: Session, actor: str, action: str, now: dt.datetime, survey_id: str = "", detail: str = ""
) -> None:
    """Add an entry inside the caller's transaction, so an action and its record commit together."""
    at = now.replace(microsecond=0)
    session.add(AuditEntry(at=at, actor=actor[:64], action=action, survey_id=survey_id, detail=detail[:200]))


def latest(session: Session, limit: int | None = SHOWN) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    return list(session.scalars(query if limit is None else query.limit(limit)))


def rows(entries: Iterable[AuditEntry]) -> list[list[str]]:
    return [list(COLUMNS)] + [[e.at.isoformat(), e.actor, e.action, e.survey_id, e.detail] for e in entries]


def export(session: Session) -> str:
    """Every entry as CSV (formula-like cells neutralised, as in every CSV the project writes)."""
    return csv_text(rows(latest(session, None)))
