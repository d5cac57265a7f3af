"""JSON API of imported account statistics and audience authenticity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.audience import service
from koltrust.audience.schemas import (
    ImportReportOut,
    InfluencerAudienceOut,
    RejectOut,
    influencer_audience_out,
)
from koltrust.db.types import utcnow

router = APIRouter(tags=["audience"])


@router.post("/accounts/stats")
def import_account_stats(
    records: Annotated[Any, Body()], session: SessionDep, actor: ActorDep
) -> ImportReportOut:
    """Import account statistics (analysts, admins): a JSON array of records, each naming an
    account by ``platform`` and ``handle`` (or the ``influencer``'s slug). All or nothing: any
    bad record refuses them all (422 ``account_stats_invalid``, ``errors`` listing index,
    field and reason). Each stored record gets its audience authenticity estimate."""
    report = service.import_list(session, actor=actor, items=records, now=utcnow())
    return ImportReportOut(
        source=report.source,
        added=len(report.snapshots),
        already_stored=report.already_stored,
        snapshots=[snapshot.id for snapshot in report.snapshots],
        influencers=report.influencers,
        rejects=[RejectOut.model_validate(r) for r in report.reject_dicts()],
    )


@router.get("/influencers/{slug}/audience")
def influencer_audience(slug: str, session: SessionDep, actor: ActorDep) -> InfluencerAudienceOut:
    """Each account of an influencer with its latest audience authenticity estimate, the
    parts it is made of (engagement against the tier's band, follower-growth spikes,
    duplicate and generic comments, fake-follower share) and its ``as_of``. Open to everyone."""
    influencer, latest = service.influencer_audience(session, actor=actor, slug=slug)
    return influencer_audience_out(influencer, latest)
