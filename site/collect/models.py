"""The database tables, as SQLAlchemy 2 declarative models; Alembic migrations (`migrations/`) create them.

Nothing here can identify a respondent: a response is keyed by a hash of the random id its browser made,
its receipt is kept only as a hash, its times are cut to the minute, and no address or agent is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from centricity.core.limits import ID_MAX, MIN_GROUP, SURVEY_NAME_MAX

TAG_LENGTH = ID_MAX  # survey and team ids: the survey links' rule (letters, digits, '-', '_')
NAME_LENGTH = SURVEY_NAME_MAX  # the column of survey and team names (a team's is held to TEAM_NAME_MAX)
HASH_LENGTH = 64  # a SHA-256 digest in hex
ADMIN, VIEWER = "admin", "viewer"  # roles: a viewer sees only the protected figures of surveys given them
ROW_ID_MAX = 2**31 - 1  # the largest id an Integer column holds on every database


class Base(DeclarativeBase):
    pass


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[str] = mapped_column(String(TAG_LENGTH), primary_key=True)
    questionnaire: Mapped[str] = mapped_column(String(TAG_LENGTH))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))  # shown to respondents
    opens: Mapped[dt.date | None] = mapped_column(Date)
    closes: Mapped[dt.date | None] = mapped_column(Date)  # the last day that accepts answers
    closed: Mapped[bool] = mapped_column(default=False)  # closed by hand, whatever the dates say
    min_group: Mapped[int] = mapped_column(Integer, default=MIN_GROUP)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)  # the day it was closed by hand
    retention_days: Mapped[int | None] = mapped_column(Integer)  # responses deleted this long after closing
    teams: Mapped[list[Team]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="Team.position"
    )


class Team(Base):
    __tablename__ = "teams"

    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(TAG_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    expected: Mapped[int] = mapped_column(Integer, default=0)  # headcount, for the response rate
    position: Mapped[int] = mapped_column(Integer, default=0)
    survey: Mapped[Survey] = relationship(back_populates="teams")


class StoredResponse(Base):
    """One respondent's latest answers to one survey, as validated by the codec, with the figures the
    dashboard sums so that it never has to re-score thousands of responses."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "response_key"),
        Index("ix_responses_survey_team", "survey_id", "team"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    response_key: Mapped[str] = mapped_column(String(HASH_LENGTH))  # SHA-256 of the browser's random id
    receipt_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    team: Mapped[str] = mapped_column(String(TAG_LENGTH), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the response file (centricity-response/1)
    code: Mapped[str] = mapped_column(Text)  # its canonical response code, as the team view reads it
    overall: Mapped[float | None] = mapped_column(Float)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)  # dimension id -> score or null
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    updated: Mapped[dt.datetime] = mapped_column(DateTime)
    replaced: Mapped[int] = mapped_column(Integer, default=0)  # times the respondent sent again


class Admin(Base):
    __tablename__ = "admins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(TAG_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    role: Mapped[str] = mapped_column(String(16), default=ADMIN, server_default=ADMIN)  # admin or viewer


class SurveyAccess(Base):
    """A viewer's access to one survey (an admin sees every survey and needs none)."""

    __tablename__ = "survey_access"

    admin_id: Mapped[int] = mapped_column(ForeignKey("admins.id", ondelete="CASCADE"), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)


class AdminSession(Base):
    """A signed-in admin's session. The cookie holds a random token, the database only its hash, so ending
    a session here (logout, a new password, the admin removed) ends it on every worker and instance."""

    __tablename__ = "admin_sessions"

    id: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)  # SHA-256 of the token
    admin_id: Mapped[int] = mapped_column(ForeignKey("admins.id", ondelete="CASCADE"), index=True)
    expires: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """One admin action (sign-in, create, close, download, delete...): who, when, what, on which survey.
    It never holds answers: `detail` names a file, a number or a count."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(TAG_LENGTH))  # an admin's name, or "server" / "command line"
    action: Mapped[str] = mapped_column(String(32))
    survey_id: Mapped[str] = mapped_column(String(TAG_LENGTH), default="")  # kept after the survey is gone
    detail: Mapped[str] = mapped_column(String(200), default="")


class RateCounter(Base):
    """One fixed-window counter per key, shared by every worker and instance through the database."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer)  # seconds since the epoch
    count: Mapped[int] = mapped_column(Integer)


class Setting(Base):
    """Server-wide values every instance must share, such as the key that signs session cookies."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Workshop(Base):
    """A live session that fills a survey: the room joins by `code`; the facilitator moves it through rounds
    (`phase`: lobby, voting, closed, revealed, ended); `version` changes with every step, so every worker
    and instance sees a step by reading one row."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16), unique=True)  # the join code, shown on the projector
    lang: Mapped[str] = mapped_column(String(8))  # the language of the join link
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    round: Mapped[int] = mapped_column(Integer, default=0)  # the current round's number; 0 before the first
    focus: Mapped[int] = mapped_column(Integer, default=0)  # the revealed question in focus, by rank
    version: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[dt.datetime] = mapped_column(DateTime)


class WorkshopRound(Base):
    """One vote on some questions: a dimension's, every question's, or one question again."""

    __tablename__ = "workshop_rounds"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(TAG_LENGTH))  # a dimension id, or "*" for every question
    questions: Mapped[list[str]] = mapped_column(JSON)  # question ids, in questionnaire order
    again_of: Mapped[int | None] = mapped_column(Integer)  # the round voted again, for before and after


class Participant(Base):
    """Someone in the room: known only by a hash of the random token their browser keeps, and a team."""

    __tablename__ = "workshop_participants"
    __table_args__ = (UniqueConstraint("workshop_id", "token_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    team: Mapped[str] = mapped_column(String(TAG_LENGTH), default="")
    joined: Mapped[dt.datetime] = mapped_column(DateTime)  # to the minute


class WorkshopAnswer(Base):
    """A participant's latest choice on one question in one round (the codec's choice: an option index,
    the index after the last for "does not apply", None for "don't know")."""

    __tablename__ = "workshop_answers"
    __table_args__ = (Index("ix_workshop_answers_round", "workshop_id", "round"),)

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_participants.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(String(TAG_LENGTH), primary_key=True)
    choice: Mapped[int | None] = mapped_column(Integer)
