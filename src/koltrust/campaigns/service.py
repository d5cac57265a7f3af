"""Campaigns, who joined them, and published corrections: the facts behind the trust index's
campaign and correction criteria. Every write is audited and rescores the influencer it
concerns. Flushes, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.campaigns import repository
from koltrust.campaigns.models import Campaign, CampaignParticipation, Correction
from koltrust.campaigns.schemas import CampaignCreate, CorrectionIn, ParticipationIn
from koltrust.cases import repository as cases
from koltrust.errors import Duplicate, NotFound, ValidationFailed
from koltrust.registry.service import get_influencer
from koltrust.registry.slugs import unique_slug
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import recompute_for


def create_campaign(session: Session, *, actor: Actor, data: CampaignCreate) -> Campaign:
    """A new campaign (admins); a given slug must be free."""
    authorize(actor, Action.MANAGE_CAMPAIGNS)
    if data.slug is not None and repository.campaign_slug_taken(session, data.slug):
        raise Duplicate(f"A campaign with slug '{data.slug}' already exists", slug=data.slug)
    slug = data.slug or unique_slug(data.name, lambda s: repository.campaign_slug_taken(session, s))
    campaign = Campaign(
        slug=slug,
        name=data.name,
        description=data.description,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    session.add(campaign)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="campaign.create",
        entity_type="campaign",
        entity_id=slug,
        data={"name": data.name, "starts_on": str(data.starts_on), "ends_on": str(data.ends_on)},
    )
    return campaign


def list_campaigns(
    session: Session, *, actor: Actor, page: int, per_page: int
) -> tuple[list[tuple[Campaign, int]], int]:
    """One page of campaigns, newest first, with their number of participants."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.campaigns_page(session, offset=(page - 1) * per_page, limit=per_page)


def get_campaign(
    session: Session, *, actor: Actor, slug: str
) -> tuple[Campaign, list[CampaignParticipation]]:
    """A campaign and who joined it; NotFound otherwise."""
    authorize(actor, Action.READ_REGISTRY)
    campaign = _campaign(session, slug)
    return campaign, repository.participations_of_campaign(session, campaign.id)


def _campaign(session: Session, slug: str) -> Campaign:
    campaign = repository.campaign_by_slug(session, slug)
    if campaign is None:
        raise NotFound(f"No campaign with slug '{slug}'", slug=slug)
    return campaign


def join_campaign(
    session: Session, *, actor: Actor, slug: str, data: ParticipationIn, now: datetime
) -> CampaignParticipation:
    """Record that an influencer took part in a campaign (analysts, admins): once per
    campaign, on a day the campaign ran and not in the future."""
    authorize(actor, Action.RECORD_PARTICIPATION)
    campaign = _campaign(session, slug)
    influencer = get_influencer(session, actor=actor, slug=data.influencer)
    _check_joined_at(campaign, data.joined_at, now)
    if repository.participation(session, campaign.id, influencer.id) is not None:
        raise Duplicate(f"'{influencer.slug}' already joined campaign '{slug}'")
    row = CampaignParticipation(
        campaign=campaign,
        influencer=influencer,
        joined_at=data.joined_at,
        evidence_url=data.evidence_url,
        recorded_by=actor.label,
        recorded_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:  # recorded by someone else meanwhile
        raise Duplicate(f"'{influencer.slug}' already joined campaign '{slug}'") from exc
    audit.record(
        session,
        actor=actor,
        action="campaign.join",
        entity_type="campaign",
        entity_id=slug,
        data={"influencer": influencer.slug, "joined_at": data.joined_at.isoformat()},
    )
    recompute_for(session, [influencer.id], trigger=ScoreTrigger.IMPORT, now=now)
    return row


def _check_joined_at(campaign: Campaign, joined_at: datetime, now: datetime) -> None:
    if joined_at > now:
        raise ValidationFailed(
            f"joined_at {joined_at:%Y-%m-%d %H:%M} UTC is in the future", field="joined_at"
        )
    day = joined_at.date()
    if day < campaign.starts_on or (campaign.ends_on is not None and day > campaign.ends_on):
        runs = f"from {campaign.starts_on}" + (
            f" to {campaign.ends_on}" if campaign.ends_on else ""
        )
        raise ValidationFailed(
            f"joined_at {day} is outside campaign '{campaign.slug}', which runs {runs}",
            field="joined_at",
        )


def add_correction(
    session: Session, *, actor: Actor, slug: str, data: CorrectionIn, now: datetime
) -> Correction:
    """Record a correction an influencer published (analysts, admins, or the influencer
    themself): not dated in the future, once per address, for one of their own cases."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, Action.RECORD_CORRECTIONS, influencer_id=influencer.id)
    if data.published_at > now:
        raise ValidationFailed(
            f"published_at {data.published_at:%Y-%m-%d %H:%M} UTC is in the future",
            field="published_at",
        )
    if data.case_id is not None:
        case = cases.case_by_id(session, data.case_id)
        if case is None or case.influencer_id != influencer.id:
            # one answer whether the case is missing or someone else's: ids are not probed
            raise ValidationFailed(
                f"case {data.case_id} is not a case about '{slug}'", field="case_id"
            )
    if repository.correction_with_url(session, influencer.id, data.url) is not None:
        raise Duplicate(f"A correction of '{slug}' at {data.url} is already recorded")
    row = Correction(
        influencer=influencer,
        case_id=data.case_id,
        url=data.url,
        published_at=data.published_at,
        note=data.note,
        recorded_by=actor.label,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="correction.add",
        entity_type="influencer",
        entity_id=slug,
        data={"correction_id": row.id, "case_id": data.case_id, "url": data.url},
    )
    recompute_for(session, [influencer.id], trigger=ScoreTrigger.IMPORT, now=now)
    return row


def list_corrections(session: Session, *, actor: Actor, slug: str) -> list[Correction]:
    """An influencer's published corrections, newest first (public)."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    return repository.corrections_of(session, influencer.id)
