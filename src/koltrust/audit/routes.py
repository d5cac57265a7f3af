"""JSON API of the audit log (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from koltrust.api.deps import ActorDep, SessionDep
from koltrust.audit import repository, service
from koltrust.auth.permissions import Action, authorize

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    data: dict[str, Any]
    hash: str


class ChainReportOut(BaseModel):
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None


@router.get("/events")
def list_events(
    session: SessionDep,
    actor: ActorDep,
    entity_type: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEventOut]:
    """The newest audit events, optionally for one entity."""
    authorize(actor, Action.READ_AUDIT)
    events = repository.list_events(
        session, entity_type=entity_type, entity_id=entity_id, limit=limit
    )
    return [AuditEventOut.model_validate(event) for event in events]


@router.get("/verify")
def verify_chain(session: SessionDep, actor: ActorDep) -> ChainReportOut:
    """Recompute the hash chain and report the first tampered event."""
    authorize(actor, Action.READ_AUDIT)
    report = service.verify(session)
    return ChainReportOut(
        ok=report.ok,
        checked=report.checked,
        first_bad_seq=report.first_bad_seq,
        problem=report.problem,
    )
