"""The analysts' queue page: the triage queue's groups (a case open or in review, or items
waiting without one, per influencer and category), and the decided and closed cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from koltrust.api.deps import ActorDep, PageDep, PageRequest, SessionDep
from koltrust.auth.models import User
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.cases import service, triage
from koltrust.cases.auto_open import AutoOpenPolicy
from koltrust.cases.models import Case
from koltrust.cases.states import CaseState
from koltrust.cases.triage_queue import Entry, Sort
from koltrust.cases.triage_repository import ACTIVE_STATES
from koltrust.content.models import StoredFinding
from koltrust.content.routes import category_labels
from koltrust.errors import Conflict, ValidationFailed
from koltrust.screening.model import Severity
from koltrust.web import case_forms, forms, i18n
from koltrust.web.case_context import category_name, when
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.routes_public import _pagination
from koltrust.web.templating import render, set_flash

router = APIRouter()

FILTERS = ("state", "category", "severity", "mine", "sort")
# decided and closed cases are few next to the queue; past this many the newest are listed
MAX_PAST_CASES = 500
CASE_OPENED = N_("The case has been opened; the influencer is told and may reply.")


@dataclass(frozen=True)
class Row:
    """One line of the queue page."""

    case: Case | None
    influencer_slug: str | None
    influencer_name: str
    category: str
    severity: Severity | None
    findings: int
    suggestions: int
    reports: int
    trusted_reports: int
    since: datetime | None
    # what waits without a case, for the form that opens one on it
    waiting_finding_ids: tuple[int, ...] = ()
    waiting_report_ids: tuple[int, ...] = ()


def _choice(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


def chosen_filters(request: Request) -> dict[str, str]:
    """The filters of the query string; values not understood are dropped."""
    given = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    return {
        "state": _choice(given["state"], [state.value for state in CaseState]),
        "category": given["category"][:60],
        "severity": _choice(given["severity"], [severity.value for severity in Severity]),
        "mine": "1" if given["mine"] == "1" else "",
        "sort": _choice(given["sort"], [sort.value for sort in Sort]),
    }


def _entry_row(entry: Entry) -> Row:
    case = entry.case
    both = (entry.pending, entry.in_case)
    return Row(
        case=case,
        influencer_slug=entry.influencer_slug,
        influencer_name=case.influencer.display_name if case else entry.influencer_slug or "",
        category=entry.category,
        severity=entry.severity,
        findings=sum(len(s.finding_ids) for s in both),
        suggestions=sum(len(s.suggestion_ids) for s in both),
        reports=sum(len(s.report_ids) for s in both),
        trusted_reports=entry.trusted_reports,
        since=entry.since,
        waiting_finding_ids=(*entry.pending.finding_ids, *entry.pending.suggestion_ids),
        waiting_report_ids=tuple(entry.pending.report_ids),
    )


def _queue_rows(
    request: Request, session: Session, actor: Actor, chosen: dict[str, str], paging: PageRequest
) -> tuple[list[Row], int]:
    entries, total = triage.queue(
        session,
        actor=actor,
        query=triage.QueueQuery(
            category=chosen["category"] or None,
            severity_min=Severity(chosen["severity"]) if chosen["severity"] else None,
            assigned_to=actor.user_id if chosen["mine"] else None,
            state=CaseState(chosen["state"]) if chosen["state"] else None,
            sort=Sort(chosen["sort"]) if chosen["sort"] else Sort.TRUSTED,
        ),
        policy=AutoOpenPolicy.from_settings(request.app.state.settings),
        page=paging.page,
        per_page=paging.per_page,
    )
    return [_entry_row(entry) for entry in entries], total


def _case_row(session: Session, case: Case) -> Row:
    found = [session.get(StoredFinding, finding_id) for finding_id in case.finding_ids]
    severities = [finding.severity for finding in found if finding is not None]
    return Row(
        case=case,
        influencer_slug=case.influencer_slug,
        influencer_name=case.influencer.display_name,
        category=case.category,
        severity=max(severities, key=lambda s: s.rank, default=None),
        findings=len(case.finding_ids),
        suggestions=0,
        reports=len(case.report_ids),
        trusted_reports=0,
        since=case.opened_at,
    )


def _past_rows(
    session: Session, actor: Actor, chosen: dict[str, str], paging: PageRequest
) -> tuple[list[Row], int]:
    cases, _ = service.search_cases(
        session,
        actor=actor,
        state=CaseState(chosen["state"]),
        influencer_slug=None,
        page=1,
        per_page=MAX_PAST_CASES,
    )
    rows = [_case_row(session, case) for case in cases]
    floor = Severity(chosen["severity"]).rank if chosen["severity"] else -1
    kept = [
        row
        for row in rows
        if (not chosen["category"] or row.category == chosen["category"])
        and (not chosen["mine"] or (row.case and row.case.assigned_to == actor.user_id))
        and (row.severity.rank if row.severity else -1) >= floor
    ]
    if chosen["sort"] == Sort.SEVERITY.value:
        kept.sort(key=lambda row: -(row.severity.rank if row.severity else -1))
    start = (paging.page - 1) * paging.per_page
    return kept[start : start + paging.per_page], len(kept)


def _assignees(session: Session, rows: list[Row]) -> dict[int, str]:
    ids = {row.case.assigned_to for row in rows if row.case and row.case.assigned_to}
    users = (session.get(User, user_id) for user_id in ids)
    return {user.id: user.display_name for user in users if user is not None}


def queue_page(
    request: Request,
    session: Session,
    actor: Actor,
    paging: PageRequest,
    *,
    alert: case_forms.Errors | None = None,
    status_code: int = 200,
) -> Response:
    """The queue page; ``alert`` says why a form on it was refused."""
    authorize(actor, Action.MANAGE_CASES)
    chosen = chosen_filters(request)
    active = not chosen["state"] or CaseState(chosen["state"]) in ACTIVE_STATES
    if active:
        rows, total = _queue_rows(request, session, actor, chosen, paging)
    else:
        rows, total = _past_rows(session, actor, chosen, paging)
    labels = category_labels(request)
    locale = i18n.choose_locale(request, request.app.state.settings.default_locale)
    names = {row.category: category_name(labels, row.category, locale) for row in rows}
    context: dict[str, Any] = {
        "rows": rows,
        "active": active,
        "chosen": chosen,
        "assignees": _assignees(session, rows),
        "categories": sorted((code, category_name(labels, code, locale)) for code in labels),
        "category_names": names,
        "states": list(CaseState),
        "severities": list(reversed(Severity)),
        "sorts": list(Sort),
        "pagination": _pagination(request, paging, total),
        "errors": alert or {},
        "when": when,
    }
    return render(request, "cases.html", context, actor=actor, status_code=status_code)


@router.get("/cases")
def case_queue(request: Request, session: SessionDep, actor: ActorDep, paging: PageDep) -> Response:
    """The queue (staff): groups with severity, counts, influencer, category, assignee, state;
    filters by state, category, lowest severity, mine; sorting."""
    return queue_page(request, session, actor, paging)


def _ids(form: FormData, name: str) -> list[int]:
    try:
        return [int(part) for part in forms.text(form, name).split(",") if part.strip()]
    except ValueError as error:
        raise ValidationFailed(f"{name} must list whole numbers", field=name) from error


@router.post("/cases/from-queue")
def open_from_queue(
    request: Request, form: FormDep, session: SessionDep, actor: ActorDep, paging: PageDep
) -> Response:
    """Open a case on what waits for an influencer and issue (staff)."""
    try:
        case = triage.open_from_group(
            session,
            actor=actor,
            request=triage.GroupCase(
                influencer_slug=forms.text(form, "influencer"),
                category=forms.text(form, "category"),
                items=triage.Items(_ids(form, "finding_ids"), _ids(form, "report_ids")),
                reason=forms.text(form, "reason"),
            ),
        )
    except (ValidationFailed, Conflict) as error:
        session.rollback()
        alert = case_forms.error_messages(error)
        # the form's only field is the reason: say its message at the top
        alert = alert if "" in alert else {"": next(iter(alert.values()))}
        return queue_page(request, session, actor, paging, alert=alert, status_code=error.status)
    set_flash(request, CASE_OPENED)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)
