"""Alliance membership: moves through the lifecycle, each one an event and an audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.db.types import utcnow
from koltrust.errors import InvalidTransition, ValidationFailed
from koltrust.registry import repository
from koltrust.registry.lifecycle import (
    PLEDGING_ACTIONS,
    REASONED_ACTIONS,
    MembershipAction,
    next_status,
)
from koltrust.registry.models import (
    Influencer,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Organisation,
)
from koltrust.registry.organisation_service import get_organisation
from koltrust.registry.service import get_influencer

_PERMISSION = {
    MembershipAction.APPLY: Action.APPLY_MEMBERSHIP,
    MembershipAction.WITHDRAW: Action.WITHDRAW_MEMBERSHIP,
}


def permission_for(action: MembershipAction) -> Action:
    """The permission needed to make ``action`` (members may apply and withdraw themselves)."""
    return _PERMISSION.get(action, Action.DECIDE_MEMBERSHIP)


@dataclass(frozen=True)
class MembershipChange:
    """What the caller asks for."""

    action: MembershipAction
    reason: str = ""
    code_of_conduct_version: str | None = None


def change_influencer_membership(
    session: Session, *, actor: Actor, slug: str, change: MembershipChange, current_coc: str
) -> Membership:
    """Move an influencer's membership; 409 invalid_transition when the move is not allowed."""
    influencer = get_influencer(session, actor=actor, slug=slug)
    authorize(actor, permission_for(change.action), influencer_id=influencer.id)
    return _apply(session, actor=actor, subject=influencer, change=change, current_coc=current_coc)


def change_organisation_membership(
    session: Session, *, actor: Actor, slug: str, change: MembershipChange, current_coc: str
) -> Membership:
    """Move an organisation's membership; 409 invalid_transition when not allowed."""
    organisation = get_organisation(session, actor=actor, slug=slug)
    authorize(actor, permission_for(change.action), organisation_id=organisation.id)
    return _apply(
        session, actor=actor, subject=organisation, change=change, current_coc=current_coc
    )


def follow_sanction(
    session: Session, *, actor: Actor, influencer: Influencer, action: MembershipAction, reason: str
) -> Membership | None:
    """Suspend, expel or reinstate a member because a sanction began or ended; nothing when
    the membership's state does not allow it (an applicant is not suspended, say)."""
    current = influencer.membership.status if influencer.membership else None
    try:
        next_status(current, action)
    except InvalidTransition:
        return None
    change = MembershipChange(action=action, reason=reason)
    return _apply(session, actor=actor, subject=influencer, change=change, current_coc="")


def _apply(
    session: Session,
    *,
    actor: Actor,
    subject: Influencer | Organisation,
    change: MembershipChange,
    current_coc: str,
) -> Membership:
    membership = subject.membership
    current = membership.status if membership else None
    target = next_status(current, change.action)
    if change.action in REASONED_ACTIONS and not change.reason.strip():
        raise ValidationFailed(
            f"A reason is required to {change.action.value} a member", field="reason"
        )
    now = utcnow()
    if membership is None:
        membership = Membership(status=target, status_changed_at=now)
        subject.membership = membership
    membership.status, membership.status_changed_at = target, now
    pledged = None
    if change.action in PLEDGING_ACTIONS:
        pledged = change.code_of_conduct_version or current_coc
        membership.code_of_conduct_version, membership.pledged_at = pledged, now
    membership.events.append(
        MembershipEvent(
            action=change.action.value,
            from_status=current,
            to_status=target,
            code_of_conduct_version=pledged,
            reason=change.reason,
            actor=actor.label,
            at=now,
        )
    )
    session.flush()
    kind = "influencer" if isinstance(subject, Influencer) else "organisation"
    audit.record(
        session,
        actor=actor,
        action=f"membership.{change.action.value}",
        entity_type=kind,
        entity_id=subject.slug,
        data={
            "from": current.value if current else None,
            "to": target.value,
            "reason": change.reason,
            "code_of_conduct_version": pledged,
        },
    )
    return membership


def history(
    session: Session, *, actor: Actor, subject: Influencer | Organisation
) -> list[MembershipEvent]:
    """The membership events of ``subject`` (reasons may be sensitive: not public)."""
    if isinstance(subject, Influencer):
        authorize(actor, Action.READ_PRIVATE, influencer_id=subject.id)
    else:
        authorize(actor, Action.READ_PRIVATE, organisation_id=subject.id)
    return list(subject.membership.events) if subject.membership else []


def search_memberships(
    session: Session,
    *,
    actor: Actor,
    status: MembershipStatus | None,
    kind: str | None,
    page: int,
    per_page: int,
) -> tuple[list[Membership], int]:
    """One page of alliance memberships (public: status only, no reasons)."""
    authorize(actor, Action.READ_REGISTRY)
    return repository.search_memberships(
        session, status=status, kind=kind, offset=(page - 1) * per_page, limit=per_page
    )
