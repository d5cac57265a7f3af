"""Cases: opened by staff on stored findings, moved through the transition table. Every move
is one event and one audit entry in the caller's transaction; a move names the version it was
made from, and a case moved meanwhile is a 409 stale_version (optimistic locking)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize, is_allowed
from koltrust.cases import repository
from koltrust.cases.models import Case, CaseEvent, CaseFinding
from koltrust.cases.states import (
    DECIDED,
    INITIAL_STATE,
    CaseState,
    Move,
    Party,
    next_state,
    party_for,
)
from koltrust.db.types import utcnow
from koltrust.db.versioning import check_version
from koltrust.errors import AppealWindowOpen, NotFound, StaleVersion, ValidationFailed
from koltrust.notifications.service import notify
from koltrust.registry import repository as registry

# the default of KOLTRUST_CASE_REPLY_WINDOW_DAYS, for callers without settings at hand
DEFAULT_REPLY_WINDOW = timedelta(days=7)

_PERMISSION = {Party.STAFF: Action.MANAGE_CASES, Party.CONCERNED_INFLUENCER: Action.APPEAL_CASES}


@dataclass(frozen=True)
class CaseRequest:
    """What the caller asks for when opening a case."""

    influencer_slug: str
    category: str
    finding_ids: Sequence[int]
    reason: str


def open_case(
    session: Session,
    *,
    actor: Actor,
    request: CaseRequest,
    reply_window: timedelta = DEFAULT_REPLY_WINDOW,
    now: datetime | None = None,
) -> Case:
    """Open a case about an influencer and an issue, resting on their stored findings; the
    influencer is notified and may reply within ``reply_window``."""
    authorize(actor, Action.MANAGE_CASES)
    reason = required_reason(request.reason)
    influencer = registry.influencer_by_slug(session, request.influencer_slug)
    if influencer is None:
        raise ValidationFailed(
            f"No influencer with slug '{request.influencer_slug}'", field="influencer"
        )
    finding_ids = sorted(set(request.finding_ids))
    _check_findings(session, finding_ids, influencer_id=influencer.id)
    now = now or utcnow()
    case = Case(
        influencer=influencer,
        category=request.category,
        state=INITIAL_STATE,
        version=1,
        opened_at=now,
        updated_at=now,
        reply_due_at=now + reply_window,
    )
    case.findings = [CaseFinding(finding_id=finding_id) for finding_id in finding_ids]
    case.events = []
    session.add(case)
    session.flush()
    data: dict[str, Any] = {"category": request.category, "finding_ids": finding_ids}
    record_event(
        session, actor=actor, case=case, move="open", source=None, reason=reason, data=data
    )
    notify(
        session,
        influencer_id=influencer.id,
        case_id=case.id,
        kind="case_opened",
        data={"category": request.category, "reply_due_at": f"{now + reply_window:%Y-%m-%d}"},
        at=now,
    )
    return case


def _check_findings(session: Session, finding_ids: list[int], *, influencer_id: int) -> None:
    found = {
        finding.id: author
        for finding, author in repository.findings_with_authors(session, finding_ids)
    }
    missing = [finding_id for finding_id in finding_ids if finding_id not in found]
    if missing:
        raise ValidationFailed(
            f"No stored finding with id {', '.join(map(str, missing))}",
            field="finding_ids",
            missing=missing,
        )
    foreign = [finding_id for finding_id in finding_ids if found[finding_id] != influencer_id]
    if foreign:
        raise ValidationFailed(
            "These findings are about posts of someone else (or of nobody known): "
            + ", ".join(map(str, foreign)),
            field="finding_ids",
            foreign=foreign,
        )


# these moves carry a decision or an appeal and have endpoints of their own
_DEDICATED = {
    Move.DECIDE_VIOLATION: ("decided", "POST /api/v1/cases/{id}/decision"),
    Move.DECIDE_NO_VIOLATION: ("decided", "POST /api/v1/cases/{id}/decision"),
    Move.APPEAL: ("appealed", "POST /api/v1/cases/{id}/appeal"),
    Move.DECIDE_APPEAL: ("decided on appeal", "POST /api/v1/cases/{id}/appeal-decision"),
}


def move_case(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    move: Move,
    reason: str,
    expected_version: int,
    now: datetime | None = None,
) -> Case:
    """Start the review of a case or close it: 403 when the actor may not, 409 stale_version
    when the case was moved meanwhile, 409 invalid_transition when its state does not allow
    the move, 409 appeal_window_open when closing a decision that may still be appealed."""
    if move in _DEDICATED:
        done, endpoint = _DEDICATED[move]
        raise ValidationFailed(
            f"A case is {done} with {endpoint}, which records the decision or the appeal with "
            "it; moves only start a review or close a case",
            field="move",
            use=endpoint,
        )
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, _PERMISSION[party_for(move)], influencer_id=case.influencer_id)
    reason = required_reason(reason)
    check_version(case.version, expected_version, f"case {case_id}")
    target = next_state(case.state, move)
    if move is Move.CLOSE:
        _check_appeal_window_passed(case, now or utcnow())
    return advance_case(
        session, actor=actor, case=case, move=move.value, target=target, reason=reason, now=now
    )


def _check_appeal_window_passed(case: Case, now: datetime) -> None:
    if case.state in DECIDED and case.appeal_due_at is not None and now < case.appeal_due_at:
        raise AppealWindowOpen(
            f"Case {case.id} may be appealed until {case.appeal_due_at:%Y-%m-%d %H:%M} UTC; "
            "it closes then by itself",
            appeal_due_at=case.appeal_due_at.isoformat(),
        )


def advance_case(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    move: str,
    target: CaseState,
    reason: str,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Case:
    """Record ``move`` (state ``target``, version + 1) on a case the caller read at its current
    version, and append its event; 409 stale_version when someone moved it meanwhile."""
    source = claim_move(session, case=case, target=target, now=now)
    record_event(
        session, actor=actor, case=case, move=move, source=source, reason=reason, data=data
    )
    return case


def claim_move(
    session: Session, *, case: Case, target: CaseState, now: datetime | None = None
) -> CaseState:
    """Move the case to ``target`` if nobody moved it since it was read, and return the state
    it left; 409 stale_version otherwise. The row stays locked until the transaction ends, so
    work done after the claim (a decision, a sanction) cannot race another analyst's."""
    expected_version, source = case.version, case.state
    try:
        moved = repository.advance(
            session,
            case_id=case.id,
            expected_version=expected_version,
            state=target,
            at=now or utcnow(),
        )
    except OperationalError as exc:
        # SQLite refuses a write from a snapshot older than another writer's commit; that
        # is the same lost race as a stale version, not a server error
        if "locked" not in str(exc).lower():
            raise
        raise StaleVersion(
            f"Case {case.id} was moved by someone else while you were deciding; reload and "
            "try again"
        ) from exc
    if not moved:
        current = repository.current_version(session, case.id)
        raise StaleVersion(
            f"Case {case.id} was moved by someone else (your version {expected_version}, "
            f"now {current}); reload and try again",
            current_version=current,
        )
    session.refresh(case)
    return source


