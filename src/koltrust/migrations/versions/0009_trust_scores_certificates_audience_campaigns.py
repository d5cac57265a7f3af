"""trust scores, score history, certificates, account snapshots, campaigns, corrections;
screening runs record whether the post was commercial

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 13:20:12.044984
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import koltrust.db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# the values as of this revision (a migration keeps its own copy: the code will change)
CERTIFICATE_STATUSES = ("active", "suspended", "revoked", "expired")
SCORE_TRIGGERS = ("decision", "sanction", "import", "schedule", "manual")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    _create_campaigns()
    _create_campaign_participations()
    _create_certificates()
    _create_score_history()
    _create_trust_scores()
    _create_account_snapshots()
    _create_corrections()
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commercial", sa.Boolean(), nullable=True))


def _create_campaigns() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("slug", name=op.f("uq_campaigns_slug")),
    )


def _create_campaign_participations() -> None:
    op.create_table(
        "campaign_participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("recorded_by", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_participations_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_campaign_participations_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_participations")),
        sa.UniqueConstraint(
            "campaign_id",
            "influencer_id",
            name=op.f("uq_campaign_participations_campaign_id_influencer_id"),
        ),
    )
    with op.batch_alter_table("campaign_participations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_participations_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_campaign_participations_influencer_id"), ["influencer_id"], unique=False
        )


def _create_certificates() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("issued_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", _enum(CERTIFICATE_STATUSES, "certificate_status"), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column(
            "status_changed_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("score_total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=False),
        sa.Column("methodology_version", sa.String(length=20), nullable=False),
        sa.Column("issued_by", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_certificates_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["certificates.id"],
            name=op.f("fk_certificates_replaces_id_certificates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("code", name=op.f("uq_certificates_code")),
        sa.UniqueConstraint("replaces_id", name=op.f("uq_certificates_replaces_id")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificates_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificates_influencer_id"), ["influencer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_certificates_status"), ["status"], unique=False)


def _create_score_history() -> None:
    op.create_table(
        "score_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("methodology_version", sa.String(length=20), nullable=False),
        sa.Column("computed_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trigger", _enum(SCORE_TRIGGERS, "score_history_trigger"), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_score_history_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_history")),
    )
    with op.batch_alter_table("score_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_score_history_influencer_at", ["influencer_id", "computed_at"], unique=False
        )


def _create_trust_scores() -> None:
    op.create_table(
        "trust_scores",
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=32), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("provisional_reasons", sa.JSON(), nullable=False),
        sa.Column("interval_low", sa.Integer(), nullable=False),
        sa.Column("interval_high", sa.Integer(), nullable=False),
        sa.Column("contributions", sa.JSON(), nullable=False),
        sa.Column("methodology_version", sa.String(length=20), nullable=False),
        sa.Column("facts_digest", sa.String(length=64), nullable=False),
        sa.Column("computed_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trigger", _enum(SCORE_TRIGGERS, "score_trigger"), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_trust_scores_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("influencer_id", name=op.f("pk_trust_scores")),
    )
    with op.batch_alter_table("trust_scores", schema=None) as batch_op:
        batch_op.create_index("ix_trust_scores_band_total", ["band", "total"], unique=False)


def _create_account_snapshots() -> None:
    op.create_table(
        "account_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("as_of", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("followers", sa.Integer(), nullable=False),
        sa.Column("following", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("engagement_per_post", sa.Float(), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("follower_samples", sa.JSON(), nullable=False),
        sa.Column("authenticity", sa.Float(), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("imported_by", sa.String(length=300), nullable=False),
        sa.Column("imported_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_snapshots_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_snapshots")),
    )
    with op.batch_alter_table("account_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_account_snapshots_account_as_of", ["account_id", "as_of"], unique=True
        )


def _create_corrections() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("published_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_corrections_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_corrections_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_influencer_id"), ["influencer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.drop_column("commercial")

    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_influencer_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_case_id"))

    op.drop_table("corrections")
    with op.batch_alter_table("account_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_account_snapshots_account_as_of")

    op.drop_table("account_snapshots")
    with op.batch_alter_table("trust_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_trust_scores_band_total")

    op.drop_table("trust_scores")
    with op.batch_alter_table("score_history", schema=None) as batch_op:
        batch_op.drop_index("ix_score_history_influencer_at")

    op.drop_table("score_history")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_status"))
        batch_op.drop_index(batch_op.f("ix_certificates_influencer_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_expires_at"))

    op.drop_table("certificates")
    with op.batch_alter_table("campaign_participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_participations_influencer_id"))
        batch_op.drop_index(batch_op.f("ix_campaign_participations_campaign_id"))

    op.drop_table("campaign_participations")
    op.drop_table("campaigns")
