"""Assigning a case to an analyst, or to nobody. Like a move it names the version it was read
at (409 stale_version otherwise), grows the version by one and appends an ``assign`` event, so
the timeline shows who took the case; the state stays as it was."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, Role, authorize
from koltrust.cases import repository, triage_repository
from koltrust.cases.models import Case, CaseEvent
from koltrust.cases.states import CaseState
from koltrust.db.types import utcnow
from koltrust.db.versioning import check_version
from koltrust.errors import Conflict, NotFound, StaleVersion, ValidationFailed

ASSIGNABLE_ROLES = frozenset({Role.ANALYST, Role.ADMIN})
MOVE = "assign"


def assign(
    session: Session,
    *,
    actor: Actor,
    case_id: int,
    user_id: int | None,
    expected_version: int,
    reason: str = "",
) -> Case:
    """Assign the case to the analyst or admin ``user_id`` (None: unassign). 422 for anyone
    else, 409 stale_version when the case changed since ``expected_version``; assigning it to
    whom it already is changes nothing."""
    authorize(actor, Action.MANAGE_CASES)
    case = repository.case_by_id(session, case_id)
    if case is None:
        raise NotFound(f"No case {case_id}", case_id=case_id)
    if case.state is CaseState.CLOSED:
        raise Conflict(f"Case {case_id} is closed; nobody works on it any more")
    assignee = _assignee_label(session, user_id)
    check_version(case.version, expected_version, f"case {case_id}")
    if case.assigned_to == user_id:
        return case
    previous = case.assigned_to
    now = utcnow()
    _reassign(session, case_id=case_id, expected_version=expected_version, user_id=user_id, at=now)
    session.refresh(case)
    why = reason.strip() or (f"assigned to {assignee}" if user_id is not None else "unassigned")
    data = {"assigned_to": user_id, "previous": previous}
    case.events.append(
        CaseEvent(
            seq=case.version,
            move=MOVE,
            from_state=case.state,
            to_state=case.state,
            actor=actor.label,
            at=now,
            reason=why,
            data=data,
        )
    )
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=f"case.{MOVE}",
        entity_type="case",
        entity_id=case.id,
        data=data | {"version": case.version, "reason": why},
    )
    return case


def _assignee_label(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = triage_repository.user_by_id(session, user_id)
    if user is None or not user.active:
        raise ValidationFailed(f"No active user {user_id}", field="user_id")
    if user.role not in ASSIGNABLE_ROLES:
        raise ValidationFailed(
            f"User {user_id} is {user.role.value}; cases go to analysts and admins only",
            field="user_id",
            role=user.role.value,
        )
    # the label actors have in events and the audit log
    return f"user:{user.email}"


def _reassign(
    session: Session, *, case_id: int, expected_version: int, user_id: int | None, at: datetime
) -> None:
    try:
        changed = triage_repository.reassign(
            session,
            case_id=case_id,
            expected_version=expected_version,
            user_id=user_id,
            at=at,
        )
    except OperationalError as exc:
        # SQLite refuses a write from a snapshot older than another writer's commit: the
        # same lost race as a stale version (as in cases.service.move_case)
        if "locked" not in str(exc).lower():
            raise
        raise StaleVersion(
            f"Case {case_id} was changed by someone else meanwhile; reload and try again"
        ) from exc
    if not changed:
        current = repository.current_version(session, case_id)
        raise StaleVersion(
            f"Case {case_id} was changed by someone else (your version {expected_version}, "
            f"now {current}); reload and try again",
            current_version=current,
        )
