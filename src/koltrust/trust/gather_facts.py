"""Gathering the trust index's facts about many influencers at once, as of a moment.

A chunk of influencers costs the same dozen grouped queries whatever its size (never one query
per influencer). Each fact is dated by when it happened (a post's publication, a decision, a
sanction's start, a correction's publication...), so gathering at a past ``now`` rebuilds the
facts as they stood then. What the registry knows of an influencer's start (``active_since``)
is the earliest of: their first post, the first day of an imported follower history; only
without either, the day they were registered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from koltrust.registry.models import MembershipStatus as RegistryMembership
from koltrust.sanctions.kinds import PointKind, SanctionKind
from koltrust.sanctions.points import LedgerLine, points_at
from koltrust.sanctions.policy import SanctionPolicy
from koltrust.scoring.facts import (
    Facts,
    InvalidFacts,
    MembershipStatus,
    Sanction,
    VerificationLevel,
    Violation,
)
from koltrust.screening.model import Severity
from koltrust.trust import gather_queries as q

# a commercial post that was disclosed proves little on its own: the evidence keeps the most
# recent few, while every undisclosed one is listed
DISCLOSED_EVIDENCE = 10


@dataclass
class _Draft:
    """The facts of one influencer while the chunk's queries fill them in."""

    verification: VerificationLevel
    registered_at: datetime
    membership: MembershipStatus | None = None
    pledged_at: datetime | None = None
    posts_total: int = 0
    starts: list[tuple[datetime, str]] = field(default_factory=list)
    disclosed: list[str] = field(default_factory=list)
    undisclosed: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    ledger: list[LedgerLine] = field(default_factory=list)
    ledger_cases: dict[int, int] = field(default_factory=dict)
    sanctions: list[Sanction] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    audience: list[tuple[int, float, str]] = field(default_factory=list)
    problem: InvalidFacts | None = None


@dataclass(frozen=True)
class Gathering:
    """The facts of each influencer found, and those whose stored data cannot be scored
    (a post dated after it was recorded, a decision without a severity...)."""

    facts: dict[int, Facts]
    invalid: dict[int, InvalidFacts]


def gather_facts(
    session: Session, influencer_ids: Sequence[int], now: datetime, *, policy: SanctionPolicy
) -> dict[int, Facts]:
    """The facts of every influencer in ``influencer_ids`` that exists, as of ``now``; an
    influencer whose stored data are invalid is left out (``gather`` says why)."""
    return gather(session, influencer_ids, now, policy=policy).facts


def gather(
    session: Session, influencer_ids: Sequence[int], now: datetime, *, policy: SanctionPolicy
) -> Gathering:
    """The facts of every influencer in ``influencer_ids`` that exists, as of ``now``."""
    ids = sorted(set(influencer_ids))
    q.prepare(session)
    drafts = {
        row[0]: _Draft(VerificationLevel(row[1].value), row[2])
        for row in q.influencers(session, ids)
    }
    if not drafts:
        return Gathering({}, {})
    ids = list(drafts)
    _memberships(session, drafts, ids, now)
    _posts(session, drafts, ids, now)
    _violations(session, drafts, ids, now)
    _standing(session, drafts, ids, now, policy)
    _positives(session, drafts, ids, now)
    _audience(session, drafts, ids, now)
    facts: dict[int, Facts] = {}
    invalid: dict[int, InvalidFacts] = {}
    for influencer_id, draft in drafts.items():
        if draft.problem is not None:
            invalid[influencer_id] = draft.problem
        else:
            facts[influencer_id] = _facts(draft, now, policy)
    return Gathering(facts, invalid)


def _memberships(
    session: Session, drafts: dict[int, _Draft], ids: list[int], now: datetime
) -> None:
    changed_later = []
    for influencer_id, status, pledged_at, changed_at in q.memberships(session, ids):
        if changed_at > now:
            changed_later.append(influencer_id)
            continue
        draft = drafts[influencer_id]
        draft.membership = _membership(status)
        draft.pledged_at = pledged_at
    if not changed_later:
        return
    # the current row is newer than ``now``: replay its events up to ``now`` instead
    for influencer_id, status, pledged_version, at in q.membership_events(
        session, changed_later, now
    ):
        draft = drafts[influencer_id]
        draft.membership = _membership(status)
        if pledged_version is not None:
            draft.pledged_at = at


def _membership(status: RegistryMembership) -> MembershipStatus:
    return MembershipStatus(status.value)


def _posts(session: Session, drafts: dict[int, _Draft], ids: list[int], now: datetime) -> None:
    for influencer_id, posts, first_at, first_id, future_id, future_at in q.post_totals(
        session, ids, now
    ):
        draft = drafts[influencer_id]
        draft.posts_total = int(posts or 0)
        if first_at is not None:
            draft.starts.append((first_at, f"post:{first_id}"))
        if future_id is not None:
            draft.problem = InvalidFacts(
                "posts",
                f"post:{future_id} is dated {future_at.isoformat()}, after now "
                f"({now.isoformat()}), though it was recorded before",
            )
    rows = q.commercial_posts(session, ids, now)
    standing = q.undisclosed_runs(session, [run_id for _, _, run_id, _, found in rows if found])
    for influencer_id, post_id, run_id, commercial, _ in rows:
        draft = drafts[influencer_id]
        if run_id in standing:
            draft.undisclosed.append(f"post:{post_id}")
        elif commercial:
            draft.disclosed.append(f"post:{post_id}")


