"""Stored findings to open cases on, written straight to the tables (no rulebook needed)."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from koltrust.auth.permissions import SYSTEM, Actor
from koltrust.cases import service
from koltrust.cases.models import Case
from koltrust.cases.states import Move
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.screening.model import Severity

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


def open_case(
    session: Session, *, slug: str, finding_ids: list[int], actor: Actor = SYSTEM
) -> Case:
    """A case about ``slug`` on ``finding_ids``."""
    return service.open_case(
        session,
        actor=actor,
        request=service.CaseRequest(
            influencer_slug=slug, category=CATEGORY, finding_ids=finding_ids, reason="found it"
        ),
    )


def make_moves(session: Session, case: Case, *moves: Move, actor: Actor = SYSTEM) -> Case:
    """Make ``moves`` one after the other, each from the version the previous one left."""
    for move in moves:
        case = service.move_case(
            session,
            actor=actor,
            case_id=case.id,
            move=move,
            reason=f"because: {move.value}",
            expected_version=case.version,
        )
    return case
