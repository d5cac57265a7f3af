"""Queries on imported account snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.audience.models import AccountSnapshot
from koltrust.registry.models import Account


def snapshot_on(session: Session, account_id: int, as_of: datetime) -> AccountSnapshot | None:
    """The snapshot of an account as of exactly ``as_of``."""
    stmt = select(AccountSnapshot).where(
        AccountSnapshot.account_id == account_id, AccountSnapshot.as_of == as_of
    )
    return session.scalars(stmt).first()


def latest_snapshots(session: Session, account_ids: Iterable[int]) -> dict[int, AccountSnapshot]:
    """The newest snapshot (greatest ``as_of``) of each account that has one."""
    ids = list(set(account_ids))
    if not ids:
        return {}
    newest = (
        select(AccountSnapshot.account_id, func.max(AccountSnapshot.as_of).label("as_of"))
        .where(AccountSnapshot.account_id.in_(ids))
        .group_by(AccountSnapshot.account_id)
        .subquery()
    )
    stmt = select(AccountSnapshot).join(
        newest,
        (AccountSnapshot.account_id == newest.c.account_id)
        & (AccountSnapshot.as_of == newest.c.as_of),
    )
    return {snapshot.account_id: snapshot for snapshot in session.scalars(stmt).unique()}


def latest_snapshots_of_influencers(
    session: Session, influencer_ids: Iterable[int]
) -> dict[int, list[AccountSnapshot]]:
    """For each influencer, the newest snapshot of each of their accounts that has one."""
    ids = list(set(influencer_ids))
    if not ids:
        return {}
    accounts = session.execute(
        select(Account.id, Account.influencer_id).where(Account.influencer_id.in_(ids))
    ).all()
    owner: dict[int, int] = {row.id: row.influencer_id for row in accounts}
    found: dict[int, list[AccountSnapshot]] = {influencer_id: [] for influencer_id in ids}
    for account_id, snapshot in latest_snapshots(session, owner).items():
        found[owner[account_id]].append(snapshot)
    return found
