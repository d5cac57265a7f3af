"""media items, their time-coded units, findings and thumbnails

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 17:28:42
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import koltrust.db.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the values as of this revision (a migration keeps its own copy: the code will change)
MEDIA_STATUSES = ("queued", "processing", "done", "failed")
MEDIA_SOURCES = ("speech", "on_screen", "caption")
SEVERITIES = ("info", "low", "medium", "high", "critical")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    _create_media_items()
    _index_media_items()
    _create_media_findings()
    _create_media_thumbnails()
    _create_media_units()


def _create_media_items() -> None:
    op.create_table(
        "media_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", _enum(MEDIA_STATUSES, "media_status"), nullable=False),
        sa.Column("error_code", sa.String(length=40), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("stored_name", sa.String(length=120), nullable=True),
        sa.Column("captions_name", sa.String(length=120), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("influencer_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=320), nullable=True),
        sa.Column("requested_language", sa.String(length=8), nullable=True),
        sa.Column("paid_partnership", sa.Boolean(), nullable=False),
        sa.Column("livestream", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("duration_seconds", sa.Double(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("speech_status", sa.String(length=20), nullable=True),
        sa.Column("speech_reason", sa.Text(), nullable=True),
        sa.Column("speech_recognizer", sa.String(length=80), nullable=True),
        sa.Column("on_screen_status", sa.String(length=20), nullable=True),
        sa.Column("on_screen_reason", sa.Text(), nullable=True),
        sa.Column("frames_read", sa.Integer(), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=True),
        sa.Column("processing_seconds", sa.JSON(), nullable=False),
        sa.Column("progress_seconds", sa.Double(), nullable=False),
        sa.Column("started_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("processed_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", koltrust.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["influencers.id"],
            name=op.f("fk_media_items_influencer_id_influencers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_media_items_post_id_posts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_items")),
    )


def _index_media_items() -> None:
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_media_items_influencer_id"), ["influencer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_media_items_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_items_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_items_status"), ["status"], unique=False)


def _create_media_findings() -> None:
    op.create_table(
        "media_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=120), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("rulebook_version", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("severity", _enum(SEVERITIES, "severity"), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("source", _enum(MEDIA_SOURCES, "media_source"), nullable=False),
        sa.Column("t_start", sa.Double(), nullable=False),
        sa.Column("t_end", sa.Double(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("remedy", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("shadow", sa.Boolean(), nullable=False),
        sa.Column("producer", sa.String(length=40), nullable=False),
        sa.Column("dsa_category", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_items.id"],
            name=op.f("fk_media_findings_media_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_findings")),
    )
    with op.batch_alter_table("media_findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_findings_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_findings_media_id"), ["media_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_findings_rule_id"), ["rule_id"], unique=False)


def _create_media_thumbnails() -> None:
    op.create_table(
        "media_thumbnails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("t_millis", sa.Integer(), nullable=False),
        sa.Column("jpeg", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_items.id"],
            name=op.f("fk_media_thumbnails_media_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_thumbnails")),
        sa.UniqueConstraint(
            "media_id", "t_millis", name=op.f("uq_media_thumbnails_media_id_t_millis")
        ),
    )


def _create_media_units() -> None:
    op.create_table(
        "media_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", _enum(MEDIA_SOURCES, "media_source"), nullable=False),
        sa.Column("t_start", sa.Double(), nullable=False),
        sa.Column("t_end", sa.Double(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("frame_at", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_items.id"],
            name=op.f("fk_media_units_media_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_units")),
        sa.UniqueConstraint("media_id", "number", name=op.f("uq_media_units_media_id_number")),
    )


def downgrade() -> None:
    for table in ("media_units", "media_thumbnails", "media_findings", "media_items"):
        op.drop_table(table)
