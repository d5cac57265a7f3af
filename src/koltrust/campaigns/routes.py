"""JSON API of campaigns, participations and published corrections."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep
from koltrust.campaigns import service
from koltrust.campaigns.schemas import (
    CampaignCreate,
    CampaignDetailOut,
    CampaignOut,
    CorrectionIn,
    CorrectionOut,
    ParticipationIn,
    ParticipationOut,
    campaign_out,
    correction_out,
    participation_out,
)
from koltrust.common_schemas import Page
from koltrust.db.types import utcnow

router = APIRouter(tags=["campaigns"])


@router.get("/campaigns", response_model=Page[CampaignOut])
def list_campaigns(session: SessionDep, actor: ActorDep, paging: PageDep) -> Page[CampaignOut]:
    """The alliance's campaigns, newest first, with their number of participants. Open to
    everyone."""
    rows, total = service.list_campaigns(
        session, actor=actor, page=paging.page, per_page=paging.per_page
    )
    return paging.page_of([campaign_out(campaign, count) for campaign, count in rows], total)


@router.post("/campaigns", status_code=status.HTTP_201_CREATED)
def create_campaign(
    body: CampaignCreate, session: SessionDep, actor: ActorDep, response: Response
) -> CampaignOut:
    """Create a campaign (admins)."""
    campaign = service.create_campaign(session, actor=actor, data=body)
    response.headers["Location"] = f"/api/v1/campaigns/{campaign.slug}"
    return campaign_out(campaign, 0)


@router.get("/campaigns/{slug}")
def get_campaign(slug: str, session: SessionDep, actor: ActorDep) -> CampaignDetailOut:
    """A campaign and everyone who joined it. Open to everyone."""
    campaign, rows = service.get_campaign(session, actor=actor, slug=slug)
    return CampaignDetailOut(
        **campaign_out(campaign, len(rows)).model_dump(),
        participations=[participation_out(row) for row in rows],
    )


@router.post("/campaigns/{slug}/participants", status_code=status.HTTP_201_CREATED)
def join_campaign(
    slug: str, body: ParticipationIn, session: SessionDep, actor: ActorDep
) -> ParticipationOut:
    """Record that an influencer took part (analysts, admins): ``joined_at`` on a day the
    campaign ran and not in the future; once per influencer (409 otherwise)."""
    row = service.join_campaign(session, actor=actor, slug=slug, data=body, now=utcnow())
    return participation_out(row)


@router.get("/influencers/{slug}/corrections")
def list_corrections(slug: str, session: SessionDep, actor: ActorDep) -> list[CorrectionOut]:
    """Corrections the influencer published, newest first. Open to everyone."""
    rows = service.list_corrections(session, actor=actor, slug=slug)
    return [correction_out(row) for row in rows]


@router.post("/influencers/{slug}/corrections", status_code=status.HTTP_201_CREATED)
def add_correction(
    slug: str, body: CorrectionIn, session: SessionDep, actor: ActorDep
) -> CorrectionOut:
    """Record a published correction (analysts, admins, or the influencer themself): an
    http(s) ``url``, ``published_at`` not in the future, and optionally the ``case_id`` it
    corrects, which must be a case about this influencer."""
    row = service.add_correction(session, actor=actor, slug=slug, data=body, now=utcnow())
    return correction_out(row)
