"""Linking findings and reports to a case that is already open. Not a move: the case's state
and version stay as they are (a new finding must not turn an analyst's pending decision into
a 409), so the link is recorded in the audit log rather than the case's event timeline."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from koltrust.audit import service as audit
from koltrust.auth.permissions import Actor
from koltrust.cases.models import Case, CaseFinding, CaseReport


def link_items(
    session: Session,
    *,
    actor: Actor,
    case: Case,
    finding_ids: Sequence[int],
    report_ids: Sequence[int],
    reason: str,
) -> tuple[list[int], list[int]]:
    """Link the findings and reports the case does not hold yet; the ids newly linked."""
    new_findings = sorted(set(finding_ids) - set(case.finding_ids))
    new_reports = sorted(set(report_ids) - set(case.report_ids))
    if not new_findings and not new_reports:
        return [], []
    case.findings.extend(CaseFinding(finding_id=finding_id) for finding_id in new_findings)
    case.reports.extend(CaseReport(report_id=report_id) for report_id in new_reports)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="case.items_attached",
        entity_type="case",
        entity_id=case.id,
        data={
            "finding_ids": new_findings,
            "report_ids": new_reports,
            "version": case.version,
            "reason": reason,
        },
    )
    return new_findings, new_reports
