"""Deciding a case, appealing the decision, deciding the appeal. A decision records the rules
violated, the reasoning, the evidence as it stood and the sanction; overturning it on appeal
ends the sanction and gives the points back, and the case's history keeps both."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.cases.due_process import DueProcess
from koltrust.cases.evidence import snapshot
from koltrust.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from koltrust.cases.service import (
    advance_case,
    case_for,
    claim_move,
    record_event,
    required_reason,
)
from koltrust.cases.states import CaseState, Move, next_state
from koltrust.db.versioning import check_version
from koltrust.errors import (
    DeadlinePassed,
    InvalidTransition,
    ReplyWindowOpen,
    SameAnalyst,
    ValidationFailed,
)
from koltrust.notifications.service import notify
from koltrust.sanctions import repository as sanctions_repository
from koltrust.sanctions import service as sanctions
from koltrust.sanctions.kinds import SanctionKind
from koltrust.sanctions.models import Sanction
from koltrust.sanctions.points import recommend
from koltrust.screening.model import Severity
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import recompute_for


@dataclass(frozen=True)
class DecisionRequest:
    """What the analyst decides. For a violation: the rules broken, and optionally the
    severity (else the highest of the cited findings), the sanction (else the policy's
    recommendation) and its duration in days (else the policy's)."""

    outcome: DecisionOutcome
    rule_ids: Sequence[str]
    reasoning: str
    expected_version: int
    severity: Severity | None = None
    sanction: SanctionKind | None = None
    duration_days: int | None = None


def decide(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    request: DecisionRequest,
    due: DueProcess,
    known_rule_ids: Collection[str],
    now: datetime,
) -> Case:
    """Decide a case in review: 409 reply_window_open while the influencer may still reply
    and has not, 409 stale_version when it moved since the analyst read it."""
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, Action.MANAGE_CASES)
    reasoning = required_reason(request.reasoning)
    check_version(case.version, request.expected_version, f"case {case_id}")
    if request.outcome not in (DecisionOutcome.VIOLATION, DecisionOutcome.NO_VIOLATION):
        raise ValidationFailed("A case is decided violation or no_violation", field="outcome")
    violation = request.outcome is DecisionOutcome.VIOLATION
    move = Move.DECIDE_VIOLATION if violation else Move.DECIDE_NO_VIOLATION
    target = next_state(case.state, move)
    _check_reply_window(case, now)
    evidence = snapshot(session, case, at=now)
    rule_ids = _checked_rule_ids(request, evidence, known_rule_ids)
    severity = request.severity or _highest_severity(evidence, rule_ids) if violation else None
    source = claim_move(session, case=case, target=target, now=now)
    decision = _record(session, actor, case, DecisionStage.FIRST, request.outcome, now)
    decision.rule_ids, decision.reasoning, decision.evidence = rule_ids, reasoning, evidence
    case.appeal_due_at = now + due.appeal_window
    sanction = None
    if severity is not None:
        sanction = _sanction(session, actor, case, decision, request, severity, due, now)
    record_event(
        session,
        actor=actor,
        case=case,
        move=move.value,
        source=source,
        reason=reasoning,
        data=_decision_data(decision, sanction),
    )
    notify(
        session,
        influencer_id=case.influencer_id,
        case_id=case.id,
        kind="case_decided",
        data={"outcome": request.outcome.value, "appeal_due_at": f"{case.appeal_due_at:%Y-%m-%d}"},
        at=now,
    )
    recompute_for(session, [case.influencer_id], trigger=ScoreTrigger.DECISION, now=now)
    return case


def appeal(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    reason: str,
    expected_version: int | None,
    now: datetime,
) -> Case:
    """The influencer concerned appeals a decision of violation, once, within the window."""
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, Action.APPEAL_CASES, influencer_id=case.influencer_id)
    reason = required_reason(reason)
    check_version(case.version, expected_version, f"case {case_id}")
    target = next_state(case.state, Move.APPEAL)
    if case.state is CaseState.DECIDED_NO_VIOLATION:
        raise InvalidTransition(
            f"Case {case_id} found no violation; there is nothing to appeal",
            current_state=case.state.value,
        )
    if case.appeal_due_at is not None and now > case.appeal_due_at:
        raise DeadlinePassed(
            f"The appeal window of case {case_id} ended on {case.appeal_due_at:%Y-%m-%d %H:%M} UTC",
            appeal_due_at=case.appeal_due_at.isoformat(),
        )
    advance_case(
        session,
        actor=actor,
        case=case,
        move=Move.APPEAL.value,
        target=target,
        reason=reason,
        now=now,
    )
    notify(
        session,
        influencer_id=case.influencer_id,
        case_id=case.id,
        kind="appeal_received",
        at=now,
    )
    return case


