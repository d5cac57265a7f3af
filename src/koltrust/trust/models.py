"""Trust-index tables. ``trust_scores`` holds one current score per influencer, so that lookups
and badges read one indexed row and never compute; ``score_history`` keeps every change;
``certificates`` the 12-month certificates with their verification codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer, enum_column
from koltrust.trust.kinds import CertificateStatus, ScoreTrigger


class TrustScore(Base):
    """The current score of one influencer. ``contributions`` is a list of
    ``{"criterion", "pillar", "points", "max_points", "reason": {"code", "params"},
    "evidence": [...], "exact", "interval"}``; ``facts_digest`` lets a recompute skip the write
    when nothing it reads has changed."""

    __tablename__ = "trust_scores"
    __table_args__ = (Index("ix_trust_scores_band_total", "band", "total"),)

    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[int]
    band: Mapped[str] = mapped_column(String(32))
    provisional: Mapped[bool]
    provisional_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    interval_low: Mapped[int]
    interval_high: Mapped[int]
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    methodology_version: Mapped[str] = mapped_column(String(20))
    facts_digest: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime]
    trigger: Mapped[ScoreTrigger] = mapped_column(enum_column(ScoreTrigger, "score_trigger"))

    influencer: Mapped[Influencer] = relationship(lazy="raise")


class ScoreHistory(Base):
    """One point of an influencer's score over time: written when the total, band or
    provisional flag changes. Never updated or deleted."""

    __tablename__ = "score_history"
    __table_args__ = (Index("ix_score_history_influencer_at", "influencer_id", "computed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(ForeignKey("influencers.id", ondelete="CASCADE"))
    total: Mapped[int]
    band: Mapped[str] = mapped_column(String(32))
    provisional: Mapped[bool]
    methodology_version: Mapped[str] = mapped_column(String(20))
    computed_at: Mapped[datetime]
    trigger: Mapped[ScoreTrigger] = mapped_column(
        enum_column(ScoreTrigger, "score_history_trigger")
    )


class Certificate(Base):
    """A trust certificate: valid 12 months from issue unless suspended or revoked. ``code``
    is what a business types (or scans) to verify it. The stored status changes only by an
    explicit act (issue, renewal, revocation); the status shown also reads sanctions in force,
    so every reader goes through :func:`koltrust.trust.certificates.certificate_status`.
    ``replaces_id`` names the certificate a renewal replaced."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20), unique=True)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[CertificateStatus] = mapped_column(
        enum_column(CertificateStatus, "certificate_status"), index=True
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    score_total: Mapped[int]
    band: Mapped[str] = mapped_column(String(32))
    methodology_version: Mapped[str] = mapped_column(String(20))
    issued_by: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(default=1)
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL"), unique=True
    )

    influencer: Mapped[Influencer] = relationship(lazy="joined")

    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    def status_at(self, now: datetime) -> CertificateStatus:
        """The stored status read at ``now`` (an active or suspended certificate past its end
        is expired); sanctions are not read here: use ``certificate_status`` to show one."""
        running = self.status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)
        if running and self.expires_at <= now:
            return CertificateStatus.EXPIRED
        return self.status

    @property
    def current_status(self) -> CertificateStatus:
        """The status now."""
        return self.status_at(utcnow())
