"""JSON API of cases: open, list, read with events, move."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.cases import service
from koltrust.cases.models import Case
from koltrust.cases.schemas import CaseCreate, CaseDetailOut, CaseFilters, CaseOut, MoveIn
from koltrust.cases.states import CaseState
from koltrust.common_schemas import Page

router = APIRouter(tags=["cases"])

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _detail(case: Case) -> CaseDetailOut:
    return CaseDetailOut.model_validate(case)


@router.post("/cases", status_code=status.HTTP_201_CREATED)
def open_case(
    body: CaseCreate,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    response: Response,
) -> CaseDetailOut:
    """Open a case about an influencer and an issue on their stored findings (staff)."""
    case = service.open_case(
        session,
        actor=actor,
        request=service.CaseRequest(
            influencer_slug=body.influencer,
            category=body.category,
            finding_ids=body.finding_ids,
            reason=body.reason,
        ),
        reply_window=timedelta(days=settings.case_reply_window_days),
    )
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return _detail(case)


@router.get("/cases", response_model=Page[CaseOut])
def list_cases(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    state: CaseState | None = None,
    influencer: str | None = None,
) -> Page[CaseOut]:
    """Cases, most recently moved first (staff); filter by state and influencer."""
    filters = parse(CaseFilters, {"state": state, "influencer": influencer})
    cases, total = service.search_cases(
        session,
        actor=actor,
        state=filters.state,
        influencer_slug=filters.influencer,
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([CaseOut.model_validate(case) for case in cases], total)


@router.get("/cases/{case_id}")
def get_case(case_id: CaseId, session: SessionDep, actor: ActorDep) -> CaseDetailOut:
    """A case with its events (staff; the influencer concerned their own)."""
    return _detail(service.get_case(session, actor=actor, case_id=case_id))


@router.post("/cases/{case_id}/moves")
def move_case(case_id: CaseId, body: MoveIn, session: SessionDep, actor: ActorDep) -> CaseDetailOut:
    """Move a case (409 stale_version when it moved since ``expected_version``, 409
    invalid_transition when its state does not allow the move)."""
    case = service.move_case(
        session,
        actor=actor,
        case_id=case_id,
        move=body.move,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return _detail(case)
