"""Every query behind certificates: by code, by influencer, the running one, the renewal that
replaced one, and what issuance and the shown status read (sanctions in force, cases waiting
for a decision on a grave finding)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from koltrust.cases.models import Case, CaseFinding
from koltrust.cases.states import CaseState
from koltrust.content.models import StoredFinding
from koltrust.registry.models import Influencer
from koltrust.sanctions import repository as sanctions_repository
from koltrust.sanctions.kinds import SanctionStatus
from koltrust.sanctions.models import Sanction
from koltrust.screening.model import Severity
from koltrust.trust.certificate_rules import SanctionInForce
from koltrust.trust.kinds import CertificateStatus
from koltrust.trust.models import Certificate


def by_code(session: Session, code: str) -> Certificate | None:
    """The certificate with ``code`` (its stored form), if any."""
    return session.scalar(select(Certificate).where(Certificate.code == code))


def code_taken(session: Session, code: str) -> bool:
    """Whether a certificate already has ``code``."""
    return session.scalar(select(Certificate.id).where(Certificate.code == code)) is not None


def of_influencer(session: Session, influencer_id: int) -> list[Certificate]:
    """The influencer's certificates, newest first."""
    query = (
        select(Certificate)
        .where(Certificate.influencer_id == influencer_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return list(session.scalars(query))


def newest(session: Session, limit: int | None) -> list[Certificate]:
    """Up to ``limit`` certificates (all with None), newest first."""
    query = select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    return list(session.scalars(query.limit(limit)))


def running(session: Session, influencer_id: int, now: datetime) -> Certificate | None:
    """The influencer's certificate that is neither revoked, replaced nor past its end."""
    query = (
        select(Certificate)
        .where(
            Certificate.influencer_id == influencer_id,
            Certificate.status.in_((CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)),
            Certificate.expires_at > now,
        )
        .order_by(Certificate.expires_at.desc())
    )
    return session.scalars(query).first()


def codes_by_id(session: Session, ids: Collection[int]) -> dict[int, str]:
    """The codes of the certificates ``ids``."""
    if not ids:
        return {}
    rows = session.execute(select(Certificate.id, Certificate.code).where(Certificate.id.in_(ids)))
    return {row.id: row.code for row in rows}


def replacements(session: Session, ids: Collection[int]) -> dict[int, str]:
    """For each of the certificates ``ids`` that a renewal replaced, the new one's code."""
    if not ids:
        return {}
    query = select(Certificate.replaces_id, Certificate.code).where(
        Certificate.replaces_id.in_(ids)
    )
    return {row.replaces_id: row.code for row in session.execute(query)}


def influencer_slugs(session: Session) -> list[str]:
    """Every influencer's slug, in slug order (the candidates for a certificate)."""
    return list(session.scalars(select(Influencer.slug).order_by(Influencer.slug)))


def lock_influencer(session: Session, influencer_id: int) -> None:
    """Hold the influencer's row until the transaction ends (PostgreSQL), so that two staff
    members issuing at once cannot both find no running certificate; SQLite's single writer
    serialises them anyway."""
    session.execute(select(Influencer.id).where(Influencer.id == influencer_id).with_for_update())


def sanctions_in_force(
    session: Session, influencer_ids: Collection[int], now: datetime
) -> dict[int, list[SanctionInForce]]:
    """The sanctions in force at ``now`` (begun, not ended, not lifted or overturned) of each
    influencer."""
    found: dict[int, list[SanctionInForce]] = defaultdict(list)
    if not influencer_ids:
        return found
    query = select(Sanction).where(
        Sanction.influencer_id.in_(influencer_ids),
        sanctions_repository.status_is(SanctionStatus.ACTIVE, now),
        Sanction.starts_at <= now,
    )
    for s in session.scalars(query.order_by(Sanction.starts_at, Sanction.id)):
        found[s.influencer_id].append(
            SanctionInForce(s.id, s.case_id, s.kind, s.starts_at, s.ends_at)
        )
    return found


def blocking_case_ids(
    session: Session,
    influencer_id: int,
    *,
    states: Collection[CaseState],
    severities: Collection[Severity],
) -> tuple[int, ...]:
    """The influencer's cases in ``states`` that rest on a finding of one of ``severities``."""
    if not states or not severities:
        return ()
    query = (
        select(Case.id)
        .join(CaseFinding, CaseFinding.case_id == Case.id)
        .join(StoredFinding, StoredFinding.id == CaseFinding.finding_id)
        .where(
            Case.influencer_id == influencer_id,
            Case.state.in_(states),
            StoredFinding.severity.in_(severities),
        )
        .distinct()
        .order_by(Case.id)
    )
    return tuple(session.scalars(query))
