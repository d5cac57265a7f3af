"""Case tables: one case per influencer and issue, its append-only events, its findings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
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
    # the influencer may reply until then; a decision waits for the reply or the deadline
    reply_due_at: Mapped[datetime | None]
    # set by the first decision: the influencer may appeal until then, once
    appeal_due_at: Mapped[datetime | None] = mapped_column(index=True)

    influencer: Mapped[Influencer] = relationship(lazy="joined")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.seq", lazy="selectin", passive_deletes=True
    )
    findings: Mapped[list[CaseFinding]] = relationship(
        order_by="CaseFinding.finding_id", lazy="selectin", passive_deletes=True
    )
    reports: Mapped[list[CaseReport]] = relationship(
        order_by="CaseReport.report_id", lazy="selectin", passive_deletes=True
    )
    replies: Mapped[list[CaseReply]] = relationship(
        order_by="CaseReply.id", lazy="selectin", passive_deletes=True
    )
    decisions: Mapped[list[Decision]] = relationship(
        order_by="Decision.id", lazy="selectin", passive_deletes=True
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
    def report_ids(self) -> list[int]:
        """The reports attached to the case."""
        return [link.report_id for link in self.reports]

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


class CaseReport(Base):
    """A report attached to a case."""

    __tablename__ = "case_reports"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CaseReply(Base):
    """The influencer's answer to a case (right of reply), kept as written."""

    __tablename__ = "case_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    evidence_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class DecisionStage(StrEnum):
    FIRST = "first"
    APPEAL = "appeal"


class DecisionOutcome(StrEnum):
    VIOLATION = "violation"
    NO_VIOLATION = "no_violation"
    UPHELD = "upheld"  # appeal refused: the first decision stands
    OVERTURNED = "overturned"  # appeal granted


class Decision(Base):
    """What was decided on a case and why, with the evidence as it stood then (a snapshot:
    findings, spans, quoted text and its hash, report ids), so later edits change nothing."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("case_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stage: Mapped[DecisionStage] = mapped_column(enum_column(DecisionStage, "decision_stage"))
    outcome: Mapped[DecisionOutcome] = mapped_column(
        enum_column(DecisionOutcome, "decision_outcome")
    )
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasoning: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by: Mapped[str] = mapped_column(String(300))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class TriageDismissal(Base):
    """A finding or report an analyst looked at and set aside without a case, and why."""

    __tablename__ = "triage_dismissals"
    __table_args__ = (UniqueConstraint("item_kind", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))  # "finding" or "report"
    item_id: Mapped[int]
    actor: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
