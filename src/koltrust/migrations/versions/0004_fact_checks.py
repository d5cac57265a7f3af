"""fact checks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:36:19.322565
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import koltrust.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fact_checks",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("rating", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_checks")),
    )
    with op.batch_alter_table("fact_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_checks_created_at"), ["created_at"])
        batch_op.create_index(batch_op.f("ix_fact_checks_language"), ["language"])
        batch_op.create_index(batch_op.f("ix_fact_checks_verdict"), ["verdict"])


def downgrade() -> None:
    with op.batch_alter_table("fact_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_checks_verdict"))
        batch_op.drop_index(batch_op.f("ix_fact_checks_language"))
        batch_op.drop_index(batch_op.f("ix_fact_checks_created_at"))
    op.drop_table("fact_checks")
