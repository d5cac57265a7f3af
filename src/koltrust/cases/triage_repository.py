"""Every query of the triage queue: items not yet in a case nor dismissed, the open cases they
could join, and assignment with optimistic locking."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from koltrust.auth.models import User
from koltrust.cases.models import Case, CaseFinding, CaseReport, TriageDismissal
from koltrust.cases.states import CaseState
from koltrust.content.models import Post, ScreeningRun, StoredFinding
from koltrust.registry.models import Influencer
from koltrust.reports.models import Report
from koltrust.screening.model import Severity

ACTIVE_STATES = (CaseState.OPEN, CaseState.IN_REVIEW)
FINDING, REPORT = "finding", "report"


@dataclass(frozen=True)
class ItemRow:
    """One queue item as the queue needs it: what, about whom, how bad, how sure, when."""

    kind: str  # "finding" or "report"
    id: int
    influencer_id: int | None
    category: str
    source: str  # "rules", "claims" or "report"
    severity: Severity | None
    confidence: float | None
    at: datetime
    trusted: bool = False


@dataclass(frozen=True)
class Scope:
    """What part of the queue to read (None: everything)."""

    category: str | None = None
    influencer_id: int | None = None


def open_case_for(session: Session, *, influencer_id: int, category: str) -> Case | None:
    """The oldest case open or in review about this influencer and category."""
    stmt = (
        select(Case)
        .where(
            Case.influencer_id == influencer_id,
            Case.category == category,
            Case.state.in_(ACTIVE_STATES),
        )
        .order_by(Case.opened_at, Case.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


def active_cases(session: Session, scope: Scope) -> list[Case]:
    """The cases open or in review, oldest first."""
    stmt = select(Case).where(Case.state.in_(ACTIVE_STATES))
    if scope.category is not None:
        stmt = stmt.where(Case.category == scope.category)
    if scope.influencer_id is not None:
        stmt = stmt.where(Case.influencer_id == scope.influencer_id)
    return list(session.scalars(stmt.order_by(Case.opened_at, Case.id)))


def linked_findings(session: Session, finding_ids: Collection[int]) -> dict[int, int]:
    """For each of these findings already in a case: the case's id."""
    stmt = select(CaseFinding.finding_id, CaseFinding.case_id).where(
        CaseFinding.finding_id.in_(list(finding_ids))
    )
    return dict(session.execute(stmt).all())


def linked_reports(session: Session, report_ids: Collection[int]) -> dict[int, int]:
    """For each of these reports already in a case: the case's id."""
    stmt = select(CaseReport.report_id, CaseReport.case_id).where(
        CaseReport.report_id.in_(list(report_ids))
    )
    return dict(session.execute(stmt).all())


def dismissals(
    session: Session, kind: str, item_ids: Collection[int]
) -> dict[int, TriageDismissal]:
    """The dismissals of these items of ``kind``, by item id."""
    stmt = select(TriageDismissal).where(
        TriageDismissal.item_kind == kind, TriageDismissal.item_id.in_(list(item_ids))
    )
    return {dismissal.item_id: dismissal for dismissal in session.scalars(stmt)}


def reports_with_authors(
    session: Session, report_ids: Iterable[int]
) -> list[tuple[Report, int | None]]:
    """The reports with these ids, each with the influencer it is about (directly, or as the
    author of the reported post)."""
    stmt = (
        select(Report, func.coalesce(Report.influencer_id, Post.influencer_id))
        .outerjoin(Post, Post.id == Report.post_id)
        .where(Report.id.in_(list(report_ids)))
    )
    return [(report, author) for report, author in session.execute(stmt)]


