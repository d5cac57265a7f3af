"""Queries on campaigns, participations and corrections."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction


def campaign_by_slug(session: Session, slug: str) -> Campaign | None:
    """The campaign with this slug."""
    return session.scalars(select(Campaign).where(Campaign.slug == slug)).first()


def campaign_slug_taken(session: Session, slug: str) -> bool:
    """Whether a campaign already has this slug."""
    return campaign_by_slug(session, slug) is not None


def campaigns_page(
    session: Session, *, offset: int, limit: int
) -> tuple[list[tuple[Campaign, int]], int]:
    """Campaigns newest first, each with its number of participants, and the total."""
    counts = (
        select(
            CampaignParticipation.campaign_id,
            func.count(CampaignParticipation.id).label("participants"),
        )
        .group_by(CampaignParticipation.campaign_id)
        .subquery()
    )
    stmt = (
        select(Campaign, func.coalesce(counts.c.participants, 0))
        .outerjoin(counts, counts.c.campaign_id == Campaign.id)
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = [(campaign, int(count)) for campaign, count in session.execute(stmt).all()]
    total = session.scalar(select(func.count(Campaign.id))) or 0
    return rows, total


def participations_of_campaign(session: Session, campaign_id: int) -> list[CampaignParticipation]:
    """Who joined a campaign, earliest first."""
    stmt = (
        select(CampaignParticipation)
        .where(CampaignParticipation.campaign_id == campaign_id)
        .order_by(CampaignParticipation.joined_at, CampaignParticipation.id)
    )
    return list(session.scalars(stmt).unique())


def participation(
    session: Session, campaign_id: int, influencer_id: int
) -> CampaignParticipation | None:
    """An influencer's participation in a campaign, if recorded."""
    stmt = select(CampaignParticipation).where(
        CampaignParticipation.campaign_id == campaign_id,
        CampaignParticipation.influencer_id == influencer_id,
    )
    return session.scalars(stmt).first()


def corrections_of(session: Session, influencer_id: int) -> list[Correction]:
    """An influencer's corrections, newest first."""
    stmt = (
        select(Correction)
        .where(Correction.influencer_id == influencer_id)
        .order_by(Correction.published_at.desc(), Correction.id.desc())
    )
    return list(session.scalars(stmt).unique())


def correction_with_url(session: Session, influencer_id: int, url: str) -> Correction | None:
    """The influencer's correction at this address, if recorded."""
    stmt = select(Correction).where(
        Correction.influencer_id == influencer_id, Correction.url == url
    )
    return session.scalars(stmt).first()
