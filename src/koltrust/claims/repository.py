"""Every query of the fact-check store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.claims.models import StoredFactCheck

# what changes whenever a fact-check is added or removed: count, newest time, greatest id
Stamp = tuple[int, datetime | None, str | None]


def by_id(session: Session, fact_check_id: str) -> StoredFactCheck | None:
    """The stored fact-check with this id."""
    return session.get(StoredFactCheck, fact_check_id)


def stored_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` already stored."""
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(select(StoredFactCheck.id).where(StoredFactCheck.id.in_(chunk)))
        )
    return found


def count(session: Session) -> int:
    """How many fact-checks are stored."""
    return session.scalar(select(func.count()).select_from(StoredFactCheck)) or 0


def stamp(session: Session) -> Stamp:
    """A cheap summary that changes when the stored fact-checks do."""
    row = session.execute(
        select(
            func.count(StoredFactCheck.id),
            func.max(StoredFactCheck.created_at),
            func.max(StoredFactCheck.id),
        )
    ).one()
    newest = row[1]
    if isinstance(newest, str):  # SQLite returns the aggregate of a typed column as text
        newest = datetime.fromisoformat(newest)
    return int(row[0]), newest, row[2]


def every(session: Session) -> list[StoredFactCheck]:
    """Every stored fact-check (to build the claim index)."""
    return list(session.scalars(select(StoredFactCheck).order_by(StoredFactCheck.id)))


def _like_pattern(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    session: Session,
    *,
    folded_query: str | None,
    language: str | None,
    verdict: str | None,
    offset: int,
    limit: int,
) -> tuple[list[StoredFactCheck], int]:
    """One page of fact-checks, newest first, and the total count."""
    stmt = select(StoredFactCheck)
    if folded_query:
        pattern = _like_pattern(folded_query)
        stmt = stmt.where(StoredFactCheck.search_text.like(pattern, escape="\\"))
    if language:
        stmt = stmt.where(StoredFactCheck.language == language)
    if verdict:
        stmt = stmt.where(StoredFactCheck.verdict == verdict)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order = (StoredFactCheck.created_at.desc(), StoredFactCheck.id)
    rows = session.scalars(stmt.order_by(*order).offset(offset).limit(limit))
    return list(rows), total
