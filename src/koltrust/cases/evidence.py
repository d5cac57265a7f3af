"""The evidence a decision rests on, frozen at the moment of deciding: each finding with the
exact characters it names and the hash of the text they come from, the reports, the replies.
A later edit or deletion of a post or report changes nothing in a decision."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.cases.models import Case
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.reports.models import Report


def snapshot(session: Session, case: Case, *, at: datetime) -> dict[str, Any]:
    """Findings, reports and replies of ``case`` as they stand now."""
    reports = _reports(session, case)
    return {
        "taken_at": at.isoformat(),
        "findings": [_finding(f, run, post) for f, run, post in _findings(session, case)],
        "report_ids": case.report_ids,
        "reports": [_report(report) for report in reports],
        "replies": [
            {"id": r.id, "author": r.author, "at": r.at.isoformat(), "text": r.text}
            for r in case.replies
        ],
        "trusted_flagger": any(report.trusted_flagger for report in reports),
    }


def _findings(session: Session, case: Case) -> list[tuple[StoredFinding, ScreeningRun, Post]]:
    if not case.finding_ids:
        return []
    stmt = (
        select(StoredFinding, ScreeningRun, Post)
        .join(ScreeningRun, ScreeningRun.id == StoredFinding.run_id)
        .join(Post, Post.id == StoredFinding.post_id)
        .where(StoredFinding.id.in_(case.finding_ids))
        .order_by(StoredFinding.id)
    )
    return [(finding, run, post) for finding, run, post in session.execute(stmt)]


def _finding(finding: StoredFinding, run: ScreeningRun, post: Post) -> dict[str, Any]:
    text = run.text if run.text is not None else post.text
    return {
        "id": finding.id,
        "rule_id": finding.rule_id,
        "rule_version": finding.rule_version,
        "rulebook_version": finding.rulebook_version,
        "category": finding.category,
        "severity": finding.severity.value,
        "confidence": finding.confidence,
        "source": finding.source,
        "shadow": finding.shadow,
        "dsa_category": finding.dsa_category,
        "legal_basis": finding.legal_basis,
        "spans": finding.spans,
        "quotes": [text[start:end] for start, end in finding.spans],
        "post_id": post.id,
        "platform": post.platform.value if post.platform else None,
        "external_id": post.external_id,
        "language": post.language,
        "post_text_sha256": run.text_sha256,
        "post_published_at": post.published_at.isoformat() if post.published_at else None,
        "screened_at": run.screened_at.isoformat(),
    }


def _reports(session: Session, case: Case) -> list[Report]:
    if not case.report_ids:
        return []
    return list(session.scalars(select(Report).where(Report.id.in_(case.report_ids))))


def _report(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "category": report.category,
        "trusted_flagger": report.trusted_flagger,
        "created_at": report.created_at.isoformat(),
        "text": report.text,
        "evidence_urls": report.evidence_urls,
        "post_id": report.post_id,
    }
