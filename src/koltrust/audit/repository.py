"""Queries on the audit log."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from koltrust.audit.models import AuditEvent

_AUDIT_LOCK_KEY = 7_263_001  # an arbitrary constant naming the audit append lock


def lock_for_append(session: Session) -> None:
    """Serialise appends so that two transactions never chain onto the same event.
    SQLite already allows one writer at a time; PostgreSQL needs an explicit lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK_KEY})


def last_event(session: Session) -> AuditEvent | None:
    """The most recent event, or None for an empty log."""
    return session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()


def iter_events(session: Session, batch: int = 1000) -> Iterator[AuditEvent]:
    """Every event in chain order, fetched in batches."""
    stmt = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    # closes PostgreSQL's server-side cursor even when the caller stops early
    with session.scalars(stmt) as events:
        yield from events


def list_events(
    session: Session, *, entity_type: str | None, entity_id: str | None, limit: int
) -> list[AuditEvent]:
    """The newest events, optionally for one entity."""
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if entity_type:
        stmt = stmt.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    return list(session.scalars(stmt))
