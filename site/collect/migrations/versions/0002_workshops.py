"""Workshops: a live session that fills a survey, its rounds, participants and answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("survey_id", sa.String(64), _fk("surveys"), nullable=False),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("focus", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "workshop_rounds",
        sa.Column("workshop_id", sa.Integer(), _fk("workshops"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("again_of", sa.Integer(), nullable=True),
    )
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("workshop_id", sa.Integer(), _fk("workshops"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("joined", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("workshop_id", "token_hash"),
    )
    op.create_table(
        "workshop_answers",
        sa.Column("workshop_id", sa.Integer(), _fk("workshops"), primary_key=True),
        sa.Column("round", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.Integer(), _fk("workshop_participants"), primary_key=True),
        sa.Column("question", sa.String(64), primary_key=True),
        sa.Column("choice", sa.Integer(), nullable=True),
    )
    op.create_index("ix_workshop_answers_round", "workshop_answers", ["workshop_id", "round"])


def downgrade() -> None:
    for table in ("workshop_answers", "workshop_participants", "workshop_rounds", "workshops"):
        op.drop_table(table)
