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
