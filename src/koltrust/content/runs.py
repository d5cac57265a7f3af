"""Screening runs of stored posts: the findings of one screening recorded together (with
those of a video attached to the post), then cases opened where the policy says so."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from koltrust.cases import auto_open
from koltrust.content.models import Post as StoredPost
from koltrust.content.models import ScreeningRun, StoredFinding
from koltrust.db.types import utcnow
from koltrust.screening.engine import Engine
from koltrust.screening.findings import Finding, Post, ScreeningResult
from koltrust.screening.model import Severity


def record_run(
    session: Session,
    *,
    post: StoredPost,
    result: ScreeningResult,
    rulebook_version: str,
    extra: Sequence[Finding] = (),
) -> ScreeningRun:
    """Record ``result`` (and ``extra`` findings) as the post's latest run."""
    findings = [*result.findings, *extra]
    counted = [f for f in findings if not f.shadow]
    run = ScreeningRun(
        post_id=post.id,
        rulebook_version=rulebook_version,
        text_sha256=post.text_sha256,
        screened_at=utcnow(),
        finding_count=len(counted),
        shadow_count=len(findings) - len(counted),
        highest_severity=max(
            (Severity(f.severity) for f in counted), default=None, key=lambda s: s.rank
        ),
        commercial=result.commercial,
        findings=[stored_finding(finding, post.id) for finding in findings],
    )
    session.add(run)
    session.flush()
    auto_open.after_findings_stored(session, post=post, run=run)
    return run


def rescreen_with(
    session: Session, *, post: StoredPost, engine: Engine, extra: Sequence[Finding]
) -> ScreeningRun:
    """Screen the stored post's text again and record it together with ``extra`` findings
    (those of a video attached to it), so the latest run holds both."""
    result = engine.screen(
        Post(
            text=post.text,
            id=str(post.id),
            platform=post.platform.value if post.platform else None,
            links=tuple(post.links),
            hashtags=tuple(post.hashtags),
            paid_partnership=post.paid_partnership,
            language=post.language,
        )
    )
    return record_run(
        session, post=post, result=result, rulebook_version=engine.rulebook.version, extra=extra
    )


def stored_finding(finding: Finding, post_id: int) -> StoredFinding:
    """``finding`` as a row of the post's run."""
    return StoredFinding(
        post_id=post_id,
        rule_id=finding.rule_id,
        rule_version=finding.rule_version,
        rulebook_version=finding.rulebook_version,
        category=finding.category,
        severity=Severity(finding.severity),
        confidence=finding.confidence,
        spans=[[span.start, span.end] for span in finding.spans],
        excerpt=finding.excerpt,
        explanation=dict(finding.explanation),
        remedy=dict(finding.remedy),
        legal_basis=dict(finding.legal_basis),
        shadow=finding.shadow,
        source=finding.source,
        dsa_category=finding.dsa_category,
        evidence=dict(finding.evidence),
    )
