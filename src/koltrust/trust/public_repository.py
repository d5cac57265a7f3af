"""Queries behind the public registry: an influencer's sanctions and certificate, and the rows
an evidence id may name (the rules on what of them is public live in ``public_evidence``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from koltrust.campaigns.models import CampaignParticipation
from koltrust.cases.models import Case, CaseFinding, CaseReport, TriageDismissal
from koltrust.content.models import StoredFinding
from koltrust.notices.models import Notice
from koltrust.reports.models import Report
from koltrust.sanctions.kinds import SanctionStatus
from koltrust.sanctions.models import Sanction
from koltrust.trust.models import Certificate


def sanctions_of(session: Session, influencer_id: int) -> Sequence[Sanction]:
    """Every sanction of the influencer that was not overturned, newest first."""
    query = (
        select(Sanction)
        .where(
            Sanction.influencer_id == influencer_id,
            Sanction.status != SanctionStatus.OVERTURNED,
        )
        .order_by(Sanction.starts_at.desc(), Sanction.id.desc())
    )
    return session.scalars(query).all()


def latest_certificate(session: Session, influencer_id: int) -> Certificate | None:
    """The influencer's most recently issued certificate, whatever its status."""
    query = (
        select(Certificate)
        .where(Certificate.influencer_id == influencer_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def sanction_of_case(session: Session, case_id: int) -> Sanction | None:
    """The latest sanction imposed in the case, if any."""
    query = (
        select(Sanction).where(Sanction.case_id == case_id).order_by(Sanction.id.desc()).limit(1)
    )
    return session.scalar(query)


def latest_notice(session: Session, sanction_id: int) -> Notice | None:
    """The latest statement of reasons sent for the sanction."""
    query = (
        select(Notice).where(Notice.sanction_id == sanction_id).order_by(Notice.id.desc()).limit(1)
    )
    return session.scalar(query)


def cases_on_post(session: Session, post_id: int) -> Sequence[Case]:
    """The cases resting on findings in the post, oldest first."""
    linked = (
        select(CaseFinding.case_id)
        .join(StoredFinding, StoredFinding.id == CaseFinding.finding_id)
        .where(StoredFinding.post_id == post_id)
    )
    # IN, not DISTINCT: the eagerly joined influencer has JSON columns PostgreSQL cannot compare
    return session.scalars(select(Case).where(Case.id.in_(linked)).order_by(Case.id)).all()


def post_ids_of_case(session: Session, case: Case) -> Sequence[int]:
    """The posts whose findings the case rests on."""
    if not case.finding_ids:
        return []
    query = (
        select(StoredFinding.post_id)
        .where(StoredFinding.id.in_(case.finding_ids))
        .distinct()
        .order_by(StoredFinding.post_id)
    )
    return session.scalars(query).all()


def cases_reporting_post(session: Session, post_id: int) -> Sequence[Case]:
    """The cases that reports about the post were attached to, oldest first."""
    linked = (
        select(CaseReport.case_id)
        .join(Report, Report.id == CaseReport.report_id)
        .where(Report.post_id == post_id)
    )
    return session.scalars(select(Case).where(Case.id.in_(linked)).order_by(Case.id)).all()


def cases_of_report(session: Session, report_id: int) -> Sequence[Case]:
    """The cases the report was attached to, oldest first."""
    linked = select(CaseReport.case_id).where(CaseReport.report_id == report_id)
    return session.scalars(select(Case).where(Case.id.in_(linked)).order_by(Case.id)).all()


def cases_on_findings(session: Session, finding_ids: Sequence[int]) -> Sequence[Case]:
    """The cases resting on any of the findings, oldest first."""
    if not finding_ids:
        return []
    linked = select(CaseFinding.case_id).where(CaseFinding.finding_id.in_(finding_ids))
    return session.scalars(select(Case).where(Case.id.in_(linked)).order_by(Case.id)).all()


def dismissed_finding_ids(session: Session, finding_ids: Sequence[int]) -> set[int]:
    """The findings an analyst set aside from the triage queue without a case."""
    if not finding_ids:
        return set()
    query = select(TriageDismissal.item_id).where(
        TriageDismissal.item_kind == "finding", TriageDismissal.item_id.in_(finding_ids)
    )
    return set(session.scalars(query))


def participant_count(session: Session, campaign_id: int) -> int:
    """How many influencers took part in the campaign."""
    query = select(func.count()).where(CampaignParticipation.campaign_id == campaign_id)
    return session.scalar(query) or 0
