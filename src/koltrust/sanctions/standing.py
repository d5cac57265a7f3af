"""Reading an influencer's standing: their sanctions and their penalty points; crediting the
training module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Action, Actor, authorize
from koltrust.errors import DeadlinePassed, ValidationFailed
from koltrust.registry import repository as registry
from koltrust.registry.models import Influencer
from koltrust.sanctions import repository
from koltrust.sanctions.kinds import PointKind, SanctionKind, SanctionStatus
from koltrust.sanctions.models import PointEntry, Sanction
from koltrust.sanctions.points import PointsState, points_at
from koltrust.sanctions.policy import SanctionPolicy


@dataclass(frozen=True)
class Standing:
    """An influencer's points now, how they came about, and the ledger behind them."""

    influencer: Influencer
    state: PointsState
    ledger: list[PointEntry]


def standing(
    session: Session, *, actor: Actor, slug: str, policy: SanctionPolicy, now: datetime
) -> Standing:
    """The influencer's penalty points at ``now`` (staff; the influencer their own)."""
    influencer = _influencer(session, slug)
    authorize(actor, Action.READ_CASES, influencer_id=influencer.id)
    entries = repository.ledger(session, influencer.id)
    state = points_at(repository.ledger_lines(entries), now, policy)
    return Standing(influencer=influencer, state=state, ledger=entries)


def credit_training(
    session: Session,
    *,
    actor: Actor,
    slug: str,
    reason: str,
    policy: SanctionPolicy,
    now: datetime,
) -> PointEntry:
    """Record that the influencer completed the training module: points given back, at most
    once every ``training_credit_every_days`` (staff)."""
    authorize(actor, Action.MANAGE_CASES)
    influencer = _influencer(session, slug)
    every = timedelta(days=policy.points.training_credit_every_days)
    last = [
        e
        for e in repository.ledger(session, influencer.id)
        if e.kind is PointKind.TRAINING_CREDIT and e.at > now - every
    ]
    if last:
        raise DeadlinePassed(
            f"{slug} was credited for training on {last[-1].at:%Y-%m-%d}; the next credit is "
            f"possible from {last[-1].at + every:%Y-%m-%d}",
            next_credit_at=(last[-1].at + every).isoformat(),
        )
    entry = PointEntry(
        influencer_id=influencer.id,
        kind=PointKind.TRAINING_CREDIT,
        points=policy.points.training_credit,
        at=now,
        reason=reason.strip() or "completed the alliance's training module",
        actor=actor.label,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="points.training_credit",
        entity_type="influencer",
        entity_id=slug,
        data={"points": entry.points, "reason": entry.reason},
    )
    return entry


def search_sanctions(
    session: Session,
    *,
    actor: Actor,
    now: datetime,
    status: SanctionStatus | None,
    influencer_slug: str | None,
    kind: SanctionKind | None,
    page: int,
    per_page: int,
) -> tuple[list[Sanction], int]:
    """One page of sanctions, newest first: staff see all, an influencer their own."""
    influencer_id = _influencer(session, influencer_slug).id if influencer_slug else None
    if influencer_id is None or actor.influencer_id != influencer_id:
        authorize(actor, Action.MANAGE_CASES)
    return repository.search(
        session,
        now=now,
        status=status,
        influencer_id=influencer_id,
        kind=kind,
        offset=(page - 1) * per_page,
        limit=per_page,
    )


def _influencer(session: Session, slug: str) -> Influencer:
    influencer = registry.influencer_by_slug(session, slug)
    if influencer is None:
        raise ValidationFailed(f"No influencer with slug '{slug}'", field="influencer")
    return influencer
