"""Recording and verifying audit events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from koltrust.audit import repository
from koltrust.audit.chain import GENESIS_HASH, event_hash
from koltrust.audit.models import AuditEvent
from koltrust.auth.permissions import Actor
from koltrust.db.types import utcnow


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str | int,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (in the caller's transaction)."""
    repository.lock_for_append(session)
    session.flush()
    previous = repository.last_event(session)
    fields: dict[str, Any] = {
        "prev_hash": previous.hash if previous else GENESIS_HASH,
        "seq": previous.seq + 1 if previous else 1,
        "at": utcnow(),
        "actor": actor.label,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "data": data or {},
    }
    event = AuditEvent(**fields, hash=event_hash(**fields))
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying the chain."""

    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when every event is intact and linked to its predecessor."""
        return self.first_bad_seq is None


def verify(session: Session) -> ChainReport:
    """Recompute every hash; report the first event that was altered, removed or reordered."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in repository.iter_events(session):
        problem = _problem_with(event, expected_prev, expected_seq)
        if problem:
            return ChainReport(checked=checked, first_bad_seq=event.seq, problem=problem)
        expected_prev, expected_seq, checked = event.hash, event.seq + 1, checked + 1
    return ChainReport(checked=checked)


def _problem_with(event: AuditEvent, expected_prev: str, expected_seq: int) -> str | None:
    if event.seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {event.seq} (events removed)"
    if event.prev_hash != expected_prev:
        return "previous-hash link broken (an earlier event was changed or removed)"
    recomputed = event_hash(
        prev_hash=event.prev_hash,
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        data=event.data,
    )
    if recomputed != event.hash:
        return "content does not match its hash (the event was edited)"
    return None
