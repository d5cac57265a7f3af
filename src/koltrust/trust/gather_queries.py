"""The grouped queries behind facts gathering. Each reads a whole chunk of influencers in one
statement (``influencer_id IN (...)``), so a chunk costs a fixed number of round trips
whatever its size. Everything is read as of ``now``: rows dated after ``now`` are left out, so
a past ``now`` sees the registry as it stood then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, any_, bindparam, case, exists, func, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from koltrust.audience.models import AccountSnapshot
from koltrust.campaigns.models import CampaignParticipation, Correction
from koltrust.cases.models import (
    Case,
    CaseFinding,
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


def _among(session: Session, column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL ``= ANY`` of one array parameter, which spares
    compiling, sending and parsing thousands of placeholders for every query of a chunk."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))  # type: ignore[no-any-return]
    return column.in_(ids)  # type: ignore[no-any-return]


def prepare(session: Session) -> None:
    """Session settings for the grouped queries: on PostgreSQL, no JIT for the rest of the
    transaction (their cost estimates invite it, and compiling takes a second or two per
    query, several times their run time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def influencers(session: Session, ids: Sequence[int]) -> Rows:
    """``(id, verification_level, created_at)`` of each influencer that exists."""
    stmt = select(Influencer.id, Influencer.verification_level, Influencer.created_at).where(
        _among(session, Influencer.id, ids)
    )
    return session.execute(stmt).all()


def memberships(session: Session, ids: Sequence[int]) -> Rows:
    """``(influencer_id, status, pledged_at, status_changed_at)`` of the current rows."""
    stmt = select(
        Membership.influencer_id,
        Membership.status,
        Membership.pledged_at,
        Membership.status_changed_at,
    ).where(_among(session, Membership.influencer_id, ids))
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
        .where(_among(session, Membership.influencer_id, ids), MembershipEvent.at <= now)
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
        .where(_among(session, Post.influencer_id, ids))
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
    """``(influencer_id, post_id, run_id, commercial, has_findings)`` of each post published by
    ``now`` whose latest screening saw commercial signals or found undisclosed advertising
    (``undisclosed_runs`` then says which of the runs with findings hold one that stands).
    What a post is belongs to its publication: a later screening (a better rulebook) or a
    dismissal corrects how a post published back then is read, so neither is dated."""
    latest = aliased(ScreeningRun)
    # the latest run of each post, through the post's index entry (a grouped scan of every
    # run would read the whole table for each chunk)
    latest_id = select(func.max(latest.id)).where(latest.post_id == Post.id).scalar_subquery()
    # most runs have no finding: the CASE spares them the EXISTS
    flagged = case((ScreeningRun.finding_count > 0, _undisclosed(ScreeningRun.id)), else_=False)
    stmt = (
        select(
            Post.influencer_id,
            Post.id,
            ScreeningRun.id,
            ScreeningRun.commercial,
            ScreeningRun.finding_count > 0,
        )
        .join(ScreeningRun, ScreeningRun.id == latest_id)
        .where(
            _among(session, Post.influencer_id, ids),
            _post_date() <= now,
            or_(ScreeningRun.commercial.is_(True), flagged),
        )
    )
    return session.execute(stmt).all()


def undisclosed_runs(session: Session, run_ids: Sequence[int]) -> set[int]:
    """The runs among ``run_ids`` holding a non-shadow undisclosed_advertising finding that
    triage has not dismissed."""
    if not run_ids:
        return set()
    run = aliased(ScreeningRun)
    stmt = select(run.id).where(_among(session, run.id, run_ids), _undisclosed(run.id))
    return set(session.scalars(stmt))


def _undisclosed(run_id: Any) -> ColumnElement[bool]:
    dismissed = exists().where(
        TriageDismissal.item_kind == "finding", TriageDismissal.item_id == StoredFinding.id
    )
    return exists().where(
        StoredFinding.run_id == run_id,
        StoredFinding.category == UNDISCLOSED_CATEGORY,
        StoredFinding.shadow.is_(False),
        ~dismissed,
        ~_rejected_by_a_decision(),
    )


def _rejected_by_a_decision() -> ColumnElement[bool]:
    """The finding's case was decided "no violation" or overturned on appeal: people looked
    and the finding does not stand (the public post page no longer shows it either)."""
    rejecting = or_(
        and_(
            Decision.stage == DecisionStage.FIRST,
            Decision.outcome == DecisionOutcome.NO_VIOLATION,
        ),
        and_(
            Decision.stage == DecisionStage.APPEAL,
            Decision.outcome == DecisionOutcome.OVERTURNED,
        ),
    )
    return exists().where(
        CaseFinding.finding_id == StoredFinding.id,
        Decision.case_id == CaseFinding.case_id,
        rejecting,
    )


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
        .where(_among(session, Case.influencer_id, ids), *_standing_violation(now))
        .order_by(Decision.decided_at, Case.id)
    )
    return session.execute(stmt).all()


def upheld_reports(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, report_id)`` of reports attached to a case whose violation stands."""
    stmt = (
        select(Case.influencer_id, CaseReport.report_id)
        .join(Case, Case.id == CaseReport.case_id)
        .join(Decision, Decision.case_id == Case.id)
        .where(_among(session, Case.influencer_id, ids), *_standing_violation(now))
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
        .where(_among(session, PointEntry.influencer_id, ids), PointEntry.at <= now)
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
            _among(session, Sanction.influencer_id, ids),
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
        .where(_among(session, Correction.influencer_id, ids), Correction.published_at <= now)
        .order_by(Correction.id)
    )
    return session.execute(stmt).all()


def campaigns(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """``(influencer_id, campaign_id)`` of campaigns joined by ``now``."""
    stmt = (
        select(CampaignParticipation.influencer_id, CampaignParticipation.campaign_id)
        .where(
            _among(session, CampaignParticipation.influencer_id, ids),
            CampaignParticipation.joined_at <= now,
        )
        .order_by(CampaignParticipation.campaign_id)
    )
    return session.execute(stmt).all()


def snapshots(session: Session, ids: Sequence[int], now: datetime) -> Rows:
    """Per account of the influencers, as of ``now``: ``(influencer_id, latest id, followers,
    authenticity, its first history day, earliest id, its first history day)`` (Nones for an
    account without snapshots). A first day is the first point of the snapshot's follower
    history (kept in day order) as an ISO date string."""

    def pick(column: Any, *, newest: bool) -> Any:
        # one probe of the (account, as_of) index per account and column: a join tempts
        # PostgreSQL into hashing every snapshot for each chunk
        day = AccountSnapshot.as_of.desc() if newest else AccountSnapshot.as_of.asc()
        return (
            select(column)
            .where(AccountSnapshot.account_id == Account.id, AccountSnapshot.as_of <= now)
            .order_by(day)
            .limit(1)
            .scalar_subquery()
        )

    first_day = AccountSnapshot.history[(0, 0)].as_string()
    stmt = (
        select(
            Account.influencer_id,
            pick(AccountSnapshot.id, newest=True),
            pick(AccountSnapshot.followers, newest=True),
            pick(AccountSnapshot.authenticity, newest=True),
            pick(first_day, newest=True),
            pick(AccountSnapshot.id, newest=False),
            pick(first_day, newest=False),
        )
        .where(_among(session, Account.influencer_id, ids))
        .order_by(Account.id)
    )
    return session.execute(stmt).all()
