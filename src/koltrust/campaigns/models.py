"""Positive-voice campaigns, who joined them, and corrections influencers published: the
facts behind the trust index's "positive campaigns" and "public corrections" criteria."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from koltrust.db.base import Base, Timestamped
from koltrust.db.types import utcnow
from koltrust.registry.models import Influencer


class Campaign(Timestamped, Base):
    """A campaign of the alliance (e.g. against scams, for safe online shopping)."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class CampaignParticipation(Base):
    """One influencer's part in one campaign, with the post or page that shows it."""

    __tablename__ = "campaign_participations"
    __table_args__ = (UniqueConstraint("campaign_id", "influencer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime]
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    recorded_by: Mapped[str] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    campaign: Mapped[Campaign] = relationship(lazy="joined")
    influencer: Mapped[Influencer] = relationship(lazy="joined")


class Correction(Base):
    """A correction an influencer published, optionally for a case (a violation or an upheld
    report); ``url`` is where the public can read it."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    influencer_id: Mapped[int] = mapped_column(
        ForeignKey("influencers.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    published_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    influencer: Mapped[Influencer] = relationship(lazy="joined")
