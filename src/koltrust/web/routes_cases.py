"""The case page and the analysts' forms on it: start the review, decide, decide an appeal,
close. A refused form shows the case again with the message and what the analyst entered;
nothing of it is stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep, parse
from koltrust.auth.permissions import Actor
from koltrust.cases import decisions, service, triage_assignment
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case
from koltrust.cases.schemas import AppealDecisionIn, DecisionIn, MoveIn
from koltrust.cases.states import Move
from koltrust.content.routes import category_labels, screening_source
from koltrust.db.types import utcnow
from koltrust.errors import Conflict, SameAnalyst, ValidationFailed
from koltrust.web import case_forms, forms, i18n
from koltrust.web.case_context import case_context
from koltrust.web.csrf import FormDep
from koltrust.web.i18n import N_
from koltrust.web.templating import render, set_flash

router = APIRouter()

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DONE = {
    "start_review": N_("The review has started."),
    "decide": N_("The decision has been recorded."),
    "decide_appeal": N_("The appeal has been decided."),
    "close": N_("The case has been closed."),
    "assign": N_("The assignment has been changed."),
}
# the service errors a form shows beside itself rather than as an error page
FORM_ERRORS = (ValidationFailed, Conflict, SameAnalyst)


def case_page(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    failed: tuple[str, case_forms.Errors, dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    """The case page; ``failed`` names a refused form, its messages and the values entered."""
    settings = request.app.state.settings
    case = service.get_case(session, actor=actor, case_id=case_id)
    locale = i18n.choose_locale(request, settings.default_locale)
    context = case_context(
        session,
        actor=actor,
        case=case,
        labels=category_labels(request),
        locale=locale,
        due=DueProcess.from_settings(settings),
        now=utcnow(),
    )
    name, errors, values = failed or ("", {}, {})
    context |= {"failed_form": name, "errors": errors, "values": values}
    return render(request, "case.html", context, actor=actor, status_code=status_code)


@router.get("/cases/{case_id}")
def case_detail(
    request: Request, case_id: CaseId, session: SessionDep, actor: ActorDep
) -> Response:
    """One case: its posts with the findings marked, reports, timeline, decisions, forms."""
    return case_page(request, session, actor, case_id)


def run_form(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    case_id: int,
    form: FormData,
    name: str,
    action: Callable[[], Case],
    back: Callable[..., Response] | None = None,
) -> Response:
    """Do ``action``; on a refusal undo everything and show the page again with the message."""
    try:
        action()
    except FORM_ERRORS as error:
        # the request commits when the handler returns: undo anything flushed so far
        session.rollback()
        failed = (name, case_forms.error_messages(error), case_forms.form_values(form))
        show = back or case_page
        return show(request, session, actor, case_id, failed=failed, status_code=error.status)
    set_flash(request, DONE.get(name, N_("Done.")))
    return RedirectResponse(f"/cases/{case_id}#case-state", status_code=303)


def _move(session: Session, actor: Actor, case_id: int, move: Move, form: FormData) -> Case:
    body = parse(
        MoveIn,
        {
            "move": move.value,
            "reason": forms.text(form, "reason"),
            "expected_version": forms.text(form, "expected_version"),
        },
    )
    return service.move_case(
        session,
        actor=actor,
        case_id=case_id,
        move=body.move,
        reason=body.reason,
        expected_version=body.expected_version,
    )


@router.post("/cases/{case_id}/review")
def start_review(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Start the review of an open case (staff)."""
    return run_form(
        request,
        session,
        actor,
        case_id=case_id,
        form=form,
        name="start_review",
        action=lambda: _move(session, actor, case_id, Move.START_REVIEW, form),
    )


@router.post("/cases/{case_id}/close")
def close_case(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Close a decided case once nobody may appeal any more (staff)."""
    return run_form(
        request,
        session,
        actor,
        case_id=case_id,
        form=form,
        name="close",
        action=lambda: _move(session, actor, case_id, Move.CLOSE, form),
    )


@router.post("/cases/{case_id}/decision")
def decide(
    request: Request,
    case_id: CaseId,
    form: FormDep,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> Response:
    """Decide a case in review: outcome, rules, reasoning and, for a violation, the sanction."""

    def action() -> Case:
        body = parse(DecisionIn, case_forms.decision_data(form))
        rulebook = screening_source(request).engine().rulebook
        return decisions.decide(
            session,
            actor=actor,
            case_id=case_id,
            request=decisions.DecisionRequest(
                outcome=body.outcome,
                rule_ids=body.rule_ids,
                reasoning=body.reasoning,
                expected_version=body.expected_version,
                severity=body.severity,
                sanction=body.sanction,
                duration_days=body.duration_days,
            ),
            due=DueProcess.from_settings(settings),
            known_rule_ids={rule.id for rule in rulebook.rules},
            now=utcnow(),
        )

    return run_form(
        request, session, actor, case_id=case_id, form=form, name="decide", action=action
    )


@router.post("/cases/{case_id}/appeal-decision")
def decide_appeal(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Decide an appeal: upheld or overturned (another analyst than the first decision's)."""

    def action() -> Case:
        body = parse(
            AppealDecisionIn,
            {
                "outcome": forms.text(form, "outcome"),
                "reasoning": forms.text(form, "reasoning").replace("\r\n", "\n"),
                "expected_version": forms.text(form, "expected_version"),
            },
        )
        return decisions.decide_appeal(
            session,
            actor=actor,
            case_id=case_id,
            outcome=body.outcome,
            reasoning=body.reasoning,
            expected_version=body.expected_version,
            now=utcnow(),
        )

    return run_form(
        request, session, actor, case_id=case_id, form=form, name="decide_appeal", action=action
    )


@router.post("/cases/{case_id}/assignment")
def assign(
    request: Request, case_id: CaseId, form: FormDep, session: SessionDep, actor: ActorDep
) -> Response:
    """Take the case (assign it to oneself) or give it back (``release``)."""

    def action() -> Case:
        user_id = None if forms.text(form, "release") == "1" else actor.user_id
        return triage_assignment.assign(
            session,
            actor=actor,
            case_id=case_id,
            user_id=user_id,
            expected_version=case_forms.expected_version(form),
        )

    return run_form(
        request, session, actor, case_id=case_id, form=form, name="assign", action=action
    )
