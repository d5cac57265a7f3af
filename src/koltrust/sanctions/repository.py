"""Every query of sanctions and the point ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from koltrust.sanctions.kinds import SanctionKind, SanctionStatus
from koltrust.sanctions.models import PointEntry, Sanction
from koltrust.sanctions.points import LedgerLine


def ledger(session: Session, influencer_id: int) -> list[PointEntry]:
    """The influencer's point ledger, oldest first."""
    stmt = (
        select(PointEntry)
        .where(PointEntry.influencer_id == influencer_id)
        .order_by(PointEntry.at, PointEntry.id)
    )
    return list(session.scalars(stmt))


def ledger_lines(entries: list[PointEntry]) -> list[LedgerLine]:
    """The ledger as the pure arithmetic reads it."""
    return [LedgerLine(e.id, e.kind, e.points, e.at, e.refund_of) for e in entries]


def status_is(status: SanctionStatus, now: datetime) -> ColumnElement[bool]:
    """Sanctions whose status at ``now`` is ``status`` (an end that passed reads expired)."""
    running = or_(Sanction.ends_at.is_(None), Sanction.ends_at > now)
    if status is SanctionStatus.ACTIVE:
        return and_(Sanction.status == SanctionStatus.ACTIVE, running)
    if status is SanctionStatus.EXPIRED:
        ended = and_(Sanction.status == SanctionStatus.ACTIVE, Sanction.ends_at <= now)
        return or_(Sanction.status == SanctionStatus.EXPIRED, ended)
    return Sanction.status == status


def search(
    session: Session,
    *,
    now: datetime,
    status: SanctionStatus | None,
    influencer_id: int | None,
    kind: SanctionKind | None,
    offset: int,
    limit: int,
) -> tuple[list[Sanction], int]:
    """One page of sanctions, newest first, and the number of matches."""
    stmt = select(Sanction)
    if status is not None:
        stmt = stmt.where(status_is(status, now))
    if influencer_id is not None:
        stmt = stmt.where(Sanction.influencer_id == influencer_id)
    if kind is not None:
        stmt = stmt.where(Sanction.kind == kind)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(Sanction.starts_at.desc(), Sanction.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(page)), total


def for_decision(session: Session, decision_id: int) -> Sanction | None:
    """The sanction a decision imposed, if any."""
    return session.scalar(select(Sanction).where(Sanction.decision_id == decision_id))


def due_to_expire(session: Session, now: datetime) -> list[Sanction]:
    """Active sanctions whose end has passed but whose stored status still says active."""
    stmt = (
        select(Sanction)
        .where(Sanction.status == SanctionStatus.ACTIVE, Sanction.ends_at <= now)
        .order_by(Sanction.ends_at, Sanction.id)
    )
    return list(session.scalars(stmt))


def active_for(session: Session, influencer_id: int, now: datetime) -> list[Sanction]:
    """The influencer's sanctions in force at ``now``."""
    stmt = select(Sanction).where(
        Sanction.influencer_id == influencer_id, status_is(SanctionStatus.ACTIVE, now)
    )
    return list(session.scalars(stmt))


def change_status(
    session: Session,
    *,
    sanction_id: int,
    expected_version: int,
    status: SanctionStatus,
    reason: str,
    at: datetime,
) -> bool:
    """Set the status only if the sanction is still at ``expected_version``."""
    stmt = (
        update(Sanction)
        .where(Sanction.id == sanction_id, Sanction.version == expected_version)
        .values(
            status=status,
            status_reason=reason,
            status_changed_at=at,
            updated_at=at,
            version=expected_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)
