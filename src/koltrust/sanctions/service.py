"""Sanctions: issued with a decision of violation, ended by lifting, overturning on appeal or
time. Every change is one audit entry, a DSA notice for platforms, a message to the
influencer, a recomputed trust score and, for membership sanctions, the matching membership
move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.cases.models import Case, Decision
from koltrust.errors import InvalidTransition, NotFound, StaleVersion
from koltrust.notices.models import NoticeEvent
from koltrust.notices.service import record_notice
from koltrust.notifications.service import notify
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import follow_sanction
from koltrust.sanctions import repository
from koltrust.sanctions.kinds import PointKind, SanctionKind, SanctionStatus
from koltrust.sanctions.models import PointEntry, Sanction
from koltrust.sanctions.points import Recommendation
from koltrust.sanctions.policy import SanctionPolicy
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.service import recompute_for

# sanctions that move the alliance membership while they are in force
_MEMBERSHIP_ACTION = {
    SanctionKind.MEMBERSHIP_SUSPENSION: MembershipAction.SUSPEND,
    SanctionKind.EXPULSION: MembershipAction.EXPEL,
}


@dataclass(frozen=True)
class SanctionOrder:
    """What a decision of violation imposes: the kind (the recommendation's unless the analyst
    chose another), how long, and the points."""

    kind: SanctionKind
    recommendation: Recommendation
    duration_days: int | None  # None: the policy's duration for the kind


def issue(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    decision: Decision,
    order: SanctionOrder,
    policy: SanctionPolicy,
    now: datetime,
) -> Sanction:
    """Impose a sanction for ``decision``, with its points, in the caller's transaction."""
    days = order.duration_days or policy.duration_days(order.kind)
    sanction = Sanction(
        influencer_id=case.influencer_id,
        case_id=case.id,
        decision_id=decision.id,
        kind=order.kind,
        recommended_kind=order.recommendation.kind,
        category=case.category,
        starts_at=now,
        ends_at=now + timedelta(days=days) if days else None,
        status=SanctionStatus.ACTIVE,
        status_changed_at=now,
        points=order.recommendation.points,
        created_at=now,
        updated_at=now,
    )
    session.add(sanction)
    session.flush()
    session.add(
        PointEntry(
            influencer_id=case.influencer_id,
            kind=PointKind.VIOLATION,
            points=sanction.points,
            at=now,
            case_id=case.id,
            sanction_id=sanction.id,
            reason=f"case {case.id}: {case.category}",
            actor=actor.label,
        )
    )
    _follow_membership(session, actor=actor, sanction=sanction, started=True)
    _announce(session, actor=actor, sanction=sanction, event=NoticeEvent.ISSUED, now=now)
    return sanction


def overturn(
    session: Session, *, actor: Actor, sanction: Sanction, reason: str, now: datetime
) -> None:
    """End a sanction whose decision was overturned on appeal and give its points back."""
    _set_status(session, sanction, SanctionStatus.OVERTURNED, reason, now)
    violation = next(
        entry
        for entry in repository.ledger(session, sanction.influencer_id)
        if entry.sanction_id == sanction.id and entry.kind is PointKind.VIOLATION
    )
    session.add(
        PointEntry(
            influencer_id=sanction.influencer_id,
            kind=PointKind.REFUND,
            points=violation.points,
            at=now,
            case_id=sanction.case_id,
            sanction_id=sanction.id,
            refund_of=violation.id,
            reason=f"appeal granted: {reason}",
            actor=actor.label,
        )
    )
    _follow_membership(session, actor=actor, sanction=sanction, started=False)
    _announce(session, actor=actor, sanction=sanction, event=NoticeEvent.OVERTURNED, now=now)