def _violations(session: Session, drafts: dict[int, _Draft], ids: list[int], now: datetime) -> None:
    for influencer_id, case_id, severity, decided_at in q.violations(session, ids, now):
        draft = drafts[influencer_id]
        try:
            level = Severity(severity)
        except ValueError:
            draft.problem = InvalidFacts(
                "violations", f"case:{case_id}: its decision records no severity ({severity!r})"
            )
            continue
        draft.violations.append(Violation(level, decided_at, f"case:{case_id}"))
    for influencer_id, report_id in q.upheld_reports(session, ids, now):
        drafts[influencer_id].reports.append(f"report:{report_id}")


def _standing(
    session: Session,
    drafts: dict[int, _Draft],
    ids: list[int],
    now: datetime,
    policy: SanctionPolicy,
) -> None:
    for influencer_id, line_id, kind, points, at, refund_of, case_id in q.point_entries(
        session, ids, now
    ):
        draft = drafts[influencer_id]
        draft.ledger.append(LedgerLine(line_id, kind, points, at, refund_of))
        if case_id is not None:
            draft.ledger_cases[line_id] = case_id
    for influencer_id, sanction_id, kind, ends_at in q.sanctions_in_force(session, ids, now):
        drafts[influencer_id].sanctions.append(
            Sanction(SanctionKind(kind.value), ends_at, f"sanction:{sanction_id}")
        )


def _positives(session: Session, drafts: dict[int, _Draft], ids: list[int], now: datetime) -> None:
    for influencer_id, correction_id in q.corrections(session, ids, now):
        drafts[influencer_id].corrections.append(f"correction:{correction_id}")
    for influencer_id, campaign_id in q.campaigns(session, ids, now):
        drafts[influencer_id].campaigns.append(f"campaign:{campaign_id}")


def _audience(session: Session, drafts: dict[int, _Draft], ids: list[int], now: datetime) -> None:
    for row in q.snapshots(session, ids, now):
        influencer_id, latest_id, followers, authenticity, latest_day, earliest_id, first_day = row
        draft = drafts[influencer_id]
        if latest_id is not None and authenticity is not None:
            draft.audience.append((followers, authenticity, f"snapshot:{latest_id}"))
        for snapshot_id, value in ((earliest_id, first_day), (latest_id, latest_day)):
            day = _day(value)
            if day is not None:
                moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
                draft.starts.append((moment, f"snapshot:{snapshot_id}"))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _facts(draft: _Draft, now: datetime, policy: SanctionPolicy) -> Facts:
    since, since_evidence = min(draft.starts, default=(draft.registered_at, None))
    held = points_at(draft.ledger, now, policy).balance if draft.ledger else 0
    evidence: dict[str, tuple[str, ...]] = {
        "active_since": (since_evidence,) if since_evidence else (),
        "commercial_posts_undisclosed": tuple(draft.undisclosed),
        "commercial_posts_disclosed": tuple(draft.disclosed[-DISCLOSED_EVIDENCE:]),
        "penalty_points": _point_cases(draft) if held else (),
        "corrections_published": tuple(draft.corrections),
        "reports_upheld": tuple(draft.reports),
        "campaigns_joined": tuple(draft.campaigns),
        "audience_authenticity": tuple(e for _, _, e in draft.audience),
    }
    return Facts(
        verification_level=draft.verification,
        membership=draft.membership,
        pledged_at=draft.pledged_at,
        active_since=since if since <= now or draft.starts else None,
        posts_total=draft.posts_total,
        commercial_posts_disclosed=len(draft.disclosed),
        commercial_posts_undisclosed=len(draft.undisclosed),
        violations=tuple(draft.violations),
        penalty_points=held,
        sanctions=tuple(draft.sanctions),
        corrections_published=len(draft.corrections),
        reports_upheld=len(draft.reports),
        audience_authenticity=_weighted_authenticity(draft.audience),
        campaigns_joined=len(draft.campaigns),
        evidence={name: ids for name, ids in evidence.items() if ids},
    )


def _point_cases(draft: _Draft) -> tuple[str, ...]:
    """The cases whose violations put points on the ledger (refunded ones left out)."""
    refunded = {line.refund_of for line in draft.ledger if line.kind is PointKind.REFUND}
    cases = [
        draft.ledger_cases[line.id]
        for line in draft.ledger
        if line.kind is PointKind.VIOLATION
        and line.id not in refunded
        and line.id in draft.ledger_cases
    ]
    return tuple(f"case:{case_id}" for case_id in dict.fromkeys(cases))


def _weighted_authenticity(accounts: list[tuple[int, float, str]]) -> float | None:
    """The follower-weighted mean of the accounts' estimates (a plain mean when no account
    reports followers)."""
    if not accounts:
        return None
    followers = sum(max(0, f) for f, _, _ in accounts)
    if followers == 0:
        return sum(share for _, share, _ in accounts) / len(accounts)
    return sum(max(0, f) * share for f, share, _ in accounts) / followers
