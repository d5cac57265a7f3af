"""The grouped queries behind facts gathering. Each reads a whole chunk of influencers in one
statement (``influencer_id IN (...)``), so a chunk costs a fixed number of round trips
whatever its size. Everything is read as of ``now``: rows dated after ``now`` are left out, so
a past ``now`` sees the registry as it stood then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from koltrust.audience.models import AccountSnapshot
from koltrust.campaigns.models import CampaignParticipation, Correction
from koltrust.cases.models import (
    Case,
    CaseReport,
    Decision,
    DecisionOutcome,
    DecisionStage,
    TriageDismissal,
)
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.registry.models import Account, Influencer, Membership, MembershipEvent
from koltrust.sanctions.kinds import SanctionStatus
from koltrust.sanctions.models import PointEntry, Sanction

UNDISCLOSED_CATEGORY = "undisclosed_advertising"

# plain result rows, unpacked by position where they are read
Rows = Sequence[Any]


def influencers(session: Session, ids: Sequence[int]) -> Rows:
    """``(id, verification_level, created_at)`` of each influencer that exists."""
    stmt = select(Influencer.id, Influencer.verification_level, Influencer.created_at).where(
        Influencer.id.in_(ids)
    )
    return session.execute(stmt).all()


def memberships(session: Session, ids: Sequence[int]) -> Rows:
    """``(influencer_id, status, pledged_at, status_changed_at)`` of the current rows."""
    stmt = select(
        Membership.influencer_id,
        Membership.status,
        Membership.pledged_at,
        Membership.status_changed_at,
    ).where(Membership.influencer_id.in_(ids))
    return session.execute(stmt).all()


def membership_events(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, to_status, code_of_conduct_version, at)`` up to ``now``, oldest first
    (read only for memberships that changed after ``now``, to know their state back then)."""
    stmt = (
        select(
            Membership.influencer_id,
            MembershipEvent.to_status,
            MembershipEvent.code_of_conduct_version,
            MembershipEvent.at,
        )
        .join(Membership, Membership.id == MembershipEvent.membership_id)
        .where(Membership.influencer_id.in_(ids), MembershipEvent.at <= now)
        .order_by(MembershipEvent.at, MembershipEvent.id)
    )
    return session.execute(stmt).all()


def _post_date() -> ColumnElement[datetime]:
    return func.coalesce(Post.published_at, Post.created_at)


def post_totals(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, posts, first_at, first_id, future_id, future_at)`` per influencer. A
    post counts once published (or, without a date, recorded) by ``now``; ``first_id`` is the
    earliest counted post; ``future_*`` names a post recorded by ``now`` whose publication date
    is after it, which is bad data."""
    dated = _post_date()
    counted = dated <= now
    future = and_(Post.published_at > now, Post.created_at <= now)
    totals = (
        select(
            Post.influencer_id.label("influencer_id"),
            func.sum(case((counted, 1), else_=0)).label("posts"),
            func.min(case((counted, dated), else_=None)).label("first_at"),
            func.max(case((future, Post.id), else_=None)).label("future_id"),
            func.max(case((future, Post.published_at), else_=None)).label("future_at"),
        )
        .where(Post.influencer_id.in_(ids))
        .group_by(Post.influencer_id)
        .subquery()
    )
    first = aliased(Post)
    first_id = (
        select(func.min(first.id))
        .where(
            first.influencer_id == totals.c.influencer_id,
            func.coalesce(first.published_at, first.created_at) == totals.c.first_at,
        )
        .scalar_subquery()
    )
    stmt = select(
        totals.c.influencer_id,
        totals.c.posts,
        totals.c.first_at,
        first_id,
        totals.c.future_id,
        totals.c.future_at,
    )
    return session.execute(stmt).all()


def commercial_posts(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, post_id, undisclosed)`` of each post published by ``now`` whose latest
    screening saw commercial signals or found undisclosed advertising. Undisclosed: a
    non-shadow undisclosed_advertising finding on that run that triage has not dismissed.
    What a post is belongs to its publication: a later screening (a better rulebook) or a
    dismissal corrects how a post published back then is read, so neither is dated."""
    latest = (
        select(ScreeningRun.post_id, func.max(ScreeningRun.id).label("run_id"))
        .join(Post, Post.id == ScreeningRun.post_id)
        .where(Post.influencer_id.in_(ids), _post_date() <= now)
        .group_by(ScreeningRun.post_id)
        .subquery()
    )
    dismissed = exists().where(
        TriageDismissal.item_kind == "finding", TriageDismissal.item_id == StoredFinding.id
    )
    undisclosed = exists().where(
        StoredFinding.run_id == ScreeningRun.id,
        StoredFinding.category == UNDISCLOSED_CATEGORY,
        StoredFinding.shadow.is_(False),
        ~dismissed,
    )
    # most runs have no finding: the CASE spares them the EXISTS
    flagged = case((ScreeningRun.finding_count > 0, undisclosed), else_=False)
    stmt = (
        select(Post.influencer_id, Post.id, flagged)
        .select_from(latest)
        .join(ScreeningRun, ScreeningRun.id == latest.c.run_id)
        .join(Post, Post.id == latest.c.post_id)
        .where(or_(ScreeningRun.commercial.is_(True), flagged))
    )
    return session.execute(stmt).all()


