"""Every query of cases, their events and their findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from koltrust.cases.models import Case
from koltrust.cases.states import CaseState
from koltrust.content.models import Post, StoredFinding


def case_by_id(session: Session, case_id: int) -> Case | None:
    """The case with this id, with its events and findings."""
    return session.get(Case, case_id)


def current_version(session: Session, case_id: int) -> int | None:
    """The version of the case as stored now (bypassing what the session remembers)."""
    stmt = select(Case.version).where(Case.id == case_id).execution_options(populate_existing=True)
    return session.scalar(stmt)


def advance(
    session: Session,
    *,
    case_id: int,
    expected_version: int,
    state: CaseState,
    at: datetime,
) -> bool:
    """Move the case to ``state`` only if it is still at ``expected_version``; False when
    someone else moved it meanwhile (the row lock makes the second writer see the new row)."""
    stmt = (
        update(Case)
        .where(Case.id == case_id, Case.version == expected_version)
        .values(state=state, version=expected_version + 1, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


def findings_with_authors(
    session: Session, finding_ids: Iterable[int]
) -> list[tuple[StoredFinding, int | None]]:
    """The stored findings with these ids, each with the influencer id of its post."""
    stmt = (
        select(StoredFinding, Post.influencer_id)
        .join(Post, Post.id == StoredFinding.post_id)
        .where(StoredFinding.id.in_(list(finding_ids)))
    )
    return [(finding, author) for finding, author in session.execute(stmt)]


def search_cases(
    session: Session,
    *,
    state: CaseState | None,
    influencer_id: int | None,
    offset: int,
    limit: int,
) -> tuple[list[Case], int]:
    """One page of cases, most recently moved first, and the total number of matches."""
    stmt = select(Case)
    if state is not None:
        stmt = stmt.where(Case.state == state)
    if influencer_id is not None:
        stmt = stmt.where(Case.influencer_id == influencer_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(Case.updated_at.desc(), Case.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(page)), total
