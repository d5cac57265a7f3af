"""JSON API of reports: anyone sends one; the alliance's staff list and read them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from koltrust.api.deps import ActorDep, PageDep, SessionDep, SettingsDep, parse
from koltrust.common_schemas import Page
from koltrust.config import Settings
from koltrust.content.routes import screening_source
from koltrust.db.types import utcnow
from koltrust.reports import service
from koltrust.reports.models import ReportStatus
from koltrust.reports.schemas import ReportCreatedOut, ReportFilters, ReportIn, ReportStaffOut

router = APIRouter(tags=["reports"])

ReportId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def intake(request: Request, settings: Settings) -> service.Intake:
    """The category codes of the current rulebook and the configured limits."""
    categories = screening_source(request).engine().rulebook.categories
    return service.Intake(
        categories=frozenset(categories),
        per_client_per_hour=settings.reports_per_client_per_hour,
        client_hash_key=settings.client_hash_key(),
    )


def client_address(request: Request) -> str:
    """The address the request came from ('' when unknown)."""
    return request.client.host if request.client else ""


def report_request(body: ReportIn) -> service.ReportRequest:
    """The service's request for a validated body."""
    return service.ReportRequest(
        target=body.target,
        post_id=body.post_id,
        influencer_slug=body.influencer,
        category=body.category,
        text=body.text,
        evidence_urls=body.evidence_urls,
        contact=body.contact,
    )


@router.post("/reports", status_code=status.HTTP_201_CREATED)
def create_report(
    body: ReportIn,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    response: Response,
) -> ReportCreatedOut:
    """Report a stored post or an influencer (anyone, signed in or not). The same report sent
    again from the same client within 24 hours returns the stored one with 200 and
    ``duplicate: true``; too many anonymous reports in an hour are a 429 with Retry-After."""
    received = service.create_report(
        session,
        actor=actor,
        request=report_request(body),
        intake=intake(request, settings),
        client_address=client_address(request),
        now=utcnow(),
    )
    if received.duplicate:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/reports/{received.report.id}"
    out = ReportCreatedOut.model_validate(received.report)
    return out.model_copy(update={"duplicate": received.duplicate})


@router.get("/reports", response_model=Page[ReportStaffOut])
def list_reports(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    status: ReportStatus | None = None,
    category: str | None = None,
    trusted: bool | None = None,
) -> Page[ReportStaffOut]:
    """Reports, trusted flaggers' first, then newest (staff); filter by status, category and
    whether a trusted flagger sent them."""
    filters = parse(ReportFilters, {"status": status, "category": category, "trusted": trusted})
    reports, total = service.search_reports(
        session,
        actor=actor,
        status=filters.status,
        category=filters.category,
        trusted=filters.trusted,
        page=paging.page,
        per_page=paging.per_page,
    )
    return paging.page_of([ReportStaffOut.model_validate(r) for r in reports], total)


@router.get("/reports/{report_id}")
def get_report(report_id: ReportId, session: SessionDep, actor: ActorDep) -> ReportStaffOut:
    """One report (staff)."""
    return ReportStaffOut.model_validate(
        service.get_report(session, actor=actor, report_id=report_id)
    )
