"""Content tables: stored posts, their screening runs and the findings each run produced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base, Timestamped
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer, enum_column
from koltrust.registry.reference import Platform
from koltrust.screening.model import Severity


class Post(Timestamped, Base):
    """A published post, as last sent. ``(platform, external_id)`` identifies a resend; posts
    without an external id are never deduplicated (NULLs are distinct in a unique constraint)."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        CheckConstraint(
            "external_id IS NULL OR platform IS NOT NULL", name="external_id_needs_platform"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform | None] = mapped_column(enum_column(Platform, "platform"))
    external_id: Mapped[str | None] = mapped_column(String(200))
    influencer_id: Mapped[int | None] = mapped_column(
        ForeignKey("influencers.id", ondelete="SET NULL"), index=True
    )
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    language_confidence: Mapped[float]
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    hashtags: Mapped[list[str]] = mapped_column(JSON, default=list)
    paid_partnership: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    influencer: Mapped[Influencer | None] = relationship(lazy="joined")

    @property
    def influencer_slug(self) -> str | None:
        """The slug of the influencer who published the post, if known."""
        return self.influencer.slug if self.influencer else None


class ScreeningRun(Base):
    """One screening of a post. ``text`` keeps the screened text once the post's text has been
    replaced, so that the spans of older findings still point at the characters they name."""

    __tablename__ = "screening_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    rulebook_version: Mapped[str] = mapped_column(String(40))
    text_sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)
    finding_count: Mapped[int] = mapped_column(default=0)
    shadow_count: Mapped[int] = mapped_column(default=0)
    highest_severity: Mapped[Severity | None] = mapped_column(
        enum_column(Severity, "highest_severity")
    )
    # whether screening saw commercial signals (a shop link, a code, a price, a paid-partnership
    # label): the trust index's count of commercial posts, disclosed or not. None: screened
    # before this was recorded.
    commercial: Mapped[bool | None]

    findings: Mapped[list[StoredFinding]] = relationship(
        back_populates="run",
        cascade="all, delete-orphan",
        order_by="StoredFinding.id",
        lazy="selectin",
    )


class StoredFinding(Base):
    """A finding kept as evidence: rule and rulebook version, spans into the screened text."""

    __tablename__ = "stored_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("screening_runs.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(120), index=True)
    rule_version: Mapped[int]
    rulebook_version: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"))
    confidence: Mapped[float]
    spans: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    remedy: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    legal_basis: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    shadow: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(40), default="rules")
    dsa_category: Mapped[str | None] = mapped_column(String(80))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    run: Mapped[ScreeningRun] = relationship(back_populates="findings")
