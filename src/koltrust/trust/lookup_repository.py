"""The public lookups of stored scores by slug: one indexed query each, nothing computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, raiseload

from koltrust.registry.models import Influencer
from koltrust.trust.models import Certificate, TrustScore


@dataclass(frozen=True, slots=True)
class Headline:
    """What a badge shows; the score fields are None before the first score."""

    influencer_id: int
    display_name: str
    total: int | None
    band: str | None
    provisional: bool | None
    computed_at: datetime | None


def headline_by_slug(session: Session, slug: str) -> Headline | None:
    """The influencer's name and the headline of their stored score; None for an unknown slug."""
    query = (
        select(
            Influencer.id,
            Influencer.display_name,
            TrustScore.total,
            TrustScore.band,
            TrustScore.provisional,
            TrustScore.computed_at,
        )
        .outerjoin(TrustScore, TrustScore.influencer_id == Influencer.id)
        .where(Influencer.slug == slug)
    )
    row = session.execute(query).first()
    if row is None:
        return None
    provisional = None if row.provisional is None else bool(row.provisional)
    return Headline(row.id, row.display_name, row.total, row.band, provisional, row.computed_at)


def score_by_slug(session: Session, slug: str) -> tuple[int, TrustScore | None] | None:
    """The influencer's id and stored score (None before the first); None for an unknown slug."""
    query = (
        select(Influencer.id, TrustScore)
        .outerjoin(TrustScore, TrustScore.influencer_id == Influencer.id)
        .where(Influencer.slug == slug)
    )
    row = session.execute(query).first()
    if row is None:
        return None
    return row[0], row[1]


def latest_certificate_of(session: Session, influencer_id: int) -> Certificate | None:
    """The influencer's most recently issued certificate, without loading the influencer again
    (the caller has it)."""
    query = (
        select(Certificate)
        .options(raiseload(Certificate.influencer))
        .where(Certificate.influencer_id == influencer_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )
    return session.scalar(query)
