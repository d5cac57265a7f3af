"""JSON API of due process on a case: the influencer's reply, the decision, the appeal and
the appeal's decision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from koltrust.api.deps import ActorDep, SessionDep, SettingsDep
from koltrust.cases import decisions, replies
from koltrust.cases.due_process import DueProcess
from koltrust.cases.schemas import AppealDecisionIn, AppealIn, CaseDetailOut, DecisionIn, ReplyIn
from koltrust.content.routes import screening_source
from koltrust.db.types import utcnow

router = APIRouter(tags=["cases"])

CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("/cases/{case_id}/replies")
def reply(case_id: CaseId, body: ReplyIn, session: SessionDep, actor: ActorDep) -> CaseDetailOut:
    """The influencer concerned replies before the decision (409 deadline_passed after the
    reply window, 409 invalid_transition once decided)."""
    case = replies.submit_reply(
        session,
        actor=actor,
        case_id=case_id,
        text=body.text,
        evidence_urls=body.evidence_urls,
        expected_version=body.expected_version,
        now=utcnow(),
    )
    return CaseDetailOut.model_validate(case)


@router.post("/cases/{case_id}/decision")
def decide(
    case_id: CaseId,
    body: DecisionIn,
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
) -> CaseDetailOut:
    """Decide a case in review, with the rules violated, the reasoning and (for a violation)
    the sanction; 409 reply_window_open while the influencer may still reply and has not."""
    rulebook = screening_source(request).engine().rulebook
    case = decisions.decide(
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
    return CaseDetailOut.model_validate(case)


@router.post("/cases/{case_id}/appeal")
def appeal(case_id: CaseId, body: AppealIn, session: SessionDep, actor: ActorDep) -> CaseDetailOut:
    """The influencer concerned appeals a decision of violation, once, within the window."""
    case = decisions.appeal(
        session,
        actor=actor,
        case_id=case_id,
        reason=body.reason,
        expected_version=body.expected_version,
        now=utcnow(),
    )
    return CaseDetailOut.model_validate(case)


@router.post("/cases/{case_id}/appeal-decision")
def decide_appeal(
    case_id: CaseId, body: AppealDecisionIn, session: SessionDep, actor: ActorDep
) -> CaseDetailOut:
    """Decide an appeal (another analyst than the first decision's): overturning ends the
    sanction and gives its points back."""
    case = decisions.decide_appeal(
        session,
        actor=actor,
        case_id=case_id,
        outcome=body.outcome,
        reasoning=body.reasoning,
        expected_version=body.expected_version,
        now=utcnow(),
    )
    return CaseDetailOut.model_validate(case)
