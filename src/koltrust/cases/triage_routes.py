"""JSON API of the triage queue: read it, dismiss items, attach them to a case, open a case
from a group, assign a case (staff)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Actor
from koltrust.cases import triage, triage_assignment
from koltrust.cases.auto_open import AutoOpenPolicy
from koltrust.cases.schemas import CaseDetailOut
from koltrust.cases.triage_queue import UNASSIGNED, Entry, Summary
from koltrust.cases.triage_schemas import (
    AssignmentIn,
    AttachIn,
    DismissalOut,
    DismissalsOut,
    DismissIn,
    GroupCaseIn,
    ItemsIn,
    PendingOut,
    QueueCaseOut,
    QueueEntryOut,
    QueueFilters,
)
from koltrust.common_schemas import Page
from koltrust.errors import ValidationFailed

router = APIRouter(tags=["triage"])

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/queue", response_model=Page[QueueEntryOut])
def read_queue(
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    paging: PageDep,
    category: str | None = None,
    severity: str | None = None,
    source: str | None = None,
    influencer: str | None = None,
    assigned_to: str | None = None,
    state: str | None = None,
    sort: str | None = None,
) -> Page[QueueEntryOut]:
    """The triage queue (staff): one entry per influencer and category with its open case and
    the findings, suggestions and reports waiting; trusted flaggers' first unless ``sort``
    says severity, confidence or age. ``severity`` is the lowest to show; ``assigned_to`` is
    me, unassigned or a user id."""
    given = {
        "category": category,
        "severity": severity,
        "source": source,
        "influencer": influencer,
        "assigned_to": assigned_to,
        "state": state,
        "sort": sort,
    }
    filters = parse(QueueFilters, {k: v for k, v in given.items() if v is not None})
    entries, total = triage.queue(
        session,
        actor=actor,
        query=triage.QueueQuery(
            category=filters.category,
            severity_min=filters.severity,
            source=filters.source,
            influencer_slug=filters.influencer,
            assigned_to=_assignee(filters.assigned_to, actor),
            state=filters.state,
            sort=filters.sort,
        ),
        policy=AutoOpenPolicy.from_settings(settings),
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([_entry_out(entry) for entry in entries], total)


@router.post("/queue/dismissals")
def dismiss(body: DismissIn, session: SessionDep, actor: ActorDep) -> DismissalsOut:
    """Set findings and reports aside without a case, with the reason (staff)."""
    kept = triage.dismiss(session, actor=actor, items=_items(body), reason=body.reason)
    return DismissalsOut(dismissals=[DismissalOut.model_validate(d) for d in kept])


@router.post("/queue/cases", status_code=status.HTTP_201_CREATED)
def open_from_group(
    body: GroupCaseIn,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    response: Response,
) -> CaseDetailOut:
    """Open a case on items of the queue (staff); 409 when one is open for the pair already."""
    case = triage.open_from_group(
        session,
        actor=actor,
        request=triage.GroupCase(
            influencer_slug=body.influencer,
            category=body.category,
            items=_items(body),
            reason=body.reason,
        ),
        reply_window=timedelta(days=settings.case_reply_window_days),
    )
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return CaseDetailOut.model_validate(case)


@router.post("/cases/{case_id}/items")
def attach_items(
    case_id: CaseId, body: AttachIn, session: SessionDep, actor: ActorDep
) -> CaseDetailOut:
    """Add findings and reports about the case's influencer to a case open or in review."""
    case = triage.attach_items(
        session, actor=actor, case_id=case_id, items=_items(body), reason=body.reason
    )
    return CaseDetailOut.model_validate(case)


@router.post("/cases/{case_id}/assignment")
def assign(
    case_id: CaseId, body: AssignmentIn, session: SessionDep, actor: ActorDep
) -> CaseDetailOut:
    """Assign a case to an analyst or admin, or to nobody (``user_id: null``); 409
    stale_version when it changed since ``expected_version``."""
    case = triage_assignment.assign(
        session,
        actor=actor,
        case_id=case_id,
        user_id=body.user_id,
        expected_version=body.expected_version,
        reason=body.reason,
    )
    return CaseDetailOut.model_validate(case)


def _items(body: ItemsIn) -> triage.Items:
    return triage.Items(body.finding_ids, body.report_ids)


def _assignee(given: str | None, actor: Actor) -> int | str | None:
    if given is None or given == UNASSIGNED:
        return given
    if given == "me":
        if actor.user_id is None:
            raise ValidationFailed("assigned_to=me needs a signed-in user", field="assigned_to")
        return actor.user_id
    return int(given)


def _entry_out(entry: Entry) -> QueueEntryOut:
    return QueueEntryOut(
        influencer=entry.influencer_slug,
        category=entry.category,
        severity=entry.severity,
        confidence=entry.confidence,
        since=entry.since,
        trusted_reports=entry.trusted_reports,
        case=QueueCaseOut.model_validate(entry.case) if entry.case else None,
        pending=_pending_out(entry.pending),
    )


def _pending_out(summary: Summary) -> PendingOut:
    return PendingOut(
        findings=len(summary.finding_ids),
        suggestions=len(summary.suggestion_ids),
        reports=len(summary.report_ids),
        trusted_reports=summary.trusted_reports,
        highest_severity=summary.highest_severity,
        max_confidence=summary.max_confidence,
        oldest_at=summary.oldest_at,
        newest_at=summary.newest_at,
        finding_ids=summary.finding_ids,
        suggestion_ids=summary.suggestion_ids,
        report_ids=summary.report_ids,
    )
