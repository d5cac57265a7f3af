"""Case tables: one case per influencer and issue, its append-only events, its findings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.cases.states import CaseState, Move, allowed_moves
from koltrust.db.base import Base
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer, enum_column


class Case(Base):
    """One case about one influencer and one issue (a category code of the rulebook).
    ``version`` grows by one with every move; a move names the version it was made from."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(60), index=True)
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, "case_state"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_to: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    influencer: Mapped[Influencer] = relationship(lazy="joined")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.seq", lazy="selectin", passive_deletes=True
    )
    findings: Mapped[list[CaseFinding]] = relationship(
        order_by="CaseFinding.finding_id", lazy="selectin", passive_deletes=True
    )

    @property
    def influencer_slug(self) -> str:
        """The slug of the influencer the case is about."""
        return self.influencer.slug

    @property
    def finding_ids(self) -> list[int]:
        """The stored findings the case was opened on."""
        return [link.finding_id for link in self.findings]

    @property
    def allowed_moves(self) -> list[Move]:
        """The moves the case's state allows (whoever may make them)."""
        return allowed_moves(self.state)


class CaseEvent(Base):
    """One move of a case: who, when, why, from which state to which. Never updated or
    deleted; ``seq`` equals the case's version after the move."""

    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    move: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[CaseState | None] = mapped_column(enum_column(CaseState, "case_event_from"))
    to_state: Mapped[CaseState] = mapped_column(enum_column(CaseState, "case_event_to"))
    actor: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class CaseFinding(Base):
    """A stored finding a case rests on."""

    __tablename__ = "case_findings"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("stored_findings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
