"""reports, organisations trusted flagger

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 08:59:35.223007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import koltrust.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_reports()
    _index_reports()
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trusted_flagger", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def _choice(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _create_reports() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "target_kind",
            _choice("report_target", "post", "influencer"),
            nullable=False,
        ),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("influencer_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence_urls", sa.JSON(), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=True),
        sa.Column("reporter_user_id", sa.Integer(), nullable=True),
        sa.Column("reporter_organisation_id", sa.Integer(), nullable=True),
        sa.Column("trusted_flagger", sa.Boolean(), nullable=False),
        sa.Column("client_key_hash", sa.String(length=64), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            _choice("report_status", "received"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_reports_influencer_id_influencers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_reports_post_id_posts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_reports_reporter_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_user_id"],
            ["users.id"],
            name=op.f("fk_reports_reporter_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )


def _index_reports() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reports_client_key_hash"), ["client_key_hash"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_dedupe_key"), ["dedupe_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reports_influencer_id"), ["influencer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reports_reporter_organisation_id"),
            ["reporter_organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reports_reporter_user_id"), ["reporter_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reports_trusted_flagger"), ["trusted_flagger"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("trusted_flagger")

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_trusted_flagger"))
        batch_op.drop_index(batch_op.f("ix_reports_status"))
        batch_op.drop_index(batch_op.f("ix_reports_reporter_user_id"))
        batch_op.drop_index(batch_op.f("ix_reports_reporter_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_reports_post_id"))
        batch_op.drop_index(batch_op.f("ix_reports_influencer_id"))
        batch_op.drop_index(batch_op.f("ix_reports_dedupe_key"))
        batch_op.drop_index(batch_op.f("ix_reports_created_at"))
        batch_op.drop_index(batch_op.f("ix_reports_client_key_hash"))
        batch_op.drop_index(batch_op.f("ix_reports_category"))

    op.drop_table("reports")
