"""Sanction and penalty-point tables. A sanction's stored status changes only when someone
(or the scheduled job) acts; :meth:`Sanction.status_at` also reads an end that has passed as
expired, so expiry never waits for anyone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base, Timestamped
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer, enum_column
from koltrust.sanctions.kinds import PointKind, SanctionKind, SanctionStatus


class Sanction(Timestamped, Base):
    """One sanction on one influencer, resting on one decision of one case."""

    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[SanctionKind] = mapped_column(enum_column(SanctionKind, "sanction_kind"))
    category: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None] = mapped_column(index=True)  # None: permanent
    status: Mapped[SanctionStatus] = mapped_column(
        enum_column(SanctionStatus, "sanction_status"), index=True
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    points: Mapped[int] = mapped_column(default=0)
    recommended_kind: Mapped[SanctionKind] = mapped_column(
        enum_column(SanctionKind, "sanction_recommended_kind")
    )
    version: Mapped[int] = mapped_column(default=1)

    influencer: Mapped[Influencer] = relationship(lazy="joined")

    @property
    def influencer_slug(self) -> str:
        """The slug of the influencer sanctioned."""
        return self.influencer.slug

    @property
    def permanent(self) -> bool:
        """True when the sanction has no end."""
        return self.ends_at is None

    def status_at(self, now: datetime) -> SanctionStatus:
        """The status at ``now``: an active sanction whose end has passed is expired."""
        ended = self.ends_at is not None and self.ends_at <= now
        if self.status is SanctionStatus.ACTIVE and ended:
            return SanctionStatus.EXPIRED
        return self.status

    @property
    def current_status(self) -> SanctionStatus:
        """The status now."""
        return self.status_at(utcnow())


class PointEntry(Timestamped, Base):
    """One line of an influencer's penalty-point ledger. Lines are never changed or removed:
    a refund is a line of its own naming the violation it gives back."""

    __tablename__ = "point_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PointKind] = mapped_column(enum_column(PointKind, "point_kind"))
    points: Mapped[int]
    at: Mapped[datetime] = mapped_column(index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    sanction_id: Mapped[int | None] = mapped_column(
        ForeignKey("sanctions.id", ondelete="SET NULL"), index=True
    )
    refund_of: Mapped[int | None] = mapped_column(
        ForeignKey("point_entries.id", ondelete="CASCADE"), unique=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(300))
