"""posts, screening runs, stored findings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:04:46.107791
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import koltrust.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_posts()
    _create_screening_runs()
    _create_stored_findings()


def _create_posts() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum(
                "tiktok",
                "facebook",
                "youtube",
                "instagram",
                "zalo",
                "x",
                "threads",
                name="platform",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("influencer_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("language_confidence", sa.Double(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("hashtags", sa.JSON(), nullable=False),
        sa.Column("paid_partnership", sa.Boolean(), nullable=False),
        sa.Column("published_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "external_id IS NULL OR platform IS NOT NULL",
            name=op.f("ck_posts_external_id_needs_platform"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_posts_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_posts_influencer_id_influencers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_posts_platform_external_id")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_influencer_id"), ["influencer_id"], unique=False)


def _create_screening_runs() -> None:
    op.create_table(
        "screening_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("screened_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        sa.Column("shadow_count", sa.Integer(), nullable=False),
        sa.Column(
            "highest_severity",
            sa.Enum(
                "info",
                "low",
                "medium",
                "high",
                "critical",
                name="highest_severity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_screening_runs_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_runs")),
    )
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_runs_post_id"), ["post_id"], unique=False)


def _create_stored_findings() -> None:
    op.create_table(
        "stored_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=120), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "info",
                "low",
                "medium",
                "high",
                "critical",
                name="severity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("remedy", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("shadow", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("dsa_category", sa.String(length=80), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_stored_findings_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["screening_runs.id"],
            name=op.f("fk_stored_findings_run_id_screening_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_findings")),
    )
    with op.batch_alter_table("stored_findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_findings_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_findings_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_findings_rule_id"), ["rule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stored_findings_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("stored_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_findings_run_id"))
        batch_op.drop_index(batch_op.f("ix_stored_findings_rule_id"))
        batch_op.drop_index(batch_op.f("ix_stored_findings_post_id"))
        batch_op.drop_index(batch_op.f("ix_stored_findings_category"))

    op.drop_table("stored_findings")
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_runs_post_id"))

    op.drop_table("screening_runs")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_influencer_id"))
        batch_op.drop_index(batch_op.f("ix_posts_account_id"))

    op.drop_table("posts")
    # ### end Alembic commands ###
