"""Stored findings to open cases on, written straight to the tables (no rulebook needed), and
cases moved, decided and appealed through the services."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Actor
from koltrust.cases import decisions, service
from koltrust.cases.due_process import DueProcess
from koltrust.cases.models import Case, DecisionOutcome
from koltrust.cases.states import Move
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.db.types import utcnow
from koltrust.sanctions.policy import load_policy
from koltrust.screening.model import Severity
from koltrust.screening.rulebook_path import default_rulebook_path

CATEGORY = "health_claims"
TEXT = "Thuốc này chữa khỏi tiểu đường"


def stored_finding(session: Session, *, influencer_id: int | None) -> int:
    """A post by the influencer with one screening run and one finding; the finding's id."""
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    post = Post(
        influencer_id=influencer_id,
        text=TEXT,
        text_sha256=sha,
        language="vi",
        language_confidence=1.0,
    )
    run = ScreeningRun(rulebook_version="test", text_sha256=sha, finding_count=1)
    finding = StoredFinding(
        rule_id="health.cure_claim",
        rule_version=1,
        rulebook_version="test",
        category=CATEGORY,
        severity=Severity.HIGH,
        confidence=0.9,
        spans=[[10, 18]],
        excerpt="chữa khỏi",
    )
    session.add(post)
    session.flush()
    run.post_id = post.id
    finding.post_id = post.id
    run.findings.append(finding)
    session.add(run)
    session.flush()
    return finding.id


RULE_ID = "health.cure_claim"
DUE = DueProcess(
    policy=load_policy(default_rulebook_path()),
    reply_window=timedelta(0),
    appeal_window=timedelta(days=14),
)
NO_APPEAL_WINDOW = replace(DUE, appeal_window=timedelta(0))


def open_case(
    session: Session,
    *,
    slug: str,
    finding_ids: list[int],
    actor: Actor = SYSTEM,
    reply_window: timedelta = timedelta(0),
) -> Case:
    """A case about ``slug`` on ``finding_ids`` (no reply window unless given)."""
    return service.open_case(
        session,
        actor=actor,
        request=service.CaseRequest(
            influencer_slug=slug, category=CATEGORY, finding_ids=finding_ids, reason="found it"
        ),
        reply_window=reply_window,
    )


def decide(
    session: Session,
    case: Case,
    outcome: DecisionOutcome,
    *,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
    due: DueProcess = DUE,
) -> Case:
    """Decide ``case`` (in review) citing RULE_ID, at ``now`` (default: now)."""
    return decisions.decide(
        session,
        actor=actor,
        case_id=case.id,
        request=decisions.DecisionRequest(
            outcome=outcome,
            rule_ids=[RULE_ID] if outcome is DecisionOutcome.VIOLATION else [],
            reasoning=f"decided {outcome.value}",
            expected_version=case.version,
            severity=Severity.HIGH,
        ),
        due=due,
        known_rule_ids={RULE_ID},
        now=now or utcnow(),
    )


def make_moves(
    session: Session,
    case: Case,
    *moves: Move,
    actor: Actor = SYSTEM,
    due: DueProcess = DUE,
) -> Case:
    """Make ``moves`` one after the other, each from the version the previous one left;
    decisions under ``due`` (NO_APPEAL_WINDOW lets CLOSE follow a decision at once)."""
    for move in moves:
        if move in _DECISIONS:
            case = decide(session, case, _DECISIONS[move], actor=actor, due=due)
        elif move is Move.APPEAL:
            case = decisions.appeal(
                session,
                actor=actor,
                case_id=case.id,
                reason="I disagree",
                expected_version=case.version,
                now=utcnow(),
            )
        else:
            case = service.move_case(
                session,
                actor=actor,
                case_id=case.id,
                move=move,
                reason=f"because: {move.value}",
                expected_version=case.version,
            )
    return case


_DECISIONS = {
    Move.DECIDE_VIOLATION: DecisionOutcome.VIOLATION,
    Move.DECIDE_NO_VIOLATION: DecisionOutcome.NO_VIOLATION,
}