def finding_rows(session: Session, scope: Scope, *, source: str | None) -> list[ItemRow]:
    """Non-shadow findings of each post's latest screening that are in no case and were not
    dismissed (older runs' findings were screened again, so they would count twice)."""
    latest = select(func.max(ScreeningRun.id)).group_by(ScreeningRun.post_id)
    stmt = (
        select(StoredFinding, Post.influencer_id, ScreeningRun.screened_at)
        .join(ScreeningRun, ScreeningRun.id == StoredFinding.run_id)
        .join(Post, Post.id == StoredFinding.post_id)
        .where(
            StoredFinding.shadow.is_(False),
            StoredFinding.run_id.in_(latest),
            ~StoredFinding.id.in_(select(CaseFinding.finding_id)),
            ~StoredFinding.id.in_(_dismissed(FINDING)),
        )
    )
    if source is not None:
        stmt = stmt.where(StoredFinding.source == source)
    if scope.category is not None:
        stmt = stmt.where(StoredFinding.category == scope.category)
    if scope.influencer_id is not None:
        stmt = stmt.where(Post.influencer_id == scope.influencer_id)
    return [
        ItemRow(FINDING, f.id, author, f.category, f.source, f.severity, f.confidence, at)
        for f, author, at in session.execute(stmt)
    ]


def report_rows(session: Session, scope: Scope) -> list[ItemRow]:
    """Reports in no case and not dismissed, with the influencer each is about."""
    author = func.coalesce(Report.influencer_id, Post.influencer_id)
    stmt = (
        select(Report.id, author, Report.category, Report.created_at, Report.trusted_flagger)
        .outerjoin(Post, Post.id == Report.post_id)
        .where(
            ~Report.id.in_(select(CaseReport.report_id)),
            ~Report.id.in_(_dismissed(REPORT)),
        )
    )
    if scope.category is not None:
        stmt = stmt.where(Report.category == scope.category)
    if scope.influencer_id is not None:
        stmt = stmt.where(author == scope.influencer_id)
    return [
        ItemRow(REPORT, report_id, who, category, "report", None, None, at, trusted)
        for report_id, who, category, at, trusted in session.execute(stmt)
    ]


def case_item_rows(session: Session, case_ids: Collection[int]) -> dict[int, list[ItemRow]]:
    """The findings and reports already in these cases, by case id."""
    found: dict[int, list[ItemRow]] = {case_id: [] for case_id in case_ids}
    findings = (
        select(CaseFinding.case_id, StoredFinding, ScreeningRun.screened_at)
        .join(StoredFinding, StoredFinding.id == CaseFinding.finding_id)
        .join(ScreeningRun, ScreeningRun.id == StoredFinding.run_id)
        .where(CaseFinding.case_id.in_(list(case_ids)))
    )
    for case_id, f, at in session.execute(findings):
        found[case_id].append(
            ItemRow(FINDING, f.id, None, f.category, f.source, f.severity, f.confidence, at)
        )
    reports = (
        select(
            CaseReport.case_id,
            Report.id,
            Report.category,
            Report.created_at,
            Report.trusted_flagger,
        )
        .join(Report, Report.id == CaseReport.report_id)
        .where(CaseReport.case_id.in_(list(case_ids)))
    )
    for case_id, report_id, category, at, trusted in session.execute(reports):
        found[case_id].append(
            ItemRow(REPORT, report_id, None, category, "report", None, None, at, trusted)
        )
    return found


def influencer_slugs(session: Session, influencer_ids: Collection[int]) -> dict[int, str]:
    """The slugs of these influencers, by id."""
    stmt = select(Influencer.id, Influencer.slug).where(Influencer.id.in_(list(influencer_ids)))
    return dict(session.execute(stmt).all())


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with this id."""
    return session.get(User, user_id)


def reassign(
    session: Session, *, case_id: int, expected_version: int, user_id: int | None, at: datetime
) -> bool:
    """Assign the case to ``user_id`` (None: nobody) only if it is still at
    ``expected_version``; False when someone else changed it meanwhile (as cases' advance)."""
    stmt = (
        update(Case)
        .where(Case.id == case_id, Case.version == expected_version)
        .values(assigned_to=user_id, version=expected_version + 1, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


def _dismissed(kind: str) -> Select[int]:
    return select(TriageDismissal.item_id).where(TriageDismissal.item_kind == kind)
