"""Influencers for certificate tests: a member with a pledge and a stored score computed from
chosen facts, and sanctions imposed through real case decisions (and ended by lifting or an
appeal)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Actor, Role
from koltrust.cases import decisions, service
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import Move
from koltrust.content.models import StoredFinding
from koltrust.db.types import utcnow
from koltrust.registry.lifecycle import MembershipAction
from koltrust.registry.membership_service import MembershipChange, change_influencer_membership
from koltrust.registry.models import Influencer
from koltrust.sanctions import repository as sanctions_repository
from koltrust.sanctions import service as sanctions
from koltrust.sanctions.kinds import SanctionKind
from koltrust.sanctions.models import Sanction
from koltrust.scoring.compute import compute
from koltrust.scoring.facts import Facts, MembershipStatus, VerificationLevel
from koltrust.scoring.methodology import default_methodology
from koltrust.screening.model import Severity
from koltrust.trust.kinds import ScoreTrigger
from koltrust.trust.repository import save_score
from tests.cases.helpers import DUE, RULE_ID, open_case, stored_finding
from tests.factories import make_influencer

ANALYST = Actor(label="analyst@example.org", role=Role.ANALYST)
SECOND_ANALYST = Actor(label="analyst-2@example.org", role=Role.ANALYST)
ADMIN = Actor(label="admin@example.org", role=Role.ADMIN)


def member(session: Session, slug: str, *, membership: str = "member") -> Influencer:
    """An influencer whose membership is ``member`` (admitted with a pledge) or ``applicant``."""
    influencer = make_influencer(session, display_name=f"Người {slug}", slug=slug)
    action = MembershipAction.ADMIT if membership == "member" else MembershipAction.APPLY
    change_influencer_membership(
        session,
        actor=SYSTEM,
        slug=slug,
        change=MembershipChange(action=action, reason=""),
        current_coc="2025.1",
    )
    session.flush()
    return influencer


def good_facts(at: datetime, **changes: object) -> Facts:
    """A member with years of clean, disclosed posts before ``at`` (score 100), unless
    ``changes`` say otherwise."""
    base: dict[str, object] = {
        "verification_level": VerificationLevel.NATIONAL_ID,
        "membership": MembershipStatus.MEMBER,
        "pledged_at": at - timedelta(days=300),
        "active_since": at - timedelta(days=1500),
        "posts_total": 400,
        "commercial_posts_disclosed": 60,
        "audience_authenticity": 0.93,
        "campaigns_joined": 4,
    }
    return Facts(**(base | changes))  # type: ignore[arg-type]


def score(
    session: Session, influencer: Influencer, at: datetime, facts: Facts | None = None
) -> int:
    """Store the score of ``facts`` (good_facts by default) computed at ``at``; its total."""
    computed = compute(facts or good_facts(at), at, default_methodology())
    save_score(session, influencer.id, computed, "digest", ScoreTrigger.MANUAL)
    return computed.total


def qualifying(session: Session, slug: str, at: datetime) -> Influencer:
    """A member with a pledge and a fresh score of 100."""
    influencer = member(session, slug)
    score(session, influencer, at)
    return influencer


def pending_case(
    session: Session, influencer: Influencer, *, severity: Severity = Severity.HIGH
) -> Case:
    """A case opened on one finding of ``severity`` about the influencer (awaiting decision)."""
    finding_id = stored_finding(session, influencer_id=influencer.id)
    finding = session.get(StoredFinding, finding_id)
    assert finding is not None
    finding.severity = severity
    session.flush()
    return open_case(session, slug=influencer.slug, finding_ids=[finding_id])


def sanction(
    session: Session,
    influencer: Influencer,
    kind: SanctionKind,
    *,
    days: int | None = None,
    at: datetime | None = None,
) -> tuple[Case, Sanction]:
    """A case about the influencer decided as a violation with a sanction of ``kind`` lasting
    ``days`` (the policy's duration when None), at ``at`` (a moment after the case opened;
    now by default)."""
    case = pending_case(session, influencer)
    case = service.move_case(
        session,
        actor=ANALYST,
        case_id=case.id,
        move=Move.START_REVIEW,
        reason="looking",
        expected_version=case.version,
    )
    case = decisions.decide(
        session,
        actor=ANALYST,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=DecisionOutcome.VIOLATION,
            rule_ids=[RULE_ID],
            reasoning="a grave violation",
            expected_version=case.version,
            severity=Severity.HIGH,
            sanction=kind,
            duration_days=days,
        ),
        due=DUE,
        known_rule_ids={RULE_ID},
        now=at or utcnow(),
    )
    imposed = sanctions_repository.for_decision(session, case.decisions[0].id)
    assert imposed is not None
    return case, imposed


def overturn_on_appeal(session: Session, case: Case, at: datetime) -> None:
    """The influencer appeals and another analyst overturns the decision at ``at``."""
    influencer = Actor(label="self", role=Role.INFLUENCER, influencer_id=case.influencer_id)
    case = decisions.appeal(
        session,
        actor=influencer,
        case_id=case.id,
        reason="I disagree",
        expected_version=case.version,
        now=at - timedelta(minutes=1),
    )
    decisions.decide_appeal(
        session,
        actor=SECOND_ANALYST,
        case_id=case.id,
        outcome=DecisionOutcome.OVERTURNED,
        reasoning="the evidence does not hold",
        expected_version=case.version,
        now=at,
    )


def lift(session: Session, imposed: Sanction, at: datetime) -> None:
    """The alliance ends the sanction early at ``at``."""
    sanctions.lift(
        session,
        actor=ADMIN,
        sanction_id=imposed.id,
        reason="training completed",
        expected_version=None,
        now=at,
    )


def now() -> datetime:
    """The real clock (memberships and cases record it themselves)."""
    return utcnow()