def _overturned(now: datetime) -> ColumnElement[bool]:
    appeal = Decision.__table__.alias("appeal")
    return exists().where(
        appeal.c.case_id == Decision.case_id,
        appeal.c.stage == DecisionStage.APPEAL.value,
        appeal.c.outcome == DecisionOutcome.OVERTURNED.value,
        appeal.c.decided_at <= now,
    )


def _standing_violation(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Decision.stage == DecisionStage.FIRST,
        Decision.outcome == DecisionOutcome.VIOLATION,
        Decision.decided_at <= now,
        ~_overturned(now),
    )


def violations(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, case_id, severity, decided_at)`` of each violation decided by ``now``
    and not overturned on appeal by then; the severity is the one the decision sanctioned."""
    severity = Decision.evidence[("sanction_recommendation", "severity")].as_string()
    stmt = (
        select(Case.influencer_id, Case.id, severity, Decision.decided_at)
        .join(Decision, Decision.case_id == Case.id)
        .where(Case.influencer_id.in_(ids), *_standing_violation(now))
        .order_by(Decision.decided_at, Case.id)
    )
    return session.execute(stmt).all()


def upheld_reports(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, report_id)`` of reports attached to a case whose violation stands."""
    stmt = (
        select(Case.influencer_id, CaseReport.report_id)
        .join(Case, Case.id == CaseReport.case_id)
        .join(Decision, Decision.case_id == Case.id)
        .where(Case.influencer_id.in_(ids), *_standing_violation(now))
        .distinct()
    )
    return session.execute(stmt).all()


def point_entries(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, id, kind, points, at, refund_of, case_id)`` of ledger lines by
    ``now``, oldest first."""
    stmt = (
        select(
            PointEntry.influencer_id,
            PointEntry.id,
            PointEntry.kind,
            PointEntry.points,
            PointEntry.at,
            PointEntry.refund_of,
            PointEntry.case_id,
        )
        .where(PointEntry.influencer_id.in_(ids), PointEntry.at <= now)
        .order_by(PointEntry.at, PointEntry.id)
    )
    return session.execute(stmt).all()


def sanctions_in_force(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, id, kind, ends_at)`` of sanctions in force at ``now``: begun, not
    ended, and not lifted, overturned or expired by then (a later change did not apply yet)."""
    ended_later = and_(Sanction.status != SanctionStatus.ACTIVE, Sanction.status_changed_at > now)
    stmt = (
        select(Sanction.influencer_id, Sanction.id, Sanction.kind, Sanction.ends_at)
        .where(
            Sanction.influencer_id.in_(ids),
            Sanction.starts_at <= now,
            or_(Sanction.ends_at.is_(None), Sanction.ends_at > now),
            or_(Sanction.status == SanctionStatus.ACTIVE, ended_later),
        )
        .order_by(Sanction.id)
    )
    return session.execute(stmt).all()


def corrections(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, id)`` of corrections published by ``now``."""
    stmt = (
        select(Correction.influencer_id, Correction.id)
        .where(Correction.influencer_id.in_(ids), Correction.published_at <= now)
        .order_by(Correction.id)
    )
    return session.execute(stmt).all()


def campaigns(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, campaign_id)`` of campaigns joined by ``now``."""
    stmt = (
        select(CampaignParticipation.influencer_id, CampaignParticipation.campaign_id)
        .where(CampaignParticipation.influencer_id.in_(ids), CampaignParticipation.joined_at <= now)
        .order_by(CampaignParticipation.campaign_id)
    )
    return session.execute(stmt).all()


def latest_snapshots(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, snapshot id, followers, authenticity)`` of each account's latest
    snapshot as of ``now``."""
    latest = (
        select(AccountSnapshot.account_id, func.max(AccountSnapshot.as_of).label("as_of"))
        .join(Account, Account.id == AccountSnapshot.account_id)
        .where(Account.influencer_id.in_(ids), AccountSnapshot.as_of <= now)
        .group_by(AccountSnapshot.account_id)
        .subquery()
    )
    stmt = (
        select(
            Account.influencer_id,
            AccountSnapshot.id,
            AccountSnapshot.followers,
            AccountSnapshot.authenticity,
        )
        .select_from(latest)
        .join(
            AccountSnapshot,
            and_(
                AccountSnapshot.account_id == latest.c.account_id,
                AccountSnapshot.as_of == latest.c.as_of,
            ),
        )
        .join(Account, Account.id == AccountSnapshot.account_id)
        .order_by(AccountSnapshot.id)
    )
    return session.execute(stmt).all()


def first_history_days(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, snapshot id, first day)`` of every snapshot taken by ``now``, the
    first day being the first point of its follower history (the importer keeps it in day
    order) as an ISO date string, or None without history."""
    first_day = AccountSnapshot.history[(0, 0)].as_string()
    stmt = (
        select(Account.influencer_id, AccountSnapshot.id, first_day)
        .join(Account, Account.id == AccountSnapshot.account_id)
        .where(Account.influencer_id.in_(ids), AccountSnapshot.as_of <= now)
    )
    return session.execute(stmt).all()
