"""Surveys as the consultant defines them (admin page or command line), and their state: open or not, and how
many of each team have answered.

A survey's definition (questionnaire, teams) never changes once made, so workers may cache it; its state
(closed by hand, dates) is read inside each submission's transaction, so closing takes effect at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centricity.collect.errors import Refused
from centricity.collect.models import StoredResponse, Survey, Team
from centricity.core.limits import (
    MAX_HEADCOUNT,
    MAX_TEAMS,
    MIN_GROUP,
    MIN_GROUP_MAX,
    RETENTION_DAYS_MAX,
    SURVEY_NAME_MAX,
    TEAM_NAME_MAX,
)
from centricity.engine.scoring import round1
from centricity.model.catalog import Catalog
from centricity.team.survey import TAG

_TEAM_LINE = re.compile(r"\s*([^:\s]+)\s*:\s*(\d{1,7})\s*(?::\s*(.*?)\s*)?")


@dataclass(frozen=True)
class TeamSpec:
    id: str
    expected: int
    name: str = ""


@dataclass(frozen=True)
class SurveySpec:
    id: str
    questionnaire: str
    name: str
    teams: tuple[TeamSpec, ...]
    opens: dt.date | None = None
    closes: dt.date | None = None
    min_group: int = MIN_GROUP
    retention_days: int | None = None  # responses deleted this many days after the survey closes


def parse_teams(text: str, separator: str = "\n") -> tuple[TeamSpec, ...]:
    """`id:expected[:name]` items, one per line (the admin form) or comma-separated (the command line)."""
    teams = []
    for number, item in enumerate(text.split(separator), 1):
        if not item.strip():
            continue
        match = _TEAM_LINE.fullmatch(item)
        if not match:
            raise Refused("collect.error.team_line", 400, line=number, text=item.strip()[:80])
        tid, expected, name = match.groups()
        teams.append(TeamSpec(tid, int(expected), name or tid))
    return tuple(teams)


def parse_date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Refused("collect.error.date", 400, value=text.strip()[:40]) from None


def check(spec: SurveySpec, catalog: Catalog) -> None:
    """Refuse a definition the server could not serve; the first problem found is reported."""
    if not TAG.fullmatch(spec.id):
        raise Refused("collect.error.survey_id", 400, id=spec.id[:70])
    if spec.questionnaire not in catalog.questionnaires:
        raise Refused("collect.error.questionnaire", 400, id=spec.questionnaire[:70])
    if not 0 < len(spec.name.strip()) <= SURVEY_NAME_MAX or _control(spec.name):
        raise Refused("collect.error.name", 400, max=SURVEY_NAME_MAX)
    if spec.opens and spec.closes and spec.closes < spec.opens:
        raise Refused("collect.error.dates", 400)
    if not 1 <= spec.min_group <= MIN_GROUP_MAX:
        raise Refused("collect.error.min_group", 400, max=MIN_GROUP_MAX)
    check_retention(spec.retention_days)
    if len(spec.teams) > MAX_TEAMS:
        raise Refused("collect.error.teams", 400, max=MAX_TEAMS)
    seen: set[str] = set()
    for team in spec.teams:
        if not TAG.fullmatch(team.id):
            raise Refused("collect.error.team_id", 400, id=team.id[:70])
        if team.id in seen:
            raise Refused("collect.error.team_twice", 400, id=team.id)
        if len(team.name) > TEAM_NAME_MAX or team.expected > MAX_HEADCOUNT or _control(team.name):
            raise Refused("collect.error.team_name", 400, id=team.id, max=TEAM_NAME_MAX)
        seen.add(team.id)


def check_retention(days: int | None) -> None:
    if days is not None and not 0 <= days <= RETENTION_DAYS_MAX:
        raise Refused("collect.error.retention", 400, max=RETENTION_DAYS_MAX)


def parse_days(text: str) -> int | None:
    """A form's or the command line's number of days: empty means none (keep until deleted by hand)."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise Refused("collect.error.retention", 400, max=RETENTION_DAYS_MAX)
    return int(text)


def _control(text: str) -> bool:
    """Control characters (a NUL, which PostgreSQL cannot store; a newline) have no place in a name."""
    return any(unicodedata.category(c) == "Cc" for c in text)


def create(session: Session, spec: SurveySpec, catalog: Catalog, now: dt.datetime) -> Survey:
    check(spec, catalog)
    if session.get(Survey, spec.id) is not None:
        raise Refused("collect.error.survey_exists", 409, id=spec.id)
    survey = Survey(
        id=spec.id,
        questionnaire=spec.questionnaire,
        name=spec.name.strip(),
        opens=spec.opens,
        closes=spec.closes,
        closed=False,
        min_group=spec.min_group,
        retention_days=spec.retention_days,
        created=now,
        teams=[
            Team(id=t.id, name=t.name or t.id, expected=t.expected, position=i)
            for i, t in enumerate(spec.teams)
        ],
    )
    session.add(survey)
    return survey


def accepts(survey: Survey, today: dt.date) -> bool:
    """Open for answers: not closed by hand, and today within the opening and closing dates (inclusive).
    `statements.STORE_RESPONSE` applies the same rule in SQL, inside the submission's transaction."""
    opens, closes = survey.opens, survey.closes
    return not survey.closed and (opens is None or opens <= today) and (closes is None or today <= closes)


def set_closed(session: Session, survey_id: str, closed: bool, today: dt.date | None = None) -> Survey:
    """Close or reopen by hand; closing notes the day (UTC unless given), from which a retention counts."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise Refused("collect.error.no_survey", 404, id=survey_id)
    survey.closed = closed
    survey.closed_on = (today or dt.datetime.now(dt.UTC).date()) if closed else None
    return survey


def all_surveys(session: Session) -> list[tuple[Survey, int]]:
    """Every survey, newest first, with its number of responses."""
    counts = dict(
        session.execute(
            select(StoredResponse.survey_id, func.count()).group_by(StoredResponse.survey_id)
        ).all()
    )
    surveys = session.scalars(select(Survey).order_by(Survey.created.desc(), Survey.id)).all()
    return [(s, counts.get(s.id, 0)) for s in surveys]


@dataclass(frozen=True)
class TeamLine:
    """One team's response rate. No means: a team's means are shown only as the survey's one protected set
    of figures decides (results.team_figures), on the dashboard as in the report."""

    id: str
    name: str
    expected: int
    responses: int
    rate: float | None  # percent of the expected headcount


@dataclass(frozen=True)
class Status:
    survey: Survey
    lines: tuple[TeamLine, ...]
    responses: int
    expected: int
    rate: float | None
    latest: dt.datetime | None


def status(session: Session, survey: Survey) -> Status:
    """Responses per team against the expected headcount, counted by the database."""
    r = StoredResponse
    query = select(r.team, func.count(), func.max(r.updated)).where(r.survey_id == survey.id).group_by(r.team)
    found = {row[0]: row for row in session.execute(query).all()}
    teams = [(t.id, t.name, t.expected) for t in survey.teams]
    teams += [(tid, tid or "–", 0) for tid in sorted(set(found) - {t.id for t in survey.teams})]
    lines = []
    for tid, name, expected in teams:
        n = found[tid][1] if tid in found else 0
        lines.append(TeamLine(tid, name, expected, n, _rate(n, expected)))
    total = sum(line.responses for line in lines)
    expected_total = sum(t.expected for t in survey.teams)
    latest = max((row[2] for row in found.values()), default=None)
    return Status(survey, tuple(lines), total, expected_total, _rate(total, expected_total), latest)


def _rate(n: int, expected: int) -> float | None:
    return round1(100 * n / expected) if expected else None