def lift(
    session: Session,
    *,
    actor: Actor,
    sanction_id: int,
    reason: str,
    expected_version: int | None,
    now: datetime,
) -> Sanction:
    """End a sanction in force early (staff); its points stay (they decay as usual)."""
    authorize(actor, Action.MANAGE_CASES)
    sanction = get_sanction(session, actor=actor, sanction_id=sanction_id)
    if expected_version is not None and expected_version != sanction.version:
        raise StaleVersion(
            f"Sanction {sanction_id} was changed since you read it (your version "
            f"{expected_version}, now {sanction.version}); reload and try again",
            current_version=sanction.version,
        )
    current = sanction.status_at(now)
    if current is not SanctionStatus.ACTIVE:
        raise InvalidTransition(
            f"Sanction {sanction_id} is {current.value}; only a sanction in force can be lifted",
            current_status=current.value,
        )
    _set_status(session, sanction, SanctionStatus.LIFTED, reason, now)
    _follow_membership(session, actor=actor, sanction=sanction, started=False)
    _announce(session, actor=actor, sanction=sanction, event=NoticeEvent.LIFTED, now=now)
    return sanction


def expire_due(session: Session, *, actor: Actor, now: datetime, execute: bool) -> list[Sanction]:
    """The sanctions whose end has passed but still read active in the table; with
    ``execute``, record them expired (their status already reads expired without it)."""
    authorize(actor, Action.MANAGE_CASES)
    due = repository.due_to_expire(session, now)
    if execute:
        for sanction in due:
            ended_at = sanction.ends_at or now
            _set_status(session, sanction, SanctionStatus.EXPIRED, "its end passed", ended_at)
            _follow_membership(session, actor=actor, sanction=sanction, started=False)
            _announce(session, actor=actor, sanction=sanction, event=NoticeEvent.EXPIRED, now=now)
    return due


def get_sanction(session: Session, *, actor: Actor, sanction_id: int) -> Sanction:
    """One sanction (staff; the influencer sanctioned their own)."""
    sanction = session.get(Sanction, sanction_id)
    if sanction is None:
        authorize(actor, Action.MANAGE_CASES)
        raise NotFound(f"No sanction {sanction_id}", sanction_id=sanction_id)
    authorize(actor, Action.READ_CASES, influencer_id=sanction.influencer_id)
    return sanction


def _set_status(
    session: Session, sanction: Sanction, status: SanctionStatus, reason: str, now: datetime
) -> None:
    changed = repository.change_status(
        session,
        sanction_id=sanction.id,
        expected_version=sanction.version,
        status=status,
        reason=reason,
        at=now,
    )
    if not changed:
        raise StaleVersion(f"Sanction {sanction.id} was changed by someone else; reload")
    session.refresh(sanction)


def _follow_membership(
    session: Session, *, actor: Actor, sanction: Sanction, started: bool
) -> None:
    action = _MEMBERSHIP_ACTION.get(sanction.kind)
    if action is None:
        return
    if not started:
        still = [
            s
            for s in repository.active_for(session, sanction.influencer_id, sanction.updated_at)
            if s.id != sanction.id and s.kind in _MEMBERSHIP_ACTION
        ]
        if still:  # another suspension or expulsion is still in force
            return
        action = MembershipAction.REINSTATE
    reason = f"sanction {sanction.id} ({sanction.kind.value}) {sanction.status.value}"
    follow_sanction(
        session, actor=actor, influencer=sanction.influencer, action=action, reason=reason
    )


def _announce(
    session: Session, *, actor: Actor, sanction: Sanction, event: NoticeEvent, now: datetime
) -> None:
    record_notice(session, sanction, event, now=now)
    # the trust score reads sanctions and points: every change of either passes through here
    recompute_for(session, [sanction.influencer_id], trigger=ScoreTrigger.SANCTION, now=now)
    ending = event is not NoticeEvent.ISSUED
    notify(
        session,
        influencer_id=sanction.influencer_id,
        case_id=sanction.case_id,
        kind="sanction_ended" if ending else "sanction_issued",
        data={
            "sanction_id": sanction.id,
            "kind": sanction.kind.value,
            "status": sanction.status.value,
            "ends_at": f"{sanction.ends_at:%Y-%m-%d}" if sanction.ends_at else "permanent",
        },
        at=now,
    )
    audit.record(
        session,
        actor=actor,
        action=f"sanction.{event.value}",
        entity_type="sanction",
        entity_id=sanction.id,
        data={
            "influencer": sanction.influencer_slug,
            "kind": sanction.kind.value,
            "status": sanction.status.value,
            "reason": sanction.status_reason,
            "ends_at": sanction.ends_at.isoformat() if sanction.ends_at else None,
            "points": sanction.points,
        },
    )