def get_case(session: Session, *, actor: Actor, case_id: int) -> Case:
    """A case with its events (staff; the influencer concerned their own)."""
    case = case_for(session, actor=actor, case_id=case_id)
    authorize(actor, Action.READ_CASES, influencer_id=case.influencer_id)
    return case


def search_cases(
    session: Session,
    *,
    actor: Actor,
    state: CaseState | None,
    influencer_slug: str | None,
    page: int,
    per_page: int,
) -> tuple[list[Case], int]:
    """One page of cases, most recently moved first (staff only)."""
    authorize(actor, Action.MANAGE_CASES)
    influencer_id = None
    if influencer_slug is not None:
        influencer = registry.influencer_by_slug(session, influencer_slug)
        if influencer is None:
            raise ValidationFailed(
                f"No influencer with slug '{influencer_slug}'", field="influencer"
            )
        influencer_id = influencer.id
    return repository.search_cases(
        session,
        state=state,
        influencer_id=influencer_id,
        offset=(page - 1) * per_page,
        limit=per_page,
    )


def case_for(session: Session, *, actor: Actor, case_id: int) -> Case:
    case = repository.case_by_id(session, case_id)
    if case is None:
        # say "not found" only to those who could read some case, so ids cannot be probed
        if not is_allowed(actor, Action.READ_CASES, influencer_id=actor.influencer_id):
            authorize(actor, Action.READ_CASES)
        raise NotFound(f"No case {case_id}", case_id=case_id)
    return case


def required_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationFailed("A reason is required: say why", field="reason")
    return reason.strip()


def record_event(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    move: str,
    source: CaseState | None,
    reason: str,
    data: dict[str, Any] | None = None,
) -> None:
    # seq equals the version the move produced; (case_id, seq) is unique, a second guard
    case.events.append(
        CaseEvent(
            seq=case.version,
            move=move,
            from_state=source,
            to_state=case.state,
            actor=actor.label,
            at=case.updated_at,
            reason=reason,
            data=data or {},
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"case.{move}",
        entity_type="case",
        entity_id=case.id,
        data={
            "from": source.value if source else None,
            "to": case.state.value,
            "version": case.version,
            "reason": reason,
        }
        | (data or {}),
    )
