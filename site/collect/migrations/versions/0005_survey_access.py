"""Access per survey: each account is an admin (every survey) or a viewer (only the surveys given them).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("admins") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="admin"))
    op.create_table(
        "survey_access",
        sa.Column(
            "admin_id", sa.Integer(), sa.ForeignKey("admins.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "survey_id", sa.String(64), sa.ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
        ),
    )


def downgrade() -> None:
    op.drop_table("survey_access")
    with op.batch_alter_table("admins") as batch:
        batch.drop_column("role")
