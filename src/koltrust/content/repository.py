"""Every query of stored posts, screening runs and stored findings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, lazyload

from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.registry.reference import Platform
from koltrust.screening.model import Severity


def post_by_id(session: Session, post_id: int) -> Post | None:
    """The stored post with this id."""
    return session.get(Post, post_id)


def post_by_external_id(session: Session, platform: Platform, external_id: str) -> Post | None:
    """The stored post the platform knows by ``external_id``."""
    stmt = select(Post).where(Post.platform == platform, Post.external_id == external_id)
    return session.scalars(stmt).first()


def latest_run(session: Session, post_id: int) -> ScreeningRun | None:
    """The newest screening run of a post, with its findings."""
    stmt = select(ScreeningRun).where(ScreeningRun.post_id == post_id)
    return session.scalars(stmt.order_by(ScreeningRun.id.desc()).limit(1)).first()


def runs_of(session: Session, post_id: int) -> list[ScreeningRun]:
    """Every screening run of a post, newest first, with their findings."""
    stmt = select(ScreeningRun).where(ScreeningRun.post_id == post_id)
    return list(session.scalars(stmt.order_by(ScreeningRun.id.desc())))


def latest_runs(session: Session, post_ids: Iterable[int]) -> dict[int, ScreeningRun]:
    """The newest run of each post, without findings, keyed by post id."""
    newest = (
        select(func.max(ScreeningRun.id))
        .where(ScreeningRun.post_id.in_(list(post_ids)))
        .group_by(ScreeningRun.post_id)
    )
    stmt = (
        select(ScreeningRun)
        .where(ScreeningRun.id.in_(newest))
        .options(lazyload(ScreeningRun.findings))
    )
    return {run.post_id: run for run in session.scalars(stmt)}


def keep_screened_text(session: Session, *, post_id: int, text: str) -> None:
    """Copy ``text`` into the runs that screened it, before the post's text is replaced."""
    stmt = (
        update(ScreeningRun)
        .where(ScreeningRun.post_id == post_id, ScreeningRun.text.is_(None))
        .values(text=text)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(stmt)


def _flagged_in_latest_run(category: str | None, severity: Severity | None) -> Select[int]:
    newest = (
        select(func.max(ScreeningRun.id))
        .where(ScreeningRun.post_id == StoredFinding.post_id)
        .scalar_subquery()
    )
    stmt = select(StoredFinding.post_id).where(
        StoredFinding.run_id == newest, StoredFinding.shadow.is_(False)
    )
    if category:
        stmt = stmt.where(StoredFinding.category == category)
    if severity:
        stmt = stmt.where(StoredFinding.severity == severity)
    return stmt


def search_posts(
    session: Session,
    *,
    influencer_id: int | None,
    platform: Platform | None,
    category: str | None,
    severity: Severity | None,
    offset: int,
    limit: int,
) -> tuple[list[Post], int]:
    """One page of posts, newest first, and the total count."""
    stmt = select(Post)
    if influencer_id is not None:
        stmt = stmt.where(Post.influencer_id == influencer_id)
    if platform is not None:
        stmt = stmt.where(Post.platform == platform)
    if category or severity:
        flagged = _flagged_in_latest_run(category, severity).where(StoredFinding.post_id == Post.id)
        stmt = stmt.where(flagged.exists())
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Post.id.desc()).offset(offset).limit(limit))
    return list(rows), total
