"""The sanction list for staff (by status, including those whose end has passed, and kind)
and the form that lifts a sanction early."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from koltrust.api.deps import ActorDep, PageDep, PageRequest, SessionDep, parse
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.db.types import utcnow
from koltrust.errors import InvalidTransition, StaleVersion, ValidationFailed
from koltrust.sanctions import service, standing
from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.schemas import LiftIn, SanctionFilters
from koltrust.web import case_forms, forms
from koltrust.web.case_context import when
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.routes_public import _pagination
from koltrust.web.templating import render, set_flash

router = APIRouter()

SanctionId = Annotated[int, Path(ge=1, le=2_147_483_647)]
FILTERS = ("status", "kind", "influencer")
LIFTED = N_("The sanction has been lifted.")
NOT_IN_FORCE = N_("Only a sanction in force can be lifted; this one is not any more.")
BAD_FILTER = N_("A filter was not understood and has been ignored.")


def _filters(request: Request) -> tuple[dict[str, str], SanctionFilters, bool]:
    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    try:
        return chosen, parse(SanctionFilters, {k: v or None for k, v in chosen.items()}), False
    except ValidationFailed:
        return dict.fromkeys(FILTERS, ""), SanctionFilters(), True


def sanctions_page(
    request: Request,
    session: Session,
    actor: Actor,
    paging: PageRequest,
    *,
    failed: tuple[int, case_forms.Errors, dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    """The list; ``failed`` names a sanction whose lift form was refused."""
    authorize(actor, Action.MANAGE_CASES)
    chosen, filters, ignored = _filters(request)
    rows, total = standing.search_sanctions(
        session,
        actor=actor,
        now=utcnow(),
        status=filters.status,
        influencer_slug=filters.influencer,
        kind=filters.kind,
        page=paging.page,
        per_page=paging.per_page,
    )
    sanction_id, errors, values = failed or (0, {}, {})
    context = {
        "sanctions": rows,
        "chosen": chosen,
        "ignored_filter": BAD_FILTER if ignored else "",
        "statuses": list(SanctionStatus),
        "kinds": list(SanctionKind),
        "pagination": _pagination(request, paging, total),
        "failed_sanction": sanction_id,
        "errors": errors,
        "values": values,
        "when": when,
    }
    return render(request, "sanctions.html", context, actor=actor, status_code=status_code)


@router.get("/sanctions")
def sanctions(request: Request, session: SessionDep, actor: ActorDep, paging: PageDep) -> Response:
    """Every sanction, newest first, filtered by status (an end that passed reads expired)."""
    return sanctions_page(request, session, actor, paging)


@router.post("/sanctions/{sanction_id}/lift")
def lift(
    request: Request,
    sanction_id: SanctionId,
    form: FormDep,
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
) -> Response:
    """End a sanction in force early, with the reason (staff)."""
    try:
        body = parse(
            LiftIn,
            {
                "reason": forms.text(form, "reason").replace("\r\n", "\n"),
                "expected_version": forms.optional(form, "expected_version"),
            },
        )
        service.lift(
            session,
            actor=actor,
            sanction_id=sanction_id,
            reason=body.reason,
            expected_version=body.expected_version,
            now=utcnow(),
        )
    except (ValidationFailed, InvalidTransition, StaleVersion) as error:
        session.rollback()
        errors = case_forms.error_messages(error)
        if isinstance(error, InvalidTransition):
            errors = {"": NOT_IN_FORCE}
        elif isinstance(error, StaleVersion):
            errors = {"": case_forms.STALE_SANCTION}
        failed = (sanction_id, errors, forms.values(form))
        return sanctions_page(
            request, session, actor, paging, failed=failed, status_code=error.status
        )
    set_flash(request, LIFTED)
    back = forms.text(form, "back")
    target = back if back.startswith("/sanctions") else "/sanctions"
    return RedirectResponse(f"{target}#sanction-{sanction_id}", status_code=303)
