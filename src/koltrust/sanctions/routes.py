"""JSON API of sanctions and penalty points."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.cases.due_process import DueProcess
from koltrust.common_schemas import Page, Slug
from koltrust.db.types import utcnow
from koltrust.sanctions import service, standing
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.schemas import (
    LiftIn,
    PointEntryOut,
    PointStepOut,
    SanctionFilters,
    SanctionOut,
    StandingOut,
    TrainingCreditIn,
)

router = APIRouter(tags=["sanctions"])

SanctionId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/sanctions", response_model=Page[SanctionOut])
def list_sanctions(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    status: SanctionStatus | None = None,
    influencer: str | None = None,
    kind: SanctionKind | None = None,
) -> Page[SanctionOut]:
    """Sanctions, newest first (staff; an influencer their own with ?influencer=)."""
    filters = parse(SanctionFilters, {"status": status, "influencer": influencer, "kind": kind})
    found, total = standing.search_sanctions(
        session,
        actor=actor,
        now=utcnow(),
        status=filters.status,
        influencer_slug=filters.influencer,
        kind=filters.kind,
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([SanctionOut.model_validate(s) for s in found], total)


@router.get("/sanctions/{sanction_id}")
def get_sanction(sanction_id: SanctionId, session: SessionDep, actor: ActorDep) -> SanctionOut:
    """One sanction; its status reads expired once its end has passed."""
    return SanctionOut.model_validate(
        service.get_sanction(session, actor=actor, sanction_id=sanction_id)
    )


@router.post("/sanctions/{sanction_id}/lift")
def lift(
    sanction_id: SanctionId, body: LiftIn, session: SessionDep, actor: ActorDep
) -> SanctionOut:
    """End a sanction in force early (staff); 409 when it is no longer in force."""
    sanction = service.lift(
        session,
        actor=actor,
        sanction_id=sanction_id,
        reason=body.reason,
        expected_version=body.expected_version,
        now=utcnow(),
    )
    return SanctionOut.model_validate(sanction)


@router.get("/influencers/{slug}/points")
def points(slug: Slug, session: SessionDep, actor: ActorDep, settings: SettingsDep) -> StandingOut:
    """The influencer's penalty points now and how they came about (staff; their own)."""
    found = standing.standing(
        session,
        actor=actor,
        slug=slug,
        policy=DueProcess.from_settings(settings).policy,
        now=utcnow(),
    )
    return StandingOut(
        influencer=found.influencer.slug,
        points=found.state.balance,
        next_recovery_at=found.state.next_recovery_at,
        next_lapse_at=found.state.next_lapse_at,
        steps=[PointStepOut.model_validate(step) for step in found.state.steps],
        ledger=[PointEntryOut.model_validate(entry) for entry in found.ledger],
    )


@router.post("/influencers/{slug}/training-credits", status_code=201)
def training_credit(
    slug: Slug, body: TrainingCreditIn, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> PointEntryOut:
    """Credit points for completing the training module (staff; at most once a year)."""
    entry = standing.credit_training(
        session,
        actor=actor,
        slug=slug,
        reason=body.reason,
        policy=DueProcess.from_settings(settings).policy,
        now=utcnow(),
    )
    return PointEntryOut.model_validate(entry)
