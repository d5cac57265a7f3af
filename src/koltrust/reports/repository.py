"""Every query of reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.registry.models import Organisation
from koltrust.reports.models import Report, ReportStatus


def recent_duplicate(session: Session, *, dedupe_key: str, since: datetime) -> Report | None:
    """The oldest report with this dedupe key sent at or after ``since``."""
    stmt = (
        select(Report)
        .where(Report.dedupe_key == dedupe_key, Report.created_at >= since)
        .order_by(Report.created_at, Report.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


def anonymous_sent_since(
    session: Session, *, client_key_hash: str, since: datetime
) -> list[datetime]:
    """When this client sent each of its anonymous reports at or after ``since``, oldest
    first."""
    stmt = (
        select(Report.created_at)
        .where(
            Report.client_key_hash == client_key_hash,
            Report.reporter_user_id.is_(None),
            Report.created_at >= since,
        )
        .order_by(Report.created_at)
    )
    return list(session.scalars(stmt))


def search_reports(
    session: Session,
    *,
    status: ReportStatus | None,
    category: str | None,
    trusted: bool | None,
    offset: int,
    limit: int,
) -> tuple[list[Report], int]:
    """One page of reports, trusted flaggers' first, then newest first; and the total."""
    stmt = select(Report)
    if status is not None:
        stmt = stmt.where(Report.status == status)
    if category is not None:
        stmt = stmt.where(Report.category == category)
    if trusted is not None:
        stmt = stmt.where(Report.trusted_flagger.is_(trusted))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order = (Report.trusted_flagger.desc(), Report.created_at.desc(), Report.id.desc())
    return list(session.scalars(stmt.order_by(*order).offset(offset).limit(limit))), total


def is_trusted_flagger(session: Session, organisation_id: int) -> bool:
    """Whether the organisation is marked a trusted flagger."""
    stmt = select(Organisation.trusted_flagger).where(Organisation.id == organisation_id)
    return bool(session.scalar(stmt))


def report_by_id(session: Session, report_id: int) -> Report | None:
    """The report with this id."""
    return session.get(Report, report_id)