def decide_appeal(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    outcome: DecisionOutcome,
    reasoning: str,
    expected_version: int,
    now: datetime,
) -> Case:
    """Decide an appeal (staff, not the analyst who made the first decision): upheld leaves
    everything standing; overturned ends the sanction and gives its points back."""
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, Action.MANAGE_CASES)
    reasoning = required_reason(reasoning)
    check_version(case.version, expected_version, f"case {case_id}")
    if outcome not in (DecisionOutcome.UPHELD, DecisionOutcome.OVERTURNED):
        raise ValidationFailed("An appeal is decided upheld or overturned", field="outcome")
    target = next_state(case.state, Move.DECIDE_APPEAL)
    first = _first_decision(case)
    _check_other_analyst(actor, first)
    source = claim_move(session, case=case, target=target, now=now)
    decision = _record(session, actor, case, DecisionStage.APPEAL, outcome, now)
    decision.reasoning, decision.rule_ids = reasoning, first.rule_ids
    decision.evidence = snapshot(session, case, at=now)
    sanction = sanctions_repository.for_decision(session, first.id)
    if outcome is DecisionOutcome.OVERTURNED and sanction is not None:
        sanctions.overturn(session, actor=actor, sanction=sanction, reason=reasoning, now=now)
    record_event(
        session,
        actor=actor,
        case=case,
        move=Move.DECIDE_APPEAL.value,
        source=source,
        reason=reasoning,
        data=_decision_data(decision, sanction),
    )
    notify(
        session,
        influencer_id=case.influencer_id,
        case_id=case.id,
        kind="appeal_decided",
        data={"outcome": outcome.value},
        at=now,
    )
    recompute_for(session, [case.influencer_id], trigger=ScoreTrigger.DECISION, now=now)
    return case


def _check_reply_window(case: Case, now: datetime) -> None:
    if case.replies or case.reply_due_at is None or now >= case.reply_due_at:
        return
    raise ReplyWindowOpen(
        f"{case.influencer_slug} may reply to case {case.id} until "
        f"{case.reply_due_at:%Y-%m-%d %H:%M} UTC and has not yet; decide after their reply "
        "or once the window has passed",
        reply_due_at=case.reply_due_at.isoformat(),
    )


def _checked_rule_ids(
    request: DecisionRequest, evidence: dict[str, object], known: Collection[str]
) -> list[str]:
    rule_ids = sorted(set(request.rule_ids))
    if request.outcome is DecisionOutcome.VIOLATION and not rule_ids:
        raise ValidationFailed("Name the rules the posts violate", field="rule_ids")
    unknown = [rule_id for rule_id in rule_ids if rule_id not in known]
    if unknown:
        raise ValidationFailed(
            f"Unknown rule id {', '.join(unknown)}: cite rules of the rulebook",
            field="rule_ids",
            unknown=unknown,
        )
    return rule_ids


def _highest_severity(evidence: dict[str, object], rule_ids: list[str]) -> Severity:
    findings = evidence.get("findings") or []
    assert isinstance(findings, list)
    cited = [Severity(f["severity"]) for f in findings if f["rule_id"] in rule_ids]
    if not cited:
        raise ValidationFailed(
            "None of the cited rules has a finding in this case; give the severity",
            field="severity",
        )
    return max(cited, key=lambda severity: severity.rank)


def _sanction(
    session: Session,
    actor: Actor,
    case: Case,
    decision: Decision,
    request: DecisionRequest,
    severity: Severity,
    due: DueProcess,
    now: datetime,
) -> Sanction:
    history = sanctions_repository.ledger_lines(
        sanctions_repository.ledger(session, case.influencer_id)
    )
    advice = recommend(due.policy, severity=severity, history=history, now=now)
    order = sanctions.SanctionOrder(
        kind=request.sanction or advice.kind,
        recommendation=advice,
        duration_days=request.duration_days,
    )
    decision.evidence = decision.evidence | {
        "sanction_recommendation": {
            "kind": advice.kind.value,
            "points": advice.points,
            "severity": severity.value,
            "reasons": advice.reasons,
        }
    }
    return sanctions.issue(
        session,
        actor=actor,
        case=case,
        decision=decision,
        order=order,
        policy=due.policy,
        now=now,
    )


def _record(
    session: Session,
    actor: Actor,
    case: Case,
    stage: DecisionStage,
    outcome: DecisionOutcome,
    now: datetime,
) -> Decision:
    decision = Decision(
        stage=stage,
        outcome=outcome,
        rule_ids=[],
        reasoning="",
        evidence={},
        decided_by_user_id=actor.user_id,
        decided_by=actor.label,
        decided_at=now,
    )
    case.decisions.append(decision)
    session.flush()
    return decision


def _first_decision(case: Case) -> Decision:
    return next(d for d in case.decisions if d.stage is DecisionStage.FIRST)


def _check_other_analyst(actor: Actor, first: Decision) -> None:
    same_user = actor.user_id is not None and actor.user_id == first.decided_by_user_id
    if same_user or actor.label == first.decided_by:
        raise SameAnalyst(
            f"{actor.label} made the decision under appeal; another analyst decides the appeal",
            decided_by=first.decided_by,
        )


def _decision_data(decision: Decision, sanction: Sanction | None) -> dict[str, object]:
    data: dict[str, object] = {
        "decision_id": decision.id,
        "outcome": decision.outcome.value,
        "rule_ids": decision.rule_ids,
    }
    if sanction is not None:
        data |= {
            "sanction_id": sanction.id,
            "sanction": sanction.kind.value,
            "sanction_status": sanction.status.value,
            "recommended": sanction.recommended_kind.value,
            "points": sanction.points,
        }
    return data
